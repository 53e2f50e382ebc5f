// In-memory ReviewList, for tests.
import type { ReviewItem, ReviewList } from '../../use-cases/ports/index.ts';

export class InMemoryReviewList implements ReviewList {
  readonly items: ReviewItem[] = [];

  async add(item: ReviewItem): Promise<void> {
    // Keyed like the table, by id, and written once: a message processed again must not reopen a
    // decided question.
    if (this.items.some((i) => i.id === item.id)) return;
    this.items.push(structuredClone(item));
  }

  /** The items waiting for a decision, oldest first (an id sorts by arrival, as the table's key). */
  async list(): Promise<ReviewItem[]> {
    return structuredClone(this.items.filter((item) => item.decision === undefined)).sort((a, b) =>
      a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
  }
}
