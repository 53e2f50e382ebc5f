// Review decisions on in-memory fakes: accepting a row conflict alerts only that subscriber, with
// match.method review; a decision is written once; rejecting remembers the pair.
import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryAlertDispatcher, InMemoryAlertStore } from '../../../functions/adapters/memory/alerts.ts';
import { InMemoryAuditTrail } from '../../../functions/adapters/memory/audit.ts';
import { InMemoryMessageStore } from '../../../functions/adapters/memory/messages.ts';
import {
  InMemoryLearnedIdentifiers,
  InMemoryPersonStore,
} from '../../../functions/adapters/memory/people.ts';
import { InMemoryReviewList } from '../../../functions/adapters/memory/review.ts';
import { InMemoryRosterStore } from '../../../functions/adapters/memory/rosters.ts';
import { InMemorySubscriberDirectory } from '../../../functions/adapters/memory/subscribers.ts';
import { DEFAULT_EVENTS } from '../../../functions/core/routing/types.ts';
import type { QueuedMessage } from '../../../functions/use-cases/ports/index.ts';
import { processMessage } from '../../../functions/use-cases/process.ts';
import { acceptReview, type ReviewDependencies, rejectReview } from '../../../functions/use-cases/review.ts';
import { RosterSnapshot } from '../../../functions/use-cases/roster-snapshot.ts';
import { acceptingWebhooks } from '../../helpers/builders.ts';
import { eventOf } from '../../helpers/fixtures.ts';

const MARY_NHS = '9449305552';
let deps: ReviewDependencies;
let messages: InMemoryMessageStore;
let review: InMemoryReviewList;
let dispatcher: InMemoryAlertDispatcher;
let audit: InMemoryAuditTrail;

beforeEach(async () => {
  const rosters = new InMemoryRosterStore();
  await rosters.saveRoster('A', [
    {
      personId: MARY_NHS,
      line: 5,
      nhsNumber: MARY_NHS,
      family: 'Smith',
      given: ['Alice'],
      birthDate: '1950-01-01',
      localId: 'A:7',
    },
  ]);
  await rosters.saveRoster('B', [
    {
      personId: MARY_NHS,
      line: 2,
      nhsNumber: MARY_NHS,
      family: "O'Brien",
      given: ['Mary'],
      birthDate: '1942-03-17',
      localId: 'B:1',
    },
  ]);
  const learned = new InMemoryLearnedIdentifiers();
  const clock = { now: () => new Date('2026-11-20T12:00:00Z') };
  messages = new InMemoryMessageStore();
  review = new InMemoryReviewList();
  dispatcher = new InMemoryAlertDispatcher();
  audit = new InMemoryAuditTrail();
  const queue = (id: string) => ({ kind: 'sqs' as const, queueUrl: `queue-${id}` });
  deps = {
    deployment: 'test',
    messages,
    history: messages,
    rosters: new RosterSnapshot(rosters, clock),
    people: new InMemoryPersonStore(),
    learned,
    review,
    audit,
    subscribers: new InMemorySubscriberDirectory([
      { id: 'A', name: 'A', events: DEFAULT_EVENTS, delivery: queue('A') },
      { id: 'B', name: 'B', events: DEFAULT_EVENTS, delivery: queue('B') },
    ]),
    alerts: new InMemoryAlertStore(),
    dispatcher,
    webhooks: acceptingWebhooks(),
    clock,
    retentionDays: 30,
  };
  // Mary's admission, as ingest took it in and the process step handled it: B alerted, A's row in review.
  const event = { ...eventOf('a01-admission.hl7'), registeredGp: undefined };
  const message: QueuedMessage = {
    messageKey: 'RBN|MSG00001',
    receivedAt: '2026-11-20T10:15:00.000Z',
    senderId: 't',
    event,
  };
  await messages.claim({
    messageKey: message.messageKey,
    controlId: event.controlId,
    sendingFacility: 'RBN',
    senderId: 't',
    receivedAt: message.receivedAt,
    status: 'received',
    rawGzip: new Uint8Array(),
    eventJson: JSON.stringify(event),
    ack: 'ACK',
    expiresAt: 0,
  });
  await processMessage(message, deps);
});

describe('a row conflict', () => {
  it('accepted, alerts only that subscriber, with match.method review, once', async () => {
    const [item] = await review.list();

    const first = await acceptReview(item?.id ?? '', 'Alice is Mary: the row was mistyped', 'ops-1', deps);
    const second = await acceptReview(item?.id ?? '', 'again', 'ops-2', deps);

    expect(dispatcher.dispatched.map((d) => d.subscriberId)).toEqual(['B', 'A']);
    expect(JSON.parse(dispatcher.dispatched[1]?.alert.payloadJson ?? '{}').data).toMatchObject({
      match: { method: 'review' },
      person: { localId: 'A:7' },
      sequence: 1,
    });
    expect(first).toEqual({ ok: true, alerts: 1 });
    expect(second).toEqual({
      ok: false,
      alreadyDecided: { outcome: 'accepted', by: 'ops-1', at: '2026-11-20T12:00:00.000Z' },
    });
    expect(messages.decision('RBN|MSG00001')?.alertIds).toHaveLength(2);
    expect(audit.entries.map((e) => [e.action, e.actor, e.reason])).toEqual([
      ['review.accepted', 'ops-1', 'Alice is Mary: the row was mistyped'],
    ]);
  });

  it('rejected, sends nothing and remembers the pair', async () => {
    const [item] = await review.list();

    const result = await rejectReview(item?.id ?? '', 'not our client', 'ops-1', deps);

    expect(result).toEqual({ ok: true, alerts: 0 });
    expect(dispatcher.dispatched.map((d) => d.subscriberId)).toEqual(['B']);
    expect([...review.rejections.values()]).toEqual([
      expect.objectContaining({
        hospitalNumber: 'RBN|RBN:RBN1234567',
        personId: MARY_NHS,
        subscriberId: 'A',
      }),
    ]);
    expect(await review.list()).toEqual([]);
  });

  it('needs a reason', async () => {
    const [item] = await review.list();

    await expect(rejectReview(item?.id ?? '', '  ', 'ops-1', deps)).rejects.toThrow(
      'a decision needs a reason',
    );
  });
});
