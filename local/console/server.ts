// The operator console on this machine: the built pages (console/dist) and their JSON API
// (functions/console-api/routes.ts) over plain HTTP, on 127.0.0.1 only. Anything that does not come
// from this machine, or names another host (DNS rebinding), or posts from another origin, is refused.
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { extname, resolve, sep } from 'node:path';
import { handleApiRequest } from '../../functions/console-api/routes.ts';
import type { Actor, ConsoleServices } from '../../functions/console-api/services.ts';
import { isLocalHostName, isLoopbackAddress } from '../../functions/core/net/index.ts';
import { NONCE_PLACEHOLDER, pagePolicy, RESOURCE_POLICY, SECURITY_HEADERS } from './security.ts';

export interface ConsoleServerOptions {
  /** 0: any free port. */
  port: number;
  services: ConsoleServices;
  /** The built console (console/dist). */
  staticDir: string;
  /** Who is acting, asked for each API request. */
  actor: () => Actor;
  /** Where a failing API call is reported: its method, path and error name, never a body. */
  log?: (line: string) => void;
}

export interface ConsoleServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Request bodies above this get 413 (a roster of some 50,000 rows fits). */
export const MAX_API_BODY_BYTES = 5 * 1024 * 1024;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Locally the actor is the OS user, with no roles: every role (routes.ts `allowed`). */
export function localActor(): Actor {
  let id: string | undefined;
  try {
    id = userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): the environment's name, if any.
  }
  return { id: id || process.env.USER || process.env.LOGNAME || 'local-user' };
}

export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const server = createServer();
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', fail);
      done();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const handle = consoleRequestHandler(options, port);
  server.on('request', (req, res) => {
    void handle(req, res);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** The request handler itself, for a server listening on `port` (exported for its tests). */
export function consoleRequestHandler(
  options: ConsoleServerOptions,
  port: number,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const root = resolve(options.staticDir);
  const log = options.log ?? ((line: string) => console.error(line));
  const origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  return async (req, res) => {
    const method = req.method ?? 'GET';
    try {
      if (!isLoopbackAddress(req.socket.remoteAddress ?? ''))
        return sendJson(res, 403, { error: 'the console answers this machine only' });
      if (!sameHost(req.headers.host, port))
        return sendJson(res, 403, { error: 'unknown host: open the console at 127.0.0.1' });
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        const refused = crossSiteReason(req, method, origins);
        if (refused !== undefined) return sendJson(res, 403, { error: refused });
        return await serveApi(req, res, url, method);
      }
      if (method !== 'GET' && method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
      return await serveStatic(req, res, url, method === 'HEAD');
    } catch (error) {
      log(`console: ${method} ${req.url ?? ''} failed: ${(error as Error).name ?? 'Error'}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    }
  };

  async function serveApi(req: IncomingMessage, res: ServerResponse, url: URL, method: string) {
    const path = url.pathname.slice('/api'.length) || '/';
    const csv = /^\/rosters\/[^/]+\/(preview|import)\/?$/.test(path);
    let body: Uint8Array | undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      const problem = contentTypeProblem(req, csv);
      if (problem !== undefined) return sendJson(res, 415, { error: problem });
      body = await readBody(req, MAX_API_BODY_BYTES);
      if (body === undefined) {
        sendJson(res, 413, { error: `the body is larger than ${MAX_API_BODY_BYTES / 1024 / 1024} MB` }, true);
        return;
      }
    }
    let response: Awaited<ReturnType<typeof handleApiRequest>>;
    try {
      response = await handleApiRequest(options.services, {
        method,
        path,
        query: Object.fromEntries(url.searchParams),
        ...(body !== undefined && { body }),
        actor: options.actor(),
      });
    } catch (error) {
      // A path with a broken %-escape fails to decode before any route runs.
      if (error instanceof URIError) return sendJson(res, 400, { error: 'malformed path' });
      throw error;
    }
    sendJson(res, response.status, response.body);
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL, head: boolean) {
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return sendJson(res, 400, { error: 'malformed path' });
    }
    const file = resolve(root, `.${pathname}`);
    const inside = file === root || file.startsWith(root + sep);
    if (inside && !pathname.includes('\0')) {
      const found = await stat(file).catch(() => undefined);
      if (found?.isFile()) return sendFile(res, file, head);
    }
    // Anything else a browser navigates to is one of the console's own pages (its router decides).
    const navigation = (req.headers.accept ?? '').includes('text/html') || extname(pathname) === '';
    if (navigation && !pathname.startsWith('/assets/'))
      return sendFile(res, resolve(root, 'index.html'), head);
    return sendJson(res, 404, { error: 'not found' });
  }

  async function sendFile(res: ServerResponse, file: string, head: boolean) {
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      if (file.endsWith(`${sep}index.html`))
        return sendJson(res, 503, { error: 'the console is not built: run npm run console:build' });
      return sendJson(res, 404, { error: 'not found' });
    }
    const headers: Record<string, string> = { ...SECURITY_HEADERS, 'content-type': type };
    if (type.startsWith('text/html')) {
      // A fresh nonce per page: only the styles this response's own code adds may run.
      const nonce = randomBytes(16).toString('base64');
      content = Buffer.from(content.toString('utf8').replaceAll(NONCE_PLACEHOLDER, nonce));
      headers['content-security-policy'] = pagePolicy(nonce);
      headers['cache-control'] = 'no-store';
    } else {
      headers['content-security-policy'] = RESOURCE_POLICY;
      // Vite names built assets by their content hash: they never change under their name.
      headers['cache-control'] = file.includes(`${sep}assets${sep}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache';
    }
    headers['content-length'] = String(content.byteLength);
    res.writeHead(200, headers);
    res.end(head ? undefined : content);
  }
}

/** The Host header names this server: 127.0.0.1 or a localhost name, on its port. */
function sameHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.trim());
  if (match === null || Number(match[2] ?? 80) !== port) return false;
  const name = match[1] as string;
  return isLoopbackAddress(name) || isLocalHostName(name);
}

/**
 * Why a request that changes something may not come from this page: another origin's page in the
 * same browser (cross-site request forgery). Browsers send Origin and Sec-Fetch-Site with every
 * POST; tools such as curl send neither, and are on this machine anyway.
 */
function crossSiteReason(req: IncomingMessage, method: string, origins: Set<string>): string | undefined {
  if (method === 'GET' || method === 'HEAD') return undefined;
  const origin = req.headers.origin;
  if (origin !== undefined && !origins.has(origin)) return 'requests from other sites are refused';
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return 'requests from other sites are refused';
  return undefined;
}

/** JSON for everything but a roster, which is CSV: types a plain HTML form cannot send. */
function contentTypeProblem(req: IncomingMessage, csv: boolean): string | undefined {
  const declared = Number(req.headers['content-length'] ?? 0);
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (declared === 0 && !chunked) return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const wanted = csv ? 'text/csv' : 'application/json';
  return type === wanted ? undefined : `the body must be ${wanted}`;
}

/** The body, or undefined once it passes `limit` (the rest is discarded). */
function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  return new Promise((done, fail) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      done(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        done(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!tooLarge) done(Buffer.concat(chunks));
    });
    req.on('error', fail);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body ?? null);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-security-policy': RESOURCE_POLICY,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    // Patient details must not linger in a cache; nor should anything else the API says.
    'cache-control': 'no-store',
    ...(close && { connection: 'close' }),
  });
  res.end(text);
}
