// In-memory MessageStore (with ProcessedMessages), IngestQueue and its dead letters and holds, for
// tests that assert on state.
import type {
  ClaimResult,
  IngestDeadLetters,
  IngestHolds,
  IngestQueue,
  IngestQueueMessage,
  MessageFilter,
  MessageHistory,
  MessageRecord,
  MessageStore,
  ProcessDecision,
  ProcessedMessages,
  QuarantinedMessage,
  QueuedMessage,
  StoredMessage,
} from '../../use-cases/ports/index.ts';

export class InMemoryMessageStore implements MessageStore, ProcessedMessages, MessageHistory {
  readonly messages = new Map<string, StoredMessage & { decision?: ProcessDecision }>();
  readonly refused: QuarantinedMessage[] = [];
  /** Set to make every call fail, as a store that is down would. */
  down = false;

  private check(): void {
    if (this.down) throw new Error('store unavailable');
  }

  async claim(message: StoredMessage): Promise<ClaimResult> {
    this.check();
    const existing = this.messages.get(message.messageKey);
    if (existing !== undefined && existing.ack !== undefined) {
      const { decision: _, ...stored } = existing;
      return { created: false, existing: structuredClone(stored) };
    }
    this.messages.set(message.messageKey, structuredClone(message));
    return { created: true };
  }

  async release(messageKey: string): Promise<void> {
    this.check();
    if (this.messages.get(messageKey)?.status === 'received') this.messages.delete(messageKey);
  }

  async quarantine(message: QuarantinedMessage): Promise<void> {
    this.check();
    this.refused.push(structuredClone(message));
  }

  async unprocessed(): Promise<StoredMessage[]> {
    this.check();
    return [...this.messages.values()]
      .filter((message) => message.status === 'received')
      .map(({ decision: _, ...message }) => structuredClone(message))
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  async markProcessed(
    messageKey: string,
    decision: ProcessDecision,
    options: { keepExisting?: boolean } = {},
  ): Promise<void> {
    this.check();
    // As the table's conditional update: nothing when the message has no record.
    const message = this.messages.get(messageKey);
    if (message === undefined) return;
    message.status = 'processed';
    if (!(options.keepExisting && message.decision !== undefined))
      message.decision = structuredClone(decision);
    this.messages.set(messageKey, message);
  }

  async get(messageKey: string): Promise<(StoredMessage & { decision?: ProcessDecision }) | undefined> {
    const found = this.messages.get(messageKey);
    return found === undefined || found.ack === undefined ? undefined : structuredClone(found);
  }

  async withControlId(controlId: string): Promise<MessageRecord[]> {
    return this.records().filter((record) => record.controlId === controlId);
  }

  async search(filter: MessageFilter): Promise<(MessageRecord & { eventJson?: string })[]> {
    const events = new Map([...this.messages.values()].map((m) => [m.messageKey, m.eventJson]));
    return this.records()
      .map((record) => ({ ...record, eventJson: events.get(record.messageKey) }))
      .filter(
        (r) =>
          (filter.from === undefined || r.receivedAt >= filter.from) &&
          (filter.to === undefined || r.receivedAt <= filter.to) &&
          (filter.controlId === undefined || r.controlId === filter.controlId) &&
          (filter.facility === undefined || r.sendingFacility === filter.facility) &&
          (filter.text ?? []).every((text) => r.eventJson?.includes(text) === true),
      )
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
      .slice(0, filter.limit);
  }

  async quarantined(day: string): Promise<MessageRecord[]> {
    return this.records().filter(
      (record) => record.status === 'quarantined' && record.receivedAt.startsWith(day),
    );
  }

  private records(): MessageRecord[] {
    const stored = [...this.messages.values()].map((message) => projected(message));
    const refused = this.refused.map(({ quarantineId, ...message }) =>
      projected({ ...message, messageKey: `quarantine|${quarantineId}`, status: 'quarantined' }),
    );
    return structuredClone([...stored, ...refused]).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  /** What the process step decided about a message, if it has. */
  decision(messageKey: string): ProcessDecision | undefined {
    return this.messages.get(messageKey)?.decision;
  }
}

/** The fields of a record, as the DynamoDB adapter projects them: never the bytes or the event. */
const RECORD_FIELDS = [
  'messageKey',
  'controlId',
  'sendingFacility',
  'senderId',
  'receivedAt',
  'status',
  'ack',
  'ackCode',
  'error',
  'decision',
] as const satisfies readonly (keyof MessageRecord)[];

function projected(item: Partial<Record<keyof MessageRecord, unknown>>): MessageRecord {
  return Object.fromEntries(
    RECORD_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  ) as unknown as MessageRecord;
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

export class InMemoryIngestDeadLetters implements IngestDeadLetters {
  readonly parked: IngestQueueMessage[] = [];
  /** Where a redrive puts them back, marked as redriven. */
  readonly redriven: IngestQueueMessage[] = [];

  async count(): Promise<number> {
    return this.parked.length;
  }

  async park(message: IngestQueueMessage): Promise<void> {
    if (this.parked.some((m) => m.deduplicationId === message.deduplicationId)) return;
    this.parked.push({ ...message });
  }

  async redrive(): Promise<number> {
    const moved = this.parked.splice(0);
    this.redriven.push(...moved);
    return moved.length;
  }
}

export class InMemoryIngestHolds implements IngestHolds {
  private readonly holds = new Map<string, string>();

  async held(): Promise<{ groupId: string; since: string }[]> {
    return [...this.holds].map(([groupId, since]) => ({ groupId, since }));
  }

  async isHeld(groupId: string): Promise<boolean> {
    return this.holds.has(groupId);
  }

  async hold(groupId: string, since: string): Promise<void> {
    if (!this.holds.has(groupId)) this.holds.set(groupId, since);
  }

  async release(groupId: string): Promise<void> {
    this.holds.delete(groupId);
  }
}
