// AuditTrail on the registry table: one item per entry, written only if its id is new (nothing
// overwrites an entry), listed by id, which sorts by time. The hub has no call that changes or
// deletes one; on AWS the console functions' roles are denied UpdateItem, DeleteItem and
// BatchWriteItem on the AUDIT partition, and the read function may write nothing else.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditTrail } from '../../use-cases/ports/index.ts';
import { PK } from './items.ts';
import { queryAll } from './paginate.ts';

export class DynamoDbAuditTrail implements AuditTrail {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: PK.audit, sk: entry.id, ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async recordOnce(entry: AuditEntry): Promise<boolean> {
    try {
      await this.record(entry);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async since(since?: string): Promise<AuditEntry[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: since === undefined ? 'pk = :pk' : 'pk = :pk AND sk >= :since',
      ExpressionAttributeValues: { ':pk': PK.audit, ...(since !== undefined && { ':since': since }) },
    });
    return items.map(({ pk: _, sk: __, ...entry }) => entry as unknown as AuditEntry);
  }
}
