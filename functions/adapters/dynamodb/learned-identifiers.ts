// LearnedIdentifiers on the registry table: hospital numbers learned from confident matches, keyed
// by facility and number. A number is written once for a person; a conditional write keeps another
// message (or another container) from re-pointing it, unless a merge says so.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { LearnedIdentifiers } from '../../use-cases/ports/index.ts';
import { batchedGets } from './batched-gets.ts';
import { type Expiry, expiresAtOf, PK } from './items.ts';

export class DynamoDbLearnedIdentifiers implements LearnedIdentifiers {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly expiry?: Expiry,
  ) {}

  /** Read consistently, together (batched-gets.ts): a message carries a handful of numbers at most. */
  async lookup(keys: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(keys)];
    const gets = batchedGets(this.client);
    const items = await Promise.all(unique.map((sk) => gets.get(this.tableName, { pk: PK.learned, sk })));
    const found = new Map<string, string>();
    for (const [i, item] of items.entries())
      if (item !== undefined) found.set(unique[i] as string, String(item.personId));
    return found;
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
          Item: { pk: PK.learned, sk: key, personId, ...expiresAtOf(this.expiry) },
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
