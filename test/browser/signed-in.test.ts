// The console as it runs on AWS, in a real browser: the built pages served as static files under the
// hosted Content-Security-Policy (as CloudFront serves them), an API that answers 401 without a
// bearer token, and a stand-in identity provider. The page signs in with the authorization code
// and PKCE, sends the token, and hides what the signed-in person's roles do not allow; the API's
// 403 reads as "not allowed". Locally the console never signs in (pages.test.ts, hub.test.ts).
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeConsoleServices, type FakeConsoleServices } from '../../console/dev/fake-services.ts';
import { handleApiRequest } from '../../functions/console-api/routes.ts';
import { CONSOLE_DIST } from '../../local/console/build.ts';
import { hostedPagePolicy, SECURITY_HEADERS } from '../../local/console/security.ts';
import { type ConsoleBrowser, openConsole } from '../helpers/browser.ts';

/** The page's globals these tests read (the test files are typed without the DOM). */
interface BrowserGlobals {
  sessionStorage: { clear(): void; length: number };
}

interface Token {
  user: string;
  roles: string[];
}

/** The stand-in for CloudFront, API Gateway's JWT authorizer and the identity provider, on one port. */
interface FakeAws {
  url: string;
  services: FakeConsoleServices;
  /** Who the provider signs in next. */
  signInAs(user: string, roles: string[]): void;
  /** What the token endpoint was asked, and the Authorization headers the API saw. */
  tokenRequests: URLSearchParams[];
  apiAuthorizations: (string | undefined)[];
  close(): Promise<void>;
}

const base64Url = (bytes: Buffer) => bytes.toString('base64url');

async function startFakeAws(): Promise<FakeAws> {
  const services = createFakeConsoleServices();
  const codes = new Map<string, { challenge: string; redirectUri: string; token: Token }>();
  const tokens = new Map<string, Token>();
  const tokenRequests: URLSearchParams[] = [];
  const apiAuthorizations: (string | undefined)[] = [];
  let next: Token = { user: 'nobody', roles: [] };
  let origin = '';

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
    res.end(JSON.stringify(body));
  };
  const bodyOf = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname === '/auth-config.json')
        return send(res, 200, {
          authorizationUrl: `${origin}/idp/authorize`,
          tokenUrl: `${origin}/idp/token`,
          clientId: 'console-client',
          scopes: ['openid'],
          logout: { url: `${origin}/idp/logout`, redirectParameter: 'logout_uri' },
        });
      if (url.pathname === '/idp/authorize') {
        const p = url.searchParams;
        if (p.get('response_type') !== 'code' || p.get('code_challenge_method') !== 'S256')
          return send(res, 400, { error: 'invalid_request' });
        const code = base64Url(randomBytes(16));
        codes.set(code, {
          challenge: p.get('code_challenge') ?? '',
          redirectUri: p.get('redirect_uri') ?? '',
          token: next,
        });
        const back = new URL(p.get('redirect_uri') ?? '');
        back.search = new URLSearchParams({ code, state: p.get('state') ?? '' }).toString();
        res.writeHead(302, { location: back.toString() });
        return res.end();
      }
      if (url.pathname === '/idp/token' && req.method === 'POST') {
        const form = new URLSearchParams((await bodyOf(req)).toString());
        tokenRequests.push(form);
        const issued = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const matches =
          issued !== undefined &&
          base64Url(createHash('sha256').update(verifier).digest()) === issued.challenge &&
          form.get('redirect_uri') === issued.redirectUri &&
          form.get('grant_type') === 'authorization_code';
        if (!matches) return send(res, 400, { error: 'invalid_grant' });
        const accessToken = base64Url(randomBytes(24));
        tokens.set(accessToken, issued.token);
        return send(res, 200, {
          access_token: accessToken,
          id_token: 'not-used',
          refresh_token: 'never-kept',
          token_type: 'Bearer',
          expires_in: 3600,
        });
      }
      if (url.pathname === '/idp/logout') {
        res.writeHead(302, { location: url.searchParams.get('logout_uri') ?? '/' });
        return res.end();
      }
      if (url.pathname.startsWith('/api/')) {
        const authorization = req.headers.authorization;
        apiAuthorizations.push(authorization);
        const token = tokens.get(authorization?.replace(/^Bearer /, '') ?? '');
        // As API Gateway's JWT authorizer: no valid token, no call.
        if (token === undefined) return send(res, 401, { message: 'Unauthorized' });
        const body = req.method === 'POST' ? await bodyOf(req) : undefined;
        const answer = await handleApiRequest(services, {
          method: req.method ?? 'GET',
          path: url.pathname.slice('/api'.length),
          query: Object.fromEntries(url.searchParams),
          ...(body !== undefined && { body: new Uint8Array(body) }),
          actor: { id: token.user, roles: token.roles },
        });
        return send(res, answer.status, answer.body);
      }
      // CloudFront: the pages as files, and every page address answered with index.html.
      const file = extname(url.pathname) === '' ? 'index.html' : url.pathname.slice(1);
      const content = await readFile(join(CONSOLE_DIST, file)).catch(() => undefined);
      if (content === undefined) return send(res, 404, { error: 'not found' });
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-security-policy': hostedPagePolicy(origin),
        'content-type':
          { '.js': 'text/javascript', '.css': 'text/css' }[extname(file)] ?? 'text/html; charset=utf-8',
      });
      res.end(content);
    })().catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    services,
    signInAs: (user, roles) => {
      next = { user, roles };
    },
    tokenRequests,
    apiAuthorizations,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

