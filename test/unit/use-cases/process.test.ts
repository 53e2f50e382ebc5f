// The process step on in-memory fakes: match, route, remember; idempotent per message.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  InMemoryAlertDispatcher,
  InMemoryAlertStore,
  InMemoryPersonStore,
  InMemoryProcessedMessages,
  InMemorySubscriberDirectory,
} from '../../../functions/adapters/memory/process.ts';
import { InMemoryRegistryStore } from '../../../functions/adapters/memory/registry.ts';
import { DEFAULT_EVENTS } from '../../../functions/core/routing/types.ts';
import type { QueuedMessage } from '../../../functions/use-cases/ports.ts';
import { type ProcessDependencies, processMessage } from '../../../functions/use-cases/process.ts';
import { RegistrySnapshot } from '../../../functions/use-cases/registry-snapshot.ts';
import { alertSchemaErrors } from '../../helpers/alert-schema.ts';
import { eventOf } from '../../helpers/fixtures.ts';

let deps: ProcessDependencies;
let alerts: InMemoryAlertStore;
let people: InMemoryPersonStore;
let messages: InMemoryProcessedMessages;
let dispatcher: InMemoryAlertDispatcher;

beforeEach(async () => {
  const registry = new InMemoryRegistryStore();
  await registry.saveRoster('SC-WARRINGTON', [
    // Mary O'Brien of the fixtures, known to social care without an NHS number.
    {
      personId: 'p-mary',
      line: 2,
      family: "O'Brien",
      given: ['Mary'],
      birthDate: '1942-03-17',
      sex: 'female',
      postcode: 'WA1 1AA',
      localId: 'SC:100239',
    },
  ]);
  await registry.saveRoster('ANOTHER-TEAM', [
    {
      personId: 'p-someone',
      line: 2,
      family: 'Okafor',
      given: ['Ada'],
      birthDate: '1961-01-01',
      localId: 'X:1',
    },
  ]);
  alerts = new InMemoryAlertStore();
  people = new InMemoryPersonStore();
  messages = new InMemoryProcessedMessages();
  dispatcher = new InMemoryAlertDispatcher();
  deps = {
    deployment: 'test',
    dispatcher,
    messages,
    registry: new RegistrySnapshot(registry, people, { now: () => new Date('2026-11-20T12:00:00Z') }),
    people,
    subscribers: new InMemorySubscriberDirectory([
      {
        id: 'SC-WARRINGTON',
        name: 'Warrington social care',
        events: DEFAULT_EVENTS,
        delivery: { kind: 'sqs', queueUrl: 'sc-queue' },
      },
      { id: 'ANOTHER-TEAM', name: 'Another team', events: DEFAULT_EVENTS },
      { id: 'N81001', name: 'Green Surgery', events: DEFAULT_EVENTS, practice: 'N81001' },
    ]),
    alerts,
    clock: { now: () => new Date('2026-11-20T12:00:00Z') },
    retentionDays: 30,
  };
});

function queued(fixture: string, controlId?: string): QueuedMessage {
  const event = eventOf(fixture);
  if (controlId !== undefined) event.controlId = controlId;
  return {
    messageKey: `RBN|${event.controlId}`,
    receivedAt: '2026-11-20T10:15:00.000Z',
    senderId: 'demo',
    event,
  };
}

