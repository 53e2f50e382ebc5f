// IngestHolds on the registry table: one item per held patient group, all in one partition. The
// process step asks for a message's own group with its first read of the person (batched-gets.ts):
// no request of its own; operators list them all.
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { IngestHolds } from '../../use-cases/ports/index.ts';
import { batchedGets } from './batched-gets.ts';
import { PK } from './items.ts';
import { queryAll } from './paginate.ts';

export class DynamoDbIngestHolds implements IngestHolds {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async held(): Promise<{ groupId: string; since: string }[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PK.ingestHolds },
    });
    return items.map((item) => ({ groupId: String(item.sk), since: String(item.since) }));
  }

  async isHeld(groupId: string): Promise<boolean> {
    return (
      (await batchedGets(this.client).get(this.tableName, { pk: PK.ingestHolds, sk: groupId })) !== undefined
    );
  }

  async hold(groupId: string, since: string): Promise<void> {
    await this.client
      .send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: PK.ingestHolds, sk: groupId, since },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((error: unknown) => {
        // Held already: the first hold's time stands.
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  async release(groupId: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: PK.ingestHolds, sk: groupId } }),
    );
  }
}
