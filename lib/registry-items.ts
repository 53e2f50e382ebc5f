// The items the deployment seeds from its configuration, in the shapes the adapters read and write:
// a sender as DynamoDbSenderDirectory.register writes it (senders table, key `keyHash`), a
// subscriber as DynamoDbSubscriberDirectory.add does (registry table, pk SUBSCRIBERS, sk its id).
// Pure: no SDK, no aws-cdk-lib; a queue URL may be a CDK token, carried through untouched.
import type { Delivery, Sender, SubscriberRecord } from '../functions/use-cases/ports.ts';
import type { SenderConfig, SubscriberConfig } from './config.ts';

export type SenderItem = Sender & { keyHash: string; name?: string };

/** A webhook subscriber's delivery before the deploy-time seeder adds its secret from Secrets Manager. */
export type WebhookDeliveryWithoutSecret = Omit<Extract<Delivery, { kind: 'webhook' }>, 'secret'>;

export type SubscriberItem = Omit<SubscriberRecord, 'delivery'> & {
  pk: 'SUBSCRIBERS';
  sk: string;
  delivery: Extract<Delivery, { kind: 'sqs' }> | WebhookDeliveryWithoutSecret;
};

export const SUBSCRIBERS_PK = 'SUBSCRIBERS';

export function senderItem(sender: SenderConfig): SenderItem {
  return {
    keyHash: sender.keyHash,
    senderId: sender.id,
    ...(sender.name !== undefined && { name: sender.name }),
    facilities: [...sender.facilities],
  };
}

/** `queueUrl` is the subscriber's queue for an SQS subscriber, and ignored for a webhook one. */
export function subscriberItem(subscriber: SubscriberConfig, queueUrl?: string): SubscriberItem {
  const { delivery } = subscriber;
  if (delivery.kind === 'sqs' && queueUrl === undefined) {
    throw new Error(`subscriber ${subscriber.id} receives by SQS: its queue URL is needed`);
  }
  return {
    pk: SUBSCRIBERS_PK,
    sk: subscriber.id,
    id: subscriber.id,
    name: subscriber.name,
    events: [...subscriber.events],
    ...(subscriber.practice !== undefined && { practice: subscriber.practice }),
    delivery:
      delivery.kind === 'webhook'
        ? { kind: 'webhook', url: delivery.url }
        : { kind: 'sqs', queueUrl: queueUrl as string },
  };
}

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> };

/**
 * DynamoDB's JSON for an item, as the document client writes it (arrays as lists, undefined
 * left out), for SDK calls made from the template (AwsCustomResource).
 */
export function toAttributeMap(item: object): Record<string, AttributeValue> {
  const map: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(item)) {
    if (value !== undefined) map[key] = toAttributeValue(value);
  }
  return map;
}

function toAttributeValue(value: unknown): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toAttributeValue) };
  if (typeof value === 'object' && value !== null) return { M: toAttributeMap(value) };
  throw new Error(`cannot store ${String(value)} in DynamoDB`);
}
