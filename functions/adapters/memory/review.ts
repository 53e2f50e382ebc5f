// In-memory ReviewList, for tests.
import type { ReviewItem, ReviewList } from '../../use-cases/ports/index.ts';

export class InMemoryReviewList implements ReviewList {
  readonly items: ReviewItem[] = [];

  async add(item: ReviewItem): Promise<void> {
    // Keyed like the table: a message's item is written once, whatever retries happen.
    const at = this.items.findIndex(
      (i) => i.messageKey === item.messageKey && i.receivedAt === item.receivedAt,
    );
    if (at === -1) this.items.push(structuredClone(item));
    else this.items[at] = structuredClone(item);
  }

  async list(): Promise<ReviewItem[]> {
    return structuredClone(this.items).sort((a, b) =>
      `${a.receivedAt}#${a.messageKey}`.localeCompare(`${b.receivedAt}#${b.messageKey}`),
    );
  }
}
