// Every role against every console API route: the API itself refuses (403) what a role may not do,
// before any service is called, and lets through what it may. The decisions below are the issue's
// roles written out route by route; a route added to ROUTES without a decision here fails the run.
import { describe, expect, it } from 'vitest';
import { type ApiRequest, handleApiRequest, ROUTES } from '../../../functions/console-api/routes.ts';
import type { Actor, ConsoleServices } from '../../../functions/console-api/services.ts';

type Decision = 'signed-in' | 'viewer' | 'reviewer' | 'operator' | 'admin' | 'reveal-patient';

/**
 * viewer: messages, deliveries, health, subscribers and senders, patients masked; reviewer: + the
 * review list and its decisions; operator: + redrive, roster preview and import, adding subscribers;
 * admin: + the audit trail; reveal-patient: unmasked details, whatever the role; anyone signed in:
 * who they are.
 */
const DECISIONS: Record<string, Decision> = {
  'GET /me': 'signed-in',
  'GET /health': 'viewer',
  'GET /messages': 'viewer',
  'GET /messages/:key': 'viewer',
  'POST /messages/:key/reveal': 'reveal-patient',
  'GET /review': 'reviewer',
  'GET /review/:id': 'reviewer',
  'POST /review/:id/accept': 'reviewer',
  'POST /review/:id/reject': 'reviewer',
  'GET /deliveries': 'viewer',
  'POST /dlq/redrive': 'operator',
  'GET /subscribers': 'viewer',
  'POST /subscribers': 'operator',
  'POST /rosters/:subscriber/preview': 'operator',
  'POST /rosters/:subscriber/import': 'operator',
  'GET /senders': 'viewer',
  'GET /audit': 'admin',
};

/** Which routes change the hub (on AWS, the function with write grants serves them). */
const CHANGES = new Set([
  'POST /review/:id/accept',
  'POST /review/:id/reject',
  'POST /dlq/redrive',
  'POST /subscribers',
  'POST /rosters/:subscriber/import',
]);

const RANK = { viewer: 1, reviewer: 2, operator: 3, admin: 4 } as const;

/** The answer the issue asks for, worked out here rather than by the code under test. */
function mayCall(roles: readonly string[], decision: Decision): boolean {
  if (decision === 'signed-in') return true;
  if (decision === 'reveal-patient') return roles.includes('reveal-patient');
  const best = Math.max(0, ...roles.map((role) => RANK[role as keyof typeof RANK] ?? 0));
  return best >= RANK[decision];
}

const ACTORS: [string, readonly string[]][] = [
  ['no group', []],
  ['an unknown group', ['nurses']],
  ...(['viewer', 'reviewer', 'operator', 'admin'] as const).flatMap((role): [string, string[]][] => [
    [role, [role]],
    [`${role} + reveal-patient`, [role, 'reveal-patient']],
  ]),
  ['reveal-patient alone', ['reveal-patient']],
];

/** Services that record each call and answer with something of the right shape. */
function recordingServices(calls: string[]): ConsoleServices {
  const answers: Partial<Record<keyof ConsoleServices, unknown>> = {
    acceptReview: { ok: true, alerts: 0 },
    rejectReview: { ok: true, alerts: 0 },
    redrive: { sent: 0, skipped: 0 },
    addSubscriber: { subscriber: { id: 'S1', name: 'S', events: [] } },
    previewRoster: { rows: 0, valid: 0, rejected: [] },
    reviewList: [],
    subscribers: [],
    senders: [],
    audit: [],
  };
  return new Proxy({} as ConsoleServices, {
    get: (_target, name) => async () => {
      calls.push(String(name));
      return answers[name as keyof ConsoleServices] ?? { fake: true };
    },
  });
}

function requestFor(method: string, pattern: string, roles: readonly string[]): ApiRequest {
  const body = pattern.startsWith('/rosters/')
    ? 'nhs_number\n9449305552\n'
    : JSON.stringify({ reason: 'checked by phone' });
  return {
    method,
    path: pattern.replace(/:[a-z]+/g, 'X1'),
    query: {},
    ...(method === 'POST' && { body: new TextEncoder().encode(body) }),
    actor: { id: 'someone', roles },
  };
}

const routeNames = ROUTES.map((route) => `${route.method} ${route.pattern}`);

describe('the console API’s roles', () => {
  it('has a decision for every route, and every decision is a route', () => {
    expect([...routeNames].sort()).toEqual(Object.keys(DECISIONS).sort());
  });

  it.each(ROUTES.map((route) => [`${route.method} ${route.pattern}`, route] as const))(
    '%s needs what the decisions say, and is served by the function its access names',
    (name, route) => {
      expect(route.role).toBe(DECISIONS[name]);
      expect(route.access).toBe(CHANGES.has(name) ? 'change' : 'read');
    },
  );

  const cases = ACTORS.flatMap(([who, roles]) =>
    ROUTES.map((route) => {
      const name = `${route.method} ${route.pattern}`;
      const may = mayCall(roles, DECISIONS[name] as Decision);
      return [who, name, may ? 'allowed' : 'refused (403)', roles, route.method, route.pattern, may] as const;
    }),
  );

  it.each(cases)('%s → %s: %s', async (_who, _name, _says, roles, method, pattern, may) => {
    const calls: string[] = [];
    const response = await handleApiRequest(recordingServices(calls), requestFor(method, pattern, roles));
    if (may) {
      expect(response.status).not.toBe(403);
      expect(response.status).toBeLessThan(500);
    } else {
      expect(response.status).toBe(403);
      // Refused before anything was read or done.
      expect(calls).toEqual([]);
    }
  });

  it('lets the local console, whose actor has no roles at all, do everything', async () => {
    const local: Actor = { id: 'me' };
    for (const route of ROUTES) {
      const request = { ...requestFor(route.method, route.pattern, []), actor: local };
      const response = await handleApiRequest(recordingServices([]), request);
      expect(response.status, `${route.method} ${route.pattern}`).not.toBe(403);
    }
  });

  it('tells a signed-in person who they are and what roles they have, and the local console no roles', async () => {
    const aws = await handleApiRequest(recordingServices([]), requestFor('GET', '/me', ['viewer']));
    expect(aws).toEqual({ status: 200, body: { id: 'someone', roles: ['viewer'] } });
    const local = await handleApiRequest(recordingServices([]), {
      ...requestFor('GET', '/me', []),
      actor: { id: 'me' },
    });
    expect(local).toEqual({ status: 200, body: { id: 'me' } });
  });
});
