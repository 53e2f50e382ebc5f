// The console's JSON API on AWS: API Gateway HTTP API (payload 2.0) behind a JWT authorizer →
// handleApiRequest. The authorizer has checked the token's signature, issuer, audience and expiry;
// this takes the person and their roles from its claims, records their sign-in in the audit trail
// once, and answers the route. Logs carry the route pattern, the status and the token's subject: no
// names, no e-mail addresses, no query strings (a search may be by NHS number), no bodies.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { GROUPS } from '../console-api/roles.ts';
import { findRoute, handleApiRequest, type RouteAccess } from '../console-api/routes.ts';
import type { Actor, ConsoleServices } from '../console-api/services.ts';
import { type Telemetry, withTelemetry } from '../platform/observability.ts';
import { recordSignIn, type SignIn } from '../use-cases/audit.ts';
import type { AuditTrail } from '../use-cases/ports/index.ts';

/**
 * Request bodies above this get 413: a roster of some 40,000 rows. Lambda takes at most 6 MB per
 * invocation, and API Gateway may send a body base64-encoded; bigger rosters go by the CLI.
 */
export const MAX_CONSOLE_BODY_BYTES = 4 * 1024 * 1024;

/** How many sign-ins a container remembers having recorded, so that it writes each only once. */
const REMEMBERED_SIGN_INS = 1_000;

export type JwtClaims = Record<string, string | number | boolean | string[]>;

export interface ClaimNames {
  /** The claim listing the user's groups (`cognito:groups`, or an OIDC provider's `groups`/`roles`). */
  groupsClaim: string;
  /** The claim naming the user (`username`, `preferred_username`, `email`…); `sub` when absent. */
  usernameClaim: string;
}

export interface ConsoleApiDependencies {
  services: ConsoleServices;
  audit: AuditTrail;
  claims: ClaimNames;
  /** The routes this function serves; the other function serves the rest. */
  access: RouteAccess;
  telemetry: Telemetry;
}

type Result = APIGatewayProxyStructuredResultV2;

/**
 * A list claim as API Gateway hands it over: a JSON array when invoked directly, but the HTTP API's
 * JWT authorizer flattens arrays into one string, `[viewer reviewer]`; some providers send
 * `viewer,reviewer` or a single value. Group names never hold spaces, commas or brackets.
 */
export function listClaim(value: JwtClaims[string] | undefined): string[] {
  if (value === undefined || typeof value === 'boolean' || typeof value === 'number') return [];
  const items = Array.isArray(value) ? value : value.replace(/^\[|\]$/g, '').split(/[\s,]+/);
  return items.map((item) => String(item).trim()).filter((item) => item !== '');
}

function textClaim(value: JwtClaims[string] | undefined): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * The actor a token's claims name: its username claim (else its subject), and the roles its groups
 * give, keeping only the console's own groups. Never without roles: on AWS an actor with no groups
 * may do nothing but ask who it is (an actor without `roles` would be allowed everything).
 * Undefined when the claims name nobody: the authorizer did not run, and nothing may be served.
 */
export function actorFromClaims(claims: JwtClaims | undefined, names: ClaimNames): Actor | undefined {
  if (claims === undefined) return undefined;
  const subject = textClaim(claims.sub);
  const id = textClaim(claims[names.usernameClaim]) ?? subject;
  if (id === undefined) return undefined;
  const roles = [...new Set(listClaim(claims[names.groupsClaim]).filter((group) => GROUPS.includes(group)))];
  return { id, roles };
}

function seconds(value: JwtClaims[string] | undefined): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
}

/**
 * The sign-in a token belongs to. Keyed by the subject and the time they authenticated
 * (`auth_time`): every token of one sign-in — a page reload, a token the hosted UI re-issued from
 * its session — is the same sign-in. A token without `auth_time` (some OIDC access tokens) is keyed
 * by its own id (`jti`, or Entra's `uti`), else its issue time: at worst one entry per token.
 */
export function signInFromClaims(claims: JwtClaims, actor: Actor): SignIn | undefined {
  const subject = textClaim(claims.sub) ?? actor.id;
  const authTime = seconds(claims.auth_time);
  const issuedAt = seconds(claims.iat);
  const tokenId = textClaim(claims.jti) ?? textClaim(claims.uti);
  const at = authTime ?? issuedAt;
  if (at === undefined) return undefined;
  const key =
    authTime !== undefined
      ? `auth_time:${authTime}`
      : tokenId !== undefined
        ? `token:${tokenId}`
        : `iat:${issuedAt}`;
  return {
    actor: actor.id,
    at: new Date(at * 1000).toISOString(),
    sessionKey: `${textClaim(claims.iss) ?? ''}|${subject}|${key}`,
    roles: actor.roles ?? [],
  };
}

