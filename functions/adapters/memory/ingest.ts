// In-memory fakes of the ingest ports, for tests that assert on state rather than on calls.
import type {
  ClaimResult,
  IngestQueue,
  MessageStore,
  QuarantinedMessage,
  QueuedMessage,
  Sender,
  SenderDirectory,
  StoredMessage,
} from '../../use-cases/ports.ts';

export class InMemoryMessageStore implements MessageStore {
  readonly messages = new Map<string, StoredMessage>();
  readonly quarantined: QuarantinedMessage[] = [];
  /** Set to make every call fail, as a store that is down would. */
  down = false;

  private check(): void {
    if (this.down) throw new Error('store unavailable');
  }

  async claim(message: StoredMessage): Promise<ClaimResult> {
    this.check();
    const existing = this.messages.get(message.messageKey);
    if (existing !== undefined) return { created: false, existing: structuredClone(existing) };
    this.messages.set(message.messageKey, structuredClone(message));
    return { created: true };
  }

  async release(messageKey: string): Promise<void> {
    this.check();
    if (this.messages.get(messageKey)?.status === 'received') this.messages.delete(messageKey);
  }

  async quarantine(message: QuarantinedMessage): Promise<void> {
    this.check();
    this.quarantined.push(structuredClone(message));
  }
}

export class InMemoryIngestQueue implements IngestQueue {
  readonly sent: { message: QueuedMessage; groupId: string; deduplicationId: string }[] = [];
  down = false;

  async enqueue(message: QueuedMessage, groupId: string, deduplicationId: string): Promise<void> {
    if (this.down) throw new Error('queue unavailable');
    // SQS FIFO drops a repeated deduplication id (within five minutes).
    if (this.sent.some((s) => s.deduplicationId === deduplicationId)) return;
    this.sent.push({ message: structuredClone(message), groupId, deduplicationId });
  }
}

export class InMemorySenderDirectory implements SenderDirectory {
  constructor(private readonly senders: Map<string, Sender> = new Map()) {}

  async findByKeyHash(keyHash: string): Promise<Sender | undefined> {
    return this.senders.get(keyHash);
  }
}
