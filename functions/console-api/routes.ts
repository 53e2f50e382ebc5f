// The console's JSON API: each route, the role it needs (enforced here, not only hidden in the page),
// whether it changes the hub, and the service it calls. Transport-free: the local hub's server and,
// on AWS, the console functions behind a JWT authorizer both hand requests to handleApiRequest.
import type { AdtEventName } from '../core/normalise/events.ts';
import { UseCaseError } from '../use-cases/errors.ts';
import type { NewSubscriber } from '../use-cases/subscribers.ts';
import { allowed, type Me, type Needs, REVEAL_PERMISSION, SIGNED_IN } from './roles.ts';
import type { Actor, ConsoleServices, MessageQuery } from './services.ts';

export { allowed, REVEAL_PERMISSION, ROLES, type Role, SIGNED_IN } from './roles.ts';

export interface ApiRequest {
  method: string;
  /** Below /api, e.g. `/messages/RBN%7CMSG00001`. */
  path: string;
  query: Record<string, string | undefined>;
  body?: Uint8Array;
  actor: Actor;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

/**
 * What a route does to the hub's state. On AWS the two kinds run in two functions with different
 * grants: `read` may read the stores and append to the audit trail (a reveal, a sign-in), nothing
 * else; `change` may write what review decisions, redrives, subscribers and roster imports write.
 */
export type RouteAccess = 'read' | 'change';

export interface Route {
  method: 'GET' | 'POST';
  /** Segments; `:name` captures one. */
  pattern: string;
  /** The least role that may call it, the reveal permission, or anyone signed in. */
  role: Needs;
  access: RouteAccess;
  handle(
    services: ConsoleServices,
    request: ApiRequest,
    params: Record<string, string>,
  ): Promise<ApiResponse>;
}

const ok = (body: unknown): ApiResponse => ({ status: 200, body });
const notFound = (what: string): ApiResponse => ({ status: 404, body: { error: `${what} not found` } });

function json(request: ApiRequest): Record<string, unknown> {
  if (request.body === undefined || request.body.byteLength === 0) return {};
  const value = JSON.parse(Buffer.from(request.body).toString('utf8')) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BadRequest('the body must be a JSON object');
  return value as Record<string, unknown>;
}

class BadRequest extends Error {}

function reasonOf(request: ApiRequest): string {
  const reason = json(request).reason;
  if (typeof reason !== 'string' || reason.trim().length < 3) throw new BadRequest('a reason is required');
  return reason.trim();
}

export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/me',
    role: SIGNED_IN,
    access: 'read',
    handle: async (_s, r) => {
      const me: Me = { id: r.actor.id, ...(r.actor.roles !== undefined && { roles: r.actor.roles }) };
      return ok(me);
    },
  },
  {
    method: 'GET',
    pattern: '/health',
    role: 'viewer',
    access: 'read',
    handle: async (s) => ok(await s.health()),
  },
  {
    method: 'GET',
    pattern: '/messages',
    role: 'viewer',
    access: 'read',
    handle: async (s, r) => {
      const q = r.query;
      const query: MessageQuery = {
        ...(q.controlId && { controlId: q.controlId }),
        ...(q.nhsNumber && { nhsNumber: q.nhsNumber }),
        ...(q.hospitalNumber && { hospitalNumber: q.hospitalNumber }),
        ...(q.facility && { facility: q.facility }),
        ...(q.event && { event: q.event as AdtEventName }),
        ...(q.ackCode && { ackCode: q.ackCode as MessageQuery['ackCode'] }),
        ...(q.from && { from: q.from }),
        ...(q.to && { to: q.to }),
        ...(q.cursor && { cursor: q.cursor }),
        ...(q.limit && { limit: Math.min(200, Math.max(1, Number(q.limit) || 50)) }),
      };
      return ok(await s.messages(query));
    },
  },
  {
    method: 'GET',
    pattern: '/messages/:key',
    role: 'viewer',
    access: 'read',
    handle: async (s, _r, p) => {
      const found = await s.message(p.key as string);
      return found === undefined ? notFound('message') : ok(found);
    },
  },
  {
    method: 'POST',
    pattern: '/messages/:key/reveal',
    role: REVEAL_PERMISSION,
    // Reads the message; its one write is the audit entry, which every console function may append.
    access: 'read',
    handle: async (s, r, p) => {
      const found = await s.revealPatient(p.key as string, r.actor);
      return found === undefined ? notFound('message') : ok(found);
    },
  },
  // Review items put a message's patient beside a roster row, field by field: for those who decide.
  {
    method: 'GET',
    pattern: '/review',
    role: 'reviewer',
    access: 'read',
    handle: async (s) => ok(await s.reviewList()),
  },
  {
    method: 'GET',
    pattern: '/review/:id',
    role: 'reviewer',
    access: 'read',
    handle: async (s, _r, p) => {
      const found = await s.reviewItem(p.id as string);
      return found === undefined ? notFound('review item') : ok(found);
    },
  },
  ...(['accept', 'reject'] as const).map(
    (decision): Route => ({
      method: 'POST',
      pattern: `/review/:id/${decision}`,
      role: 'reviewer',
      access: 'change',
      handle: async (s, r, p) => {
        const reason = reasonOf(r);
        const decide = decision === 'accept' ? s.acceptReview : s.rejectReview;
        const result = await decide.call(s, p.id as string, reason, r.actor);
        if (result.ok) return ok(result);
        const { outcome, by, at } = result.alreadyDecided;
        return { status: 409, body: { error: `already ${outcome} by ${by} at ${at}`, ...result } };
      },
    }),
  ),
  {
    method: 'GET',
    pattern: '/deliveries',
    role: 'viewer',
    access: 'read',
    handle: async (s) => ok(await s.deliveries()),
  },
  {
    method: 'POST',
    pattern: '/dlq/redrive',
    role: 'operator',
    access: 'change',
    handle: async (s, r) => {
      const subscriberId = json(r).subscriberId;
      if (subscriberId !== undefined && typeof subscriberId !== 'string')
        throw new BadRequest('subscriberId is text');
      return ok(await s.redrive(subscriberId, r.actor));
    },
  },
  {
    method: 'GET',
    pattern: '/subscribers',
    role: 'viewer',
    access: 'read',
    handle: async (s) => ok(await s.subscribers()),
  },
  {
    method: 'POST',
    pattern: '/subscribers',
    role: 'operator',
    access: 'change',
    handle: async (s, r) => ok(await s.addSubscriber(json(r) as unknown as NewSubscriber, r.actor)),
  },
  {
    method: 'POST',
    pattern: '/rosters/:subscriber/preview',
    role: 'operator',
    // Reads the uploaded CSV only: nothing in the hub is read or changed.
    access: 'read',
    handle: async (s, r, p) => ok(await s.previewRoster(p.subscriber as string, r.body ?? new Uint8Array())),
  },
  {
    method: 'POST',
    pattern: '/rosters/:subscriber/import',
    role: 'operator',
    access: 'change',
    handle: async (s, r, p) =>
      ok(
        await s.importRoster(
          p.subscriber as string,
          r.body ?? new Uint8Array(),
          r.query.replace === 'true',
          r.actor,
        ),
      ),
  },
  {
    method: 'GET',
    pattern: '/senders',
    role: 'viewer',
    access: 'read',
    handle: async (s) => ok(await s.senders()),
  },
  {
    method: 'GET',
    pattern: '/audit',
    role: 'admin',
    access: 'read',
    handle: async (s, r) => ok(await s.audit(r.query.since)),
  },
];

