// The local hub, and its composition root: real AWS SDK v3 clients against DynamoDB Local and a
// local SQS server, tables and queues from the shared definitions, and the same handlers and use
// cases as on AWS, wired as on AWS (functions/composition/wiring.ts) from settings made here, behind
// a local HTTP API, a local MLLP listener and local event source mappings. Used by `npm start`, the
// end-to-end tests and the benchmarks.
import { SqsSubscriberQueues } from '../functions/adapters/sqs/subscriber-queues.ts';
import {
  consoleDependencies,
  INGEST_SETTINGS,
  ingestBackstop,
  ingestDependencies,
  PROCESS_SETTINGS,
  processDependencies,
  type Runtime,
  senderDirectory,
  WEBHOOK_RETRY_SETTINGS,
  webhookRetryDependencies,
} from '../functions/composition/wiring.ts';
import { createConsoleServices } from '../functions/console-api/console-services.ts';
import { deliverWebhookHandler } from '../functions/handlers/deliver-webhook.ts';
import { ingestHttpHandler, MAX_BODY_BYTES } from '../functions/handlers/ingest-http.ts';
import { processQueueHandler } from '../functions/handlers/process-queue.ts';
import { startMllpServer } from '../functions/mllp/server.ts';
import type { HubClients } from '../functions/platform/clients.ts';
import { createTelemetry, type LogLevel, type Telemetry } from '../functions/platform/observability.ts';
import { INGEST_QUEUE, WEBHOOK_QUEUE } from '../functions/platform/resources.ts';
import { readSettings, type Settings, variableOf } from '../functions/platform/settings.ts';
import { ackControlIds, systemClock } from '../functions/platform/system.ts';
import { ingest } from '../functions/use-cases/ingest.ts';
import { generateSenderKey, registerSender } from '../functions/use-cases/senders.ts';
import { bootstrap } from './bootstrap.ts';
import { type Emulators, localClients } from './clients.ts';
import { CONSOLE_DIST } from './console/build.ts';
import { localActor, startConsoleServer } from './console/server.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from './emulators/dynamodb-local.ts';
import { type LocalSqs, startLocalSqs } from './emulators/sqs.ts';
import { type LocalHttpApi, startHttpApi } from './invoker/http-api.ts';
import { type RunningMapping, startEventSourceMapping } from './invoker/sqs-event-source.ts';
import { type Recovered, recoverLocalHub } from './recover.ts';

export { type Emulators, LOCAL_REGION } from './clients.ts';

/** The built console (npm run console:build; npm start builds it when stale). */

export { generateSenderKey };

export interface LocalHubOptions {
  /** Deployment name: tables and queues are `adt-hub-<deployment>-…`. */
  deployment?: string;
  /** Use emulators that are already running (the test suite's); otherwise start them. */
  emulators?: Emulators;
  /** Use this SQS server but start DynamoDB Local here (a test that stops and restarts it). */
  sqsEndpoint?: string;
  /** Where DynamoDB Local keeps its data; in memory when absent. */
  dataDir?: string;
  /** Port for the HTTP API (0: any free port). */
  httpPort?: number;
  /** Port for the MLLP listener (0: any free port). */
  mllpPort?: number;
  /**
   * MLLP over TLS: PEM files of the listener's certificate and key; with a CA, a client
   * certificate it signed is required too, and a sender may be known by its CN.
   */
  mllpTls?: { certPath: string; keyPath: string; caPath?: string };
  /** The demo sender's key; generated when absent. */
  senderKey?: string;
  /**
   * Run the queue consumers (the process step) as Lambda event sources would; true unless a test
   * wants to look at what ingest left on the queue.
   */
  consumeQueues?: boolean;
  /** Settings to use instead of the defaults (e.g. a short webhook timeout for a test). */
  settings?: Partial<Pick<Settings, 'webhookTimeoutMs' | 'webhookMaxAgeMs' | 'retentionDays'>>;
  /** The handlers' log level (else POWERTOOLS_LOG_LEVEL, else INFO). */
  logLevel?: LogLevel;
  /** One call per message and webhook attempt, for a readable terminal (npm start). */
  report?: Telemetry['report'];
  /** Serve the operator console on this port of 127.0.0.1 (0: any free port); none when absent. */
  consolePort?: number;
}

