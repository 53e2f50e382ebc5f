// The console server on a real loopback socket: its pages (with a fresh CSP nonce each), the JSON
// API through handleApiRequest, and what it refuses: other hosts, other sites, other machines,
// bodies too large or of the wrong type, and never a stack trace.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, request, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeConsoleServices, type FakeConsoleServices } from '../../../console/dev/fake-services.ts';
import type { ConsoleServices, MessagePage } from '../../../functions/console-api/services.ts';
import { NONCE_PLACEHOLDER } from '../../../local/console/security.ts';
import {
  type ConsoleServer,
  consoleRequestHandler,
  MAX_API_BODY_BYTES,
  startConsoleServer,
} from '../../../local/console/server.ts';

let staticDir: string;
let server: ConsoleServer;
let services: FakeConsoleServices;
const logged: string[] = [];

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'console-dist-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(
    join(staticDir, 'index.html'),
    `<!doctype html><meta property="csp-nonce" nonce="${NONCE_PLACEHOLDER}"><script type="module" src="/assets/app-1.js" nonce="${NONCE_PLACEHOLDER}"></script>`,
  );
  writeFileSync(join(staticDir, 'assets', 'app-1.js'), 'console.log("console")');
  writeFileSync(join(staticDir, 'assets', 'app-1.css'), 'body{}');
  services = createFakeConsoleServices();
  server = await startConsoleServer({
    port: 0,
    services,
    staticDir,
    actor: () => ({ id: 'ops-tester' }),
    log: (line) => logged.push(line),
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(staticDir, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, { headers });
}

/** A GET with any Host header (fetch does not let a caller set one). */
function getWithHost(path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(`${server.url}${path}`, { headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

function post(path: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

describe('pages', () => {
  it('serves index.html with a fresh nonce in its CSP and in the page, never cached', async () => {
    const first = await get('/');
    const second = await get('/');
    const html = await first.text();

    const nonce = /'nonce-([^']+)'/.exec(first.headers.get('content-security-policy') ?? '')?.[1];
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(html).toContain(`nonce="${nonce}"`);
    expect(html).not.toContain(NONCE_PLACEHOLDER);
    expect(second.headers.get('content-security-policy')).not.toContain(nonce);
  });

  it('allows only its own scripts: no inline script, no other origin, no framing', async () => {
    const policy = (await get('/')).headers.get('content-security-policy') ?? '';

    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
  });

  it.each(['/messages', '/messages/RBN%7CMSG00001', '/review/R001', '/audit'])(
    'answers the page %s with index.html (the console decides what to show)',
    async (path) => {
      const response = await get(path, { accept: 'text/html' });

      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<!doctype html>');
    },
  );

  it('serves built assets with their type, cached for good (their names carry a content hash)', async () => {
    const script = await get('/assets/app-1.js');
    const style = await get('/assets/app-1.css');

    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 404 for a missing asset rather than the page', async () => {
    const response = await get('/assets/missing-1.js');

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not found' });
  });

  it('serves nothing outside the built folder', async () => {
    const response = await get('/%2e%2e/%2e%2e/package.json');

    expect(response.status).toBe(404);
  });

  it('forbids framing on every response', async () => {
    for (const response of [await get('/'), await get('/assets/app-1.js'), await get('/api/health')]) {
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('says how to build the console when it is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'console-empty-'));
    const bare = await startConsoleServer({
      port: 0,
      services,
      staticDir: empty,
      actor: () => ({ id: 'x' }),
    });
    const response = await fetch(`${bare.url}/messages`, { headers: { accept: 'text/html' } });
    await bare.close();
    rmSync(empty, { recursive: true });

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'the console is not built: run npm run console:build' });
  });
});

describe('the API', () => {
  it('answers JSON that no cache keeps', async () => {
    const response = await get('/api/health');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ review: { open: 3 } });
  });

  it('passes the query string to the route', async () => {
    const page = (await (await get('/api/messages?controlId=MSG00003&limit=5')).json()) as MessagePage;

    expect(page.items.map((m) => m.controlId)).toEqual(['MSG00003']);
  });

  it('acts as the actor it is given (a reveal is audited under that name)', async () => {
    const response = await post('/api/messages/RBN%7CMSG00002/reveal', '');

    expect(response.status).toBe(200);
    expect(services.auditTrail.at(-1)).toMatchObject({
      actor: 'ops-tester',
      action: 'patient.revealed',
      subject: 'RBN|MSG00002',
    });
  });

  it('answers 404, 405 and 400 as JSON', async () => {
    const unknown = await get('/api/nothing-here');
    const wrongMethod = await post('/api/health', '{}');
    const noReason = await post('/api/review/R002/accept', '{}');
    const notJson = await post('/api/review/R002/accept', '{"reason":');
    const brokenEscape = await get('/api/messages/%E0%A4%A');

    expect([
      unknown.status,
      wrongMethod.status,
      noReason.status,
      notJson.status,
      brokenEscape.status,
    ]).toEqual([404, 405, 400, 400, 400]);
    expect(await noReason.json()).toEqual({ error: 'a reason is required' });
  });

  it('answers 409 to a second decision, saying who decided first', async () => {
    const first = await post('/api/review/R003/reject', JSON.stringify({ reason: 'a different person' }));
    const second = await post('/api/review/R003/accept', JSON.stringify({ reason: 'same person' }));

    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: string }).error).toMatch(/^already rejected by ops-tester at /);
  });

  it('takes a roster as CSV bytes', async () => {
    const csv =
      'nhs_number,family_name,given_name,birth_date\n9434765919,Okonkwo,Chinedu,1980-07-04\n,Nobirth,Someone,\n';
    const response = await post('/api/rosters/N81001/preview', csv, { 'content-type': 'text/csv' });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ rows: 2, valid: 1, rejected: [{ line: 3 }] });
  });

  it('refuses a body of a type a plain HTML form could send (415)', async () => {
    const asForm = await post('/api/review/R001/accept', 'reason=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    const rosterAsJson = await post('/api/rosters/N81001/preview', '{}');

    expect(asForm.status).toBe(415);
    expect(rosterAsJson.status).toBe(415);
  });

  it('refuses a body over 5 MB with 413', async () => {
    const big = new Uint8Array(MAX_API_BODY_BYTES + 1).fill(0x41);
    const response = await post('/api/rosters/N81001/preview', big, { 'content-type': 'text/csv' });

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'the body is larger than 5 MB' });
  });

  it('refuses a request posted from another site’s page', async () => {
    const otherOrigin = await post('/api/dlq/redrive', '{}', { origin: 'https://evil.example' });
    const crossSite = await post('/api/dlq/redrive', '{}', { 'sec-fetch-site': 'cross-site' });
    const sameOrigin = await post('/api/dlq/redrive', '{}', {
      origin: server.url,
      'sec-fetch-site': 'same-origin',
    });

    expect(otherOrigin.status).toBe(403);
    expect(crossSite.status).toBe(403);
    expect(sameOrigin.status).toBe(200);
  });

  it('answers 500 without the error’s text or stack, and logs only its name', async () => {
    const failing = {
      ...services,
      health: async () => {
        throw new TypeError('Mary O’Brien 9434765919');
      },
    } satisfies ConsoleServices;
    const broken = await startConsoleServer({
      port: 0,
      services: failing,
      staticDir,
      actor: () => ({ id: 'x' }),
      log: (line) => logged.push(line),
    });
    const response = await fetch(`${broken.url}/api/health`);
    const text = await response.text();
    await broken.close();

    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: 'internal error' });
    expect(logged.at(-1)).toBe('console: GET /api/health failed: TypeError');
    expect(logged.join('\n')).not.toMatch(/O’Brien|9434765919/);
  });
});

