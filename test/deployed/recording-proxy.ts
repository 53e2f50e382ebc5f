// A loopback proxy in front of an emulator, one per function and service, that notes each AWS call
// passing through it (the X-Amz-Target operation and the table or queue it names) before handing it
// on unchanged. So the check knows what each bundle really asked of DynamoDB and SQS, and can hold
// it against what the function's role is granted. The emulators check no signature, so the Host
// the SDK signed (the proxy's) does not matter to them.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  /** `dynamodb:PutItem`, `sqs:SendMessage`… as IAM names the action. */
  action: string;
  /** `table:<name>` or `queue:<name>`. */
  resources: string[];
}

export interface RecordingProxy {
  readonly url: string;
  readonly calls: RecordedCall[];
  close(): Promise<void>;
}

const SERVICES: Record<string, string> = { DynamoDB_20120810: 'dynamodb', AmazonSQS: 'sqs' };

function resourcesOf(service: string, body: Record<string, unknown>): string[] {
  if (service === 'sqs' && typeof body.QueueUrl === 'string') {
    return [`queue:${body.QueueUrl.split('/').at(-1)}`];
  }
  if (service === 'dynamodb') {
    if (typeof body.TableName === 'string') return [`table:${body.TableName}`];
    const items = (body.RequestItems ?? body.TransactItems) as Record<string, unknown> | undefined;
    if (items !== undefined && !Array.isArray(items))
      return Object.keys(items).map((name) => `table:${name}`);
  }
  return [];
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const calls: RecordedCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const [prefix = '', operation = ''] = String(req.headers['x-amz-target'] ?? '').split('.');
      const service = SERVICES[prefix];
      if (service !== undefined) {
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        } catch {
          // Not JSON: recorded without its resource, which no grant will match.
        }
        calls.push({ action: `${service}:${operation}`, resources: resourcesOf(service, parsed) });
      }
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
