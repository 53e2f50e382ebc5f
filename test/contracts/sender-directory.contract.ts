// What every SenderDirectory promises: run against the in-memory fake and the DynamoDB adapter.
import { describe, expect, it } from 'vitest';
import type { SenderDirectory, SenderRegistration } from '../../functions/use-cases/ports/index.ts';
import { uniqueId } from '../helpers/builders.ts';

function registration(overrides: Partial<SenderRegistration> = {}): SenderRegistration {
  return {
    keyHash: uniqueId('hash'),
    senderId: uniqueId('rbn-engine'),
    facilities: ['RBN', 'RVY'],
    name: 'St Helens and Knowsley interface engine',
    ...overrides,
  };
}

export function describeSenderDirectoryContract(
  name: string,
  makeDirectory: () => SenderDirectory | Promise<SenderDirectory>,
) {
  describe(`SenderDirectory contract: ${name}`, () => {
    it('finds a registered sender by the hash of its key, without the hash or the name', async () => {
      const directory = await makeDirectory();
      const sender = registration();

      await directory.register(sender);

      expect(await directory.findByKeyHash(sender.keyHash)).toEqual({
        senderId: sender.senderId,
        facilities: ['RBN', 'RVY'],
      });
    });

    it('finds nobody for a key hash never registered', async () => {
      const directory = await makeDirectory();
      await directory.register(registration());

      expect(await directory.findByKeyHash(uniqueId('unknown'))).toBeUndefined();
    });

    it('replaces the sender registered with the same key hash, even one just looked up', async () => {
      const directory = await makeDirectory();
      const first = registration();
      await directory.register(first);
      await directory.findByKeyHash(first.keyHash);

      await directory.register(
        registration({ keyHash: first.keyHash, senderId: 'replacement', facilities: ['*'] }),
      );

      expect(await directory.findByKeyHash(first.keyHash)).toEqual({
        senderId: 'replacement',
        facilities: ['*'],
      });
    });

    it('keeps senders with different key hashes apart', async () => {
      const directory = await makeDirectory();
      const one = registration();
      const two = registration({ facilities: ['REM'] });

      await directory.register(one);
      await directory.register(two);

      expect((await directory.findByKeyHash(one.keyHash))?.senderId).toBe(one.senderId);
      expect((await directory.findByKeyHash(two.keyHash))?.facilities).toEqual(['REM']);
    });
  });
}
