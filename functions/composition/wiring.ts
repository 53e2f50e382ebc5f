// How the adapters are put together for each use case, the same in every runtime: each runtime's
// composition root (Lambda, the local hub, the MLLP container, the CLI) brings its settings, its
// SDK clients and its clock, and gets the dependencies of the use cases it runs. Nothing here
// reads the environment or has an effect when imported.
import { randomUUID } from 'node:crypto';
import { DynamoDbAlertStore } from '../adapters/dynamodb/alert-store.ts';
import { DynamoDbAuditTrail } from '../adapters/dynamodb/audit-trail.ts';
import { DynamoDbIngestHolds } from '../adapters/dynamodb/ingest-holds.ts';
import { expiryAfter } from '../adapters/dynamodb/items.ts';
import { DynamoDbLearnedIdentifiers } from '../adapters/dynamodb/learned-identifiers.ts';
import { DynamoDbMessageHistory, DynamoDbMessageStore } from '../adapters/dynamodb/message-store.ts';
import { DynamoDbPersonStore } from '../adapters/dynamodb/person-store.ts';
import { DynamoDbReviewList } from '../adapters/dynamodb/review-list.ts';
import { DynamoDbRosterStore } from '../adapters/dynamodb/roster-store.ts';
import { DynamoDbSenderDirectory } from '../adapters/dynamodb/sender-directory.ts';
import { DynamoDbSubscriberDirectory } from '../adapters/dynamodb/subscriber-directory.ts';
import { urlGuard, webhookPoster } from '../adapters/http/webhook-http.ts';
import { SqsAlertDispatcher } from '../adapters/sqs/alert-dispatcher.ts';
import { SqsDeadLetterQueue } from '../adapters/sqs/dead-letter-queue.ts';
import { SqsIngestQueue } from '../adapters/sqs/ingest-queue.ts';
import { SqsIngestDeadLetters, SqsIngestRetries } from '../adapters/sqs/ingest-retries.ts';
import { SqsQueueMonitor } from '../adapters/sqs/queue-monitor.ts';
import { SqsWebhookRetryQueue } from '../adapters/sqs/webhook-retry-queue.ts';
import type { ConsoleDependencies } from '../console-api/console-services.ts';
import type { IngestBackstop } from '../handlers/process-queue.ts';
import type { HubClients } from '../platform/clients.ts';
import { INGEST_QUEUE } from '../platform/resources.ts';
import type { Settings } from '../platform/settings.ts';
import type { WebhookRetryDependencies } from '../use-cases/deliver-webhook.ts';
import type { IngestDependencies } from '../use-cases/ingest.ts';
import type { Clock, IdGenerator, SenderDirectory, SubscriberQueues } from '../use-cases/ports/index.ts';
import type { ProcessDependencies } from '../use-cases/process.ts';
import type { RedriveDependencies } from '../use-cases/redrive.ts';
import type { ReviewDependencies } from '../use-cases/review.ts';
import { RosterSnapshot } from '../use-cases/roster-snapshot.ts';
import { WebhookGate } from '../use-cases/webhook-gate.ts';

/** What a runtime brings besides its settings. */
export interface Runtime {
  clients: Pick<HubClients, 'dynamodb' | 'sqs'>;
  clock: Clock;
  ids: IdGenerator;
  random(): number;
}

/** The first webhook attempt, made by the process step, waits at most this long. */
const FIRST_ATTEMPT_TIMEOUT_MS = 3_000;

export const INGEST_SETTINGS = ['messagesTable', 'ingestQueueUrl', 'retentionDays'] as const;

export function ingestDependencies(
  settings: Pick<Settings, (typeof INGEST_SETTINGS)[number]>,
  runtime: Runtime,
): IngestDependencies {
  const { dynamodb, sqs } = runtime.clients;
  return {
    store: new DynamoDbMessageStore(dynamodb, settings.messagesTable),
    queue: new SqsIngestQueue(sqs, settings.ingestQueueUrl),
    clock: runtime.clock,
    ids: runtime.ids,
    retentionDays: settings.retentionDays,
  };
}

export function senderDirectory(settings: Pick<Settings, 'sendersTable'>, runtime: Runtime): SenderDirectory {
  return new DynamoDbSenderDirectory(runtime.clients.dynamodb, settings.sendersTable);
}

