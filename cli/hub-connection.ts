// The CLI's composition root: how a command reaches a hub. A deployed stack when `--stack NAME` (or
// ADT_HUB_STACK) names its deployment, with the usual AWS credential chain; otherwise the hub
// `npm start` runs in this folder, found through .adt-hub/hub.json. Either way the commands get the
// same use cases' dependencies, wired as every runtime wires them (functions/composition/).
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDbIngestHolds } from '../functions/adapters/dynamodb/ingest-holds.ts';
import { SqsIngestDeadLetters } from '../functions/adapters/sqs/ingest-retries.ts';
import { SqsSubscriberQueues } from '../functions/adapters/sqs/subscriber-queues.ts';
import {
  operatorDependencies,
  type Runtime,
  redriveDependencies,
  reviewDependencies,
} from '../functions/composition/wiring.ts';
import { createClients, type HubClients } from '../functions/platform/clients.ts';
import {
  ALERTS_TABLE,
  INGEST_QUEUE,
  MESSAGES_TABLE,
  queueName,
  REGISTRY_TABLE,
  SENDERS_TABLE,
  tableName,
  WEBHOOK_QUEUE,
} from '../functions/platform/resources.ts';
import { readSettings } from '../functions/platform/settings.ts';
import { ackControlIds, systemClock } from '../functions/platform/system.ts';
import type { IngestDeadLetters, IngestHolds, SubscriberQueues } from '../functions/use-cases/ports/index.ts';
import { localClients } from '../local/clients.ts';
import { runningHub } from '../local/state.ts';

export interface HubConnection {
  deployment: string;
  /** True for the hub npm start runs here; false for a deployed stack. */
  local: boolean;
  clients: HubClients;
  /** The stores operators read and change. */
  operations: ReturnType<typeof operatorDependencies>;
  /** Where SQS subscribers' queues are made: the local hub only (a stack's come from its configuration). */
  queues?: SubscriberQueues;
  /** What a redrive needs (it looks up the webhook queues' URLs). */
  redrive(): Promise<ReturnType<typeof redriveDependencies>>;
  /** What a review decision needs: it sends alerts as the process step does. */
  review(): Promise<ReturnType<typeof reviewDependencies>>;
  /** The ingest queue's dead letters (messages the process step gave up on) and the patients held. */
  ingestDeadLetters(): Promise<{ deadLetters: IngestDeadLetters; holds: IngestHolds }>;
  /** Who is acting, for the audit trail: locally the OS user; on AWS the caller's IAM identity. */
  actor(): Promise<string>;
  close(): void;
}

const CONFIG_DIR = fileURLToPath(new URL('../config/', import.meta.url));

/**
 * The region of a deployed stack: AWS_REGION (or AWS_DEFAULT_REGION) when set; else the one its
 * configuration file in this repository names (eu-west-2 when it names none, as the CDK app
 * reads it); else undefined, and the SDK takes the profile's.
 */
export function stackRegion(
  stack: string,
  env: Record<string, string | undefined> = process.env,
  readConfig: (stack: string) => string | undefined = (name) => {
    const path = join(CONFIG_DIR, `${name}.json`);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  },
): string | undefined {
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  const text = /^[a-z][a-z0-9-]{1,20}$/.test(stack) ? readConfig(stack) : undefined;
  if (text === undefined) return undefined;
  try {
    const region = (JSON.parse(text) as { region?: unknown }).region;
    return typeof region === 'string' ? region : 'eu-west-2';
  } catch {
    return undefined; // Not JSON: the CDK app refuses it; the profile's region it is.
  }
}

export function connectToHub(): HubConnection {
  const stack = process.env.ADT_HUB_STACK;
  let deployment: string;
  let clients: HubClients;
  let local: boolean;
  if (stack !== undefined && stack !== '') {
    deployment = stack;
    local = false;
    // The SDK's own configuration for credentials and retries; the region as stackRegion says.
    clients = createClients({ region: stackRegion(stack) });
  } else {
    const hub = runningHub();
    if (hub === undefined) throw new Error('no hub is running here: start one with npm start');
    deployment = hub.deployment;
    local = true;
    clients = localClients(hub);
  }
  const runtime: Runtime = { clients, clock: systemClock, ids: ackControlIds, random: Math.random };
  const tables = {
    messagesTable: tableName(deployment, MESSAGES_TABLE),
    sendersTable: tableName(deployment, SENDERS_TABLE),
    registryTable: tableName(deployment, REGISTRY_TABLE),
    alertsTable: tableName(deployment, ALERTS_TABLE),
  };
  const queueUrl = async (deadLetter: boolean, queue = WEBHOOK_QUEUE) => {
    const name = queueName(deployment, queue, deadLetter);
    const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    if (QueueUrl === undefined) throw new Error(`no queue ${name}`);
    return QueueUrl;
  };
  return {
    deployment,
    local,
    clients,
    // Locally, webhooks may be on this machine (the demo receiver, tests).
    operations: operatorDependencies({ deployment, ...tables, allowLoopbackWebhooks: local }, runtime),
    ...(local && { queues: new SqsSubscriberQueues(clients.sqs, deployment) }),
    redrive: async () =>
      redriveDependencies(
        { ...tables, webhookQueueUrl: await queueUrl(false), webhookDeadLetterUrl: await queueUrl(true) },
        runtime,
      ),
    review: async () =>
      reviewDependencies(
        {
          deployment,
          ...tables,
          webhookQueueUrl: await queueUrl(false),
          webhookDeadLetterUrl: await queueUrl(true),
          ...readSettings(['retentionDays', 'registryRetentionDays', 'webhookTimeoutMs']),
          allowLoopbackWebhooks: local,
        },
        runtime,
      ),
    ingestDeadLetters: async () => ({
      deadLetters: new SqsIngestDeadLetters(
        clients.sqs,
        await queueUrl(false, INGEST_QUEUE),
        await queueUrl(true, INGEST_QUEUE),
      ),
      holds: new DynamoDbIngestHolds(clients.dynamodb, tables.registryTable),
    }),
    actor: async () => {
      if (local) return userInfo().username;
      const sts = new STSClient({ region: stackRegion(deployment) });
      try {
        const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
        return Arn ?? 'unknown caller';
      } finally {
        sts.destroy();
      }
    },
    close: () => clients.destroy(),
  };
}
