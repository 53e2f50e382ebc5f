// PersonStore on the registry table: one versioned item per person (items.ts), expiring so many
// days after its last change (retention.registryDays).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { StalePersonStateError } from '../../use-cases/errors.ts';
import type { PersonState, PersonStore } from '../../use-cases/ports/index.ts';
import { batchedGets } from './batched-gets.ts';
import { type Expiry, expiresAtOf, personKey } from './items.ts';

export class DynamoDbPersonStore implements PersonStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly expiry?: Expiry,
  ) {}

  async load(personId: string): Promise<PersonState> {
    // Read together with whatever else the process step asks in the same turn (its ingest hold).
    const Item = await batchedGets(this.client).get(this.tableName, personKey(personId));
    if (Item === undefined) return { pastAlerts: [], version: 0 };
    const { pk: _, sk: __, expiresAt: ___, ...state } = Item;
    return {
      ...(state as PersonState),
      pastAlerts: state.pastAlerts ?? [],
      version: Number(state.version ?? 0),
    };
  }

  async save(personId: string, state: PersonState): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...personKey(personId), ...state, version: state.version + 1, ...expiresAtOf(this.expiry) },
          ConditionExpression: state.version === 0 ? 'attribute_not_exists(pk)' : 'version = :loaded',
          ExpressionAttributeValues: state.version === 0 ? undefined : { ':loaded': state.version },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new StalePersonStateError(personId);
      throw error;
    }
  }
}
