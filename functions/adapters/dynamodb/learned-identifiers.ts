// LearnedIdentifiers on the registry table: hospital numbers learned from confident matches, keyed
// by facility and number. A number is written once for a person; a conditional write keeps another
// message (or another container) from re-pointing it, unless a merge says so.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
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

  async learn(
    key: string,
    personId: string,
    options: { repoint?: boolean } = {},
  ): Promise<{ heldBy?: string }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: PK.learned, sk: key, personId },
          ...(!options.repoint && {
            ConditionExpression: 'attribute_not_exists(pk) OR personId = :person',
            ExpressionAttributeValues: { ':person': personId },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        }),
      );
      return {};
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException && error.Item !== undefined) {
        return { heldBy: String(unmarshall(error.Item).personId) };
      }
      throw error;
    }
  }
}
