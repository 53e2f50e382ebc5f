// The ingest queue's consumer: a message that fails waits its backoff before it is tried again,
// and the rest of its patient's group waits behind it; other patients go on. One given up on is
// parked with its patient's later messages behind it, until a redrive puts them back in order.
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { InMemoryAuditTrail } from '../../../functions/adapters/memory/audit.ts';
import {
  InMemoryIngestDeadLetters,
  InMemoryIngestHolds,
} from '../../../functions/adapters/memory/messages.ts';
import {
  type IngestBackstop,
  ingestRetryDelayMs,
  processQueueHandler,
} from '../../../functions/handlers/process-queue.ts';
import { createTelemetry } from '../../../functions/platform/observability.ts';
import { INGEST_REDRIVEN_ATTRIBUTE } from '../../../functions/platform/resources.ts';
import { redriveIngestAs } from '../../../functions/use-cases/operator-actions.ts';
import type { ProcessDependencies } from '../../../functions/use-cases/process.ts';

describe('ingestRetryDelayMs', () => {
  it('starts at 10 s, doubles, and stops growing at 15 minutes', () => {
    expect([1, 2, 3, 4].map(ingestRetryDelayMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(ingestRetryDelayMs(8)).toBe(15 * 60_000);
    expect(ingestRetryDelayMs(300)).toBe(15 * 60_000);
  });

  it('keeps the queue waiting about three days in all before the dead-letter queue', () => {
    let totalMs = 0;
    for (let receive = 1; receive < 300; receive++) totalMs += ingestRetryDelayMs(receive);
    const days = totalMs / 86_400_000;
    expect(days).toBeGreaterThan(2.5);
    expect(days).toBeLessThan(3.5);
  });
});

const record = (
  id: string,
  group: string,
  messageKey: string,
  receives: number,
  options: { redriven?: boolean } = {},
): SQSRecord =>
  ({
    messageId: id,
    receiptHandle: `receipt-${id}`,
    body: JSON.stringify({
      messageKey,
      receivedAt: '2026-12-06T10:00:00.000Z',
      senderId: 'ACME',
      // No patient: the process step only records its decision, which is where storage fails.
      event: { controlId: id, sendingFacility: 'ACME', trigger: 'A01', patient: undefined },
    }),
    attributes: {
      ApproximateReceiveCount: String(receives),
      MessageGroupId: group,
      SentTimestamp: '0',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '0',
      MessageDeduplicationId: `dedup-${id}`,
      SequenceNumber: '1',
    },
    messageAttributes: options.redriven
      ? { [INGEST_REDRIVEN_ATTRIBUTE]: { dataType: 'String', stringValue: '1' } }
      : {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-2:123456789012:adt-hub-test-ingest.fifo',
    awsRegion: 'eu-west-2',
  }) as SQSRecord;

/** A process step whose storage fails for the message keys in `broken`, and records the rest. */
function setup(broken: Set<string>, maxReceives = 300) {
  const processed: string[] = [];
  const deps = {
    clock: { now: () => new Date('2026-12-06T10:00:01.000Z') },
    messages: {
      markProcessed: async (key: string) => {
        if (broken.has(key)) throw new Error('storage down');
        processed.push(key);
      },
    },
  } as unknown as ProcessDependencies;
  const postponed: { receipt: string; delayMs: number }[] = [];
  const deadLetters = new InMemoryIngestDeadLetters();
  const holds = new InMemoryIngestHolds();
  const backstop: IngestBackstop = {
    retries: {
      later: async (receipt, delayMs) => {
        postponed.push({ receipt, delayMs });
      },
    },
    deadLetters,
    holds,
    maxReceives,
  };
  const handler = processQueueHandler(
    deps,
    createTelemetry('process-test', { logLevel: 'SILENT' }),
    backstop,
  );
  const run = (...records: SQSRecord[]) => handler({ Records: records } as SQSEvent, {} as Context);
  const failed = async (...records: SQSRecord[]) =>
    (await run(...records)).batchItemFailures.map((f) => f.itemIdentifier);
  return { processed, postponed, deadLetters, holds, backstop, run, failed };
}

describe('processQueueHandler', () => {
  it('postpones a failed message by its backoff, skips the rest of its group and processes other patients', async () => {
    const hub = setup(new Set(['broken']));
    expect(
      await hub.failed(
        record('m1', 'patient-a', 'broken', 3),
        record('m2', 'patient-a', 'a-later', 1),
        record('m3', 'patient-b', 'b-first', 1),
      ),
    ).toEqual(['m1', 'm2']);
    expect(hub.processed).toEqual(['b-first']);
    expect(hub.postponed).toEqual([
      { receipt: 'receipt-m1', delayMs: 40_000 },
      { receipt: 'receipt-m2', delayMs: 10_000 },
    ]);
    expect(hub.deadLetters.parked).toEqual([]);
  });

  it('still reports the failure when postponing it fails (SQS then retries it at its visibility timeout)', async () => {
    const hub = setup(new Set(['k']));
    hub.backstop.retries.later = async () => Promise.reject(new Error('sqs down'));
    expect(await hub.failed(record('m1', 'patient-a', 'k', 1))).toEqual(['m1']);
  });

  it('gives a message up at the receive limit: its patient held, it and the later ones parked in order', async () => {
    const hub = setup(new Set(['poison']), 300);
    expect(
      await hub.failed(
        record('m1', 'patient-a', 'poison', 300),
        record('m2', 'patient-a', 'a-discharge', 1),
        record('m3', 'patient-b', 'b-first', 1),
      ),
    ).toEqual([]); // nothing left on the ingest queue: all parked or done
    expect(hub.processed).toEqual(['b-first']);
    expect(hub.deadLetters.parked.map((m) => [m.groupId, m.deduplicationId])).toEqual([
      ['patient-a', 'dedup-m1'],
      ['patient-a', 'dedup-m2'],
    ]);
    expect((await hub.holds.held()).map((h) => h.groupId)).toEqual(['patient-a']);

    // A later batch: the held patient's new message is parked behind them; others go on.
    expect(
      await hub.failed(record('m4', 'patient-a', 'a-admit', 1), record('m5', 'patient-c', 'c', 1)),
    ).toEqual([]);
    expect(hub.processed).toEqual(['b-first', 'c']);
    expect(hub.deadLetters.parked.map((m) => m.deduplicationId)).toEqual([
      'dedup-m1',
      'dedup-m2',
      'dedup-m4',
    ]);
  });

  it('processes a redriven message of a held patient rather than park it again', async () => {
    const hub = setup(new Set());
    await hub.holds.hold('patient-a', '2026-12-06T09:00:00.000Z');
    expect(await hub.failed(record('m1', 'patient-a', 'a-1', 1, { redriven: true }))).toEqual([]);
    expect(hub.processed).toEqual(['a-1']);
    expect(hub.deadLetters.parked).toEqual([]);
  });

  it('fails and postpones every record when the holds cannot be read, rather than process out of order', async () => {
    const hub = setup(new Set());
    hub.backstop.holds.isHeld = async () => Promise.reject(new Error('storage down'));
    expect(await hub.failed(record('m1', 'patient-a', 'a', 2), record('m2', 'patient-b', 'b', 1))).toEqual([
      'm1',
      'm2',
    ]);
    expect(hub.processed).toEqual([]);
    expect(hub.postponed.map((p) => p.delayMs)).toEqual([20_000, 10_000]);
  });

  it('leaves a message on the queue when parking it fails: its patient is already held', async () => {
    const hub = setup(new Set(['poison']), 5);
    hub.backstop.deadLetters.park = async () => Promise.reject(new Error('sqs down'));
    expect(await hub.failed(record('m1', 'patient-a', 'poison', 5))).toEqual(['m1']);
    expect((await hub.holds.held()).map((h) => h.groupId)).toEqual(['patient-a']);
  });
});

describe('the review watch', () => {
  it('counts review items undecided for over 24 hours, at most every 15 minutes per container', async () => {
    let now = Date.parse('2026-12-06T10:00:00.000Z');
    const item = (hoursOld: number) => ({
      id: `r${hoursOld}`,
      receivedAt: new Date(now - hoursOld * 3_600_000).toISOString(),
    });
    const pending = [item(30), item(25), item(1)];
    const deps = {
      clock: { now: () => new Date(now) },
      messages: { markProcessed: async () => undefined },
      review: { list: async () => pending },
    } as unknown as ProcessDependencies;
    const telemetry = createTelemetry('process-test', { logLevel: 'SILENT' });
    const counted: number[] = [];
    vi.spyOn(telemetry.metrics, 'addMetric').mockImplementation((name, _unit, value) => {
      if (name === 'ReviewOverdue') counted.push(value);
      return telemetry.metrics;
    });
    const handler = processQueueHandler(deps, telemetry);
    const batch = () => handler({ Records: [record('m1', 'patient-a', 'k', 1)] } as SQSEvent, {} as Context);

    await batch();
    now += 14 * 60_000;
    await batch(); // too soon to count again
    pending.push(item(1));
    now += 60_000;
    await batch();

    expect(counted).toEqual([2, 2]);
  });
});

describe('redriveIngestAs', () => {
  it('moves the parked messages back, releases the patients held before, and records who did it', async () => {
    const deadLetters = new InMemoryIngestDeadLetters();
    const holds = new InMemoryIngestHolds();
    const audit = new InMemoryAuditTrail();
    await deadLetters.park({ body: 'a1', groupId: 'patient-a', deduplicationId: 'd1' });
    await deadLetters.park({ body: 'a2', groupId: 'patient-a', deduplicationId: 'd2' });
    await holds.hold('patient-a', '2026-12-06T09:00:00.000Z');
    const clock = { now: () => new Date('2026-12-06T10:00:00.000Z') };
    expect(await redriveIngestAs('ops', { deadLetters, holds, audit, clock })).toEqual({
      moved: 2,
      released: 1,
    });
    expect(deadLetters.redriven.map((m) => m.body)).toEqual(['a1', 'a2']);
    expect(await holds.held()).toEqual([]);
    expect((await audit.since()).map((e) => [e.actor, e.action, e.details])).toEqual([
      ['ops', 'ingest-dlq.redriven', { moved: 2, released: 1 }],
    ]);
  });
});
