// The one definition of ADT Hub's tables and queues: names, keys, indexes, TTL, FIFO, DLQs and
// visibility timeouts. The local hub creates them from here (local/bootstrap.ts) and so will the
// CDK stateful stack, so the two cannot drift; handlers read the env var names from here too.
// Plain data (and the env lookups that go with it): no aws-cdk-lib, no SDK.

export type AttributeType = 'S' | 'N';

export interface KeyDefinition {
  name: string;
  type: AttributeType;
}

export interface TableDefinition {
  /** Logical name; the physical one is `adt-hub-<deployment>-<name>`. */
  name: string;
  /** How a handler learns the physical name. */
  envVar: string;
  partitionKey: KeyDefinition;
  sortKey?: KeyDefinition;
  /** Sparse indexes: only items that carry the partition attribute are in them. */
  globalIndexes?: { name: string; partitionKey: KeyDefinition; sortKey?: KeyDefinition }[];
  /** Attribute holding an epoch-seconds expiry. */
  ttlAttribute?: string;
}

export interface QueueDefinition {
  /** Logical name; the physical one is `adt-hub-<deployment>-<name>` (+ `.fifo`). */
  name: string;
  /** How a handler learns the queue URL. */
  envVar: string;
  fifo: boolean;
  visibilityTimeoutSeconds: number;
  retentionSeconds: number;
  /** Receives after which a message moves to `<name>-dlq`. */
  maxReceiveCount: number;
}

const DAY = 24 * 60 * 60;

/** Every HL7 message received: raw text, AdtEvent, ACK, status; the quarantine is a sparse index. */
export const MESSAGES_TABLE: TableDefinition = {
  name: 'messages',
  envVar: 'MESSAGES_TABLE',
  partitionKey: { name: 'messageKey', type: 'S' },
  globalIndexes: [
    {
      name: 'quarantine',
      partitionKey: { name: 'quarantineDay', type: 'S' },
      sortKey: { name: 'receivedAt', type: 'S' },
    },
  ],
  ttlAttribute: 'expiresAt',
};

/** Sender keys, stored as SHA-256 hashes, each with the MSH-4 facilities it may send for. */
export const SENDERS_TABLE: TableDefinition = {
  name: 'senders',
  envVar: 'SENDERS_TABLE',
  partitionKey: { name: 'keyHash', type: 'S' },
};

/**
 * Subscribers' rosters and what the hub learned about people. A roster is stored whole, in
 * compressed chunks under a version, and swapped in by one write: importing 100,000 rows is a few
 * hundred writes, and a reader never sees half a roster.
 */
export const REGISTRY_TABLE: TableDefinition = {
  name: 'registry',
  envVar: 'REGISTRY_TABLE',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  // What the hub learned of a person (state, learned numbers, review items) expires; rosters,
  // subscribers and the audit trail carry no expiresAt and stay.
  ttlAttribute: 'expiresAt',
};

/**
 * Alerts decided by the process step, one item per alert id (stable per message, subscriber and
 * event), so processing a message twice never makes an alert twice. Delivery reads them.
 */
export const ALERTS_TABLE: TableDefinition = {
  name: 'alerts',
  envVar: 'ALERTS_TABLE',
  partitionKey: { name: 'id', type: 'S' },
  ttlAttribute: 'expiresAt',
};

/**
 * Accepted messages waiting to be processed, in order per patient (FIFO group). A message that
 * fails is tried again with backoff up to 15 minutes (handlers/process-queue.ts), so a few hours of
 * DynamoDB or KMS trouble is waited out: about three days of receives before the dead-letter queue.
 */
export const INGEST_QUEUE: QueueDefinition = {
  name: 'ingest',
  envVar: 'INGEST_QUEUE_URL',
  fifo: true,
  visibilityTimeoutSeconds: 60,
  retentionSeconds: 14 * DAY,
  maxReceiveCount: 300,
};

/**
 * The message attribute a redrive of the ingest dead-letter queue sets, so that the hold on its
 * patient (the messages held back behind it) does not park it again.
 */
export const INGEST_REDRIVEN_ATTRIBUTE = 'adt-hub-redriven';

/** Where the process step parks what it gives up on, and its patient's later messages. */
export const INGEST_DLQ_ENV = 'INGEST_DLQ_URL';

