// AWS SDK v3 clients, built once per runtime by its composition root and passed to the adapters.
// On AWS, endpoints and credentials come from the SDK's own chain; the local hub and the CLI pass
// the emulators' endpoints.
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface HubClients {
  dynamodb: DynamoDBDocumentClient;
  sqs: SQSClient;
  /** Closes their connections. */
  destroy(): void;
}

// Fail fast when a service is unreachable or stalls: the sender is waiting for its ACK and will
// retry. Three tries of at most 2.5 s each keep ingest's answer (503 with AR) inside its 10 s
// Lambda timeout. Without throwOnRequestTimeout the SDK would only warn, and wait for ever.
const REQUEST_TIMEOUT_MS = 2_500;
const maxAttempts = 3;

/**
 * Binary attributes (roster shards) arrive base64 in DynamoDB's JSON. The SDK's own decoder checks
 * each string with a regular expression first: a tenth of a cold start's loading at a million
 * roster rows. DynamoDB's answer needs no such check (a damaged shard fails its gzip check).
 */
function decodeBase64(input: string): Uint8Array {
  const bytes = Buffer.from(input, 'base64');
  // A plain Uint8Array over the same memory, as the SDK's own decoder gives.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function createClients(
  options: {
    region?: string;
    dynamodb?: DynamoDBClientConfig;
    sqs?: SQSClientConfig;
    /** Per try; the local hub allows its emulators more on a loaded machine. */
    requestTimeoutMs?: number;
  } = {},
): HubClients {
  const requestHandler = {
    connectionTimeout: 1_000,
    requestTimeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
    throwOnRequestTimeout: true,
  };
  const region = options.region === undefined ? {} : { region: options.region };
  const raw = new DynamoDBClient({
    requestHandler,
    maxAttempts,
    base64Decoder: decodeBase64,
    ...region,
    ...options.dynamodb,
  });
  // Send to the configured endpoint, not the queue URL's host: the same on AWS, and locally the
  // emulator's queue URLs name a `*.localhost` host that does not resolve everywhere.
  const sqs = new SQSClient({
    requestHandler,
    maxAttempts,
    useQueueUrlAsEndpoint: false,
    ...region,
    ...options.sqs,
  });
  return {
    dynamodb: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
    sqs,
    destroy: () => {
      raw.destroy();
      sqs.destroy();
    },
  };
}
