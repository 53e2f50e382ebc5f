// ReviewList on the registry table: one item per question (its id sorts by arrival), oldest first;
// a decision written once, by a conditional update; rejected pairs remembered by key.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { RejectedPair, ReviewDecision, ReviewItem, ReviewList } from '../../use-cases/ports/index.ts';
import { type Expiry, expiresAtOf, PK } from './items.ts';
import { partition } from './paginate.ts';

function rejectionKey(pair: RejectedPair) {
  return { pk: PK.rejected, sk: `${pair.hospitalNumber}|${pair.personId}|${pair.subscriberId ?? '*'}` };
}

export class DynamoDbReviewList implements ReviewList {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly expiry?: Expiry,
  ) {}

  async add(item: ReviewItem): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: PK.review, sk: item.id, ...item, ...expiresAtOf(this.expiry) },
          // Asked once: a message processed again must not reopen a decided question.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async list(): Promise<ReviewItem[]> {
    const items = (await partition(this.client, this.tableName, PK.review)).map(
      ({ expiresAt: _, ...item }) => item,
    ) as unknown as ReviewItem[];
    return items.filter((item) => item.decision === undefined);
  }

  async get(id: string): Promise<ReviewItem | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: PK.review, sk: id }, ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    const { pk: _, sk: __, expiresAt: ___, ...item } = Item;
    return item as ReviewItem;
  }

  async decide(
    id: string,
    decision: ReviewDecision,
  ): Promise<{ decided: true } | { decided: false; decision: ReviewDecision }> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: PK.review, sk: id },
          // The decision starts the item's time again: it is kept so long after it was decided.
          UpdateExpression:
            this.expiry === undefined
              ? 'SET decision = :decision'
              : 'SET decision = :decision, expiresAt = :expiresAt',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(decision)',
          ExpressionAttributeValues: {
            ':decision': decision,
            ...(this.expiry && { ':expiresAt': this.expiry() }),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { decided: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException && error.Item !== undefined) {
        const existing = unmarshall(error.Item) as ReviewItem;
        if (existing.decision !== undefined) return { decided: false, decision: existing.decision };
      }
      throw error;
    }
  }

  async rememberRejection(pair: RejectedPair): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...rejectionKey(pair), ...pair, ...expiresAtOf(this.expiry) },
      }),
    );
  }

  async wasRejected(pair: RejectedPair): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: rejectionKey(pair) }),
    );
    return Item !== undefined && Item.detailsFingerprint === pair.detailsFingerprint;
  }
}
