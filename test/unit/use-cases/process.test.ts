// The process step on in-memory fakes: match, route, remember; idempotent per message.
import { beforeEach, describe, expect, it } from 'vitest';
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
import { StalePersonStateError } from '../../../functions/use-cases/errors.ts';
import type { HttpResponse, QueuedMessage } from '../../../functions/use-cases/ports/index.ts';
import { type ProcessDependencies, processMessage } from '../../../functions/use-cases/process.ts';
import { RosterSnapshot } from '../../../functions/use-cases/roster-snapshot.ts';
import { WebhookGate } from '../../../functions/use-cases/webhook-gate.ts';
import { alertSchemaErrors } from '../../helpers/alert-schema.ts';
import { eventOf } from '../../helpers/fixtures.ts';

let deps: ProcessDependencies;
let alerts: InMemoryAlertStore;
let people: InMemoryPersonStore;
let learned: InMemoryLearnedIdentifiers;
let review: InMemoryReviewList;
let messages: InMemoryMessageStore;
let dispatcher: InMemoryAlertDispatcher;
/** The webhook receiver: each POST answered by the next scripted status (200 when none is left). */
let posts: { url: string; id: string }[];
let script: (number | 'down')[];
const SECRET = `whsec_${Buffer.from('a test secret of 32 bytes, fake!').toString('base64')}`;

