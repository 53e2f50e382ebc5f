// The local stand-in for API Gateway HTTP API: real HTTP on loopback, each request turned into
// a payload 2.0 event for the same Lambda handler that runs on AWS.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { lambdaContext } from './lambda-context.ts';

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface Route {
  /** e.g. `POST /v1/hl7` */
  routeKey: string;
  functionName: string;
  handler: HttpHandler;
  /** Bodies above this many bytes get 413 before the handler runs (chunked or not). */
  maxBodyBytes: number;
}

export interface LocalHttpApi {
  readonly url: string;
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, message: string, close = true): void {
  res.writeHead(status, { 'content-type': 'application/json', ...(close && { connection: 'close' }) });
  res.end(JSON.stringify({ message }));
}

/** Past this much, a body too large is no longer read to its end: the connection is cut. */
const DISCARD_AT_MOST = 64 * 1024 * 1024;

/**
 * Reads the body, or answers 413 as soon as it passes the limit. The rest is read and discarded
 * (up to DISCARD_AT_MOST) rather than the connection closed under a sender still writing: that
 * sender would see a broken pipe, not the 413, and send the same body again.
 */
function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    const refuse = () => {
      tooLarge = true;
      chunks.length = 0;
      json(res, 413, 'Request Entity Too Large', false);
      resolve(undefined);
    };
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (declared > limit) refuse();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge) {
        if (size > DISCARD_AT_MOST) req.socket.destroy();
        return;
      }
      if (size > limit) {
        refuse();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!tooLarge) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function toEvent(req: IncomingMessage, route: Route, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: req.headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
    },
    // API Gateway base64-encodes bodies it takes for binary; doing so always keeps every byte.
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
}

export async function startHttpApi(routes: Route[], port: number, host = '127.0.0.1'): Promise<LocalHttpApi> {
  const byKey = new Map(routes.map((route) => [route.routeKey, route]));
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = byKey.get(`${req.method} ${path}`);
    if (route === undefined) {
      req.resume();
      json(res, 404, 'Not Found');
      return;
    }
    try {
      const body = await readBody(req, res, route.maxBodyBytes);
      if (body === undefined) return;
      const result = await route.handler(toEvent(req, route, body), lambdaContext(route.functionName));
      const payload = result.body ?? '';
      res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
      res.end(result.isBase64Encoded ? Buffer.from(payload, 'base64') : payload);
    } catch {
      // What API Gateway answers when the function fails.
      if (!res.headersSent) json(res, 500, 'Internal Server Error');
      else res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
