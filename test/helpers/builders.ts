// Builders for the records the ports carry: a complete, synthetic value with the fields a test
// cares about passed in. Ids are unique per call, so tests on a shared table stay independent.
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { DEFAULT_EVENTS } from '../../functions/core/routing/types.ts';
import type {
  DeliveryAttempt,
  PersonState,
  ProcessDecision,
  QuarantinedMessage,
  QueuedWebhookJob,
  ReviewItem,
  RosterEntry,
  StoredAlert,
  StoredMessage,
  SubscriberRecord,
  WebhookJob,
} from '../../functions/use-cases/ports/index.ts';
import type { SendAlertDependencies } from '../../functions/use-cases/send-alert.ts';
import { WebhookGate } from '../../functions/use-cases/webhook-gate.ts';

/** `<prefix>-<8 hex>`: unique per call. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A Standard Webhooks secret (`whsec_` + base64 of 32 bytes). */
export const WEBHOOK_SECRET = `whsec_${Buffer.from('a test secret of 32 bytes, fake!').toString('base64')}`;

const EXPIRES_AT = Math.floor(Date.parse('2027-01-01T00:00:00Z') / 1000);

export function storedMessage(overrides: Partial<StoredMessage> = {}): StoredMessage {
  const controlId = overrides.controlId ?? uniqueId('MSG');
  const sendingFacility = overrides.sendingFacility ?? 'RBN';
  return {
    messageKey: `${sendingFacility}|${controlId}`,
    controlId,
    sendingFacility,
    senderId: 'rbn-engine',
    receivedAt: '2026-11-20T12:00:00.000Z',
    status: 'received',
    rawGzip: new Uint8Array(gzipSync('MSH|^~\\&|synthetic')),
    eventJson: '{"event":"admission"}',
    ack: `MSH|^~\\&|ADT-HUB||RBN||20261120120000||ACK^A01|ACK1|P|2.4\rMSA|AA|${controlId}`,
    expiresAt: EXPIRES_AT,
    ...overrides,
  };
}

export function quarantinedMessage(overrides: Partial<QuarantinedMessage> = {}): QuarantinedMessage {
  return {
    quarantineId: uniqueId('Q'),
    receivedAt: '2026-11-20T12:00:00.000Z',
    senderId: 'rbn-engine',
    controlId: uniqueId('BAD'),
    sendingFacility: 'RBN',
    ackCode: 'AE',
    ack: 'MSH|^~\\&|ADT-HUB||RBN||20261120120000||ACK|ACK2|P|2.4\rMSA|AE|BAD',
    error: { code: 'missing-field', message: 'PID-3 is required', segment: 'PID', field: 'PID-3' },
    rawGzip: new Uint8Array(gzipSync('MSH|^~\\&|synthetic bad')),
    expiresAt: EXPIRES_AT,
    ...overrides,
  };
}

export function processDecision(overrides: Partial<ProcessDecision> = {}): ProcessDecision {
  return {
    outcome: 'matched',
    method: 'nhs-number',
    score: 1,
    personId: 'p-1',
    evidence: [{ field: 'nhsNumber', agreement: 'exact', weight: 12.5 }],
    reasons: [],
    alertIds: ['alert-1'],
    processedAt: '2026-11-20T12:00:01.000Z',
    ...overrides,
  };
}

export function storedAlert(overrides: Partial<StoredAlert> = {}): StoredAlert {
  const id = overrides.id ?? uniqueId('alert');
  return {
    id,
    subscriberId: 'GP-N81001',
    relationship: 'practice',
    event: 'admission',
    flags: [],
    personId: 'p-1',
    sequence: 1,
    messageKey: 'RBN|MSG1',
    receivedAt: '2026-11-20T12:00:00.000Z',
    payloadJson: JSON.stringify({ id, event: 'admission' }),
    status: 'pending',
    createdAt: '2026-11-20T12:00:01.000Z',
    expiresAt: EXPIRES_AT,
    ...overrides,
  };
}

export function deliveryAttempt(overrides: Partial<DeliveryAttempt> = {}): DeliveryAttempt {
  return {
    at: '2026-11-20T12:00:02.000Z',
    result: 'retry',
    status: 503,
    error: 'HTTP 503',
    latencyMs: 40,
    ...overrides,
  };
}