beforeEach(async () => {
  const rosters = new InMemoryRosterStore();
  await rosters.saveRoster('SC-WARRINGTON', [
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
  await rosters.saveRoster('ANOTHER-TEAM', [
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
  learned = new InMemoryLearnedIdentifiers();
  review = new InMemoryReviewList();
  messages = new InMemoryMessageStore();
  dispatcher = new InMemoryAlertDispatcher();
  posts = [];
  script = [];
  deps = {
    deployment: 'test',
    dispatcher,
    messages,
    rosters: new RosterSnapshot(rosters, { now: () => new Date('2026-11-20T12:00:00Z') }),
    people,
    learned,
    review,
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
    webhooks: {
      http: {
        async post(url, _body, headers): Promise<HttpResponse> {
          posts.push({ url, id: headers['webhook-id'] ?? '' });
          const next = script.shift() ?? 200;
          if (next === 'down') throw new Error('connect ECONNREFUSED');
          return { status: next };
        },
      },
      guard: { refuse: async () => undefined },
      random: () => 0.5,
      timeoutMs: 3000,
      gate: new WebhookGate(),
    },
    clock: { now: () => new Date('2026-11-20T12:00:00Z') },
    retentionDays: 30,
  };
});

/** Every alert made: those sent on a queue, and those the alerts table holds (no channel, retries). */
function made() {
  const byId = new Map(
    [...dispatcher.dispatched.map((d) => d.alert), ...alerts.alerts.values()].map((a) => [a.id, a]),
  );
  return [...byId.values()];
}

/** Gives the practice subscriber a webhook. */
function practiceByWebhook(): void {
  deps.subscribers = new InMemorySubscriberDirectory([
    {
      id: 'N81001',
      name: 'Green Surgery',
      events: DEFAULT_EVENTS,
      practice: 'N81001',
      delivery: { kind: 'webhook', url: 'https://gp.example.org/alerts', secret: SECRET },
    },
  ]);
}

/** An admission of the A04 fixture's patient (no roster holds them; the practice does). */
function practiceAdmission(controlId: string, hospitalNumber = 'RBN7654321'): QueuedMessage {
  const event = eventOf('a04-emergency-attendance.hl7');
  event.controlId = controlId;
  event.registeredGp = { practiceCode: 'N81001' };
  event.patient = {
    ...(event.patient as NonNullable<typeof event.patient>),
    nhsNumber: undefined,
    identifiers: [{ value: hospitalNumber, authority: 'RBN', type: 'MR' }],
  };
  return takenIn({
    messageKey: `RBN|${controlId}`,
    receivedAt: '2026-11-20T10:15:00.000Z',
    senderId: 'demo',
    event,
  });
}

/** A message as ingest hands it over: with its record in the messages table. */
function takenIn(message: QueuedMessage): QueuedMessage {
  if (messages.messages.has(message.messageKey)) return message;
  messages.messages.set(message.messageKey, {
    messageKey: message.messageKey,
    controlId: message.event.controlId,
    sendingFacility: message.event.sendingFacility,
    senderId: message.senderId,
    receivedAt: message.receivedAt,
    status: 'received',
    rawGzip: new Uint8Array(),
    eventJson: JSON.stringify(message.event),
    ack: 'MSH|...',
    expiresAt: 0,
  });
  return message;
}

function queued(fixture: string, controlId?: string): QueuedMessage {
  const event = eventOf(fixture);
  if (controlId !== undefined) event.controlId = controlId;
  return takenIn({
    messageKey: `RBN|${event.controlId}`,
    receivedAt: '2026-11-20T10:15:00.000Z',
    senderId: 'demo',
    event,
  });
}

describe('processMessage', () => {
  it('matches the person and alerts the roster subscriber and the practice, not the others', async () => {
    const result = await processMessage(queued('a01-admission.hl7'), deps);

    expect(result).toEqual({
      outcome: 'matched',
      method: 'demographics',
      alerts: 2,
      webhookAttempts: [],
      // For the metrics: the SQS subscriber's alert was delivered; the practice's waits.
      alertEvents: ['admission', 'admission'],
      delivered: 1,
    });
    const sent = made();
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
    expect(messages.decision('RBN|MSG00001')).toMatchObject({
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
    expect(made()).toHaveLength(2);
    expect(dispatcher.dispatched).toHaveLength(1);
    expect(people.states.get('p-mary')?.sequences).toEqual({ 'SC-WARRINGTON': 1, N81001: 1 });
  });

  it('numbers each person’s alerts per subscriber, and withdraws with a cancel', async () => {
    await processMessage(queued('a01-admission.hl7'), deps);
    await processMessage(queued('a11-cancel-admission.hl7'), deps);

    const cancels = made().filter((a) => a.event === 'cancel-admission');
    const admission = made().find((a) => a.event === 'admission' && a.subscriberId === 'SC-WARRINGTON');
    expect(cancels.map((a) => [a.subscriberId, a.sequence])).toEqual([['SC-WARRINGTON', 2]]);
    expect(cancels[0]?.retracts).toBe(admission?.id);
  });

  it('learns the hospital number from a confident match, and flags a readmission', async () => {
    await processMessage(queued('a03-discharge-home.hl7'), deps);
    const result = await processMessage(queued('a01-admission.hl7', 'LATER01'), deps);

    expect(learned.learned.get('RBN|RBN:RBN1234567')).toBe('p-mary');
    expect(result.outcome).toBe('matched');
    // The discharge ended on 24 Nov; this admission (20 Nov) is earlier, so no flag: time matters.
    expect(made().every((a) => a.flags.length === 0)).toBe(true);
  });

  /** Mary's admission from another trust, misspelt and from elsewhere: at best a possible match. */
  function possibleMary(controlId = 'MSG00001'): AdtEvent {
    const event = eventOf('a01-admission.hl7');
    event.controlId = controlId;
    event.patient = {
      ...event.patient,
      identifiers: [{ value: 'X9', authority: 'RXX', type: 'MR' }],
      nhsNumber: undefined,
      name: { family: 'Obrian' },
      postcode: 'M1 1AE',
    };
    event.registeredGp = undefined;
    return event;
  }

  it('alerts nobody about a possible match and puts it on the review list', async () => {
    const result = await processMessage({ ...queued('a01-admission.hl7'), event: possibleMary() }, deps);

    expect(result.outcome).toBe('possible');
    expect(made()).toHaveLength(0);
    expect(review.items).toEqual([
      expect.objectContaining({
        kind: 'possible-match',
        controlId: 'MSG00001',
        event: 'admission',
        candidate: {
          personId: 'p-mary',
          subscribers: [{ id: 'SC-WARRINGTON', localId: 'SC:100239', line: 2 }],
        },
      }),
    ]);
  });

  it('does nothing with a message held behind its patient’s dead letter, matched or possible', async () => {
    const possible = possibleMary('POSSIBLE1');
    const asked: string[] = [];
    const heldBack = async () => {
      asked.push('held?');
      return true;
    };

    const results = [
      await processMessage(queued('a01-admission.hl7'), deps, heldBack),
      await processMessage(
        { ...queued('a01-admission.hl7'), messageKey: 'RBN|POSSIBLE1', event: possible },
        deps,
        heldBack,
      ),
    ];

    expect(results).toEqual([
      { outcome: 'held', alerts: 0 },
      { outcome: 'held', alerts: 0 },
    ]);
    expect(asked).toHaveLength(2);
    expect([made(), dispatcher.dispatched, review.items, [...learned.learned]]).toEqual([[], [], [], []]);
    expect(messages.decision('RBN|MSG00001')).toBeUndefined();
    expect(people.states.size).toBe(0);
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
    expect(made().map((a) => [a.subscriberId, a.relationship, a.personId])).toEqual([
      ['N81001', 'practice', '9434765919'],
    ]);
  });
});

describe('processMessage and webhooks', () => {
  beforeEach(practiceByWebhook);

  it('delivers a webhook at the first attempt: no queue, no alert record, kept in the decision', async () => {
    const result = await processMessage(practiceAdmission('W1'), deps);

    expect(posts).toEqual([{ url: 'https://gp.example.org/alerts', id: expect.any(String) }]);
    expect(result).toMatchObject({
      delivered: 1,
      webhookAttempts: [{ alertId: posts[0]?.id, subscriberId: 'N81001', outcome: 'delivered' }],
    });
    expect(dispatcher.dispatched).toEqual([]);
    expect(alerts.alerts.size).toBe(0);
    expect(messages.decision('RBN|W1')?.delivered).toEqual([
      expect.objectContaining({
        id: posts[0]?.id,
        subscriberId: 'N81001',
        sequence: 1,
        status: 'delivered',
        attempts: [expect.objectContaining({ result: 'delivered', status: 200 })],
      }),
    ]);
  });

  it('queues a failed first attempt for retry, and the person’s next alert behind it', async () => {
    script = [503];
    await processMessage(practiceAdmission('W1'), deps);
    await processMessage(practiceAdmission('W2'), deps);

    expect(posts).toHaveLength(1);
    const [first, second] = dispatcher.dispatched;
    expect(first?.alert).toMatchObject({ sequence: 1, status: 'pending' });
    expect(first?.retry).toEqual({
      attemptsBefore: 1,
      firstAttemptAt: '2026-11-20T12:00:00.000Z',
      // The first backoff: about a second (here exactly 0.75 s, with random() = 0.5).
      notBefore: '2026-11-20T12:00:00.750Z',
    });
    expect(alerts.alerts.get(first?.alert.id ?? '')?.attempts).toEqual([
      expect.objectContaining({ result: 'retry', status: 503, error: 'HTTP 503' }),
    ]);
    // Not tried: it waits behind the first, in the same FIFO group.
    expect(second?.alert).toMatchObject({ sequence: 2 });
    expect(second?.retry?.attemptsBefore).toBe(0);
  });

  it('goes back to the first attempt once the queued alert is delivered', async () => {
    script = [503];
    await processMessage(practiceAdmission('W1'), deps);
    const queuedId = dispatcher.dispatched[0]?.alert.id ?? '';
    await alerts.recordAttempt(queuedId, { at: 'later', result: 'delivered', latencyMs: 5 }, 'delivered');
    deps.webhooks.gate.succeeded('N81001', 5, new Date('2026-11-20T12:00:00Z'));
    await processMessage(practiceAdmission('W2'), deps);

    expect(posts).toHaveLength(2);
    expect(dispatcher.dispatched).toHaveLength(1);
    expect(messages.decision('RBN|W2')?.delivered?.[0]?.sequence).toBe(2);
  });

  it('rests a failing receiver: another person’s alert is queued without a try', async () => {
    script = ['down'];
    await processMessage(practiceAdmission('W1', 'RBN0000001'), deps);
    await processMessage(practiceAdmission('W2', 'RBN0000002'), deps);

    expect(posts).toHaveLength(1);
    expect(dispatcher.dispatched.map((d) => d.retry?.attemptsBefore)).toEqual([1, 0]);
    expect(alerts.alerts.get(dispatcher.dispatched[0]?.alert.id ?? '')?.attempts?.[0]?.error).toBe(
      'connection failed: connect ECONNREFUSED',
    );
  });

  it('dead-letters an alert the receiver refuses (4xx), once', async () => {
    script = [410];
    await processMessage(practiceAdmission('W1'), deps);

    const [stored] = [...alerts.alerts.values()];
    expect([...alerts.alerts.values()]).toEqual([
      expect.objectContaining({ sequence: 1, status: 'dead-lettered', lastError: 'HTTP 410' }),
    ]);
    expect(dispatcher.deadLettered).toEqual([
      { job: expect.objectContaining({ alertId: stored?.id, subscriberId: 'N81001' }), error: 'HTTP 410' },
    ]);
  });

  it('does not post again an alert a crashed try left on the retry queue, when the message comes back', async () => {
    script = [503];
    await processMessage(practiceAdmission('W1'), deps);
    expect(dispatcher.dispatched[0]?.alert.status).toBe('pending');
    // The crash: the person's state was never saved, so the message is not known as done; and a
    // restarted process has no memory of the resting receiver.
    const restart = () => {
      deps.people = new InMemoryPersonStore();
      deps.webhooks.gate = new WebhookGate();
    };
    restart();

    await processMessage({ ...practiceAdmission('W1'), requeued: true }, deps);

    expect(posts).toHaveLength(1); // not posted here: the retry queue has it
    // Handed to the retry queue again under the same id, which the FIFO queue drops.
    expect(dispatcher.dispatched).toHaveLength(1);
    // Without the mark, the same message would POST the alert again, beside the queued copy.
    restart();
    await processMessage(practiceAdmission('W1'), deps);
    expect(posts).toHaveLength(2);
  });

  it('queues an alert a crashed try stored but never handed to the retry queue, when the message comes back', async () => {
    script = [503];
    const handOver = dispatcher.dispatch.bind(dispatcher);
    dispatcher.dispatch = async () => {
      throw new Error('the process died here');
    };
    await expect(processMessage(practiceAdmission('W1'), deps)).rejects.toThrow('died');
    dispatcher.dispatch = handOver;
    deps.people = new InMemoryPersonStore();
    deps.webhooks.gate = new WebhookGate();

    await processMessage({ ...practiceAdmission('W1'), requeued: true }, deps);

    expect(posts).toHaveLength(1); // the first try's, before it died
    expect(dispatcher.dispatched).toHaveLength(1);
    expect(dispatcher.dispatched[0]?.alert.status).toBe('pending');
  });

  it('posts nothing again for a message whose alerts are out', async () => {
    await processMessage(practiceAdmission('W1'), deps);
    const again = await processMessage(practiceAdmission('W1'), deps);

    expect(again.outcome).toBe('already-processed');
    expect(posts).toHaveLength(1);
    // The decision written the first time stays.
    expect(messages.decision('RBN|W1')?.delivered).toHaveLength(1);
  });

  it('fails, to be retried, when another message about the person was saved meanwhile', async () => {
    const loadedBefore = new Map<string, Awaited<ReturnType<typeof people.load>>>();
    await processMessage(practiceAdmission('W1'), deps);
    // W2's load saw the person as before W1 (two hospitals' messages in flight at once).
    const load = people.load.bind(people);
    people.load = async (id) => loadedBefore.get(id) ?? { pastAlerts: [], version: 0 };

    await expect(processMessage(practiceAdmission('W2'), deps)).rejects.toBeInstanceOf(StalePersonStateError);
    people.load = load;
    expect([...people.states.values()].map((state) => state.sequences)).toEqual([{ N81001: 1 }]);
  });
});
