// The local hub: real AWS SDK v3 clients against DynamoDB Local and a local SQS server, tables
// and queues from the shared definitions, and the same Lambda handlers behind a local HTTP API.
// Used by `npm start`, the end-to-end tests and the benchmarks.
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbSenderDirectory } from '../functions/adapters/dynamodb/sender-directory.ts';
import {
  DEPLOYMENT_ENV,
  INGEST_QUEUE,
  SENDERS_TABLE,
  WEBHOOK_DLQ_ENV,
  WEBHOOK_QUEUE,
} from '../functions/platform/resources.ts';
import { hashSenderKey } from '../functions/use-cases/ingest.ts';
import { bootstrap } from './bootstrap.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from './emulators/dynamodb-local.ts';
import { type LocalSqs, startLocalSqs } from './emulators/sqs.ts';
import { type LocalHttpApi, startHttpApi } from './invoker/http-api.ts';
import { type RunningMapping, startEventSourceMapping } from './invoker/sqs-event-source.ts';

export const LOCAL_REGION = 'eu-west-2';

export interface Emulators {
  dynamodbEndpoint: string;
  sqsEndpoint: string;
}

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
  /** The environment the handlers run with (table names, queue URLs, endpoints). */
  readonly env: Readonly<Record<string, string>>;
  readonly dynamodb: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  /** Stops DynamoDB Local (when this hub started it), to see how the hub behaves without storage. */
  stopDynamoDb(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  restartDynamoDb(): Promise<void>;
  stop(): Promise<void>;
}

export function generateSenderKey(): string {
  return `adthub_${randomBytes(24).toString('base64url')}`;
}

function localClients(emulators: Emulators) {
  const common = { region: LOCAL_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const raw = new DynamoDBClient({ ...common, endpoint: emulators.dynamodbEndpoint });
  return {
    raw,
    dynamodb: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
    sqs: new SQSClient({ ...common, endpoint: emulators.sqsEndpoint, useQueueUrlAsEndpoint: false }),
  };
}

export async function startLocalHub(options: LocalHubOptions = {}): Promise<LocalHub> {
  const deployment = options.deployment ?? 'local';
  // Node 20 is supported here until the SDK drops it; its notice would only add noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
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
  const { env: resources, queues } = await bootstrap(deployment, { dynamodb: clients.raw, sqs: clients.sqs });
  const env: Record<string, string> = {
    ...resources,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: emulators.sqsEndpoint,
    AWS_LAMBDA_FUNCTION_NAME: `adt-hub-${deployment}`,
    [DEPLOYMENT_ENV]: deployment,
    [WEBHOOK_DLQ_ENV]: queues.get(WEBHOOK_QUEUE)?.deadLetterUrl ?? '',
    // The local hub may call webhooks on this machine (tests, the demo receiver).
    ADT_HUB_ALLOW_LOOPBACK_WEBHOOKS: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_SERVICE_NAME: 'adt-hub',
    // EMF metric lines are for CloudWatch; locally they would bury the one log line per message.
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
  // Handlers read their environment once, when first imported: set it before that.
  Object.assign(process.env, env);

  const senderKey = options.senderKey ?? generateSenderKey();
  const senders = new DynamoDbSenderDirectory(clients.dynamodb, resources[SENDERS_TABLE.envVar] as string);
  // Locally the demo sender may send for any facility (ARCHITECTURE §4.7).
  await senders.register(hashSenderKey(senderKey), {
    senderId: 'local-demo',
    name: 'Local demo sender',
    facilities: ['*'],
  });

  const { handler: ingestHttp, MAX_BODY_BYTES } = await import('../functions/handlers/ingest-http.ts');
  const http: LocalHttpApi = await startHttpApi(
    [
      {
        routeKey: 'POST /v1/hl7',
        functionName: `adt-hub-${deployment}-ingest`,
        handler: ingestHttp,
        maxBodyBytes: MAX_BODY_BYTES,
      },
    ],
    options.httpPort ?? 0,
  );

  // MLLP: the same ingest as HTTP. Locally the demo sender may connect from this machine.
  const { startMllpServer } = await import('../functions/mllp/server.ts');
  const { ingestDependencies } = await import('../functions/platform/ingest-wiring.ts');
  const { ingest } = await import('../functions/use-cases/ingest.ts');
  const { logger } = await import('../functions/platform/observability.ts');
  const { ackControlIds } = await import('../functions/platform/ids.ts');
  const ingestDeps = ingestDependencies();
  const mllp = await startMllpServer({
    port: options.mllpPort ?? 0,
    host: '127.0.0.1',
    maxMessageBytes: MAX_BODY_BYTES,
    idleTimeoutMs: 10 * 60_000,
    tls: options.mllpTls && (await readMllpTls(options.mllpTls)),
    senders: [{ senderId: 'local-demo', facilities: ['*'], networks: ['127.0.0.0/8', '::1/128'] }],
    ingest: (body, sender) => ingest(body, sender, ingestDeps),
    newControlId: ackControlIds.ackControlId,
    log: (event, details) => logger.info(event, details),
  });

  const mappings: RunningMapping[] = [];
  if (options.consumeQueues !== false) {
    const { handler: processQueue } = await import('../functions/handlers/process-queue.ts');
    const ingest = queues.get(INGEST_QUEUE);
    if (ingest === undefined) throw new Error('the ingest queue was not created');
    mappings.push(
      startEventSourceMapping(clients.sqs, {
        queueUrl: ingest.url,
        queueArn: ingest.arn,
        functionName: `adt-hub-${deployment}-process`,
        handler: processQueue,
        batchSize: 10,
        // FIFO groups keep each patient in order; different patients go in parallel, as Lambda
        // would scale out.
        concurrency: 6,
        waitTimeSeconds: 1,
      }),
    );
    const { handler: deliverWebhooks } = await import('../functions/handlers/deliver-webhook.ts');
    const webhook = queues.get(WEBHOOK_QUEUE);
    if (webhook === undefined) throw new Error('the webhook queue was not created');
    mappings.push(
      startEventSourceMapping(clients.sqs, {
        queueUrl: webhook.url,
        queueArn: webhook.arn,
        functionName: `adt-hub-${deployment}-deliver-webhook`,
        handler: deliverWebhooks,
        batchSize: 10,
        concurrency: 2,
        waitTimeSeconds: 1,
      }),
    );
  }

  return {
    httpUrl: http.url,
    mllpPort: mllp.port,
    mllpTls: options.mllpTls !== undefined,
    senderKey,
    deployment,
    emulators,
    env,
    dynamodb: clients.dynamodb,
    sqs: clients.sqs,
    stopDynamoDb: async () => {
      if (dynamoDbLocal === undefined) throw new Error('This hub uses DynamoDB Local started elsewhere');
      await dynamoDbLocal.stop();
    },
    restartDynamoDb: async () => {
      if (dynamoDbLocal === undefined) throw new Error('This hub uses DynamoDB Local started elsewhere');
      dynamoDbLocal = await startDynamoDbLocal({ dataDir: options.dataDir, port: dynamoDbLocal.port });
    },
    stop: async () => {
      await http.close();
      await mllp.close();
      await Promise.all(mappings.map((mapping) => mapping.stop()));
      clients.raw.destroy();
      clients.sqs.destroy();
      await Promise.all([dynamoDbLocal?.stop(), localSqs?.stop()]);
    },
  };
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
