// The process step keeps alerts from the wrong person (ARCHITECTURE §4.5): a subscriber is told only
// through its own row when that row agrees; hospital numbers are learned per sending facility and
// never silently re-pointed; a merge carries the person's history with it.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { InMemoryAlertDispatcher, InMemoryAlertStore } from '../../../functions/adapters/memory/alerts.ts';
import { InMemoryMessageStore } from '../../../functions/adapters/memory/messages.ts';
import {
  InMemoryLearnedIdentifiers,
  InMemoryPersonStore,
} from '../../../functions/adapters/memory/people.ts';
import { InMemoryReviewList } from '../../../functions/adapters/memory/review.ts';
import { InMemoryRosterStore } from '../../../functions/adapters/memory/rosters.ts';
import { InMemorySubscriberDirectory } from '../../../functions/adapters/memory/subscribers.ts';
import type { AdtEvent } from '../../../functions/core/normalise/adt-event.ts';
import { DEFAULT_EVENTS } from '../../../functions/core/routing/types.ts';
import type { QueuedMessage, RosterEntry } from '../../../functions/use-cases/ports/index.ts';
import { type ProcessDependencies, processMessage } from '../../../functions/use-cases/process.ts';
import { RosterSnapshot } from '../../../functions/use-cases/roster-snapshot.ts';
import { acceptingWebhooks } from '../../helpers/builders.ts';
import { eventOf } from '../../helpers/fixtures.ts';

const MARY_NHS = '9449305552';
const MARY: RosterEntry = {
  personId: MARY_NHS,
  line: 2,
  nhsNumber: MARY_NHS,
  family: "O'Brien",
  given: ['Mary'],
  birthDate: '1942-03-17',
  sex: 'female',
  postcode: 'WA1 1AA',
  localId: 'B:MARY',
};
/** Subscriber A typed Mary's NHS number into Alice's row. */
const ALICE_WITH_MARYS_NUMBER: RosterEntry = {
  personId: MARY_NHS,
  line: 5,
  nhsNumber: MARY_NHS,
  family: 'Smith',
  given: ['Alice'],
  birthDate: '1950-01-01',
  sex: 'female',
  localId: 'A:ALICE',
};

let rosters: InMemoryRosterStore;
let learned: InMemoryLearnedIdentifiers;
let review: InMemoryReviewList;
let people: InMemoryPersonStore;
let dispatcher: InMemoryAlertDispatcher;
let deps: ProcessDependencies;
let sequence = 0;

beforeEach(() => {
  rosters = new InMemoryRosterStore();
  learned = new InMemoryLearnedIdentifiers();
  review = new InMemoryReviewList();
  people = new InMemoryPersonStore();
  dispatcher = new InMemoryAlertDispatcher();
  const clock = { now: () => new Date('2026-11-20T12:00:00Z') };
  const queue = (id: string) => ({ kind: 'sqs' as const, queueUrl: `queue-${id}` });
  deps = {
    deployment: 'test',
    messages: new InMemoryMessageStore(),
    rosters: new RosterSnapshot(rosters, clock),
    people,
    learned,
    review,
    subscribers: new InMemorySubscriberDirectory([
      { id: 'A', name: 'Team A', events: DEFAULT_EVENTS, delivery: queue('A') },
      { id: 'B', name: 'Team B', events: DEFAULT_EVENTS, delivery: queue('B') },
      { id: 'GP', name: 'Practice', events: DEFAULT_EVENTS, practice: 'N81001', delivery: queue('GP') },
    ]),
    alerts: new InMemoryAlertStore(),
    dispatcher,
    webhooks: acceptingWebhooks(),
    clock,
    retentionDays: 30,
  };
});

function queued(event: AdtEvent): QueuedMessage {
  sequence++;
  return {
    messageKey: `${event.sendingFacility}|${event.controlId}`,
    receivedAt: `2026-11-20T10:${String(sequence).padStart(2, '0')}:00.000Z`,
    senderId: 'test',
    event,
  };
}

function maryAdmission(controlId = 'ADM1', facility = 'RBN'): AdtEvent {
  return { ...eventOf('a01-admission.hl7'), controlId, sendingFacility: facility, registeredGp: undefined };
}

const alertedSubscribers = () => dispatcher.dispatched.map((d) => d.subscriberId);

describe('per-subscriber corroboration', () => {
  beforeEach(async () => {
    await rosters.saveRoster('A', [ALICE_WITH_MARYS_NUMBER]);
    await rosters.saveRoster('B', [MARY]);
  });

  it('alerts only the subscriber whose own row agrees, and puts the other on the review list', async () => {
    const result = await processMessage(queued(maryAdmission()), deps);

    expect(result).toMatchObject({ outcome: 'matched', method: 'nhs-number', alerts: 1, reviews: 1 });
    expect(alertedSubscribers()).toEqual(['B']);
    expect(JSON.parse(dispatcher.dispatched[0]?.alert.payloadJson ?? '{}').data.person.localId).toBe(
      'B:MARY',
    );
    expect(review.items).toEqual([
      expect.objectContaining({
        kind: 'row-conflict',
        controlId: 'ADM1',
        candidate: { personId: MARY_NHS, subscribers: [{ id: 'A', localId: 'A:ALICE', line: 5 }] },
      }),
    ]);
  });

  it('alerts A about Alice herself, and not B', async () => {
    const alice: AdtEvent = {
      ...maryAdmission('ADM2'),
      patient: {
        identifiers: [
          { value: 'ALICE', authority: 'A', type: 'PI' },
          { value: 'RBN555', authority: 'RBN', type: 'MR' },
        ],
        name: { family: 'Smith', given: ['Alice'] },
        birthDate: '1950-01-01',
        sex: 'female',
      },
    };

    await processMessage(queued(alice), deps);

    expect(alertedSubscribers()).toEqual(['A']);
  });
});

