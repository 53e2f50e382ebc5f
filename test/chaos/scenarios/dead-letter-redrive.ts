// 4. A receiver that refuses with a permanent 4xx: the hub dead-letters those alerts at once.
// The receiver is then fixed and an operator runs `adt-hub dlq redrive`: every one of them is
// delivered, under the id it was refused with.
import { eventually } from '../../helpers/eventually.ts';
import { stories, syntheticPeople } from '../harness/people.ts';
import { awaitDelivery, feedsOf, runFeeds, SUBSCRIBER } from '../harness/rig.ts';
import { runOnRig, type Scenario } from './scenario.ts';

/** `adt-hub dlq list --json`: the ids listed. */
function listedIds(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { id: string }).id);
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && new Set([...a, ...b]).size === new Set(a).size;

export const deadLetterRedrive: Scenario = {
  name: 'permanent 4xx, then dlq redrive',
  slow: false,
  run: (options) => {
    const people = syntheticPeople(options.quick ? 6 : 15, 4);
    const [admissions, transfers] = [0, 1].map((step) =>
      stories(people, { prefix: 'DL', triggers: ['A01', 'A02'], rosterHolders: [SUBSCRIBER] }).map((story) =>
        story.slice(step, step + 1),
      ),
    ) as [ReturnType<typeof stories>, ReturnType<typeof stories>];
    return runOnRig(
      '4xx, then dlq redrive',
      { roster: people, sinkMode: 'refuse' },
      options,
      async (rig, draft) => {
        // While the receiver answers 410, every admission alert is dead-lettered.
        await runFeeds(feedsOf(admissions, 3), {
          target: rig.target,
          ratePerSecond: 10,
          ledger: draft.ledger,
          deadline: Date.now() + 60_000,
        });
        const owed = draft.ledger.expected.size;
        const listed = await eventually(
          `adt-hub dlq list showing the ${owed} refused alerts`,
          async () => {
            const ids = listedIds((await rig.cli(['dlq', 'list', '--json'])).stdout);
            return ids.length >= owed ? ids : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 500 },
        ).catch(async () => listedIds((await rig.cli(['dlq', 'list', '--json'])).stdout));
        const refused = [...new Set(rig.sink.requests.filter((r) => r.outcome === 410).map((r) => r.id))];
        draft.check(
          'dlq list shows every refused alert',
          sameSet(listed, refused),
          `${listed.length} listed, ${refused.length} refused`,
        );

        // Fixed; the operator replays the dead letters.
        rig.sink.mode = 'ok';
        draft.faultEndedAt = Date.now();
        const redriven = await rig.cli(['dlq', 'redrive', '--json']);
        const sentAgain = listedIds(redriven.stdout);
        draft.check(
          'dlq redrive sends them all again',
          sameSet(sentAgain, refused),
          `${sentAgain.length} sent again`,
        );
        // Later messages about the same people go out as usual.
        await runFeeds(feedsOf(transfers, 3), {
          target: rig.target,
          ratePerSecond: 10,
          ledger: draft.ledger,
          deadline: Date.now() + 60_000,
        });
        const settled = await awaitDelivery(rig, draft.ledger, 60_000);
        draft.check('the hub settles (queues empty)', settled.idle);

        const deliveredIds = new Set(rig.sink.arrivals.map((arrival) => arrival.id));
        const missing = refused.filter((id) => !deliveredIds.has(id));
        draft.check(
          'each refused alert arrives under the id it was refused with',
          missing.length === 0,
          `${missing.length} missing`,
        );
        const left = listedIds((await rig.cli(['dlq', 'list', '--json'])).stdout);
        draft.check('the dead-letter list is empty afterwards', left.length === 0, `${left.length} left`);
      },
    );
  },
};
