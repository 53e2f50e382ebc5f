// 3. The subscriber's receiver down for a minute — 503s and dropped connections — then back.
// Ingest must not notice (every message still AA at once); every alert must arrive afterwards,
// each person's in the order of their story, with data.sequence increasing.
import { eventually } from '../../helpers/eventually.ts';
import { summariseAnswers } from '../harness/answers.ts';
import { stories, syntheticPeople } from '../harness/people.ts';
import { awaitDelivery, feedsOf, runFeeds, SUBSCRIBER } from '../harness/rig.ts';
import { runOnRig, type Scenario } from './scenario.ts';

export const receiverOutage: Scenario = {
  name: 'receiver down 1 minute',
  slow: true,
  run: (options) => {
    const outageMs = options.quick ? 15_000 : 60_000;
    const people = syntheticPeople(options.quick ? 8 : 30, 3);
    const onRoster = people.slice(0, options.quick ? 6 : 24);
    const plan = [
      ...stories(onRoster, { prefix: 'RO', triggers: ['A01', 'A02', 'A03'], rosterHolders: [SUBSCRIBER] }),
      ...stories(people.slice(onRoster.length), { prefix: 'RX', triggers: ['A01', 'A02', 'A03'] }),
    ];
    return runOnRig(
      `receiver down ${outageMs / 1000} s`,
      { roster: onRoster },
      options,
      async (rig, draft) => {
        draft.checkOrder = true;
        // A couple of people's admissions arrive while the receiver is up.
        const warmUp = plan.slice(0, 2).map((story) => story.slice(0, 1));
        await runFeeds(warmUp, {
          target: rig.target,
          ratePerSecond: 10,
          ledger: draft.ledger,
          deadline: Date.now() + 60_000,
        });
        await eventually(
          'the first alerts arriving before the outage',
          () => draft.ledger.complete(rig.sink.arrivals),
          {
            timeoutMs: 30_000,
          },
        );

        rig.sink.mode = 'unavailable';
        const downAt = Date.now();
        options.progress?.(`receiver down (503 and dropped connections) for ${outageMs / 1000} s`);
        const rest = plan.map((story, i) => (i < 2 ? story.slice(1) : story));
        const total = rest.reduce((sum, story) => sum + story.length, 0);
        const feeding = runFeeds(feedsOf(rest, 6), {
          target: rig.target,
          // Spread over the outage, so that alerts are made all through it.
          ratePerSecond: total / ((outageMs * 0.9) / 1000),
          ledger: draft.ledger,
          deadline: downAt + outageMs + 60_000,
        });
        await new Promise((resolve) => setTimeout(resolve, outageMs));
        rig.sink.mode = 'ok';
        const upAt = Date.now();
        draft.faultEndedAt = upAt;
        options.progress?.('receiver back');

        const fed = await feeding;
        const during = draft.ledger.answers.filter((a) => a.sentAt >= downAt && a.at <= upAt);
        draft.check(
          'ingest is not held up by a receiver that is down (every answer AA)',
          during.every((a) => a.status === 200 && a.code === 'AA') && fed.unanswered.length === 0,
          summariseAnswers(during),
        );
        const refusedByReceiver = rig.sink.requests.filter((r) => r.mode === 'unavailable');
        draft.check(
          'the hub kept trying while the receiver was down',
          refusedByReceiver.length > 0,
          `${refusedByReceiver.filter((r) => r.outcome === 503).length} × 503, ${refusedByReceiver.filter((r) => r.outcome === 'dropped').length} × dropped`,
        );
        const settled = await awaitDelivery(rig, draft.ledger, options.quick ? 120_000 : 360_000);
        draft.check('the hub settles (queues empty)', settled.idle);
      },
    );
  },
};