/**
 * The path below /api, each parameter encoded again: the HTTP API hands over its path decoded
 * (`RBN|MSG1` for `RBN%7CMSG1`), so the route template and its decoded parameters are rebuilt.
 */
export function apiPathOf(
  event: Pick<APIGatewayProxyEventV2WithJWTAuthorizer, 'routeKey' | 'rawPath' | 'pathParameters'>,
): string {
  const template = event.routeKey.split(' ')[1];
  if (template === undefined || !template.startsWith('/api'))
    return event.rawPath.replace(/^\/api/, '') || '/';
  return (
    template
      .slice('/api'.length)
      .replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(event.pathParameters?.[name] ?? '')) ||
    '/'
  );
}

function json(statusCode: number, body: unknown): Result {
  return {
    statusCode,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      // Patient details must not linger in any cache; nor should anything else the API says.
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: JSON.stringify(body ?? null),
  };
}

/** JSON for everything but a roster, which is CSV (as the local console server asks). */
function contentTypeProblem(headers: Record<string, string | undefined>, path: string, size: number) {
  if (size === 0) return undefined;
  const csv = /^\/rosters\/[^/]+\/(preview|import)$/.test(path);
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const wanted = csv ? 'text/csv' : 'application/json';
  return type === wanted ? undefined : `the body must be ${wanted}`;
}

/** The handler without its middleware. */
export function consoleApi(deps: ConsoleApiDependencies) {
  const { logger, metrics } = deps.telemetry;
  const recorded = new Set<string>();

  async function noteSignIn(signIn: SignIn): Promise<void> {
    const key = `${signIn.at}|${signIn.sessionKey}`;
    if (recorded.has(key)) return;
    const written = await recordSignIn(signIn, { audit: deps.audit });
    if (written) metrics.addMetric('ConsoleSignIns', MetricUnit.Count, 1);
    if (recorded.size >= REMEMBERED_SIGN_INS) recorded.clear();
    recorded.add(key);
  }

  return async (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<Result> => {
    const method = event.requestContext.http.method;
    const path = apiPathOf(event);
    const route = findRoute(method, path);
    const routeName = route === undefined ? 'unknown' : `${route.method} ${route.pattern}`;
    const claims = event.requestContext.authorizer?.jwt?.claims as JwtClaims | undefined;
    const subject = textClaim(claims?.sub);
    const finish = (result: Result): Result => {
      logger.info('console request', { route: routeName, status: result.statusCode, subject });
      metrics.addDimensions({ status: String(result.statusCode) });
      metrics.addMetric('ConsoleRequests', MetricUnit.Count, 1);
      return result;
    };

    const actor = actorFromClaims(claims, deps.claims);
    // Only behind the authorizer: without its claims there is nobody to act for.
    if (actor === undefined || claims === undefined) return finish(json(401, { error: 'sign in first' }));
    // The other function's routes are not for this one's grants (API Gateway never sends them here).
    if (route !== undefined && route.access !== deps.access)
      return finish(json(404, { error: 'route not found' }));

    const headers = event.headers ?? {};
    const body =
      event.body === undefined
        ? undefined
        : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
    if (method !== 'GET' && method !== 'HEAD') {
      if ((body?.byteLength ?? 0) > MAX_CONSOLE_BODY_BYTES)
        return finish(
          json(413, { error: `the body is larger than ${MAX_CONSOLE_BODY_BYTES / 1024 / 1024} MB` }),
        );
      const problem = contentTypeProblem(headers, path, body?.byteLength ?? 0);
      if (problem !== undefined) return finish(json(415, { error: problem }));
    }

    const signIn = signInFromClaims(claims, actor);
    try {
      if (signIn !== undefined) await noteSignIn(signIn);
    } catch (error) {
      // Every sign-in is in the audit trail, or nothing is served: the caller can simply retry.
      logger.error('console sign-in not recorded', { error: (error as Error).name, subject });
      return finish(json(503, { error: 'the audit trail could not be written: try again' }));
    }

    try {
      const response = await handleApiRequest(deps.services, {
        method,
        path,
        query: event.queryStringParameters ?? {},
        ...(body !== undefined && { body: new Uint8Array(body) }),
        actor,
      });
      return finish(json(response.status, response.body));
    } catch (error) {
      logger.error('console request failed', { route: routeName, error: (error as Error).name, subject });
      return finish(json(500, { error: 'internal error' }));
    }
  };
}

export function consoleApiHandler(deps: ConsoleApiDependencies) {
  return withTelemetry(consoleApi(deps), deps.telemetry);
}
