// Every page of a DynamoDB Query or Scan: the one pagination loop of the adapters.
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

async function collect(
  page: (startKey: Item | undefined) => Promise<{ Items?: Item[]; LastEvaluatedKey?: Item }>,
): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const result = await page(startKey);
    items.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

export function queryAll(client: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  return collect((startKey) => client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey })));
}

export function scanAll(client: DynamoDBDocumentClient, input: ScanCommandInput): Promise<Item[]> {
  return collect((startKey) => client.send(new ScanCommand({ ...input, ExclusiveStartKey: startKey })));
}

/** The items of one partition of a table with `pk`/`sk` keys, without the keys. */
export async function partition(
  client: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
): Promise<Item[]> {
  const items = await queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': pk },
  });
  return items.map(({ pk: _, sk: __, ...item }) => item);
}
