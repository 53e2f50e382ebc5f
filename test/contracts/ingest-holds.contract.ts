// What every IngestHolds promises: run against the in-memory fake and the DynamoDB adapter. The
// store is shared by the whole deployment, so each test looks only at the groups it made.
import { describe, expect, it } from 'vitest';
import type { IngestHolds } from '../../functions/use-cases/ports/index.ts';
import { uniqueId } from '../helpers/builders.ts';

export function describeIngestHoldsContract(
  name: string,
  makeHolds: () => IngestHolds | Promise<IngestHolds>,
) {
  describe(`IngestHolds contract: ${name}`, () => {
    const mine = async (holds: IngestHolds, groups: string[]) =>
      (await holds.held()).filter((hold) => groups.includes(hold.groupId));

    it('holds a group once: holding it again keeps the first time', async () => {
      const holds = await makeHolds();
      const group = uniqueId('RBN|MR|');
      await holds.hold(group, '2026-12-06T10:00:00.000Z');
      await holds.hold(group, '2026-12-06T11:00:00.000Z');
      expect(await mine(holds, [group])).toEqual([{ groupId: group, since: '2026-12-06T10:00:00.000Z' }]);
    });

    it('says whether one group is held, from its hold to its release', async () => {
      const holds = await makeHolds();
      const [a, b] = [uniqueId('RBN|MR|'), uniqueId('RBN|MR|')];
      await holds.hold(a, '2026-12-06T10:00:00.000Z');
      expect(await Promise.all([holds.isHeld(a), holds.isHeld(b)])).toEqual([true, false]);
      await holds.release(a);
      expect(await holds.isHeld(a)).toBe(false);
    });

    it('lists every held group and releases one without touching the others', async () => {
      const holds = await makeHolds();
      const [a, b] = [uniqueId('RBN|MR|'), uniqueId('RVY|MR|')];
      await holds.hold(a, '2026-12-06T10:00:00.000Z');
      await holds.hold(b, '2026-12-06T10:00:01.000Z');
      await holds.release(a);
      await holds.release(uniqueId('never-held'));
      expect(await mine(holds, [a, b])).toEqual([{ groupId: b, since: '2026-12-06T10:00:01.000Z' }]);
    });
  });
}
