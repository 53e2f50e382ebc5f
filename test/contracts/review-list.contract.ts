// What every ReviewList promises (one item per id, the first kept; only undecided items listed,
// oldest first): run against the in-memory fake and the DynamoDB adapter.
import { describe, expect, it } from 'vitest';
import type { ReviewItem, ReviewList } from '../../functions/use-cases/ports/index.ts';
import { reviewItem } from '../helpers/builders.ts';

/** Only this test's items: the table may hold other tests' too. */
async function listOf(list: ReviewList, ours: ReviewItem[]): Promise<ReviewItem[]> {
  const ids = new Set(ours.map((item) => item.id));
  return (await list.list()).filter((item) => ids.has(item.id));
}

export function describeReviewListContract(name: string, makeList: () => ReviewList | Promise<ReviewList>) {
  describe(`ReviewList contract: ${name}`, () => {
    it('lists added items as added, oldest first', async () => {
      const list = await makeList();
      const late = reviewItem({ receivedAt: '2026-11-20T12:00:02.000Z' });
      const early = reviewItem({
        receivedAt: '2026-11-20T12:00:01.000Z',
        candidate: undefined,
        evidence: undefined,
      });

      await list.add(late);
      await list.add(early);

      expect(await listOf(list, [late, early])).toEqual([early, late]);
    });

    it('keeps the first item added with an id, however often it is added again', async () => {
      const list = await makeList();
      const item = reviewItem();
      await list.add(item);

      await list.add({ ...item, score: 0.8, reasons: ['processed again'] });

      expect(await listOf(list, [item])).toEqual([item]);
    });

    it('holds each question about one message as an item of its own', async () => {
      const list = await makeList();
      const possible = reviewItem({ kind: 'possible-match' });
      const conflict = reviewItem({ kind: 'row-conflict', messageKey: possible.messageKey });

      await list.add(possible);
      await list.add(conflict);

      expect((await listOf(list, [possible, conflict])).map((item) => item.kind).sort()).toEqual([
        'possible-match',
        'row-conflict',
      ]);
    });

    it('lets only one of two reviewers deciding at once decide, and tells the other what stands', async () => {
      const list = await makeList();
      const item = reviewItem();
      await list.add(item);
      const accept = {
        outcome: 'accepted' as const,
        by: 'ops-a',
        at: '2026-11-20T12:00:00.000Z',
        reason: 'same',
      };
      const reject = {
        outcome: 'rejected' as const,
        by: 'ops-b',
        at: '2026-11-20T12:00:00.001Z',
        reason: 'other',
      };

      const results = await Promise.all([list.decide(item.id, accept), list.decide(item.id, reject)]);

      const won = results.filter((result) => result.decided);
      const lost = results.filter((result) => !result.decided);
      expect(won).toHaveLength(1);
      const standing = results[0]?.decided ? accept : reject;
      expect(lost).toEqual([{ decided: false, decision: standing }]);
      expect((await list.get(item.id))?.decision).toEqual(standing);
    });

    it('does not list an item already decided, nor reopen it when it is added again', async () => {
      const list = await makeList();
      const decided = reviewItem({
        decision: {
          outcome: 'rejected',
          by: 'a.reviewer',
          at: '2026-11-20T13:00:00.000Z',
          reason: 'different person',
        },
      });
      const waiting = reviewItem();

      await list.add(decided);
      await list.add({ ...decided, decision: undefined });
      await list.add(waiting);

      expect(await listOf(list, [decided, waiting])).toEqual([waiting]);
    });
  });
}
