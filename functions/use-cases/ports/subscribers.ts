// Subscribers: who receives alerts, which events, and through which channel.
import type { Subscriber } from '../../core/routing/types.ts';

/** How a subscriber receives alerts: its own SQS queue, or signed webhooks. */
export type DeliveryChannel = WebhookChannel | { kind: 'sqs'; queueUrl: string };

export interface WebhookChannel {
  kind: 'webhook';
  url: string;
  /** Standard Webhooks secret, `whsec_` + base64. */
  secret: string;
}

export interface SubscriberRecord extends Subscriber {
  name: string;
  delivery?: DeliveryChannel;
}

export interface SubscriberDirectory {
  list(): Promise<SubscriberRecord[]>;
  /** Registers a subscriber, or replaces the one with its id. */
  add(subscriber: SubscriberRecord): Promise<void>;
  /** Removes a subscriber; with `onlyChannel`, only while it still receives through that channel. */
  remove(subscriberId: string, options?: { onlyChannel?: DeliveryChannel['kind'] }): Promise<void>;
}

/** Where SQS subscribers' own queues are made (the local hub; on AWS the CDK app makes them). */
export interface SubscriberQueues {
  /** Creates the subscriber's FIFO queue, or finds it if it exists; returns its URL. */
  create(subscriberId: string): Promise<string>;
}