describe('who may ask', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses a Host header that names another machine (DNS rebinding)', async () => {
    expect(await getWithHost('/api/health', `attacker.example:${server.port}`)).toBe(403);
    expect(await getWithHost('/', `attacker.example:${server.port}`)).toBe(403);
    expect(await getWithHost('/api/health', '127.0.0.1:1')).toBe(403);
  });

  it('accepts localhost as the host name', async () => {
    expect(await getWithHost('/api/health', `localhost:${server.port}`)).toBe(200);
  });

  it.each(['10.0.0.7', '192.168.1.20', '::ffff:172.16.0.1', '2001:db8::1'])(
    'refuses a request from %s with 403',
    async (remoteAddress) => {
      const handle = consoleRequestHandler(
        { port: 0, services, staticDir, actor: () => ({ id: 'x' }) },
        8081,
      );
      const request = Object.assign(Readable.from([]), {
        method: 'GET',
        url: '/api/health',
        headers: { host: '127.0.0.1:8081' },
        socket: { remoteAddress },
      }) as unknown as IncomingMessage;
      const answer: { status?: number; body?: string } = {};
      const response = {
        headersSent: false,
        writeHead(status: number) {
          answer.status = status;
          return this;
        },
        end(body: string) {
          answer.body = body;
        },
      } as unknown as ServerResponse;

      await handle(request, response);

      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body ?? '')).toEqual({ error: 'the console answers this machine only' });
    },
  );
});
