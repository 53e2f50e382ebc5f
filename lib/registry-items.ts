// The senders and subscribers of a deployment's configuration as the hub's tables hold them, in the
// adapters' own item layouts (functions/adapters/dynamodb/items.ts), for the deploy-time seeding.
// Pure: no SDK, no aws-cdk-lib; a queue URL may be a CDK token, carried through untouched.
import {
  subscriberItem as registryTableItem,
  senderItem as senderTableItem,
  subscriberKey,
} from '../functions/adapters/dynamodb/items.ts';
import type {
  DeliveryChannel,
  SenderRegistration,
  SubscriberRecord,
} from '../functions/use-cases/ports/index.ts';
import type { SenderConfig, SubscriberConfig } from './config/index.ts';

export { subscriberKey };

/** A webhook subscriber's channel before the deploy-time seeder adds its secret from Secrets Manager. */
export type WebhookChannelWithoutSecret = { kind: 'webhook'; url: string };

export type SeededSubscriber = Omit<SubscriberRecord, 'delivery'> & {
  delivery: Extract<DeliveryChannel, { kind: 'sqs' }> | WebhookChannelWithoutSecret;
};

export function senderItem(sender: SenderConfig): SenderRegistration {
  return senderTableItem({
    keyHash: sender.keyHash,
    senderId: sender.id,
    ...(sender.name !== undefined && { name: sender.name }),
    facilities: sender.facilities,
  });
}

/** `queueUrl` is the subscriber's queue for an SQS subscriber, and ignored for a webhook one. */
export function seededSubscriber(subscriber: SubscriberConfig, queueUrl?: string): SeededSubscriber {
  const { delivery } = subscriber;
  if (delivery.kind === 'sqs' && queueUrl === undefined) {
    throw new Error(`subscriber ${subscriber.id} receives by SQS: its queue URL is needed`);
  }
  return {
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

/** The subscriber's item in the registry table. */
export function subscriberItem(subscriber: SubscriberConfig, queueUrl?: string) {
  return registryTableItem(seededSubscriber(subscriber, queueUrl));
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
