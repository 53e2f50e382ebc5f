// PersonStore and SubscriberDirectory on the registry table.
//   pk PERSON#<id>    sk STATE            earlier alerts (for cancels), last discharge, sequences,
//                                         recent messages, alerts queued for retry; versioned
//   pk LEARNED        sk <identifier>     hospital number → person id
//   pk REVIEW         sk <received>#<key> possible matches waiting for a person
//   pk SUBSCRIBERS    sk <id>             subscribers
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  type PersonState,
  type PersonStore,
  type ReviewItem,
  StalePersonStateError,
  type SubscriberDirectory,
  type SubscriberRecord,
} from '../../use-cases/ports.ts';

abstract class RegistryTable {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  protected async queryAll(
    pk: string,
    extra: Partial<QueryCommandInput> = {},
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ExclusiveStartKey: startKey,
          ...extra,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return items;
  }
}

export class DynamoDbPersonStore extends RegistryTable implements PersonStore {
  async load(personId: string): Promise<PersonState> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `PERSON#${personId}`, sk: 'STATE' },
        ConsistentRead: true,
      }),
    );
    if (Item === undefined) return { pastAlerts: [], version: 0 };
    const { pk: _, sk: __, ...state } = Item;
    return {
      ...(state as PersonState),
      pastAlerts: state.pastAlerts ?? [],
      version: Number(state.version ?? 0),
    };
  }

  async save(personId: string, state: PersonState): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `PERSON#${personId}`, sk: 'STATE', ...state, version: state.version + 1 },
          ConditionExpression: state.version === 0 ? 'attribute_not_exists(pk)' : 'version = :loaded',
          ExpressionAttributeValues: state.version === 0 ? undefined : { ':loaded': state.version },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new StalePersonStateError(personId);
      throw error;
    }
  }

  async learnedIdentifiers(): Promise<Map<string, string>> {
    const items = await this.queryAll('LEARNED');
    return new Map(items.map((item) => [String(item.sk), String(item.personId)]));
  }

  async learnIdentifier(identifier: string, personId: string): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: 'LEARNED', sk: identifier, personId } }),
    );
  }

  async addToReview(item: ReviewItem): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: 'REVIEW', sk: `${item.receivedAt}#${item.messageKey}`, ...item },
      }),
    );
  }

  async reviewList(): Promise<ReviewItem[]> {
    const items = await this.queryAll('REVIEW');
    return items.map(({ pk: _, sk: __, ...item }) => item as unknown as ReviewItem);
  }
}

/** Subscribers change seldom and every message asks for them: a list is kept for a few seconds. */
const SUBSCRIBERS_CACHE_MS = 5_000;

export class DynamoDbSubscriberDirectory extends RegistryTable implements SubscriberDirectory {
  private cached: { list: SubscriberRecord[]; until: number } | undefined;

  async list(): Promise<SubscriberRecord[]> {
    if (this.cached !== undefined && this.cached.until > Date.now()) return this.cached.list;
    const items = await this.queryAll('SUBSCRIBERS');
    const list = items.map(({ pk: _, sk: __, ...item }) => item as unknown as SubscriberRecord);
    this.cached = { list, until: Date.now() + SUBSCRIBERS_CACHE_MS };
    return list;
  }

  async add(subscriber: SubscriberRecord): Promise<void> {
    this.cached = undefined;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: 'SUBSCRIBERS', sk: subscriber.id, ...subscriber },
      }),
    );
  }
}
