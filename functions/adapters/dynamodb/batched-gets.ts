// Strongly consistent reads of single items, made by different adapters in the same turn of the
// event loop (the process step reads the person's state and their ingest hold together), sent as
// one BatchGetItem instead of one GetItem each: one request, the same read units.
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';

type Key = Record<string, string>;
type Item = Record<string, NativeAttributeValue>;

interface PendingGet {
  tableName: string;
  key: Key;
  resolve: (item: Item | undefined) => void;
  reject: (error: unknown) => void;
}

/** BatchGetItem takes at most 100 keys. */
const MAX_KEYS = 100;
/** Unprocessed keys (throttling) are asked again, a few times, with a short backoff. */
const MAX_ROUNDS = 5;

const batchers = new WeakMap<DynamoDBDocumentClient, BatchedGets>();

/** The one batcher of a client: adapters built on the same client share it. */
export function batchedGets(client: DynamoDBDocumentClient): BatchedGets {
  let batcher = batchers.get(client);
  if (batcher === undefined) {
    batcher = new BatchedGets(client);
    batchers.set(client, batcher);
  }
  return batcher;
}

export class BatchedGets {
  private pending: PendingGet[] = [];

  constructor(private readonly client: DynamoDBDocumentClient) {}

  /** The item under `key`, read consistently; undefined when there is none. */
  get(tableName: string, key: Key): Promise<Item | undefined> {
    return new Promise((resolve, reject) => {
      this.pending.push({ tableName, key, resolve, reject });
      // After the callers of this turn have asked: what they ask together goes as one request.
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const gets = this.pending;
    this.pending = [];
    const byTable = new Map<string, PendingGet[]>();
    for (const get of gets) byTable.set(get.tableName, [...(byTable.get(get.tableName) ?? []), get]);
    await Promise.all(
      [...byTable].map(async ([tableName, tableGets]) => {
        try {
          const items = await this.read(
            tableName,
            tableGets.map((get) => get.key),
          );
          for (const get of tableGets) get.resolve(items.get(keyString(get.key)));
        } catch (error) {
          for (const get of tableGets) get.reject(error);
        }
      }),
    );
  }

  private async read(tableName: string, keys: Key[]): Promise<Map<string, Item>> {
    const distinct = [...new Map(keys.map((key) => [keyString(key), key])).values()];
    const found = new Map<string, Item>();
    if (distinct.length === 1) {
      const { Item } = await this.client.send(
        new GetCommand({ TableName: tableName, Key: distinct[0], ConsistentRead: true }),
      );
      if (Item !== undefined) found.set(keyString(distinct[0] as Key), Item);
      return found;
    }
    for (let start = 0; start < distinct.length; start += MAX_KEYS) {
      let asked = distinct.slice(start, start + MAX_KEYS);
      for (let round = 0; asked.length > 0; round++) {
        if (round === MAX_ROUNDS)
          throw new Error(`DynamoDB left ${asked.length} keys unread in ${tableName}`);
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
        const { Responses, UnprocessedKeys } = await this.client.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: asked, ConsistentRead: true } } }),
        );
        for (const item of Responses?.[tableName] ?? []) found.set(keyString(item as Key), item);
        asked = (UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
      }
    }
    return found;
  }
}

/** The table's key attributes (pk, sk) as one string. */
function keyString(key: Key): string {
  return `${key.pk}\u0000${key.sk}`;
}
