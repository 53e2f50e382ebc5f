// How CLI commands reach a hub's tables: the hub `npm start` runs in this folder (found through
// .adt-hub/hub.json). Deployed stacks (--stack) arrive with the infrastructure issue.
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
