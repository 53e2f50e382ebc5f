// What every SubscriberDirectory promises (add replaces by id; remove, optionally only while the
// subscriber still receives through a channel): run against the in-memory fake and the DynamoDB
// adapter, which keeps its list for a few seconds but forgets it on its own writes.
import { describe, expect, it } from 'vitest';
import type { SubscriberDirectory, SubscriberRecord } from '../../functions/use-cases/ports/index.ts';
import { sqsSubscriber, webhookSubscriber } from '../helpers/builders.ts';

async function listed(directory: SubscriberDirectory, id: string): Promise<SubscriberRecord | undefined> {
  return (await directory.list()).find((subscriber) => subscriber.id === id);
}

export function describeSubscriberDirectoryContract(
  name: string,
  makeDirectory: () => SubscriberDirectory | Promise<SubscriberDirectory>,
) {
  describe(`SubscriberDirectory contract: ${name}`, () => {
    it.each([
      ['a webhook subscriber', webhookSubscriber()],
      ['an SQS subscriber', sqsSubscriber()],
      ['a subscriber without a channel', webhookSubscriber({ delivery: undefined, practice: undefined })],
    ])('lists %s as added, even right after listing', async (_, subscriber) => {
      const directory = await makeDirectory();
      await directory.list();

      await directory.add(subscriber);

      expect(await listed(directory, subscriber.id)).toEqual(subscriber);
    });

    it('replaces the subscriber with the same id', async () => {
      const directory = await makeDirectory();
      const first = webhookSubscriber();
      await directory.add(first);
      await directory.list();
      const changed = sqsSubscriber({ id: first.id, name: 'Renamed', events: ['death'] });

      await directory.add(changed);

      const all = await directory.list();
      expect(all.filter((subscriber) => subscriber.id === first.id)).toEqual([changed]);
    });

    it('removes a subscriber, even right after listing', async () => {
      const directory = await makeDirectory();
      const subscriber = webhookSubscriber();
      const other = sqsSubscriber();
      await directory.add(subscriber);
      await directory.add(other);
      await directory.list();

      await directory.remove(subscriber.id);

      expect(await listed(directory, subscriber.id)).toBeUndefined();
      expect(await listed(directory, other.id)).toEqual(other);
    });

    it('removes nothing, quietly, for an id it does not know', async () => {
      const directory = await makeDirectory();
      const subscriber = webhookSubscriber();
      await directory.add(subscriber);

      await directory.remove(`${subscriber.id}-unknown`);

      expect(await listed(directory, subscriber.id)).toEqual(subscriber);
    });

    it.each([
      { case: 'a webhook subscriber, only by webhook', delivery: 'webhook', only: 'webhook', removed: true },
      { case: 'an SQS subscriber, only by SQS', delivery: 'sqs', only: 'sqs', removed: true },
      { case: 'a webhook subscriber, only by SQS', delivery: 'webhook', only: 'sqs', removed: false },
      { case: 'an SQS subscriber, only by webhook', delivery: 'sqs', only: 'webhook', removed: false },
      {
        case: 'a subscriber without a channel, only by webhook',
        delivery: 'none',
        only: 'webhook',
        removed: false,
      },
    ] as const)('with onlyChannel, removes $case: $removed', async ({ delivery, only, removed }) => {
      const directory = await makeDirectory();
      const subscriber =
        delivery === 'sqs'
          ? sqsSubscriber()
          : webhookSubscriber(delivery === 'none' ? { delivery: undefined } : {});
      await directory.add(subscriber);

      await directory.remove(subscriber.id, { onlyChannel: only });

      expect((await listed(directory, subscriber.id)) === undefined).toBe(removed);
    });

    it('removes an unknown id quietly with onlyChannel too', async () => {
      const directory = await makeDirectory();

      await expect(directory.remove('nobody-here', { onlyChannel: 'webhook' })).resolves.toBeUndefined();
    });
  });
}
