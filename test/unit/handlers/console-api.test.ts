// The console API's Lambda handler: who the JWT authorizer's claims name and what roles they give,
// one audit entry per sign-in however many requests and containers see it, and the request handed
// to the routes as the local console server hands it.
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { InMemoryAuditTrail } from '../../../functions/adapters/memory/audit.ts';
import type { ConsoleServices } from '../../../functions/console-api/services.ts';
import {
  actorFromClaims,
  apiPathOf,
  type ConsoleApiDependencies,
  consoleApi,
  type JwtClaims,
  listClaim,
} from '../../../functions/handlers/console-api.ts';
import { createTelemetry } from '../../../functions/platform/observability.ts';
import type { AuditEntry } from '../../../functions/use-cases/ports/index.ts';

const COGNITO = { groupsClaim: 'cognito:groups', usernameClaim: 'username' };
const AUTH_TIME = 1_795_000_000;

/** What the HTTP API's JWT authorizer hands over for a Cognito access token (arrays flattened). */
function cognitoClaims(groups: string, extra: JwtClaims = {}): JwtClaims {
  return {
    sub: '7c1e-0001',
    iss: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_POOL',
    'cognito:groups': groups,
    username: 'jsmith',
    auth_time: String(AUTH_TIME),
    iat: String(AUTH_TIME + 60),
    exp: String(AUTH_TIME + 3660),
    jti: 'token-1',
    token_use: 'access',
    ...extra,
  };
}

function event(
  routeKey: string,
  options: {
    claims?: JwtClaims;
    pathParameters?: Record<string, string>;
    body?: string;
    base64?: boolean;
    contentType?: string;
    query?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [method, template] = routeKey.split(' ') as [string, string];
  const rawPath = template.replace(/\{([^}]+)\}/g, (_, name: string) => options.pathParameters?.[name] ?? '');
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: options.contentType === undefined ? {} : { 'content-type': options.contentType },
    ...(options.query !== undefined && { queryStringParameters: options.query }),
    ...(options.pathParameters !== undefined && { pathParameters: options.pathParameters }),
    ...(options.body !== undefined && {
      body: options.base64 ? Buffer.from(options.body).toString('base64') : options.body,
    }),
    isBase64Encoded: options.base64 ?? false,
    requestContext: {
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      routeKey,
      ...(options.claims !== undefined && {
        authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: options.claims, scopes: [] } },
      }),
    },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

function recordingServices(calls: { name: string; args: unknown[] }[]): ConsoleServices {
  return new Proxy({} as ConsoleServices, {
    get:
      (_target, name) =>
      async (...args: unknown[]) => {
        calls.push({ name: String(name), args });
        if (name === 'previewRoster') return { rows: 1, valid: 1, rejected: [] };
        return name === 'message' ? { summary: {} } : [];
      },
  });
}

function setUp(overrides: Partial<ConsoleApiDependencies> = {}) {
  const calls: { name: string; args: unknown[] }[] = [];
  const audit = new InMemoryAuditTrail();
  const telemetry = createTelemetry('console-test', { logLevel: 'SILENT' });
  const deps: ConsoleApiDependencies = {
    services: recordingServices(calls),
    audit,
    claims: COGNITO,
    access: 'read',
    telemetry,
    ...overrides,
  };
  return { calls, audit, telemetry, deps, handle: consoleApi(deps) };
}

const parse = (body: unknown) => JSON.parse(String(body)) as unknown;