describe('processMessage', () => {
  it('matches the person and alerts the roster subscriber and the practice, not the others', async () => {
    const result = await processMessage(queued('a01-admission.hl7'), deps);

    expect(result).toEqual({ outcome: 'matched', method: 'demographics', alerts: 2 });
    const sent = [...alerts.alerts.values()];
    expect(sent.map((a) => [a.subscriberId, a.relationship, a.localId, a.sequence, a.personId])).toEqual([
      ['SC-WARRINGTON', 'roster', 'SC:100239', 1, 'p-mary'],
      ['N81001', 'practice', undefined, 1, 'p-mary'],
    ]);
    // N81001 has no delivery channel yet: its alert waits, pending.
    expect(dispatcher.dispatched.map((d) => d.subscriberId)).toEqual(['SC-WARRINGTON']);
    expect(alertSchemaErrors(JSON.parse(sent[0]?.payloadJson ?? '{}'))).toEqual([]);
    expect(JSON.parse(sent[0]?.payloadJson ?? '{}').data).toMatchObject({
      subscriber: { id: 'SC-WARRINGTON', relationship: 'roster' },
      person: { personId: 'p-mary', localId: 'SC:100239' },
      match: { method: 'demographics' },
      sequence: 1,
    });
    expect(messages.decisions.get('RBN|MSG00001')).toMatchObject({
      outcome: 'matched',
      method: 'demographics',
      personId: 'p-mary',
      alertIds: sent.map((a) => a.id),
    });
  });

  it('does nothing the second time it sees a message', async () => {
    await processMessage(queued('a01-admission.hl7'), deps);
    const again = await processMessage(queued('a01-admission.hl7'), deps);

    expect(again.outcome).toBe('already-processed');
    expect(alerts.alerts.size).toBe(2);
    expect(people.sequences.get('p-mary|SC-WARRINGTON')).toBe(1);
  });

  it('numbers each person’s alerts per subscriber, and withdraws with a cancel', async () => {
    await processMessage(queued('a01-admission.hl7'), deps);
    await processMessage(queued('a11-cancel-admission.hl7'), deps);

    const cancels = [...alerts.alerts.values()].filter((a) => a.event === 'cancel-admission');
    const admission = [...alerts.alerts.values()].find(
      (a) => a.event === 'admission' && a.subscriberId === 'SC-WARRINGTON',
    );
    expect(cancels.map((a) => [a.subscriberId, a.sequence])).toEqual([['SC-WARRINGTON', 2]]);
    expect(cancels[0]?.retracts).toBe(admission?.id);
  });

  it('learns the hospital number from a confident match, and flags a readmission', async () => {
    await processMessage(queued('a03-discharge-home.hl7'), deps);
    const result = await processMessage(queued('a01-admission.hl7', 'LATER01'), deps);

    expect(people.learned.get('RBN:RBN1234567')).toBe('p-mary');
    expect(result.outcome).toBe('matched');
    // The discharge ended on 24 Nov; this admission (20 Nov) is earlier, so no flag: time matters.
    expect([...alerts.alerts.values()].every((a) => a.flags.length === 0)).toBe(true);
  });

  it('alerts nobody about a possible match and puts it on the review list', async () => {
    const event = eventOf('a01-admission.hl7');
    event.patient = {
      ...event.patient,
      identifiers: [{ value: 'X9', authority: 'RXX', type: 'MR' }],
      nhsNumber: undefined,
      name: { family: 'Obrian' },
      postcode: 'M1 1AE',
    };
    event.registeredGp = undefined;
    const result = await processMessage({ ...queued('a01-admission.hl7'), event }, deps);

    expect(result.outcome).toBe('possible');
    expect(alerts.alerts.size).toBe(0);
    expect(people.review).toEqual([
      expect.objectContaining({ controlId: 'MSG00001', candidatePersonId: 'p-mary' }),
    ]);
  });

  it('tells only the practice about someone no roster holds', async () => {
    const result = await processMessage(queued('a04-emergency-attendance.hl7'), deps);

    expect(result).toMatchObject({ outcome: 'unmatched', alerts: 0 });
    const practice = await processMessage(
      {
        ...queued('a04-emergency-attendance.hl7', 'ED2'),
        event: {
          ...eventOf('a04-emergency-attendance.hl7'),
          controlId: 'ED2',
          registeredGp: { practiceCode: 'N81001' },
        },
      },
      deps,
    );
    expect(practice.alerts).toBe(1);
    expect([...alerts.alerts.values()].map((a) => [a.subscriberId, a.relationship, a.personId])).toEqual([
      ['N81001', 'practice', '9434765919'],
    ]);
  });
});
