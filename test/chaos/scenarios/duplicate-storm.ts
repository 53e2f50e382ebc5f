// 5. A duplicate storm: every message sent five times — two copies at the same moment, a third
// straight after, two more once the hub has processed them — and two of the five with a new
// MSH-7, which still makes them the same message (§4.3). Every copy is answered AA with the
// first ACK; each message alerts once.
import { hl7Time, type PlannedMessage, stories, syntheticPeople } from '../harness/people.ts';
import { awaitDelivery, SUBSCRIBER } from '../harness/rig.ts';
import { sendUntilAnswered } from '../harness/senders.ts';
import { runOnRig, type Scenario } from './scenario.ts';

/** Runs `work` over `items`, `lanes` at a time. */
async function inLanes<T>(
  items: readonly T[],
  lanes: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

export const duplicateStorm: Scenario = {
  name: 'duplicate storm (5× each)',
  slow: false,
  run: (options) => {
    const people = syntheticPeople(options.quick ? 10 : 30, 5);
    const onRoster = people.slice(0, options.quick ? 8 : 24);
    const stories_ = [
      ...stories(onRoster, { prefix: 'DS', triggers: ['A01', 'A03'], rosterHolders: [SUBSCRIBER] }),
      ...stories(people.slice(onRoster.length), { prefix: 'DZ', triggers: ['A01', 'A03'] }),
    ];
    return runOnRig('duplicate storm, 5× each', { roster: onRoster }, options, async (rig, draft) => {
      draft.checkOrder = true;
      const acks = new Map<string, Set<string>>();
      const deadline = Date.now() + 180_000;
      const send = async (message: PlannedMessage, copy: number) => {
        // Copies 2 and 4 carry a new MSH-7, as an engine that re-stamps on resend would.
        const text =
          copy === 2 || copy === 4
            ? message.render(hl7Time(new Date(Date.now() + copy * 1000)))
            : message.render();
        const outcome = await sendUntilAnswered(rig.target, message.label, text, deadline, (answer) =>
          draft.ledger.answer(message, answer, message.step),
        );
        const ack = outcome.final?.ack;
        if (ack !== undefined) acks.set(message.label, (acks.get(message.label) ?? new Set()).add(ack));
      };

      // Each person's story in order; copies 1 and 2 at the same moment, copy 3 right after.
      await inLanes(stories_, 6, async (story) => {
        for (const message of story) {
          await Promise.all([send(message, 1), send(message, 2)]);
          await send(message, 3);
        }
      });
      // The storm's tail: once everything is processed, the whole feed twice more.
      await awaitDelivery(rig, draft.ledger, 60_000);
      draft.faultEndedAt = Date.now();
      await inLanes(stories_, 6, async (story) => {
        for (const message of story) {
          await send(message, 4);
          await send(message, 5);
        }
      });
      const settled = await awaitDelivery(rig, draft.ledger, 60_000);
      draft.check('the hub settles (queues empty)', settled.idle);

      const messages = stories_.flat();
      const notAccepted = draft.ledger.answers.filter((a) => a.code !== undefined && a.code !== 'AA');
      draft.check('every copy is answered AA', notAccepted.length === 0, `${notAccepted.length} not AA`);
      const severalAcks = messages.filter((message) => (acks.get(message.label)?.size ?? 0) !== 1);
      draft.check(
        'every copy of a message gets the same ACK (the first one)',
        severalAcks.length === 0,
        `${severalAcks.length} messages answered with more than one ACK`,
      );
      draft.notes.push(`${messages.length} messages, ${messages.length * 5} sends`);
    });
  },
};
