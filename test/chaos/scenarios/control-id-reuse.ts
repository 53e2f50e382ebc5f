// 6. MSH-10 reused with other content (§4.3): an interface engine's counter reset, so another
// patient's message — or the same patient's next event — comes with an MSH-10 the hub has seen
// from that facility. It is a different message: answered AA, processed and alerted. A resend of
// either one (one with a new MSH-7) is recognised as that one, and gets that one's first ACK.

import { msaOf } from '../../helpers/hl7.ts';
import {
  hl7Time,
  type Person,
  type PlannedMessage,
  plannedMessage,
  syntheticPeople,
} from '../harness/people.ts';
import { awaitDelivery, runFeeds, SUBSCRIBER } from '../harness/rig.ts';
import { sendUntilAnswered } from '../harness/senders.ts';
import { runOnRig, type Scenario } from './scenario.ts';

export const controlIdReuse: Scenario = {
  name: 'MSH-10 reuse, other content',
  slow: false,
  run: (options) => {
    const pairs = options.quick ? 6 : 15;
    const samePerson = options.quick ? 2 : 5;
    const people = syntheticPeople(pairs * 2 + samePerson, 6);
    const holders = [SUBSCRIBER];
    // Pair i: person 2i then person 2i+1, one MSH-10. Then one person's A01 and A03, one MSH-10.
    const firsts: PlannedMessage[] = [];
    const seconds: PlannedMessage[] = [];
    const personAt = (index: number) => people[index] as Person;
    for (let i = 0; i < pairs; i++) {
      const controlId = `REUSE${String(i).padStart(4, '0')}`;
      for (const [list, person] of [
        [firsts, personAt(2 * i)],
        [seconds, personAt(2 * i + 1)],
      ] as const) {
        const message = plannedMessage({
          person,
          trigger: 'A01',
          step: 0,
          controlId,
          rosterHolders: holders,
        });
        list.push({ ...message, label: `${controlId} ${person.nhsNumber}` });
      }
    }
    for (let j = 0; j < samePerson; j++) {
      const person = personAt(pairs * 2 + j);
      const controlId = `RSAME${String(j).padStart(4, '0')}`;
      firsts.push({
        ...plannedMessage({ person, trigger: 'A01', step: 0, controlId, rosterHolders: holders }),
        label: `${controlId} A01`,
      });
      seconds.push({
        ...plannedMessage({ person, trigger: 'A03', step: 1, controlId, rosterHolders: holders }),
        label: `${controlId} A03`,
      });
    }
    return runOnRig('MSH-10 reuse', { roster: people }, options, async (rig, draft) => {
      draft.checkOrder = true;
      const firstAcks = new Map<string, string>();
      const record =
        (message: PlannedMessage) => (_: PlannedMessage, answer: { code?: string; ack?: string }) => {
          if (answer.code === 'AA' && answer.ack !== undefined && !firstAcks.has(message.label))
            firstAcks.set(message.label, answer.ack);
        };
      const deadline = Date.now() + 120_000;
      // The first of each pair, then — once the hub has it — the other message with that MSH-10.
      await Promise.all(
        firsts.map(async (first, i) => {
          const second = seconds[i] as PlannedMessage;
          for (const message of [first, second])
            await runFeeds([[message]], {
              target: rig.target,
              ratePerSecond: 50,
              ledger: draft.ledger,
              deadline,
              onAnswer: record(message),
            });
        }),
      );
      await awaitDelivery(rig, draft.ledger, 60_000);
      draft.faultEndedAt = Date.now();

      // Resends: the first with a new MSH-7, the second as it was.
      const mismatched: string[] = [];
      for (const [message, mshTime] of [
        ...firsts.map((m) => [m, hl7Time(new Date())] as const),
        ...seconds.map((m) => [m, undefined] as const),
      ]) {
        const outcome = await sendUntilAnswered(
          rig.target,
          message.label,
          message.render(mshTime),
          deadline,
          (answer) => draft.ledger.answer(message, answer, message.step),
        );
        if (outcome.final?.ack !== firstAcks.get(message.label)) mismatched.push(message.label);
      }
      const settled = await awaitDelivery(rig, draft.ledger, 60_000);
      draft.check('the hub settles (queues empty)', settled.idle);

      const reusedAccepted = seconds.filter((m) => draft.ledger.wasAccepted(m)).length;
      draft.check(
        'a reused MSH-10 with other content is answered AA',
        reusedAccepted === seconds.length,
        `${reusedAccepted} of ${seconds.length}`,
      );
      const distinctAcks = firsts.filter((m, i) => {
        const a = firstAcks.get(m.label);
        const b = firstAcks.get((seconds[i] as PlannedMessage).label);
        return a !== undefined && b !== undefined && a !== b && msaOf(a).controlId === msaOf(b).controlId;
      }).length;
      draft.check(
        'the two messages with one MSH-10 get ACKs of their own',
        distinctAcks === firsts.length,
        `${distinctAcks} of ${firsts.length}`,
      );
      draft.check(
        'a resend gets the first ACK of the message it repeats',
        mismatched.length === 0,
        mismatched.length === 0 ? undefined : mismatched.slice(0, 3).join(', '),
      );
    });
  },
};