describe('hospital numbers, learned per facility', () => {
  beforeEach(async () => {
    await rosters.saveRoster('B', [MARY]);
  });

  it('learns the number under the facility that sent it', async () => {
    await processMessage(queued(maryAdmission('ADM1', 'RBN')), deps);

    expect([...learned.learned]).toEqual([['RBN|RBN:RBN1234567', MARY_NHS]]);
  });

  it('sends to review, alerting nobody, a message that would re-point a number learned for someone else', async () => {
    await learned.learn('RBN|RBN:RBN1234567', 'p-someone-else');

    const result = await processMessage(queued(maryAdmission()), deps);

    expect(result).toMatchObject({ outcome: 'possible', alerts: 0 });
    expect(dispatcher.dispatched).toEqual([]);
    expect(learned.learned.get('RBN|RBN:RBN1234567')).toBe('p-someone-else');
    expect(review.items).toEqual([
      expect.objectContaining({
        kind: 'identifier-conflict',
        candidate: expect.objectContaining({ personId: MARY_NHS }),
      }),
    ]);
  });

  it('reads no learned number for a confident match, and reads one the match may rest on', async () => {
    const lookups = vi.spyOn(learned, 'lookup');
    await processMessage(queued(maryAdmission('ADM1', 'RBN')), deps);
    expect(lookups).not.toHaveBeenCalled();

    // Another container, which has not seen the number learned: a message with the number, no NHS
    // number, birth date or postcode matches Mary only through it.
    const other = { ...deps, rosters: new RosterSnapshot(rosters, deps.clock) };
    const admission = maryAdmission('ADM2', 'RBN');
    const patient = admission.patient as NonNullable<AdtEvent['patient']>;
    const withoutNumbers = {
      ...admission,
      patient: { ...patient, nhsNumber: undefined, birthDate: undefined, address: undefined },
    };
    const result = await processMessage(queued(withoutNumbers), other);

    expect(lookups).toHaveBeenCalledTimes(1);
    expect(result).toMatchObject({ outcome: 'matched' });
    expect(alertedSubscribers()).toEqual(['B', 'B']);
  });

  it('keeps another facility’s number with the same value apart', async () => {
    await learned.learn('RXX|RBN:RBN1234567', 'p-someone-else');

    await processMessage(queued(maryAdmission('ADM1', 'RBN')), deps);

    expect(alertedSubscribers()).toEqual(['B']);
    expect(learned.learned.get('RXX|RBN:RBN1234567')).toBe('p-someone-else');
    expect(learned.learned.get('RBN|RBN:RBN1234567')).toBe(MARY_NHS);
  });

  it('re-points the merged-away number on a merge from its own facility', async () => {
    await learned.learn('RBN|RBN:RBN7654321', 'p-duplicate-record');
    const merge: AdtEvent = { ...eventOf('a40-merge.hl7'), registeredGp: undefined };

    await processMessage(queued(merge), deps);

    expect(learned.learned.get('RBN|RBN:RBN7654321')).toBe(MARY_NHS);
  });
});

describe('merges carry the history', () => {
  /** A patient no roster holds, known to their practice, by hospital number only. */
  function practicePatient(event: AdtEvent, hospitalNumber: string): AdtEvent {
    return {
      ...event,
      registeredGp: { practiceCode: 'N81001' },
      patient: {
        ...(event.patient as NonNullable<AdtEvent['patient']>),
        nhsNumber: undefined,
        name: { family: 'Doe', given: ['Jan'] },
        identifiers: [{ value: hospitalNumber, authority: 'RBN', type: 'MR' }],
      },
    };
  }

  it('lets a cancel after a merge withdraw the alert made under the old number', async () => {
    await processMessage(queued(practicePatient(eventOf('a01-admission.hl7'), 'RBN7654321')), deps);
    const merge = practicePatient(eventOf('a40-merge.hl7'), 'RBN1234567');
    await processMessage(queued(merge), deps);
    await processMessage(queued(practicePatient(eventOf('a11-cancel-admission.hl7'), 'RBN1234567')), deps);

    const [admission, cancel] = dispatcher.dispatched.map((d) => JSON.parse(d.alert.payloadJson).data);
    expect(dispatcher.dispatched.map((d) => d.alert.event)).toEqual(['admission', 'cancel-admission']);
    expect(cancel.retracts).toBe(dispatcher.dispatched[0]?.alert.id);
    expect(cancel.sequence).toBe(admission.sequence + 1);
  });
});

describe('one subscriber’s failure is its own', () => {
  it('delivers to the others, and queues the refused alert for a retry, when one SQS queue refuses', async () => {
    await rosters.saveRoster('A', [{ ...MARY, localId: 'A:MARY' }]);
    await rosters.saveRoster('B', [MARY]);
    dispatcher.failingQueues.add('A');

    const result = await processMessage(queued(maryAdmission()), deps);

    expect(result).toMatchObject({ outcome: 'matched', alerts: 2 });
    expect(
      dispatcher.dispatched.map((d) => [d.subscriberId, d.retry === undefined ? 'own queue' : 'retry queue']),
    ).toEqual([
      ['A', 'retry queue'],
      ['B', 'own queue'],
    ]);
    const [retried] = dispatcher.dispatched;
    expect(await deps.alerts.get(retried?.alert.id ?? '')).toMatchObject({
      status: 'pending',
      attempts: [
        expect.objectContaining({
          result: 'retry',
          error: expect.stringContaining("subscriber's queue refused"),
        }),
      ],
    });
    expect(people.states.get(MARY_NHS)?.queuedBehind).toEqual({ A: retried?.alert.id });
  });
});
