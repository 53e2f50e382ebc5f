// The ingest queue's consumer: a message that fails waits its backoff before it is tried again,
// and the rest of its patient's group waits behind it; other patients go on.
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ingestRetryDelayMs, processQueueHandler } from '../../../functions/handlers/process-queue.ts';
import { createTelemetry } from '../../../functions/platform/observability.ts';
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

const record = (id: string, group: string, messageKey: string, receives: number): SQSRecord =>
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
      MessageDeduplicationId: id,
      SequenceNumber: '1',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-2:123456789012:adt-hub-test-ingest.fifo',
    awsRegion: 'eu-west-2',
  }) as SQSRecord;

describe('processQueueHandler', () => {
  it('postpones a failed message by its backoff, skips the rest of its group and processes other patients', async () => {
    const processed: string[] = [];
    const deps = {
      clock: { now: () => new Date('2026-12-06T10:00:01.000Z') },
      messages: {
        markProcessed: async (key: string) => {
          if (key === 'broken') throw new Error('storage down');
          processed.push(key);
        },
      },
    } as unknown as ProcessDependencies;
    const postponed: { receipt: string; delayMs: number }[] = [];
    const handler = processQueueHandler(deps, createTelemetry('process-test', { logLevel: 'SILENT' }), {
      later: async (receipt, delayMs) => {
        postponed.push({ receipt, delayMs });
      },
    });
    const event: SQSEvent = {
      Records: [
        record('m1', 'patient-a', 'broken', 3),
        record('m2', 'patient-a', 'a-later', 1),
        record('m3', 'patient-b', 'b-first', 1),
      ],
    };
    const response = await handler(event, {} as Context);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m1', 'm2']);
    expect(processed).toEqual(['b-first']);
    expect(postponed).toEqual([
      { receipt: 'receipt-m1', delayMs: 40_000 },
      { receipt: 'receipt-m2', delayMs: 10_000 },
    ]);
  });

  it('still reports the failure when postponing it fails (SQS then retries it at its visibility timeout)', async () => {
    const deps = {
      clock: { now: () => new Date() },
      messages: { markProcessed: async () => Promise.reject(new Error('storage down')) },
    } as unknown as ProcessDependencies;
    const handler = processQueueHandler(deps, createTelemetry('process-test', { logLevel: 'SILENT' }), {
      later: async () => Promise.reject(new Error('sqs down')),
    });
    const response = await handler({ Records: [record('m1', 'patient-a', 'k', 1)] }, {} as Context);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
  });
});
