// 1. kill -9 of the hub under load, then a restart on the same state and ports. Messages go in
// faster than the hub can deliver them to a receiver that takes its time, so that at the kill
// some are stored and not yet processed; the hub process is killed mid-stream (its Java must die
// with it: checked with ps), started again, and the feeds carry on, resending whatever was not
// answered. Every message answered AA must have its alerts delivered, each person's in order.
// A webhook-id sent before the kill and again after it is the crash window of docs/delivery.md
// (harness/duplicates.ts tells it by the hub's own log): counted, not failed.
import { readFileSync } from 'node:fs';
import { eventually } from '../../helpers/eventually.ts';
import { stories, syntheticPeople } from '../harness/people.ts';
import { isAlive } from '../harness/processes.ts';
import { awaitDelivery, feedsOf, runFeeds, SUBSCRIBER } from '../harness/rig.ts';
import { runOnRig, type Scenario } from './scenario.ts';

export const killRestart: Scenario = {
  name: 'kill -9 and restart under load',
  slow: false,
  run: (options) => {
    const people = syntheticPeople(options.quick ? 16 : 60, 1);
    const onRoster = people.slice(0, options.quick ? 12 : 48);
    const offRoster = people.slice(onRoster.length);
    const plan = [
      // Every third person's admission is cancelled: a cancel alerts only after the admission it
      // withdraws, so one processed out of order would be lost.
      ...stories(onRoster, {
        prefix: 'KR',
        triggers: (p) => (p % 3 === 2 ? ['A01', 'A11', 'A08'] : ['A01', 'A02', 'A03', 'A08']),
        rosterHolders: [SUBSCRIBER],
      }),
      ...stories(offRoster, { prefix: 'KX' }),
    ];
    // Faster than the hub can deliver to a receiver that takes its time (below): at the kill some
    // messages are stored but not processed, and some alerts are on their way.
    const rate = options.quick ? 24 : 40;
    const killAfterMs = options.quick ? 1_500 : 3_000;
    return runOnRig(
      options.quick ? 'kill -9 + restart (quick)' : 'kill -9 + restart',
      { roster: onRoster },
      options,
      async (rig, draft) => {
        draft.checkOrder = true;
        draft.processKilled = true;
        // A receiver that takes its time, now and then more than a second: the hub then rests it
        // and queues its alerts for the deliverer, so at the kill some are on their way.
        rig.sink.latencyMs = (n) => (n % 8 === 2 ? 1_500 : options.quick ? 200 : 400);
        const started = Date.now();
        const feeding = runFeeds(feedsOf(plan, options.quick ? 6 : 12), {
          target: rig.target,
          ratePerSecond: rate,
          ledger: draft.ledger,
          deadline: started + 120_000,
        });

        // Kill once the load is flowing and some messages are through.
        await eventually('the first alerts arriving before the kill', () => rig.sink.arrivals.length >= 3, {
          timeoutMs: 30_000,
        });
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + killAfterMs - Date.now())));
        const before = rig.hub;
        const javaPid = before.javaPid();
        draft.check('DynamoDB Local runs as a child of the hub (found with ps)', javaPid !== undefined);
        const acceptedAtKill = draft.ledger.tally([]).acceptedMessages;
        const killed = await before.kill9();
        const { killedAt } = killed;
        draft.check(
          'Java (DynamoDB Local) dies with the hub on kill -9',
          killed.javaGone,
          `pid ${killed.javaPid ?? '?'} ${killed.javaGone ? `gone in ${killed.javaGoneInMs} ms` : 'still running: killed by the harness'}`,
        );
        draft.check('the killed hub process is gone', !isAlive(before.pid));
        options.progress?.(`kill -9: hub pid ${before.pid} killed after ${acceptedAtKill} messages accepted`);

        let restarted = false;
        let downMs = 0;
        let restartMs = 0;
        try {
          const after = await rig.restart();
          restarted = true;
          draft.faultEndedAt = Date.now();
          downMs = draft.faultEndedAt - killedAt;
          restartMs = after.startedInMs;
          options.progress?.(
            `restart: hub pid ${after.pid} up after ${(after.startedInMs / 1000).toFixed(1)} s`,
          );
        } finally {
          draft.check('the hub starts again on the same state folder and ports', restarted);
        }

        const fed = await feeding;
        draft.check(
          'every message got a final answer',
          fed.unanswered.length === 0,
          `${fed.unanswered.length} unanswered`,
        );
        draft.check('no message was refused', fed.refused.length === 0, `${fed.refused.length} refused`);
        const settled = await awaitDelivery(rig, draft.ledger, options.quick ? 45_000 : 120_000);
        draft.check('the hub settles (queues empty)', settled.idle);
        // Printed by start.ts once its recovery is done (read now: it may come after hub.json).
        const recovery = /\((\d+) unprocessed messages and (\d+) undelivered alerts queued again\)/.exec(
          readFileSync(rig.logFile, 'utf8').split('Starting the local hub').at(-1) ?? '',
        );
        draft.notes.push(
          `hub down ${(downMs / 1000).toFixed(1)} s (restart took ${(restartMs / 1000).toFixed(1)} s); ` +
            `on restart it queued again ${recovery?.[1] ?? 0} messages and ${recovery?.[2] ?? 0} alerts`,
        );

        // A cancel withdraws the admission alert the subscriber had: its id, in data.retracts.
        type Body = { data?: { event?: string; retracts?: string; person?: { nhsNumber?: string } } };
        const admissionIds = new Map<string, string>();
        for (const { id, body } of rig.sink.arrivals)
          if ((body as Body).data?.event === 'admission')
            admissionIds.set(`${(body as Body).data?.person?.nhsNumber}`, id);
        const cancels = rig.sink.arrivals.filter(
          ({ body }) => (body as Body).data?.event === 'cancel-admission',
        );
        const misdirected = cancels.filter(
          ({ body }) =>
            (body as Body).data?.retracts !== admissionIds.get(`${(body as Body).data?.person?.nhsNumber}`),
        );
        draft.check(
          'each cancel withdraws the admission alert the subscriber had',
          misdirected.length === 0,
          `${cancels.length} cancels, ${misdirected.length} pointing elsewhere`,
        );

        // When each copy of a duplicated id arrived, against the kill (harness/duplicates.ts says
        // which of them the crash window or a timeout explains, from the hub's own log).
        const byId = new Map<string, number[]>();
        for (const arrival of rig.sink.arrivals)
          byId.set(arrival.id, [...(byId.get(arrival.id) ?? []), arrival.at]);
        for (const [id, times] of byId)
          if (times.length > 1)
            draft.notes.push(
              `${id} arrived ${times.length}× (${times.map((at) => `${at - killedAt >= 0 ? '+' : ''}${at - killedAt} ms`).join(', ')} from the kill)`,
            );
      },
    );
  },
};
