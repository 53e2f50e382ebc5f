// What every LearnedIdentifiers promises (a number learned for one person is never silently
// re-pointed to another; a merge re-points it on purpose): run against the in-memory fake and the
// DynamoDB adapter.
import { describe, expect, it } from 'vitest';
import type { LearnedIdentifiers } from '../../functions/use-cases/ports/index.ts';
import { uniqueId } from '../helpers/builders.ts';

/** A learned key as the process step makes them: `FACILITY|AUTHORITY:value`. */
function learnedKey(facility = 'RBN'): string {
  return `${facility}|${facility}:${uniqueId('H')}`;
}

export function describeLearnedIdentifiersContract(
  name: string,
  makeStore: () => LearnedIdentifiers | Promise<LearnedIdentifiers>,
) {
  describe(`LearnedIdentifiers contract: ${name}`, () => {
    it('gives each learned number with its person, and only the numbers asked about', async () => {
      const store = await makeStore();
      const rbn = learnedKey('RBN');
      const rvy = learnedKey('RVY');

      expect(await store.learn(rbn, 'p-1')).toEqual({});
      expect(await store.learn(rvy, 'p-2')).toEqual({});

      const found = await store.lookup([rbn, rvy, learnedKey('RBN')]);
      expect(found).toEqual(
        new Map([
          [rbn, 'p-1'],
          [rvy, 'p-2'],
        ]),
      );
      expect(await store.lookup([rvy])).toEqual(new Map([[rvy, 'p-2']]));
    });

    it('learns a number again for the same person without complaint', async () => {
      const store = await makeStore();
      const key = learnedKey();
      await store.learn(key, 'p-1');

      expect(await store.learn(key, 'p-1')).toEqual({});
      expect((await store.lookup([key])).get(key)).toBe('p-1');
    });

    it('never re-points a number learned for someone else, and says who holds it', async () => {
      const store = await makeStore();
      const key = learnedKey();
      await store.learn(key, 'p-1');

      const result = await store.learn(key, 'p-2');

      expect(result).toEqual({ heldBy: 'p-1' });
      expect((await store.lookup([key])).get(key)).toBe('p-1');
    });

    it('re-points a number when told to (a merge)', async () => {
      const store = await makeStore();
      const key = learnedKey();
      await store.learn(key, 'p-1');

      const result = await store.learn(key, 'p-2', { repoint: true });

      expect(result).toEqual({});
      expect((await store.lookup([key])).get(key)).toBe('p-2');
    });

    it('knows nothing of a number never learned', async () => {
      const store = await makeStore();

      expect((await store.lookup([learnedKey()])).size).toBe(0);
    });
  });
}