let aws: FakeAws;
let browser: ConsoleBrowser;

beforeAll(async () => {
  aws = await startFakeAws();
  browser = await openConsole(aws.url);
});

afterAll(async () => {
  await browser?.close();
  await aws?.close();
});

afterEach(async () => {
  // The hosted CSP must hold as the local one does: no violation, no script error, no request elsewhere.
  const problems = browser.problems.splice(0);
  expect(problems).toEqual([]);
  // Each test signs in afresh.
  await browser.page
    .evaluate(() => (globalThis as unknown as BrowserGlobals).sessionStorage.clear())
    .catch(() => undefined);
});

describe('signing in on AWS', () => {
  it('sends someone without a token to the provider, with PKCE, and back to the page they asked for', async () => {
    const { page } = browser;
    aws.signInAs('j.smith', ['reviewer']);

    await page.goto('/review/R001');

    await page.getByRole('heading', { name: 'Review MSG00001', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/review/R001');
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByLabel('Signed in as').textContent()).toBe('j.smith');
    // The code was exchanged once, with the verifier whose challenge went to the provider.
    expect(aws.tokenRequests).toHaveLength(1);
    expect(aws.tokenRequests[0]?.get('client_id')).toBe('console-client');
    expect(aws.tokenRequests[0]?.get('redirect_uri')).toBe(`${aws.url}/auth/callback`);
    // The first call went without a token (401), every later one with it.
    expect(aws.apiAuthorizations[0]).toBeUndefined();
    expect(aws.apiAuthorizations.slice(1).every((a) => a?.startsWith('Bearer '))).toBe(true);
    // The refresh token is never kept.
    const stored = await page.evaluate(() =>
      JSON.stringify((globalThis as unknown as BrowserGlobals).sessionStorage),
    );
    expect(stored).not.toContain('never-kept');
    browser.allow(/status of 401/);
    await browser.screenshot('aws-signed-in-review');
  });

  it('refuses a callback it did not start (no pending sign-in, or another state)', async () => {
    const { page } = browser;
    await page.goto('/auth/callback?code=stolen&state=guess');

    await page.getByRole('heading', { name: 'The console could not start' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('was not started here');
    expect(aws.tokenRequests.map((form) => form.get('code'))).not.toContain('stolen');
  });

  it('signs out at the provider and comes back to a signed-out page that does not sign in again', async () => {
    const { page } = browser;
    aws.signInAs('j.smith', ['viewer']);
    await page.goto('/messages');
    await page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.getByRole('heading', { name: 'Signed out', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/signed-out');
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).sessionStorage.length)).toBe(
      0,
    );
    browser.allow(/status of 401/);
  });
});

describe('what a role shows', () => {
  it('shows a viewer masked patients and no reveal, no redrive, no roster upload, no review or audit', async () => {
    const { page } = browser;
    aws.signInAs('v.iewer', ['viewer']);

    await page.goto('/messages/RBN%7CMSG00003');
    const patient = page.getByRole('region', { name: 'Patient' });
    await patient.getByText('••• ••• 0034').waitFor();
    expect(await patient.getByRole('button').count()).toBe(0);
    const nav = page.getByRole('navigation', { name: 'Console sections' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Messages',
      'Deliveries',
      'Subscribers and rosters',
      'Senders',
      'Health',
    ]);

    await nav.getByRole('link', { name: 'Deliveries' }).click();
    await page.getByRole('table', { name: 'Deliveries by subscriber' }).waitFor();
    expect(await page.getByRole('button', { name: /Redrive/ }).count()).toBe(0);

    await nav.getByRole('link', { name: 'Subscribers and rosters' }).click();
    await page.getByRole('heading', { name: 'Subscribers and rosters', level: 1 }).waitFor();
    await page.getByRole('table').first().waitFor();
    expect(await page.getByRole('button', { name: 'Add subscriber…' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Roster upload' }).count()).toBe(0);
    browser.allow(/status of 401/);
    await browser.screenshot('aws-viewer-subscribers');
  });

  it('says "not allowed" where the API refuses, rather than that the hub failed', async () => {
    const { page } = browser;
    aws.signInAs('v.iewer', ['viewer']);

    await page.goto('/audit');

    const alert = page.getByRole('alert').filter({ hasText: 'Not allowed' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('needs the admin role');
    browser.allow(/status of 40[13]/);
    await browser.screenshot('aws-viewer-audit-refused');
  });

  it('shows an operator with reveal-patient the actions of both, and the reveal is in their name', async () => {
    const { page } = browser;
    aws.signInAs('o.perator', ['operator', 'reveal-patient']);

    await page.goto('/messages/RBN%7CMSG00003');
    await page.getByRole('button', { name: 'Reveal patient details' }).click();
    await page.getByRole('table', { name: 'Segment 2: PID' }).waitFor();
    expect(aws.services.auditTrail.at(-1)).toMatchObject({ actor: 'o.perator', action: 'patient.revealed' });

    await page.goto('/deliveries');
    await page.getByRole('button', { name: 'Redrive N81001' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Console sections' });
    expect(await nav.getByRole('link', { name: 'Review' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Audit' }).count()).toBe(0);
    browser.allow(/status of 401/);
  });

  it('tells someone in no group that they have no role yet', async () => {
    const { page } = browser;
    aws.signInAs('n.ew', []);

    await page.goto('/messages');

    await page.getByRole('status').filter({ hasText: 'No role yet' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link').count()).toBe(
      0,
    );
    browser.allow(/status of 40[13]/);
  });
});