describe('the actor a token names', () => {
  it('reads the groups API Gateway flattens to "[a b]", a JSON array, commas or one value', () => {
    expect(listClaim('[viewer reveal-patient]')).toEqual(['viewer', 'reveal-patient']);
    expect(listClaim(['reviewer', 'admin'])).toEqual(['reviewer', 'admin']);
    expect(listClaim('viewer,operator')).toEqual(['viewer', 'operator']);
    expect(listClaim('admin')).toEqual(['admin']);
    expect(listClaim('[]')).toEqual([]);
    expect(listClaim(undefined)).toEqual([]);
  });

  it('is the Cognito username with the console’s own groups, unknown groups left out', () => {
    expect(actorFromClaims(cognitoClaims('[viewer reveal-patient nurses]'), COGNITO)).toEqual({
      id: 'jsmith',
      roles: ['viewer', 'reveal-patient'],
    });
  });

  it('has no roles, never "every role", when the token carries no groups', () => {
    const claims = cognitoClaims('');
    delete claims['cognito:groups'];
    const actor = actorFromClaims(claims, COGNITO);
    expect(actor).toEqual({ id: 'jsmith', roles: [] });
    expect(actor?.roles).toBeDefined();
  });

  it('uses the configured claims of an OIDC provider, and the subject when the name is missing', () => {
    const names = { groupsClaim: 'roles', usernameClaim: 'preferred_username' };
    expect(
      actorFromClaims({ sub: 'abc', preferred_username: 'j.smith@trust.nhs.uk', roles: '[operator]' }, names),
    ).toEqual({ id: 'j.smith@trust.nhs.uk', roles: ['operator'] });
    expect(actorFromClaims({ sub: 'abc', roles: ['admin'] }, names)).toEqual({ id: 'abc', roles: ['admin'] });
  });

  it('is nobody without claims, or with claims that name no one', () => {
    expect(actorFromClaims(undefined, COGNITO)).toBeUndefined();
    expect(actorFromClaims({ 'cognito:groups': '[admin]' }, COGNITO)).toBeUndefined();
  });
});

