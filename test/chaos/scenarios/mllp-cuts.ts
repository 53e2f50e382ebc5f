// 7. MLLP connections cut mid-frame: part of a frame written, then the connection closed (or
// reset); or the whole frame written and the connection dropped before the ACK could be read.
// The sender then resends the message on a new connection, as an interface engine does: that
// connection gets exactly one ACK, AA for that MSH-10, and the message alerts exactly once.
import { eventually } from '../../helpers/eventually.ts';
import { msaOf } from '../../helpers/hl7.ts';
import { seededRandom, stories, syntheticPeople } from '../harness/people.ts';
import { awaitDelivery, SUBSCRIBER } from '../harness/rig.ts';
import { frame, type MllpConnection, openMllp } from '../harness/senders.ts';
import { runOnRig, type Scenario } from './scenario.ts';

const CUTS = [
  'part of the frame, then closed',
  'part of the frame, then reset (RST)',
  'the whole frame, closed before the ACK',
  'the frame without its final CR, then closed',
] as const;

export const mllpCuts: Scenario = {
  name: 'MLLP cut mid-frame, resent',
  slow: false,
  run: (options) => {
    const random = seededRandom(options.seed ^ 0x7a11);
    const people = syntheticPeople(options.quick ? 8 : 32, 7);
    const plan = stories(people, { prefix: 'ML', triggers: ['A01', 'A03'], rosterHolders: [SUBSCRIBER] });
    return runOnRig('MLLP cuts', { roster: people }, options, async (rig, draft) => {
      draft.checkOrder = true;
      const resendConnections: { label: string; controlId: string; connection: MllpConnection }[] = [];
      const cutsMade = new Map<string, number>();
      let n = 0;
      // A few people at a time; each person's messages in order, each cut once and then resent.
      await Promise.all(
        [0, 1, 2, 3].map(async (lane) => {
          for (let p = lane; p < plan.length; p += 4) {
            for (const message of plan[p] ?? []) {
              const bytes = frame(message.render());
              const cut = CUTS[n++ % CUTS.length] as (typeof CUTS)[number];
              cutsMade.set(cut, (cutsMade.get(cut) ?? 0) + 1);
              const doomed = await openMllp(rig.ports.mllp);
              if (cut.startsWith('part')) {
                // Somewhere after the start byte and before the end byte.
                await doomed.write(bytes.subarray(0, 1 + Math.floor(random() * (bytes.length - 3))));
                if (cut.includes('reset')) doomed.socket.resetAndDestroy();
                else doomed.socket.destroy();
              } else {
                await doomed.write(cut.includes('without') ? bytes.subarray(0, bytes.length - 1) : bytes);
                doomed.socket.destroy();
              }
              // The engine saw no ACK: it sends the message again on a new connection.
              const connection = await openMllp(rig.ports.mllp);
              await connection.write(bytes);
              await eventually(
                `the ACK for ${message.controlId} on the new connection`,
                () => connection.acks.length >= 1,
                {
                  timeoutMs: 30_000,
                  intervalMs: 10,
                },
              );
              draft.ledger.answer(
                message,
                {
                  label: message.label,
                  sentAt: 0,
                  at: Date.now(),
                  status: 200,
                  code: msaOf(connection.acks[0] ?? '').code,
                  ack: connection.acks[0],
                },
                message.step,
              );
              resendConnections.push({ label: message.label, controlId: message.controlId, connection });
            }
          }
        }),
      );
      draft.faultEndedAt = Date.now();
      const settled = await awaitDelivery(rig, draft.ledger, 60_000);
      draft.check('the hub settles (queues empty)', settled.idle);

      // Settled: whatever the hub was going to write on these connections, it has written.
      const notOnce = resendConnections.filter(({ connection }) => connection.acks.length !== 1);
      const notAa = resendConnections.filter(
        ({ connection, controlId }) =>
          msaOf(connection.acks[0] ?? '').code !== 'AA' ||
          msaOf(connection.acks[0] ?? '').controlId !== controlId,
      );
      for (const { connection } of resendConnections) connection.end();
      draft.check(
        'each resend connection gets exactly one ACK',
        notOnce.length === 0,
        `${notOnce.length} got 0 or 2+`,
      );
      draft.check('each resend is answered AA for its MSH-10', notAa.length === 0, `${notAa.length} not`);
      draft.check('the hub process keeps running', rig.hub.alive());
      draft.notes.push([...cutsMade].map(([cut, count]) => `${count} × ${cut}`).join('; '));
    });
  },
};
