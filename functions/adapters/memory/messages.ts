// In-memory MessageStore (with ProcessedMessages) and IngestQueue, for tests that assert on state.
import type {
  ClaimResult,
  IngestQueue,
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

  async withControlId(controlId: string): Promise<MessageRecord[]> {
    return this.records().filter((record) => record.controlId === controlId);
  }

  async quarantined(day: string): Promise<MessageRecord[]> {
    return this.records().filter(
      (record) => record.status === 'quarantined' && record.receivedAt.startsWith(day),
    );
  }

  private records(): MessageRecord[] {
    // As the DynamoDB adapter projects them: never the raw bytes, the event or the expiry.
    const stored = [...this.messages.values()].map(
      ({ rawGzip: _, eventJson: __, expiresAt: ___, ...record }) => record,
    );
    const refused = this.refused.map(({ rawGzip: _, expiresAt: __, quarantineId, ...record }) => ({
      ...record,
      messageKey: `quarantine|${quarantineId}`,
      status: 'quarantined' as const,
    }));
    return structuredClone([...stored, ...refused]).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  /** What the process step decided about a message, if it has. */
  decision(messageKey: string): ProcessDecision | undefined {
    return this.messages.get(messageKey)?.decision;
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
