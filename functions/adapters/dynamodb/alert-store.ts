// AlertStore on the alerts table: an alert id is written once; its delivery attempts are appended.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AlertStore, DeliveryAttempt, StoredAlert } from '../../use-cases/ports.ts';

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
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { id },
        UpdateExpression:
          'SET attempts = list_append(if_not_exists(attempts, :none), :attempt), #status = :status, lastError = :error',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':none': [],
          ':attempt': [attempt],
          ':status': status,
          ':error': lastError ?? null,
        },
      }),
    );
  }

  async markPending(id: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { id },
        UpdateExpression: 'SET #status = :pending REMOVE lastError',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending' },
      }),
    );
  }

  /** A scan: dead letters are few, and listing them is an operator's occasional act. */
  async deadLettered(subscriberId?: string): Promise<StoredAlert[]> {
    const alerts: StoredAlert[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: '#status = :dead',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':dead': 'dead-lettered' },
          ExclusiveStartKey: startKey,
        }),
      );
      alerts.push(...((page.Items ?? []) as StoredAlert[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return alerts
      .filter((alert) => subscriberId === undefined || alert.subscriberId === subscriberId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}
