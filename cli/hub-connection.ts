// How CLI commands reach a hub's tables: a deployed stack when `--stack NAME` (or ADT_HUB_STACK)
// names its deployment, with the usual AWS credential chain; otherwise the hub `npm start` runs in
// this folder, found through .adt-hub/hub.json.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type TableDefinition, tableName } from '../functions/platform/resources.ts';
import { LOCAL_REGION } from '../local/hub.ts';
import { runningHub } from '../local/state.ts';

export interface HubConnection {
  deployment: string;
  dynamodb: DynamoDBDocumentClient;
  sqs: SQSClient;
  table(definition: TableDefinition): string;
  close(): void;
}

const CONFIG_DIR = fileURLToPath(new URL('../config/', import.meta.url));

/**
 * The region of a deployed stack: AWS_REGION (or AWS_DEFAULT_REGION) when set; else the one its
 * configuration file in this repository names (eu-west-2 when it names none, as the CDK app
 * reads it); else undefined, and the SDK takes the profile's.
 */
export function stackRegion(
  stack: string,
  env: Record<string, string | undefined> = process.env,
  readConfig: (stack: string) => string | undefined = (name) => {
    const path = join(CONFIG_DIR, `${name}.json`);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  },
): string | undefined {
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  const text = /^[a-z][a-z0-9-]{1,20}$/.test(stack) ? readConfig(stack) : undefined;
  if (text === undefined) return undefined;
  try {
    const region = (JSON.parse(text) as { region?: unknown }).region;
    return typeof region === 'string' ? region : 'eu-west-2';
  } catch {
    return undefined; // Not JSON: the CDK app refuses it; the profile's region it is.
  }
}

export function connectToHub(): HubConnection {
  const stack = process.env.ADT_HUB_STACK;
  if (stack !== undefined && stack !== '') {
    // The SDK's own configuration for credentials and retries; the region as stackRegion says.
    const region = stackRegion(stack);
    const raw = new DynamoDBClient(region === undefined ? {} : { region });
    const sqs = new SQSClient(region === undefined ? {} : { region });
    return {
      deployment: stack,
      dynamodb: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
      sqs,
      table: (definition) => tableName(stack, definition),
      close: () => {
        raw.destroy();
        sqs.destroy();
      },
    };
  }
  const hub = runningHub();
  if (hub === undefined) throw new Error('no hub is running here: start one with npm start');
  const common = { region: LOCAL_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const raw = new DynamoDBClient({ ...common, endpoint: hub.dynamodbEndpoint });
  const sqs = new SQSClient({ ...common, endpoint: hub.sqsEndpoint, useQueueUrlAsEndpoint: false });
  return {
    deployment: hub.deployment,
    dynamodb: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
    sqs,
    table: (definition) => tableName(hub.deployment, definition),
    close: () => {
      raw.destroy();
      sqs.destroy();
    },
  };
}
