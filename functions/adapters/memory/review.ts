// In-memory ReviewList, for tests: keyed by id like the table, a decision written once.
import type { RejectedPair, ReviewDecision, ReviewItem, ReviewList } from '../../use-cases/ports/index.ts';

const rejectionKey = (pair: RejectedPair) =>
  `${pair.hospitalNumber}|${pair.personId}|${pair.subscriberId ?? '*'}`;

export class InMemoryReviewList implements ReviewList {
  readonly items: ReviewItem[] = [];
  readonly rejections = new Map<string, RejectedPair>();

  async add(item: ReviewItem): Promise<void> {
    // Written once: a message processed again must not reopen a decided question.
    if (this.items.some((i) => i.id === item.id)) return;
    this.items.push(structuredClone(item));
  }

  /** The items waiting for a decision, oldest first (an id sorts by arrival, as the table's key). */
  async list(): Promise<ReviewItem[]> {
    return structuredClone(this.items.filter((item) => item.decision === undefined)).sort((a, b) =>
      a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
  }

  async get(id: string): Promise<ReviewItem | undefined> {
    const item = this.items.find((i) => i.id === id);
    return item === undefined ? undefined : structuredClone(item);
  }

  async decide(
    id: string,
    decision: ReviewDecision,
  ): Promise<{ decided: true } | { decided: false; decision: ReviewDecision }> {
    const item = this.items.find((i) => i.id === id);
    if (item === undefined) throw new Error(`no review item ${id}`);
    if (item.decision !== undefined) return { decided: false, decision: structuredClone(item.decision) };
    item.decision = structuredClone(decision);
    return { decided: true };
  }

  async rememberRejection(pair: RejectedPair): Promise<void> {
    this.rejections.set(rejectionKey(pair), structuredClone(pair));
  }

  async wasRejected(pair: RejectedPair): Promise<boolean> {
    return this.rejections.get(rejectionKey(pair))?.detailsFingerprint === pair.detailsFingerprint;
  }
}