function webhookCalls(settings: Pick<Settings, 'allowLoopbackWebhooks'>) {
  const allowLoopback = settings.allowLoopbackWebhooks;
  return { http: webhookPoster({ allowLoopback }), guard: urlGuard({ allowLoopback }) };
}

export const PROCESS_SETTINGS = [
  'deployment',
  'messagesTable',
  'registryTable',
  'alertsTable',
  'webhookQueueUrl',
  'webhookDeadLetterUrl',
  'retentionDays',
  'registryRetentionDays',
  'webhookTimeoutMs',
  'allowLoopbackWebhooks',
] as const;

export function processDependencies(
  settings: Pick<Settings, (typeof PROCESS_SETTINGS)[number]>,
  runtime: Runtime,
): ProcessDependencies {
  const { dynamodb, sqs } = runtime.clients;
  const registry = settings.registryTable;
  // What the hub learns of a person expires so long after its last change.
  const expiry = expiryAfter(settings.registryRetentionDays, () => runtime.clock.now());
  const learned = new DynamoDbLearnedIdentifiers(dynamodb, registry, expiry);
  return {
    deployment: settings.deployment,
    messages: new DynamoDbMessageStore(dynamodb, settings.messagesTable),
    rosters: new RosterSnapshot(new DynamoDbRosterStore(dynamodb, registry), runtime.clock),
    people: new DynamoDbPersonStore(dynamodb, registry, expiry),
    learned,
    review: new DynamoDbReviewList(dynamodb, registry, expiry),
    subscribers: new DynamoDbSubscriberDirectory(dynamodb, registry),
    alerts: new DynamoDbAlertStore(dynamodb, settings.alertsTable),
    dispatcher: new SqsAlertDispatcher(sqs, settings.webhookQueueUrl, settings.webhookDeadLetterUrl),
    webhooks: {
      ...webhookCalls(settings),
      timeoutMs: Math.min(settings.webhookTimeoutMs, FIRST_ATTEMPT_TIMEOUT_MS),
      random: runtime.random,
      // One per container: the rest it gives a failing receiver lasts across invocations.
      gate: new WebhookGate(),
    },
    clock: runtime.clock,
    retentionDays: settings.retentionDays,
  };
}

export const INGEST_BACKSTOP_SETTINGS = ['ingestQueueUrl', 'ingestDeadLetterUrl', 'registryTable'] as const;

/**
 * The process step's retries on the ingest queue (backoff), and where it parks what it gives up on
 * (the dead-letter queue, with its patient held) at the queue's own receive limit.
 */
export function ingestBackstop(
  settings: Pick<Settings, (typeof INGEST_BACKSTOP_SETTINGS)[number]>,
  runtime: Runtime,
): IngestBackstop {
  const { sqs } = runtime.clients;
  return {
    retries: new SqsIngestRetries(sqs, settings.ingestQueueUrl),
    deadLetters: new SqsIngestDeadLetters(sqs, settings.ingestQueueUrl, settings.ingestDeadLetterUrl),
    holds: new DynamoDbIngestHolds(runtime.clients.dynamodb, settings.registryTable),
    maxReceives: INGEST_QUEUE.maxReceiveCount,
  };
}

export const WEBHOOK_RETRY_SETTINGS = [
  'registryTable',
  'alertsTable',
  'webhookQueueUrl',
  'webhookDeadLetterUrl',
  'webhookTimeoutMs',
  'webhookMaxAgeMs',
  'allowLoopbackWebhooks',
] as const;

export function webhookRetryDependencies(
  settings: Pick<Settings, (typeof WEBHOOK_RETRY_SETTINGS)[number]>,
  runtime: Runtime,
): WebhookRetryDependencies {
  const { dynamodb, sqs } = runtime.clients;
  return {
    ...webhookCalls(settings),
    subscribers: new DynamoDbSubscriberDirectory(dynamodb, settings.registryTable),
    alerts: new DynamoDbAlertStore(dynamodb, settings.alertsTable),
    queue: new SqsWebhookRetryQueue(sqs, settings.webhookQueueUrl),
    dispatcher: new SqsAlertDispatcher(sqs, settings.webhookQueueUrl, settings.webhookDeadLetterUrl),
    clock: runtime.clock,
    random: runtime.random,
    maxAgeMs: settings.webhookMaxAgeMs,
    timeoutMs: settings.webhookTimeoutMs,
  };
}

