// MessageStore, ProcessedMessages and MessageHistory on the messages table (platform/resources.ts
// MESSAGES_TABLE).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  ClaimResult,
  MessageFilter,
  MessageHistory,
  MessageRecord,
  MessageStore,
  ProcessDecision,
  ProcessedMessages,
  QuarantinedMessage,
  StoredMessage,
} from '../../use-cases/ports/index.ts';
import { queryAll, scanAll } from './paginate.ts';

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
          // A record without an ACK is not a message taken in (a decision written for a message
          // whose claim was taken back): the message takes its place.
          ConditionExpression: 'attribute_not_exists(messageKey) OR attribute_not_exists(ack)',
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
    try {
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
    } catch (error) {
      // Processed already, or gone: nothing to take back.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
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

  /** A scan: used once at start-up by the local hub, never per message. */
  async unprocessed(): Promise<StoredMessage[]> {
    const items = await scanAll(this.client, {
      TableName: this.tableName,
      FilterExpression: '#status = :received',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':received': 'received' },
    });
    return (items as unknown as StoredMessage[]).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  async markProcessed(
    messageKey: string,
    decision: ProcessDecision,
    options: { keepExisting?: boolean } = {},
  ): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { messageKey },
          UpdateExpression: options.keepExisting
            ? 'SET #status = :processed, decision = if_not_exists(decision, :decision)'
            : 'SET #status = :processed, decision = :decision',
          // Never a record of its own: a message whose claim ingest took back (the sender was told
          // to send it again) has none, and its resend will be recognised by the person's state.
          ConditionExpression: 'attribute_exists(messageKey)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':processed': 'processed', ':decision': decision },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

/** What trace and the quarantine list show of an item: never the raw bytes or the event. */
const RECORD_FIELDS =
  'messageKey, controlId, sendingFacility, senderId, receivedAt, #status, ack, ackCode, #error, decision';

export class DynamoDbMessageHistory implements MessageHistory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(messageKey: string): Promise<(StoredMessage & { decision?: ProcessDecision }) | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { messageKey }, ConsistentRead: true }),
    );
    if (Item === undefined || Item.ack === undefined || Item.status === 'quarantined') return undefined;
    return Item as StoredMessage & { decision?: ProcessDecision };
  }

  /** A scan: tracing a message is an operator's occasional act. */
  async withControlId(controlId: string): Promise<MessageRecord[]> {
    const items = await scanAll(this.client, {
      TableName: this.tableName,
      FilterExpression: 'controlId = :id',
      ExpressionAttributeValues: { ':id': controlId },
      ProjectionExpression: RECORD_FIELDS,
      ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
    });
    return oldestFirst(items as unknown as MessageRecord[]);
  }

  /** A scan: the console's search is an operator's occasional act (on a day's or an hour's window). */
  async search(filter: MessageFilter): Promise<(MessageRecord & { eventJson?: string })[]> {
    const scan = searchScan(filter);
    const items = await scanAll(this.client, {
      TableName: this.tableName,
      ...scan,
      ProjectionExpression: `${RECORD_FIELDS}, eventJson`,
      ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
      ExpressionAttributeValues:
        Object.keys(scan.ExpressionAttributeValues).length > 0 ? scan.ExpressionAttributeValues : undefined,
    });
    return (items as unknown as (MessageRecord & { eventJson?: string })[])
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
      .slice(0, filter.limit);
  }

  async quarantined(day: string): Promise<MessageRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'quarantine',
      KeyConditionExpression: 'quarantineDay = :day',
      ExpressionAttributeValues: { ':day': day },
      ProjectionExpression: RECORD_FIELDS,
      ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
    });
    return oldestFirst(items as unknown as MessageRecord[]);
  }
}

/** The search's filters as a scan's: names and values numbered so that any combination fits. */
function searchScan(filter: MessageFilter) {
  const conditions: string[] = ['attribute_exists(ack)'];
  const values: Record<string, unknown> = {};
  if (filter.from !== undefined) {
    conditions.push('receivedAt >= :from');
    values[':from'] = filter.from;
  }
  if (filter.to !== undefined) {
    conditions.push('receivedAt <= :to');
    values[':to'] = filter.to;
  }
  if (filter.controlId !== undefined) {
    conditions.push('controlId = :controlId');
    values[':controlId'] = filter.controlId;
  }
  if (filter.facility !== undefined) {
    conditions.push('sendingFacility = :facility');
    values[':facility'] = filter.facility;
  }
  for (const [i, text] of (filter.text ?? []).entries()) {
    conditions.push(`contains(eventJson, :text${i})`);
    values[`:text${i}`] = text;
  }
  return { FilterExpression: conditions.join(' AND '), ExpressionAttributeValues: values };
}

function oldestFirst(records: MessageRecord[]): MessageRecord[] {
  return records.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
}
