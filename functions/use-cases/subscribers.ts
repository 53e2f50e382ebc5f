// Subscribers: registering one (a webhook with its Standard Webhooks secret, or its own SQS queue)
// and listing them without their secrets. The CLI and the console both come through here.
import { randomBytes } from 'node:crypto';
import { AdtEventName } from '../core/normalise/events.ts';
import { DEFAULT_EVENTS } from '../core/routing/types.ts';
import { UseCaseError } from './errors.ts';
import type {
  DeliveryChannel,
  SubscriberDirectory,
  SubscriberQueues,
  SubscriberRecord,
  UrlGuard,
} from './ports/index.ts';

export class SubscriberError extends UseCaseError {
  override readonly name = 'SubscriberError';
}

const EVENT_NAMES = new Set<string>(Object.values(AdtEventName));
const SUBSCRIBER_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export interface NewSubscriber {
  id: string;
  name: string;
  /** Exactly one of a webhook (with its secret, generated when absent) or a queue of its own. */
  webhook?: { url: string; secret?: string };
  queue?: boolean;
  events?: readonly string[];
  practice?: string;
}

export interface AddSubscriberDependencies {
  subscribers: SubscriberDirectory;
  /** Absent where the hub cannot make queues itself (a deployed stack's come from its configuration). */
  queues?: SubscriberQueues;
  /** Checks a webhook URL as the hub will when it calls it. */
  guard: UrlGuard;
}

/** Registers (or replaces) a subscriber; returns it, and the webhook secret when one was generated. */
export async function addSubscriber(
  input: NewSubscriber,
  deps: AddSubscriberDependencies,
): Promise<{ subscriber: SubscriberRecord; generatedSecret?: string }> {
  if (!SUBSCRIBER_ID.test(input.id))
    throw new SubscriberError('the id may have only letters, digits, - and _ (at most 64)');
  if (input.name.trim() === '') throw new SubscriberError('the subscriber needs a name');
  if ((input.webhook === undefined) === (input.queue !== true))
    throw new SubscriberError('give one of a webhook URL or a queue');
  const events = input.events ?? DEFAULT_EVENTS;
  const unknown = events.filter((event) => !EVENT_NAMES.has(event));
  if (unknown.length > 0) throw new SubscriberError(`unknown event(s): ${unknown.join(', ')}`);
  if (input.practice !== undefined && !/^[A-Z0-9]{3,10}$/.test(input.practice))
    throw new SubscriberError('the practice is an ODS code: 3 to 10 capital letters and digits');

  let delivery: DeliveryChannel;
  let generatedSecret: string | undefined;
  if (input.webhook !== undefined) {
    const { url, secret } = input.webhook;
    if (secret !== undefined && !WEBHOOK_SECRET.test(secret))
      throw new SubscriberError('the secret must be a Standard Webhooks secret: whsec_ + base64');
    const refused = await deps.guard.refuse(url);
    if (refused !== undefined) throw new SubscriberError(refused);
    generatedSecret = secret === undefined ? newWebhookSecret() : undefined;
    delivery = { kind: 'webhook', url, secret: secret ?? (generatedSecret as string) };
  } else {
    if (deps.queues === undefined)
      throw new SubscriberError('this hub makes SQS subscribers’ queues from its configuration');
    delivery = { kind: 'sqs', queueUrl: await deps.queues.create(input.id) };
  }
  const subscriber: SubscriberRecord = {
    id: input.id,
    name: input.name,
    events: events as SubscriberRecord['events'],
    ...(input.practice !== undefined && { practice: input.practice }),
    delivery,
  };
  await deps.subscribers.add(subscriber);
  return { subscriber, generatedSecret };
}

/** A subscriber as operators see it: never its webhook secret. */
export type ListedSubscriber = Omit<SubscriberRecord, 'delivery'> & {
  delivery?: { kind: 'webhook'; url: string } | { kind: 'sqs'; queueUrl: string };
};

export async function listSubscribers(deps: {
  subscribers: SubscriberDirectory;
}): Promise<ListedSubscriber[]> {
  return (await deps.subscribers.list()).map((subscriber) => ({
    ...subscriber,
    delivery:
      subscriber.delivery?.kind === 'webhook'
        ? { kind: 'webhook', url: subscriber.delivery.url }
        : subscriber.delivery,
  }));
}