export function personState(overrides: Partial<PersonState> = {}): PersonState {
  return {
    pastAlerts: [
      {
        id: 'alert-0',
        subscriberId: 'GP-N81001',
        event: 'admission',
        sendingFacility: 'RBN',
        visitNumber: 'V1',
        occurredAt: '2026-11-19T09:00:00.000Z',
      },
    ],
    lastDischargeAt: '2026-11-01T10:00:00.000Z',
    sequences: { 'GP-N81001': 3 },
    recentMessages: ['RBN|MSG0'],
    queuedBehind: { 'GP-N81001': 'alert-0' },
    version: 0,
    ...overrides,
  };
}

/** A review item; its id sorts by `receivedAt`, as the process step's ids do. */
export function reviewItem(overrides: Partial<ReviewItem> = {}): ReviewItem {
  const receivedAt = overrides.receivedAt ?? '2026-11-20T12:00:00.000Z';
  const arrival = receivedAt.replace(/\.\d+/, '').replace(/[-:Z]/g, '').replace('T', '-');
  return {
    id: `${arrival}-${randomUUID().slice(0, 10)}`,
    kind: 'possible-match',
    messageKey: `RBN|${uniqueId('MSG')}`,
    controlId: 'MSG1',
    sendingFacility: 'RBN',
    receivedAt,
    event: 'admission',
    score: 0.72,
    reasons: ['date of birth differs'],
    candidate: { personId: 'p-1', subscribers: [{ id: 'SC-WARRINGTON', localId: 'SC:100239', line: 2 }] },
    evidence: [{ field: 'birthDate', agreement: 'swapped', weight: 2.1 }],
    createdAt: '2026-11-20T12:00:01.000Z',
    ...overrides,
  };
}

export function rosterEntry(overrides: Partial<RosterEntry> = {}): RosterEntry {
  return {
    personId: uniqueId('p'),
    line: 2,
    nhsNumber: '9434765919',
    family: 'Okafor',
    given: ['Ada', 'Ngozi'],
    birthDate: '1961-01-01',
    sex: 'female',
    postcode: 'WA1 1AA',
    localId: 'SC:100239',
    ...overrides,
  };
}

export function webhookSubscriber(overrides: Partial<SubscriberRecord> = {}): SubscriberRecord {
  return {
    id: uniqueId('GP'),
    name: 'Green Surgery',
    events: DEFAULT_EVENTS,
    practice: 'N81001',
    delivery: { kind: 'webhook', url: 'https://gp.example.org/alerts', secret: WEBHOOK_SECRET },
    ...overrides,
  };
}

export function sqsSubscriber(overrides: Partial<SubscriberRecord> = {}): SubscriberRecord {
  return {
    id: uniqueId('SC'),
    name: 'Warrington social care',
    events: ['admission', 'discharge'],
    delivery: { kind: 'sqs', queueUrl: 'https://sqs.eu-west-2.amazonaws.com/000000000000/sc.fifo' },
    ...overrides,
  };
}

/** A job as the webhook queue hands it over, first received now unless told otherwise. */
export function queuedWebhookJob(
  job: Partial<WebhookJob> = {},
  overrides: Partial<Omit<QueuedWebhookJob, 'job'>> = {},
): QueuedWebhookJob {
  const alertId = job.alertId ?? uniqueId('alert');
  return {
    id: uniqueId('sqs'),
    receipt: uniqueId('receipt'),
    group: 'group-1',
    job: {
      alertId,
      subscriberId: 'GP-N81001',
      payloadJson: JSON.stringify({ id: alertId, event: 'admission' }),
      receivedAt: '2026-11-20T12:00:00.000Z',
      ...job,
    },
    receiveCount: 1,
    queuedAt: new Date('2026-11-20T12:00:00.000Z'),
    ...overrides,
  };
}

/** The process step's first webhook attempts, against receivers that take every alert (204). */
export function acceptingWebhooks(): SendAlertDependencies['webhooks'] {
  return {
    http: { post: async () => ({ status: 204 }) },
    guard: { refuse: async () => undefined },
    random: () => 0.5,
    timeoutMs: 1000,
    gate: new WebhookGate(),
  };
}
