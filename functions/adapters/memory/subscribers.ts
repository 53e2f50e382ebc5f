// In-memory SubscriberDirectory and SubscriberQueues, for tests.
import type {
  DeliveryChannel,
  SubscriberDirectory,
  SubscriberQueues,
  SubscriberRecord,
} from '../../use-cases/ports/index.ts';

export class InMemorySubscriberDirectory implements SubscriberDirectory {
  constructor(readonly subscribers: SubscriberRecord[] = []) {}

  async list(): Promise<SubscriberRecord[]> {
    return structuredClone(this.subscribers);
  }

  async add(subscriber: SubscriberRecord): Promise<void> {
    const at = this.subscribers.findIndex((s) => s.id === subscriber.id);
    if (at === -1) this.subscribers.push(structuredClone(subscriber));
    else this.subscribers[at] = structuredClone(subscriber);
  }

  async remove(subscriberId: string, options: { onlyChannel?: DeliveryChannel['kind'] } = {}): Promise<void> {
    const at = this.subscribers.findIndex((s) => s.id === subscriberId);
    const subscriber = this.subscribers[at];
    if (subscriber === undefined) return;
    if (options.onlyChannel !== undefined && subscriber.delivery?.kind !== options.onlyChannel) return;
    this.subscribers.splice(at, 1);
  }
}

export class InMemorySubscriberQueues implements SubscriberQueues {
  async create(subscriberId: string): Promise<string> {
    return `memory://queues/${subscriberId}.fifo`;
  }
}