export interface LocalHub {
  readonly httpUrl: string;
  /** The MLLP listener's port on 127.0.0.1. */
  readonly mllpPort: number;
  /** Whether the MLLP listener speaks TLS. */
  readonly mllpTls: boolean;
  readonly senderKey: string;
  readonly deployment: string;
  readonly emulators: Emulators;
  /** The settings the handlers run with. */
  readonly settings: Settings;
  /** The same, as the environment variables a Lambda function would get them in. */
  readonly env: Readonly<Record<string, string>>;
  /** The hub's own clients (the event sources', and the tests' for looking inside). */
  readonly dynamodb: HubClients['dynamodb'];
  readonly sqs: HubClients['sqs'];
  /** The clients the handlers use (a benchmark counts their requests). */
  readonly handlerClients: HubClients;
  /** The operator console's address, when it was asked for. */
  readonly consoleUrl?: string;
  /** What start-up queued again after a restart (messages not processed, alerts on their way). */
  readonly recovered: Recovered;
  /** Stops DynamoDB Local (when this hub started it), to see how the hub behaves without storage. */
  stopDynamoDb(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  restartDynamoDb(): Promise<void>;
  stop(): Promise<void>;
}

/** What holds for the whole process, whichever hub runs in it. */
function prepareProcess(): void {
  // Node 20 is supported here until the SDK drops it; its notice would only add noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // EMF metric lines are for CloudWatch; locally they would bury the one log line per message.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
}

export async function startLocalHub(options: LocalHubOptions = {}): Promise<LocalHub> {
  const deployment = options.deployment ?? 'local';
  prepareProcess();
  let dynamoDbLocal: DynamoDbLocal | undefined;
  let localSqs: LocalSqs | undefined;
  let emulators = options.emulators;
  if (emulators === undefined) {
    [dynamoDbLocal, localSqs] = await Promise.all([
      startDynamoDbLocal({ dataDir: options.dataDir }),
      options.sqsEndpoint === undefined ? startLocalSqs() : undefined,
    ]);
    emulators = {
      dynamodbEndpoint: dynamoDbLocal.endpoint,
      sqsEndpoint: options.sqsEndpoint ?? localSqs?.endpoint ?? '',
    };
  }

  const clients = localClients(emulators);
  const resources = await bootstrap(deployment, clients);
  // The settings a deployment's functions would get from the CDK app, made here: the tuning ones
  // may come from the environment (ADT_HUB_WEBHOOK_TIMEOUT_MS…) or the options.
  const settings: Settings = {
    ...resources.settings,
    deployment,
    ...readSettings(['retentionDays', 'registryRetentionDays', 'webhookTimeoutMs', 'webhookMaxAgeMs']),
    ...options.settings,
    // The local hub may call webhooks on this machine (tests, the demo receiver).
    allowLoopbackWebhooks: true,
  };
  const handlerClients = localClients(emulators);
  const runtime: Runtime = {
    clients: handlerClients,
    clock: systemClock,
    ids: ackControlIds,
    random: Math.random,
  };
  const telemetry = (name: string) =>
    createTelemetry(`adt-hub-${deployment}-${name}`, { logLevel: options.logLevel, report: options.report });

  const senderKey = options.senderKey ?? generateSenderKey();
  const senders = senderDirectory(settings, runtime);
  // Locally the demo sender may send for any facility (ARCHITECTURE §4.7).
  await registerSender(
    { senderId: 'local-demo', name: 'Local demo sender', facilities: ['*'], key: senderKey },
    senders,
  );

  // After a restart: what was accepted and not processed, and alerts still on their way, go on the
  // queues again before anything new can arrive or any consumer runs.
  const recovered = await recoverLocalHub({
    settings,
    dynamodb: clients.dynamodb,
    sqs: clients.sqs,
    deployment,
  });

  const ingestDeps = ingestDependencies(pick(settings, INGEST_SETTINGS), runtime);
  const http: LocalHttpApi = await startHttpApi(
    [
      {
        routeKey: 'POST /v1/hl7',
        functionName: `adt-hub-${deployment}-ingest`,
        handler: ingestHttpHandler({ senders, ingest: ingestDeps, telemetry: telemetry('ingest') }),
        maxBodyBytes: MAX_BODY_BYTES,
      },
    ],
    options.httpPort ?? 0,
  );

  // MLLP: the same ingest as HTTP. Locally the demo sender may connect from this machine.
  const mllpTelemetry = telemetry('mllp');
  const mllp = await startMllpServer({
    port: options.mllpPort ?? 0,
    host: '127.0.0.1',
    maxMessageBytes: MAX_BODY_BYTES,
    idleTimeoutMs: 10 * 60_000,
    tls: options.mllpTls && (await readMllpTls(options.mllpTls)),
    senders: [{ senderId: 'local-demo', facilities: ['*'], networks: ['127.0.0.0/8', '::1/128'] }],
    ingest: async (body, sender) => {
      const result = await ingest(body, sender, ingestDeps);
      mllpTelemetry.report?.({ stage: 'ingest', transport: 'mllp', ...result });
      return result;
    },
    newControlId: ackControlIds.ackControlId,
    log: (event, details) => mllpTelemetry.logger.info(event, details),
  });

  const mappings: RunningMapping[] = [];
  if (options.consumeQueues !== false) {
    const ingestQueue = resources.queues.get(INGEST_QUEUE);
    const webhookQueue = resources.queues.get(WEBHOOK_QUEUE);
    if (ingestQueue === undefined || webhookQueue === undefined)
      throw new Error('the queues were not created');
    mappings.push(
      startEventSourceMapping(clients.sqs, {
        queueUrl: ingestQueue.url,
        queueArn: ingestQueue.arn,
        functionName: `adt-hub-${deployment}-process`,
        handler: processQueueHandler(
          processDependencies(pick(settings, PROCESS_SETTINGS), runtime),
          telemetry('process'),
          ingestBackstop(settings, runtime),
        ),
        batchSize: 10,
        // FIFO groups keep each patient in order; different patients go in parallel, as Lambda
        // would scale out.
        concurrency: 6,
        waitTimeSeconds: 1,
      }),
      startEventSourceMapping(clients.sqs, {
        queueUrl: webhookQueue.url,
        queueArn: webhookQueue.arn,
        functionName: `adt-hub-${deployment}-deliver-webhook`,
        handler: deliverWebhookHandler(
          webhookRetryDependencies(pick(settings, WEBHOOK_RETRY_SETTINGS), runtime),
          telemetry('deliver-webhook'),
        ),
        batchSize: 10,
        concurrency: 2,
        waitTimeSeconds: 1,
      }),
    );
  }

  const consoleServer =
    options.consolePort === undefined
      ? undefined
      : await startConsoleServer({
          port: options.consolePort,
          staticDir: CONSOLE_DIST,
          actor: localActor,
          services: createConsoleServices(
            consoleDependencies(settings, runtime, {
              queues: new SqsSubscriberQueues(handlerClients.sqs, deployment),
              mllpConnections: () => mllp.connections(),
            }),
          ),
        });

  return {
    httpUrl: http.url,
    ...(consoleServer !== undefined && { consoleUrl: consoleServer.url }),
    mllpPort: mllp.port,
    mllpTls: options.mllpTls !== undefined,
    senderKey,
    deployment,
    emulators,
    settings,
    recovered,
    env: environmentOf(settings),
    dynamodb: clients.dynamodb,
    sqs: clients.sqs,
    handlerClients,
    stopDynamoDb: async () => {
      if (dynamoDbLocal === undefined) throw new Error('This hub uses DynamoDB Local started elsewhere');
      await dynamoDbLocal.stop();
    },
    restartDynamoDb: async () => {
      if (dynamoDbLocal === undefined) throw new Error('This hub uses DynamoDB Local started elsewhere');
      dynamoDbLocal = await startDynamoDbLocal({ dataDir: options.dataDir, port: dynamoDbLocal.port });
    },
    stop: async () => {
      await consoleServer?.close();
      await http.close();
      await mllp.close();
      await Promise.all(mappings.map((mapping) => mapping.stop()));
      clients.destroy();
      handlerClients.destroy();
      await Promise.all([dynamoDbLocal?.stop(), localSqs?.stop()]);
    },
  };
}

function pick<K extends keyof Settings>(settings: Settings, keys: readonly K[]): Pick<Settings, K> {
  return Object.fromEntries(keys.map((key) => [key, settings[key]])) as Pick<Settings, K>;
}

/** The settings as the environment variables a deployed function reads them from. */
function environmentOf(settings: Settings): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(settings) as (keyof Settings)[]).map((key) => [variableOf(key), String(settings[key])]),
  );
}

/** The listener's PEM files, read once at start; a missing one is named. */
async function readMllpTls(paths: NonNullable<LocalHubOptions['mllpTls']>) {
  const { readFile } = await import('node:fs/promises');
  const read = (path: string) =>
    readFile(path).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`cannot read the MLLP TLS file ${path}: ${error.code ?? error.message}`);
    });
  return {
    cert: await read(paths.certPath),
    key: await read(paths.keyPath),
    ...(paths.caPath !== undefined && { ca: await read(paths.caPath), requestClientCertificate: true }),
  };
}
