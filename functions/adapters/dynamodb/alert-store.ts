// AlertStore on the alerts table: an alert id is written once; its delivery attempts are appended.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AlertStore, DeliveryAttempt, StoredAlert } from '../../use-cases/ports/index.ts';
import { scanAll } from './paginate.ts';

export class DynamoDbAlertStore implements AlertStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async save(alert: StoredAlert): Promise<StoredAlert> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: alert,
          ConditionExpression: 'attribute_not_exists(id)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return alert;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException && error.Item !== undefined) {
        return unmarshall(error.Item) as StoredAlert;
      }
      throw error;
    }
  }

  async get(id: string): Promise<StoredAlert | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
    );
    return Item as StoredAlert | undefined;
  }

  async recordAttempt(
    id: string,
    attempt: DeliveryAttempt,
    status: StoredAlert['status'],
    lastError?: string,
  ): Promise<void> {
    await this.updateExisting({
      Key: { id },
      UpdateExpression: `SET attempts = list_append(if_not_exists(attempts, :none), :attempt), #status = :status${
        lastError === undefined ? ' REMOVE lastError' : ', lastError = :error'
      }`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':none': [],
        ':attempt': [attempt],
        ':status': status,
        ...(lastError !== undefined && { ':error': lastError }),
      },
    });
  }

  async markPending(id: string): Promise<void> {
    await this.updateExisting({
      Key: { id },
      UpdateExpression: 'SET #status = :pending REMOVE lastError',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pending': 'pending' },
    });
  }

  /** Updates an alert that exists; an unknown id changes nothing (it would be a record of nothing). */
  private async updateExisting(
    input: Omit<UpdateCommandInput, 'TableName' | 'ConditionExpression'> & { Key: Record<string, unknown> },
  ) {
    try {
      await this.client.send(
        new UpdateCommand({
          ...input,
          TableName: this.tableName,
          ConditionExpression: 'attribute_exists(id)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** A scan: dead letters are few, and listing them is an operator's occasional act. */
  async deadLettered(subscriberId?: string): Promise<StoredAlert[]> {
    const alerts = await this.withStatus('dead-lettered');
    return alerts.filter((alert) => subscriberId === undefined || alert.subscriberId === subscriberId);
  }

  /** A scan: used once at start-up by the local hub, never per message. */
  async pending(): Promise<StoredAlert[]> {
    return this.withStatus('pending');
  }

  private async withStatus(status: StoredAlert['status']): Promise<StoredAlert[]> {
    const items = await scanAll(this.client, {
      TableName: this.tableName,
      FilterExpression: '#status = :status',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': status },
    });
    return (items as unknown as StoredAlert[]).sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.sequence - b.sequence,
    );
  }
}
