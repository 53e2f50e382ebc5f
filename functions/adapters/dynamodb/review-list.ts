// ReviewList on the registry table: possible matches, oldest first.
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
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: PK.review, sk: `${item.receivedAt}#${item.messageKey}`, ...item },
      }),
    );
  }

  async list(): Promise<ReviewItem[]> {
    return (await partition(this.client, this.tableName, PK.review)) as unknown as ReviewItem[];
  }
}
