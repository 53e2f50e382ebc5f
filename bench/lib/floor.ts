// The ingest floor (a bare PutItem + FIFO SendMessage server) and the worker-thread load runner.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalHub } from '../../local/hub.ts';
import type { LoadReport, LoadRequest } from '../load-sender.ts';

const FLOOR_GROUPS = 50;
const HOST = '127.0.0.1';

export interface Floor {
  url: string;
  close(): Promise<void>;
}

/**
 * A bare node:http server doing one PutItem (messages table) and one FIFO SendMessage (to
 * `queueUrl`) per request and nothing else; keys are `floor-<run>-<n>`.
 */
export async function startFloor(hub: LocalHub, run: string, queueUrl: string): Promise<Floor> {
  const table = hub.env.MESSAGES_TABLE as string;
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const i = n++;
      const body = Buffer.concat(chunks).toString('utf8');
      const key = `floor-${run}-${i}`;
      hub.dynamodb
        .send(new PutCommand({ TableName: table, Item: { messageKey: key, body } }))
        .then(() =>
          hub.sqs.send(
            new SendMessageCommand({
              QueueUrl: queueUrl,
              MessageBody: body,
              MessageGroupId: `g${i % FLOOR_GROUPS}`,
              MessageDeduplicationId: key,
            }),
          ),
        )
        .then(
          () => {
            res.writeHead(200, { 'content-type': 'text/plain' });
            res.end('OK');
          },
          (error: unknown) => {
            res.writeHead(500, { 'content-type': 'text/plain' });
            res.end(error instanceof Error ? error.message : String(error));
          },
        );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: `http://${HOST}:${port}`, close };
}

/**
 * Runs one load worker to the end and returns its report (calling `onMeasuring` when it posts
 * `{ phase: 'measuring' }`). The workers are TypeScript: on Node 20 a worker's entry point does not
 * go through the loader hooks that `--import tsx` registers, so a one-line bootstrap imports it
 * through tsx's API instead.
 */
export async function runWorker<T>(
  entryUrl: URL,
  workerData: unknown,
  onMeasuring = (): void => {},
): Promise<T> {
  const entry = entryUrl.href;
  const bootstrap =
    `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})` +
    `.then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
  const worker = new Worker(bootstrap, { eval: true, workerData });
  try {
    return await new Promise<T>((resolve, reject) => {
      worker.on('message', (message: T | { phase?: string }) => {
        if ((message as { phase?: string }).phase === 'measuring') onMeasuring();
        else resolve(message as T);
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`Load worker exited (code ${code}) without a report`)));
    });
  } finally {
    await worker.terminate();
  }
}

/** The closed-loop HTTP load (bench/load-sender.ts) for one configuration: warm-up, then measured. */
export function runLoad(request: LoadRequest): Promise<LoadReport> {
  return runWorker<LoadReport>(new URL('../load-sender.ts', import.meta.url), request);
}