/**
 * Alerts for webhook subscribers, one FIFO group per subscriber and person, so each person's
 * alerts arrive in order. Retries are paced by the deliverer itself (visibility timeout), for up to
 * 24 hours; the receive count here is only a backstop.
 */
export const WEBHOOK_QUEUE: QueueDefinition = {
  name: 'webhook',
  envVar: 'WEBHOOK_QUEUE_URL',
  fifo: true,
  visibilityTimeoutSeconds: 60,
  retentionSeconds: 4 * DAY,
  maxReceiveCount: 1000,
};

export const TABLES: readonly TableDefinition[] = [
  MESSAGES_TABLE,
  SENDERS_TABLE,
  REGISTRY_TABLE,
  ALERTS_TABLE,
];
export const QUEUES: readonly QueueDefinition[] = [INGEST_QUEUE, WEBHOOK_QUEUE];

/** Where the webhook deliverer puts alerts it gives up on (the queue's own DLQ). */
export const WEBHOOK_DLQ_ENV = 'WEBHOOK_DLQ_URL';

/** The name of the queue the hub creates for an SQS subscriber. */
export function subscriberQueueName(deployment: string, subscriberId: string): string {
  return `adt-hub-${deployment}-subscriber-${subscriberId.replace(/[^A-Za-z0-9_-]/g, '-')}.fifo`;
}

/** Its dead-letter queue (on AWS: where the subscriber's consumer's failures end up). */
export function subscriberDeadLetterQueueName(deployment: string, subscriberId: string): string {
  return subscriberQueueName(deployment, subscriberId).replace(/\.fifo$/, '-dlq.fifo');
}

/** The SNS topic the hub's alarms notify (the CDK app names it so; `adt-hub doctor` finds it by it). */
export function alarmTopicName(deployment: string): string {
  return `adt-hub-${deployment}-alarms`;
}

/** The CloudWatch namespace of the hub's own metrics (Powertools EMF, and the MLLP log filter). */
export const METRICS_NAMESPACE = 'AdtHub';

/** Which of the console API's routes a console function serves: `read` or `change` (routes.ts). */
export const CONSOLE_ACCESS_ENV = 'ADT_HUB_CONSOLE_ACCESS';

/** The token claim that lists a console user's roles (Cognito's `cognito:groups` by default). */
export const CONSOLE_GROUPS_CLAIM_ENV = 'ADT_HUB_CONSOLE_GROUPS_CLAIM';

/** The token claim that names a console user in the audit trail (Cognito's `username` by default). */
export const CONSOLE_USERNAME_CLAIM_ENV = 'ADT_HUB_CONSOLE_USERNAME_CLAIM';

/** The deployment name, in alert sources (`adt-hub/<deployment>`). */
export const DEPLOYMENT_ENV = 'ADT_HUB_DEPLOYMENT';

export function tableName(deployment: string, table: TableDefinition): string {
  return `adt-hub-${deployment}-${table.name}`;
}

export function queueName(deployment: string, queue: QueueDefinition, deadLetter = false): string {
  return `adt-hub-${deployment}-${queue.name}${deadLetter ? '-dlq' : ''}${queue.fifo ? '.fifo' : ''}`;
}

/** Days a received message (raw text and event) is kept before DynamoDB TTL removes it. */
export const MESSAGE_RETENTION_DAYS = 30;

/**
 * On AWS, the deployment's `retention.messageDays` (lib/config/), set on the functions that
 * store messages and alerts; without it (the local hub) they keep MESSAGE_RETENTION_DAYS.
 */
export const MESSAGE_RETENTION_DAYS_ENV = 'ADT_HUB_MESSAGE_RETENTION_DAYS';

/** Days the registry keeps what it learned of a person after its last change (DynamoDB TTL). */
export const REGISTRY_RETENTION_DAYS = 365;

/** On AWS, the deployment's `retention.registryDays`, set on the functions that write person state. */
export const REGISTRY_RETENTION_DAYS_ENV = 'ADT_HUB_REGISTRY_RETENTION_DAYS';

/** The days messages and alerts are kept, from the environment or the default. */
export function messageRetentionDays(env: Record<string, string | undefined> = process.env): number {
  const text = env[MESSAGE_RETENTION_DAYS_ENV];
  if (text === undefined || text === '') return MESSAGE_RETENTION_DAYS;
  const days = Number(text);
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(`${MESSAGE_RETENTION_DAYS_ENV} must be a whole number of days (got '${text}')`);
  }
  return days;
}
