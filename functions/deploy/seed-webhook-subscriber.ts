// Deploy time only: the CloudFormation custom resource (lib/constructs/config-seed.ts) that writes
// one webhook subscriber of the deployment's configuration into the registry table, through the
// subscriber directory, with its Standard Webhooks secret read here from Secrets Manager.
// CloudFormation does not resolve secretsmanager dynamic references in a custom resource's
// properties, and CDK's AwsCustomResource logs each request whole; here the secret lives only
// between GetSecretValue and PutItem, and is never logged or returned.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { DynamoDbSubscriberDirectory } from '../adapters/dynamodb/subscriber-directory.ts';
import { createClients } from '../platform/clients.ts';
import { createTelemetry } from '../platform/observability.ts';
import type { SubscriberDirectory, SubscriberRecord } from '../use-cases/ports/index.ts';
import { WEBHOOK_SECRET } from '../use-cases/subscribers.ts';

/** The custom resource's properties (besides ServiceToken). */
export interface SeedProperties {
  /** The registry table's name. */
  TableName: string;
  /** The subscriber as JSON, its delivery `{ kind: 'webhook', url }` without the secret. */
  Subscriber: string;
  /** Name or ARN of the Secrets Manager secret holding its `whsec_…` secret. */
  SecretId: string;
}

export interface SeedDependencies {
  /** The secret's SecretString, or undefined when it has none (a binary secret). */
  readSecret(secretId: string): Promise<string | undefined>;
  subscribers(tableName: string): Pick<SubscriberDirectory, 'add' | 'remove'>;
}

export interface SeedResult {
  status: 'SUCCESS' | 'FAILED';
  physicalResourceId: string;
  reason?: string;
}

/** The physical id of a subscriber this resource wrote: the only kind it ever deletes. */
const WRITTEN = 'registry/SUBSCRIBERS/';

class SeedError extends Error {
  override readonly name = 'SeedError';
}

type WebhookSubscriberWithoutSecret = Omit<SubscriberRecord, 'delivery'> & {
  delivery: { kind: 'webhook'; url: string };
};

function subscriberOf(properties: SeedProperties): WebhookSubscriberWithoutSecret {
  const subscriber = JSON.parse(properties.Subscriber) as Partial<SubscriberRecord>;
  const delivery = subscriber.delivery as { kind?: unknown; url?: unknown } | undefined;
  if (typeof subscriber.id !== 'string' || subscriber.id === '' || !Array.isArray(subscriber.events)) {
    throw new SeedError('Subscriber is not a subscriber (an id and its events)');
  }
  if (delivery?.kind !== 'webhook' || typeof delivery.url !== 'string' || 'secret' in delivery) {
    throw new SeedError('Subscriber is not a webhook subscriber without its secret');
  }
  return subscriber as WebhookSubscriberWithoutSecret;
}

export async function seedWebhookSubscriber(
  event: CloudFormationCustomResourceEvent,
  deps: SeedDependencies,
): Promise<SeedResult> {
  const properties = event.ResourceProperties as unknown as SeedProperties;
  if (event.RequestType === 'Delete') {
    if (!event.PhysicalResourceId.startsWith(WRITTEN)) {
      return { status: 'SUCCESS', physicalResourceId: event.PhysicalResourceId };
    }
    try {
      // Not when the configuration has made it an SQS subscriber since (written before this delete).
      await deps
        .subscribers(properties.TableName)
        .remove(event.PhysicalResourceId.slice(WRITTEN.length), { onlyChannel: 'webhook' });
      return { status: 'SUCCESS', physicalResourceId: event.PhysicalResourceId };
    } catch (error) {
      return { status: 'FAILED', physicalResourceId: event.PhysicalResourceId, reason: reasonOf(error) };
    }
  }
  // A failed create leaves nothing behind to delete on rollback (an item of the same id that an
  // operator added by hand stays).
  const unchanged =
    event.RequestType === 'Update' ? event.PhysicalResourceId : `not-written/${event.LogicalResourceId}`;
  try {
    const subscriber = subscriberOf(properties);
    const secret = await deps.readSecret(properties.SecretId);
    if (secret === undefined || !WEBHOOK_SECRET.test(secret)) {
      // Never the value itself: only what is wrong with it.
      throw new SeedError(
        `Secret ${properties.SecretId} must hold a Standard Webhooks secret as plain text: whsec_ + base64`,
      );
    }
    await deps
      .subscribers(properties.TableName)
      .add({ ...subscriber, delivery: { ...subscriber.delivery, secret } });
    return { status: 'SUCCESS', physicalResourceId: `${WRITTEN}${subscriber.id}` };
  } catch (error) {
    return { status: 'FAILED', physicalResourceId: unchanged, reason: reasonOf(error) };
  }
}

function reasonOf(error: unknown): string {
  const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
  return `${name}: ${message}`.slice(0, 500);
}

/** Answers CloudFormation at the pre-signed URL of the request. */
async function respond(event: CloudFormationCustomResourceEvent, result: SeedResult): Promise<void> {
  const body = JSON.stringify({
    Status: result.status,
    Reason: result.reason ?? result.status,
    PhysicalResourceId: result.physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: true,
    Data: {},
  });
  const response = await fetch(event.ResponseURL, {
    method: 'PUT',
    // The URL is signed for an empty content type.
    headers: { 'content-type': '' },
    body,
  });
  if (!response.ok) throw new Error(`CloudFormation's response URL answered ${response.status}`);
}

/** The Lambda entry point; its clients are made at the first event (deploy time is rare). */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<void> {
  const clients = createClients();
  const secrets = new SecretsManagerClient({});
  const { logger } = createTelemetry('seed-webhook-subscriber');
  try {
    const result = await seedWebhookSubscriber(event, {
      async readSecret(secretId) {
        const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
        return SecretString;
      },
      subscribers: (tableName) => new DynamoDbSubscriberDirectory(clients.dynamodb, tableName),
    });
    logger.info('webhook subscriber seeded', {
      requestType: event.RequestType,
      logicalResourceId: event.LogicalResourceId,
      physicalResourceId: result.physicalResourceId,
      status: result.status,
      reason: result.reason,
    });
    await respond(event, result);
  } finally {
    clients.destroy();
    secrets.destroy();
  }
}