describe('the console API on Lambda', () => {
  it('serves nothing without the authorizer’s claims', async () => {
    const { handle, calls, audit } = setUp();
    const result = await handle(event('GET /api/messages'));
    expect(result.statusCode).toBe(401);
    expect(calls).toEqual([]);
    expect(audit.entries).toEqual([]);
  });

  it('answers a viewer’s request, and refuses a reveal without the permission', async () => {
    const { handle, calls } = setUp();
    const claims = cognitoClaims('[viewer]');
    const listed = await handle(event('GET /api/messages', { claims, query: { controlId: 'MSG1' } }));
    expect(listed).toMatchObject({
      statusCode: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    });
    expect(calls[0]).toEqual({ name: 'messages', args: [{ controlId: 'MSG1' }] });

    const revealed = await handle(
      event('POST /api/messages/{key}/reveal', { claims, pathParameters: { key: 'RBN|MSG1' } }),
    );
    expect(revealed.statusCode).toBe(403);
    expect(calls.map((call) => call.name)).toEqual(['messages']);
  });

  it('hands the routes the key as the console sends it, though API Gateway decoded the path', async () => {
    expect(
      apiPathOf({
        routeKey: 'GET /api/messages/{key}',
        rawPath: '/api/messages/RBN|MSG/1',
        pathParameters: { key: 'RBN|MSG/1' },
      }),
    ).toBe('/messages/RBN%7CMSG%2F1');
    const { handle, calls } = setUp();
    await handle(
      event('GET /api/messages/{key}', {
        claims: cognitoClaims('[viewer]'),
        pathParameters: { key: 'RBN|MSG/1' },
      }),
    );
    expect(calls).toEqual([{ name: 'message', args: ['RBN|MSG/1'] }]);
  });

  it('tells the page who is signed in and with which roles', async () => {
    const { handle } = setUp();
    const result = await handle(event('GET /api/me', { claims: cognitoClaims('[reviewer reveal-patient]') }));
    expect(parse(result.body)).toEqual({ id: 'jsmith', roles: ['reviewer', 'reveal-patient'] });
  });

  it('records a sign-in once, for all the requests and containers of that sign-in', async () => {
    const audit = new InMemoryAuditTrail();
    const first = setUp({ audit });
    const second = setUp({ audit }); // another container
    const claims = cognitoClaims('[operator]');
    await first.handle(event('GET /api/me', { claims }));
    await first.handle(event('GET /api/health', { claims }));
    // A new token of the same sign-in (the hosted UI's session): same auth_time, new jti and iat.
    await second.handle(
      event('GET /api/health', {
        claims: { ...claims, jti: 'token-2', iat: String(AUTH_TIME + 3700) },
      }),
    );
    expect(audit.entries).toEqual([
      expect.objectContaining<Partial<AuditEntry>>({
        actor: 'jsmith',
        action: 'console.signed-in',
        at: new Date(AUTH_TIME * 1000).toISOString(),
        details: { roles: 'operator' },
      }),
    ]);

    // Signing in again is a new entry.
    await second.handle(
      event('GET /api/health', { claims: { ...claims, auth_time: String(AUTH_TIME + 7200) } }),
    );
    expect(audit.entries).toHaveLength(2);
  });

  it('writes the sign-in once per container, not once per request', async () => {
    const { handle, audit } = setUp();
    const recordOnce = vi.spyOn(audit, 'recordOnce');
    const claims = cognitoClaims('[viewer]');
    for (let i = 0; i < 5; i++) await handle(event('GET /api/health', { claims }));
    expect(recordOnce).toHaveBeenCalledTimes(1);
  });

  it('keys a token without auth_time by its own id', async () => {
    const { handle, audit } = setUp({
      claims: { groupsClaim: 'roles', usernameClaim: 'preferred_username' },
    });
    const claims: JwtClaims = { sub: 's', preferred_username: 'p', roles: ['viewer'], iat: '1795000000' };
    await handle(event('GET /api/me', { claims: { ...claims, uti: 'a' } }));
    await handle(event('GET /api/me', { claims: { ...claims, uti: 'a' } }));
    await handle(event('GET /api/me', { claims: { ...claims, uti: 'b' } }));
    expect(audit.entries).toHaveLength(2);
  });

  it('serves nothing when the sign-in cannot be recorded, so no sign-in goes unaudited', async () => {
    const { handle, audit, calls } = setUp();
    vi.spyOn(audit, 'recordOnce').mockRejectedValue(new Error('DynamoDB unreachable'));
    const result = await handle(event('GET /api/messages', { claims: cognitoClaims('[viewer]') }));
    expect(result.statusCode).toBe(503);
    expect(calls).toEqual([]);
  });

  it('answers 404 for a route of the other function: its grants are not for this one', async () => {
    const { handle, calls } = setUp({ access: 'read' });
    const result = await handle(
      event('POST /api/review/{id}/accept', {
        claims: cognitoClaims('[admin]'),
        pathParameters: { id: 'R1' },
        body: JSON.stringify({ reason: 'same person' }),
        contentType: 'application/json',
      }),
    );
    expect(result.statusCode).toBe(404);
    expect(calls).toEqual([]);
  });

  it('takes a roster as CSV, base64-encoded or not, and refuses another content type', async () => {
    const { handle, calls } = setUp();
    const claims = cognitoClaims('[operator]');
    const csv = 'nhs_number\n9449305552\n';
    const preview = (options: { base64?: boolean; contentType: string }) =>
      handle(
        event('POST /api/rosters/{subscriber}/preview', {
          claims,
          pathParameters: { subscriber: 'N81001' },
          body: csv,
          ...options,
        }),
      );
    expect((await preview({ base64: true, contentType: 'text/csv' })).statusCode).toBe(200);
    expect(Buffer.from(calls[0]?.args[1] as Uint8Array).toString()).toBe(csv);
    expect((await preview({ contentType: 'application/x-www-form-urlencoded' })).statusCode).toBe(415);
    expect(calls).toHaveLength(1);
  });

  it('logs the route, the status and the token’s subject: never the user’s name or the query', async () => {
    const { handle, telemetry } = setUp();
    const info = vi.spyOn(telemetry.logger, 'info');
    await handle(
      event('GET /api/messages', { claims: cognitoClaims('[viewer]'), query: { nhsNumber: '9449305552' } }),
    );
    expect(info).toHaveBeenCalledWith('console request', {
      route: 'GET /messages',
      status: 200,
      subject: '7c1e-0001',
    });
    const logged = JSON.stringify(info.mock.calls);
    expect(logged).not.toContain('jsmith');
    expect(logged).not.toContain('9449305552');
  });

  it('answers 500 without details when a service fails, and logs only the error’s name', async () => {
    const failing = new Proxy({} as ConsoleServices, {
      get: () => async () => {
        throw new TypeError('secret detail 9449305552');
      },
    });
    const { handle, telemetry } = setUp({ services: failing });
    const error = vi.spyOn(telemetry.logger, 'error');
    const result = await handle(event('GET /api/health', { claims: cognitoClaims('[viewer]') }));
    expect(result.statusCode).toBe(500);
    expect(parse(result.body)).toEqual({ error: 'internal error' });
    expect(JSON.stringify(error.mock.calls)).not.toContain('9449305552');
  });
});
