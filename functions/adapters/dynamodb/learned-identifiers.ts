// LearnedIdentifiers on the registry table: hospital numbers learned from confident matches.
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LearnedIdentifiers } from '../../use-cases/ports/index.ts';
import { PK } from './items.ts';
import { queryAll } from './paginate.ts';

export class DynamoDbLearnedIdentifiers implements LearnedIdentifiers {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async all(): Promise<Map<string, string>> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PK.learned },
    });
    return new Map(items.map((item) => [String(item.sk), String(item.personId)]));
  }

  async learn(identifier: string, personId: string): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: PK.learned, sk: identifier, personId } }),
    );
  }
}
