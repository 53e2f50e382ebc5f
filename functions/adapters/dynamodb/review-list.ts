// ReviewList on the registry table: one item per question (its id sorts by arrival), oldest first.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ReviewItem, ReviewList } from '../../use-cases/ports/index.ts';
import { PK } from './items.ts';
import { partition } from './paginate.ts';

export class DynamoDbReviewList implements ReviewList {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(item: ReviewItem): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: PK.review, sk: item.id, ...item },
          // Asked once: a message processed again must not reopen a decided question.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async list(): Promise<ReviewItem[]> {
    const items = (await partition(this.client, this.tableName, PK.review)) as unknown as ReviewItem[];
    return items.filter((item) => item.decision === undefined);
  }
}