function matches(route: Route, method: string, path: string): Record<string, string> | undefined {
  if (route.method !== method) return undefined;
  const want = route.pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const value = got[i] as string;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return undefined;
  }
  return params;
}

/** The route a request names, if any (a malformed %-escape names none). */
export function findRoute(method: string, path: string): Route | undefined {
  const trimmed = path.replace(/\/+$/, '') || '/';
  try {
    return ROUTES.find((route) => matches(route, method, trimmed) !== undefined);
  } catch {
    return undefined;
  }
}

export async function handleApiRequest(services: ConsoleServices, request: ApiRequest): Promise<ApiResponse> {
  const path = request.path.replace(/\/+$/, '') || '/';
  try {
    // Each parameter is decoded before a route is chosen: a malformed escape is the caller's fault.
    for (const segment of path.split('/')) decodeURIComponent(segment);
  } catch {
    return { status: 400, body: { error: 'the path has a malformed %-escape' } };
  }
  const candidates = ROUTES.filter((route) => matches(route, request.method, path) !== undefined);
  const route = candidates[0];
  if (route === undefined) {
    const otherMethod = ROUTES.some((r) =>
      matches({ ...r, method: request.method as Route['method'] }, request.method, path),
    );
    return otherMethod ? { status: 405, body: { error: 'method not allowed' } } : notFound('route');
  }
  if (!allowed(request.actor, route.role))
    return { status: 403, body: { error: `needs the ${route.role} role` } };
  try {
    return await route.handle(
      services,
      request,
      matches(route, request.method, path) as Record<string, string>,
    );
  } catch (error) {
    if (error instanceof BadRequest || error instanceof SyntaxError || error instanceof UseCaseError)
      return { status: 400, body: { error: (error as Error).message } };
    throw error;
  }
}
