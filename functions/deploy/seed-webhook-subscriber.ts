// Deploy time only: the CloudFormation custom resource (lib/constructs/config-seed.ts) that writes
// one webhook subscriber of the deployment's configuration into the registry table, with its
// Standard Webhooks secret read here from Secrets Manager. CloudFormation does not resolve
// secretsmanager dynamic references in a custom resource's properties, and CDK's AwsCustomResource
// logs each request whole; here the secret lives only between GetSecretValue and PutItem, and is
// never logged or returned.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { dynamoDb } from '../platform/clients.ts';
import { logger } from '../platform/observability.ts';

/** The custom resource's properties (besides ServiceToken). */
export interface SeedProperties {
  /** The registry table's name. */
  TableName: string;
  /** The subscriber item as JSON (pk SUBSCRIBERS, sk its id), its delivery `{ kind: 'webhook', url }`. */
  Item: string;
  /** Name or ARN of the Secrets Manager secret holding its `whsec_…` secret. */
  SecretId: string;
}

export interface SeedDependencies {
  /** The secret's SecretString, or undefined when it has none (a binary secret). */
  readSecret(secretId: string): Promise<string | undefined>;
  put(tableName: string, item: Record<string, unknown>): Promise<void>;
  /** Deletes the subscriber unless it is no longer a webhook one (the configuration may have moved it to SQS). */
  removeWebhookSubscriber(tableName: string, key: { pk: string; sk: string }): Promise<void>;
}

export interface SeedResult {
  status: 'SUCCESS' | 'FAILED';
  physicalResourceId: string;
  reason?: string;
}

const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;
/** The physical id of an item this resource wrote: the only kind it ever deletes. */
const WRITTEN = 'registry/SUBSCRIBERS/';

class SeedError extends Error {
  override readonly name = 'SeedError';
}

function itemOf(properties: SeedProperties): Record<string, unknown> & { sk: string } {
  const item = JSON.parse(properties.Item) as Record<string, unknown>;
  const delivery = item.delivery as { kind?: unknown; url?: unknown } | undefined;
  if (item.pk !== 'SUBSCRIBERS' || typeof item.sk !== 'string' || item.sk === '') {
    throw new SeedError('Item is not a subscriber (pk SUBSCRIBERS, sk its id)');
  }
  if (delivery?.kind !== 'webhook' || typeof delivery.url !== 'string' || 'secret' in delivery) {
    throw new SeedError('Item is not a webhook subscriber without its secret');
  }
  return item as Record<string, unknown> & { sk: string };
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
      await deps.removeWebhookSubscriber(properties.TableName, {
        pk: 'SUBSCRIBERS',
        sk: event.PhysicalResourceId.slice(WRITTEN.length),
      });
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
    const item = itemOf(properties);
    const secret = await deps.readSecret(properties.SecretId);
    if (secret === undefined || !WEBHOOK_SECRET.test(secret)) {
      // Never the value itself: only what is wrong with it.
      throw new SeedError(
        `Secret ${properties.SecretId} must hold a Standard Webhooks secret as plain text: whsec_ + base64`,
      );
    }
    const delivery = item.delivery as Record<string, unknown>;
    await deps.put(properties.TableName, { ...item, delivery: { ...delivery, secret } });
    return { status: 'SUCCESS', physicalResourceId: `${WRITTEN}${item.sk}` };
  } catch (error) {
    return { status: 'FAILED', physicalResourceId: unchanged, reason: reasonOf(error) };
  }
}

function reasonOf(error: unknown): string {
  const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
  return `${name}: ${message}`.slice(0, 500);
}

let secrets: SecretsManagerClient | undefined;

const awsDependencies: SeedDependencies = {
  async readSecret(secretId) {
    secrets ??= new SecretsManagerClient({});
    const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
    return SecretString;
  },
  async put(tableName, item) {
    await dynamoDb().send(new PutCommand({ TableName: tableName, Item: item }));
  },
  async removeWebhookSubscriber(tableName, key) {
    try {
      await dynamoDb().send(
        new DeleteCommand({
          TableName: tableName,
          Key: key,
          ConditionExpression: '#delivery.#kind = :webhook',
          ExpressionAttributeNames: { '#delivery': 'delivery', '#kind': 'kind' },
          ExpressionAttributeValues: { ':webhook': 'webhook' },
        }),
      );
    } catch (error) {
      // Gone already, or now an SQS subscriber written by the configuration: not ours to delete.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  },
};

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

export async function handler(event: CloudFormationCustomResourceEvent): Promise<void> {
  const result = await seedWebhookSubscriber(event, awsDependencies);
  logger.info('webhook subscriber seeded', {
    requestType: event.RequestType,
    logicalResourceId: event.LogicalResourceId,
    physicalResourceId: result.physicalResourceId,
    status: result.status,
    reason: result.reason,
  });
  await respond(event, result);
}
