// What every ReviewList promises: run against the in-memory fake and the DynamoDB adapter.
import { describe, expect, it } from 'vitest';
import type { ReviewItem, ReviewList } from '../../functions/use-cases/ports/index.ts';
import { reviewItem, uniqueId } from '../helpers/builders.ts';

async function listOf(list: ReviewList, keys: string[]): Promise<ReviewItem[]> {
  return (await list.list()).filter((item) => keys.includes(item.messageKey));
}

export function describeReviewListContract(name: string, makeList: () => ReviewList | Promise<ReviewList>) {
  describe(`ReviewList contract: ${name}`, () => {
    it('lists added items as added, oldest first', async () => {
      const list = await makeList();
      const late = reviewItem({ receivedAt: '2026-11-20T12:00:02.000Z' });
      const early = reviewItem({ receivedAt: '2026-11-20T12:00:01.000Z', candidatePersonId: undefined });

      await list.add(late);
      await list.add(early);

      expect(await listOf(list, [late.messageKey, early.messageKey])).toEqual([early, late]);
    });

    it('orders items received at the same time by message key', async () => {
      const list = await makeList();
      const prefix = uniqueId('RBN');
      const b = reviewItem({ messageKey: `${prefix}|B` });
      const a = reviewItem({ messageKey: `${prefix}|A` });

      await list.add(b);
      await list.add(a);

      expect((await listOf(list, [a.messageKey, b.messageKey])).map((item) => item.messageKey)).toEqual([
        a.messageKey,
        b.messageKey,
      ]);
    });

    it('holds one item per message however often it is added', async () => {
      const list = await makeList();
      const item = reviewItem();
      await list.add(item);

      await list.add({ ...item, score: 0.8, reasons: ['retried'] });

      expect(await listOf(list, [item.messageKey])).toEqual([{ ...item, score: 0.8, reasons: ['retried'] }]);
    });
  });
}
