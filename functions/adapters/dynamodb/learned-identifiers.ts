// LearnedIdentifiers on the registry table: hospital numbers learned from confident matches, keyed
// by facility and number. A number is written once for a person; a conditional write keeps another
// message (or another container) from re-pointing it, unless a merge says so.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { LearnedIdentifiers } from '../../use-cases/ports/index.ts';
import { type Expiry, expiresAtOf, PK } from './items.ts';

export class DynamoDbLearnedIdentifiers implements LearnedIdentifiers {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly expiry?: Expiry,
  ) {}

  /** One BatchGetItem (a message carries a handful of numbers at most). */
  async lookup(keys: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const unique = [...new Set(keys)].slice(0, 100);
    if (unique.length === 0) return found;
    let request: BatchGetCommandInput['RequestItems'] = {
      [this.tableName]: { Keys: unique.map((sk) => ({ pk: PK.learned, sk })) },
    };
    for (
      let attempt = 0;
      request !== undefined && Object.keys(request).length > 0 && attempt < 5;
      attempt++
    ) {
      const result: BatchGetCommandOutput = await this.client.send(
        new BatchGetCommand({ RequestItems: request }),
      );
      for (const item of result.Responses?.[this.tableName] ?? [])
        found.set(String(item.sk), String(item.personId));
      request = result.UnprocessedKeys as BatchGetCommandInput['RequestItems'];
    }
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
