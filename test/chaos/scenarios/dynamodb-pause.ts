// 2. DynamoDB Local frozen (SIGSTOP to its Java process) for 30 s, then thawed, while messages
// keep arriving. While it is frozen the hub cannot store anything: it must answer 503 with an AR
// ACK (§4.3), and the senders resend, as an interface engine does. Nothing may be lost after.
import { eventually } from '../../helpers/eventually.ts';
import { summariseAnswers } from '../harness/answers.ts';
import { stories, syntheticPeople } from '../harness/people.ts';
import { processTable } from '../harness/processes.ts';
import { awaitDelivery, feedsOf, runFeeds, SUBSCRIBER } from '../harness/rig.ts';
import { runOnRig, type Scenario } from './scenario.ts';

export const dynamodbPause: Scenario = {
  name: 'DynamoDB Local paused 30 s',
  slow: true,
  run: (options) => {
    const pauseMs = options.quick ? 10_000 : 30_000;
    const people = syntheticPeople(options.quick ? 12 : 40, 2);
    const onRoster = people.slice(0, options.quick ? 10 : 32);
    const plan = [
      ...stories(onRoster, { prefix: 'DP', triggers: ['A01', 'A02', 'A03'], rosterHolders: [SUBSCRIBER] }),
      ...stories(people.slice(onRoster.length), { prefix: 'DX', triggers: ['A01', 'A02', 'A03'] }),
    ];
    return runOnRig(
      `DynamoDB paused ${pauseMs / 1000} s`,
      { roster: onRoster },
      options,
      async (rig, draft) => {
        draft.checkOrder = true;
        const started = Date.now();
        const feeding = runFeeds(feedsOf(plan, 8), {
          target: rig.target,
          // Messages due all through the pause and 8 s more: some before it, most during it.
          ratePerSecond: plan.flat().length / (pauseMs / 1000 + 8),
          ledger: draft.ledger,
          deadline: started + pauseMs + 240_000,
        });
        await eventually('the first alerts arriving before the pause', () => rig.sink.arrivals.length >= 3, {
          timeoutMs: 30_000,
        });

        const javaPid = rig.hub.javaPid();
        if (javaPid === undefined) throw new Error('no DynamoDB Local Java process under the hub');
        const pausedAt = Date.now();
        process.kill(javaPid, 'SIGSTOP');
        let resumedAt: number;
        try {
          const stat = processTable().find((row) => row.pid === javaPid)?.stat ?? '?';
          draft.check('ps shows DynamoDB Local stopped', stat.startsWith('T'), `STAT ${stat}`);
          options.progress?.(`Java pid ${javaPid} stopped for ${pauseMs / 1000} s`);
          await new Promise((resolve) => setTimeout(resolve, pauseMs));
        } finally {
          process.kill(javaPid, 'SIGCONT');
          resumedAt = Date.now();
        }
        draft.faultEndedAt = resumedAt;
        options.progress?.(`Java pid ${javaPid} resumed`);

        const fed = await feeding;
        draft.check(
          'every message got a final answer',
          fed.unanswered.length === 0,
          `${fed.unanswered.length} unanswered`,
        );
        draft.check('no message was refused', fed.refused.length === 0, `${fed.refused.length} refused`);

        // What the hub answered to requests made and answered while storage was frozen (after a
        // second, so that nothing started before the pause is counted).
        const during = draft.ledger.answers.filter((a) => a.sentAt >= pausedAt + 1_000 && a.at <= resumedAt);
        const unavailable = during.filter((a) => a.status === 503 && a.code === 'AR');
        const other = during.filter((a) => !(a.status === 503 && a.code === 'AR'));
        draft.check(
          'while paused, requests get 503 with an AR ACK',
          unavailable.length > 0 && other.length === 0,
          `${unavailable.length} × 503 AR; other answers: ${summariseAnswers(other)}`,
        );
        // Requests sent while it was paused: when and how they were answered.
        const sentDuring = draft.ledger.answers.filter((a) => a.sentAt >= pausedAt && a.sentAt < resumedAt);
        const waits = sentDuring.map((a) => (a.at - a.sentAt) / 1000).sort((a, b) => a - b);
        draft.notes.push(
          `${sentDuring.length} requests sent while paused: ${summariseAnswers(sentDuring)}; ` +
            `answered after ${waits[0]?.toFixed(1) ?? '—'}–${waits.at(-1)?.toFixed(1) ?? '—'} s, ` +
            `${sentDuring.filter((a) => a.at > resumedAt).length} of them only after the resume`,
        );
        // Whenever they came: 200 with AA, or 503 with AR (§4.3). A 500, or a 503 without an ACK,
        // is an answer an interface engine cannot read.
        const outside = draft.ledger.answers.filter(
          (a) =>
            a.status !== 0 &&
            !(a.status === 200 && a.code === 'AA') &&
            !(a.status === 503 && a.code === 'AR'),
        );
        draft.check(
          'every answer is one §4.3 allows (200 AA, or 503 with AR)',
          outside.length === 0,
          outside.length === 0 ? undefined : summariseAnswers(outside),
        );

        const settled = await awaitDelivery(rig, draft.ledger, 240_000);
        draft.check('the hub settles (queues empty)', settled.idle);
      },
    );
  },
};
