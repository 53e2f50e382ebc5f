// How CLI commands reach a hub's tables: a deployed stack when `--stack NAME` (or ADT_HUB_STACK)
// names its deployment, with the usual AWS credential chain; otherwise the hub `npm start` runs in
// this folder, found through .adt-hub/hub.json.
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

export function connectToHub(): HubConnection {
  const stack = process.env.ADT_HUB_STACK;
  if (stack !== undefined && stack !== '') {
    // The SDK's own configuration: credentials, region (AWS_REGION / profile) and retries.
    const raw = new DynamoDBClient({});
    const sqs = new SQSClient({});
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
