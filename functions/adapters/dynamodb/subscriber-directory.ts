// SubscriberDirectory on the registry table (items.ts).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryChannel, SubscriberDirectory, SubscriberRecord } from '../../use-cases/ports/index.ts';
import { PK, subscriberItem, subscriberKey } from './items.ts';
import { partition } from './paginate.ts';

/** Subscribers change seldom and every message asks for them: a list is kept for a few seconds. */
const CACHE_MS = 5_000;

export class DynamoDbSubscriberDirectory implements SubscriberDirectory {
  private cached: { list: SubscriberRecord[]; until: number } | undefined;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<SubscriberRecord[]> {
    if (this.cached !== undefined && this.cached.until > this.now()) return structuredClone(this.cached.list);
    const list = (await partition(
      this.client,
      this.tableName,
      PK.subscribers,
    )) as unknown as SubscriberRecord[];
    this.cached = { list, until: this.now() + CACHE_MS };
    return structuredClone(list);
  }

  async add(subscriber: SubscriberRecord): Promise<void> {
    this.cached = undefined;
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: subscriberItem(subscriber) }));
  }

  async remove(subscriberId: string, options: { onlyChannel?: DeliveryChannel['kind'] } = {}): Promise<void> {
    this.cached = undefined;
    const only = options.onlyChannel;
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: subscriberKey(subscriberId),
          ...(only !== undefined && {
            ConditionExpression: '#delivery.#kind = :kind',
            ExpressionAttributeNames: { '#delivery': 'delivery', '#kind': 'kind' },
            ExpressionAttributeValues: { ':kind': only },
          }),
        }),
      );
    } catch (error) {
      // Gone already, or receiving through another channel now: not to be removed.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
