// What each console function may do, as data: the actions on each table and queue that its routes
// make (functions/console-api/routes.ts `access`), and nothing more. The CDK app grants exactly
// these (lib/constructs/console-api.ts); the infra tests read the template against them, and an
// end-to-end test runs every route on the local hub and checks each AWS call it makes is here.
// Plain data: no aws-cdk-lib.
import { PK } from '../functions/adapters/dynamodb/items.ts';
import type { RouteAccess } from '../functions/console-api/routes.ts';

export type ConsoleResource =
  | 'messages'
  | 'senders'
  | 'registry'
  | 'alerts'
  | 'ingestQueue'
  | 'ingestDeadLetters'
  | 'webhookQueue'
  | 'webhookDeadLetters'
  | 'subscriberQueues';

/** The registry partition of the audit trail: append-only. */
export const AUDIT_PARTITION = PK.audit;

/**
 * The one write the read function makes: an audit entry (a reveal, a sign-in), PutItem on the
 * registry only where the partition key is the audit trail's (IAM's dynamodb:LeadingKeys).
 */
export const AUDIT_APPEND = ['dynamodb:PutItem'] as const;

/** Denied to both functions on the audit partition: an entry is never changed or deleted. */
export const AUDIT_NEVER = ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'] as const;

export const CONSOLE_GRANTS: Record<RouteAccess, Partial<Record<ConsoleResource, readonly string[]>>> = {
  /**
   * Every GET, the reveal (read, then audited) and the roster preview (the uploaded CSV only):
   * messages and their traces, the review list beside the rosters, deliveries and dead letters,
   * subscribers and senders, the audit trail, and the queues' depths.
   */
  read: {
    messages: ['dynamodb:GetItem', 'dynamodb:Scan'],
    alerts: ['dynamodb:GetItem', 'dynamodb:Scan'],
    senders: ['dynamodb:Scan'],
    registry: ['dynamodb:GetItem', 'dynamodb:Query'],
    ingestQueue: ['sqs:GetQueueAttributes'],
    ingestDeadLetters: ['sqs:GetQueueAttributes'],
    webhookQueue: ['sqs:GetQueueAttributes'],
    webhookDeadLetters: ['sqs:GetQueueAttributes'],
  },
  /**
   * Review decisions (the review item, the person's state, learned hospital numbers, rejections,
   * the message marked processed, the alerts sent as the process step sends them), redrive (dead
   * alerts back on the webhook queue or a subscriber's own, taken off the dead-letter queue),
   * adding a subscriber, importing a roster (chunks written and the old ones deleted in batches).
   */
  change: {
    messages: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    alerts: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Scan'],
    registry: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:BatchWriteItem',
    ],
    webhookQueue: ['sqs:SendMessage'],
    webhookDeadLetters: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
    subscriberQueues: ['sqs:SendMessage'],
  },
};

/**
 * The data key's actions, the same for both: both write (the read function appends to the audit
 * trail), and SQS producers need a data key too.
 */
export const CONSOLE_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:DescribeKey',
] as const;
