// MessageStore on the messages table (lib/resources.ts MESSAGES_TABLE).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  ClaimResult,
  MessageStore,
  ProcessDecision,
  ProcessedMessages,
  QuarantinedMessage,
  StoredMessage,
} from '../../use-cases/ports.ts';

export class DynamoDbMessageStore implements MessageStore, ProcessedMessages {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(message: StoredMessage): Promise<ClaimResult> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: message,
          ConditionExpression: 'attribute_not_exists(messageKey)',
          // The item that won comes back with the failure: no second read.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { created: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException && error.Item !== undefined) {
        return { created: false, existing: unmarshall(error.Item) as StoredMessage };
      }
      throw error;
    }
  }

  async release(messageKey: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { messageKey },
        // Never take back a message the process step has already handled.
        ConditionExpression: '#status = :received',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':received': 'received' },
      }),
    );
  }

  async quarantine(message: QuarantinedMessage): Promise<void> {
    const { quarantineId, ...rest } = message;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...rest,
          messageKey: `quarantine|${quarantineId}`,
          status: 'quarantined',
          // The sparse `quarantine` index lists refused messages by day.
          quarantineDay: message.receivedAt.slice(0, 10),
        },
      }),
    );
  }

  async markProcessed(
    messageKey: string,
    decision: ProcessDecision,
    options: { keepExisting?: boolean } = {},
  ): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { messageKey },
        UpdateExpression: options.keepExisting
          ? 'SET #status = :processed, decision = if_not_exists(decision, :decision)'
          : 'SET #status = :processed, decision = :decision',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':processed': 'processed', ':decision': decision },
      }),
    );
  }
}
