// What every LearnedIdentifiers promises: run against the in-memory fake and the DynamoDB adapter.
import { describe, expect, it } from 'vitest';
import type { LearnedIdentifiers } from '../../functions/use-cases/ports/index.ts';
import { uniqueId } from '../helpers/builders.ts';

export function describeLearnedIdentifiersContract(
  name: string,
  makeStore: () => LearnedIdentifiers | Promise<LearnedIdentifiers>,
) {
  describe(`LearnedIdentifiers contract: ${name}`, () => {
    it('gives every learned identifier with its person', async () => {
      const store = await makeStore();
      const rbn = `RBN:${uniqueId('H')}`;
      const rvy = `RVY:${uniqueId('H')}`;

      await store.learn(rbn, 'p-1');
      await store.learn(rvy, 'p-2');

      const all = await store.all();
      expect(all.get(rbn)).toBe('p-1');
      expect(all.get(rvy)).toBe('p-2');
    });

    it('moves an identifier learned again to its new person', async () => {
      const store = await makeStore();
      const identifier = `RBN:${uniqueId('H')}`;
      await store.learn(identifier, 'p-1');

      await store.learn(identifier, 'p-2');

      expect((await store.all()).get(identifier)).toBe('p-2');
    });

    it('knows nothing of an identifier never learned', async () => {
      const store = await makeStore();

      expect((await store.all()).has(`RBN:${uniqueId('H')}`)).toBe(false);
    });
  });
}