export const OPERATOR_SETTINGS = [
  'deployment',
  'messagesTable',
  'sendersTable',
  'registryTable',
  'alertsTable',
  'allowLoopbackWebhooks',
] as const;

/** What operators' commands and the console use: stores to read and change, no queues. */
export function operatorDependencies(
  settings: Pick<Settings, (typeof OPERATOR_SETTINGS)[number]>,
  runtime: Runtime,
) {
  const { dynamodb } = runtime.clients;
  const registry = settings.registryTable;
  return {
    deployment: settings.deployment,
    audit: new DynamoDbAuditTrail(dynamodb, registry),
    senders: new DynamoDbSenderDirectory(dynamodb, settings.sendersTable),
    subscribers: new DynamoDbSubscriberDirectory(dynamodb, registry),
    rosters: new DynamoDbRosterStore(dynamodb, registry),
    review: new DynamoDbReviewList(dynamodb, registry),
    alerts: new DynamoDbAlertStore(dynamodb, settings.alertsTable),
    history: new DynamoDbMessageHistory(dynamodb, settings.messagesTable),
    guard: webhookCalls(settings).guard,
    clock: runtime.clock,
  };
}

/** A review decision sends alerts as the process step does: its dependencies, and the audit trail. */
export function reviewDependencies(
  settings: Pick<Settings, (typeof PROCESS_SETTINGS)[number] | 'registryTable'>,
  runtime: Runtime,
): ReviewDependencies {
  const { dynamodb } = runtime.clients;
  return {
    ...processDependencies(settings, runtime),
    history: new DynamoDbMessageHistory(dynamodb, settings.messagesTable),
    audit: new DynamoDbAuditTrail(dynamodb, settings.registryTable),
  };
}

export const REDRIVE_SETTINGS = [
  'registryTable',
  'alertsTable',
  'webhookQueueUrl',
  'webhookDeadLetterUrl',
] as const;

export function redriveDependencies(
  settings: Pick<Settings, (typeof REDRIVE_SETTINGS)[number]>,
  runtime: Runtime,
): RedriveDependencies {
  const { dynamodb, sqs } = runtime.clients;
  return {
    alerts: new DynamoDbAlertStore(dynamodb, settings.alertsTable),
    subscribers: new DynamoDbSubscriberDirectory(dynamodb, settings.registryTable),
    dispatcher: new SqsAlertDispatcher(sqs, settings.webhookQueueUrl, settings.webhookDeadLetterUrl),
    deadLetters: new SqsDeadLetterQueue(sqs, settings.webhookDeadLetterUrl),
    clock: runtime.clock,
  };
}

export const CONSOLE_SETTINGS = [
  ...PROCESS_SETTINGS,
  'sendersTable',
  'ingestQueueUrl',
  'ingestDeadLetterUrl',
] as const;

/**
 * What the console's services use: the review, redrive, subscriber and roster use cases, the
 * message history, and the queues' depths. The same wherever the console runs; the local hub adds
 * what only it has (making SQS subscribers' queues, its MLLP listener's connections).
 */
export function consoleDependencies(
  settings: Pick<Settings, (typeof CONSOLE_SETTINGS)[number]>,
  runtime: Runtime,
  local: { queues?: SubscriberQueues; mllpConnections?: () => Map<string, number> } = {},
): ConsoleDependencies {
  const { dynamodb, sqs } = runtime.clients;
  return {
    review: reviewDependencies(settings, runtime),
    history: new DynamoDbMessageHistory(dynamodb, settings.messagesTable),
    redrive: redriveDependencies(settings, runtime),
    subscribers: {
      subscribers: new DynamoDbSubscriberDirectory(dynamodb, settings.registryTable),
      ...(local.queues !== undefined && { queues: local.queues }),
      guard: webhookCalls(settings).guard,
    },
    rosters: new DynamoDbRosterStore(dynamodb, settings.registryTable),
    senders: senderDirectory(settings, runtime),
    queues: new SqsQueueMonitor(sqs, [
      { name: 'ingest', url: settings.ingestQueueUrl, deadLetterUrl: settings.ingestDeadLetterUrl },
      { name: 'webhook', url: settings.webhookQueueUrl, deadLetterUrl: settings.webhookDeadLetterUrl },
    ]),
    ...(local.mllpConnections !== undefined && { mllpConnections: local.mllpConnections }),
    newPersonId: () => `p-${randomUUID()}`,
  };
}
