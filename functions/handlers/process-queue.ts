// The ingest FIFO queue's consumer: each accepted message matched, routed and its alerts sent
// (process use case; webhooks get their first attempt here). Records run in order; when one
// fails, the rest of its patient's group waits for the retry while other patients go on
// (SqsFifoPartialProcessorAsync with skipGroupOnError).
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { type Telemetry, withTelemetry } from '../platform/observability.ts';
import { INGEST_REDRIVEN_ATTRIBUTE } from '../platform/resources.ts';
import type {
  IngestDeadLetters,
  IngestHolds,
  IngestRetries,
  QueuedMessage,
} from '../use-cases/ports/index.ts';
import { type ProcessDependencies, type ProcessResult, processMessage } from '../use-cases/process.ts';
import { overdueCount } from '../use-cases/review.ts';

/** How often a container counts the review items waiting over 24 hours (the ReviewOverdue metric). */
export const REVIEW_WATCH_MS = 15 * 60_000;

export function processRecord(deps: ProcessDependencies, telemetry: Telemetry) {
  const { logger, metrics } = telemetry;
  return async (record: SQSRecord, heldBack?: () => Promise<boolean>): Promise<ProcessResult> => {
    const queued = JSON.parse(record.body) as QueuedMessage;
    // Received before (a failure, a timeout, a crash): it may have been processed in part.
    const again = Number(record.attributes.ApproximateReceiveCount) > 1;
    const message = again ? { ...queued, requeued: true } : queued;
    const result = await processMessage(message, deps, heldBack);
    if (result.outcome === 'held') return result;
    const ids = { controlId: message.event.controlId, sendingFacility: message.event.sendingFacility };
    // Ids and counts only: never the person, whose id may be an NHS number.
    logger.info('hl7 message processed', {
      ...ids,
      outcome: result.outcome,
      method: result.method,
      alerts: result.alerts,
    });
    telemetry.report?.({ stage: 'process', ...ids, ...result });
    metrics.addMetric(`Match_${result.outcome}`, MetricUnit.Count, 1);
    metrics.addMetric('Alerts', MetricUnit.Count, result.alerts);
    for (const attempt of result.webhookAttempts ?? []) {
      logger.info('webhook attempt', { ...attempt, first: true });
      metrics.addMetric(`Webhook_${attempt.outcome}`, MetricUnit.Count, 1);
    }
    for (const event of result.alertEvents ?? []) metrics.addMetric(`Alerts_${event}`, MetricUnit.Count, 1);
    // End to end: from the message's arrival at the hub to its alert delivered.
    const latencyMs = deps.clock.now().getTime() - Date.parse(message.receivedAt);
    for (let i = 0; i < (result.delivered ?? 0); i++)
      metrics.addMetric('DeliveryLatency', MetricUnit.Milliseconds, latencyMs);
    return result;
  };
}

/**
 * How long a failed message waits before it is tried again: 10 s, doubling, at most 15 minutes. With
 * the ingest queue's receive limit that is about three days before the process step gives up.
 */
export function ingestRetryDelayMs(receiveCount: number): number {
  return Math.min(15 * 60_000, 10_000 * 2 ** Math.max(0, receiveCount - 1));
}

/** What the consumer needs of the ingest queue to retry with backoff and to give up in order. */
export interface IngestBackstop {
  retries: IngestRetries;
  deadLetters: IngestDeadLetters;
  holds: IngestHolds;
  /** Receives after which a message is given up on (the queue's own limit, where SQS would). */
  maxReceives: number;
}

/**
 * The consumer. A message that fails is hidden for its backoff, its patient's later messages
 * waiting behind it (FIFO). After `maxReceives` it is given up on: its patient is held, and it and
 * every later message of the patient are parked in the dead-letter queue in order, until an
 * operator redrives them all (`adt-hub dlq redrive --ingest`): no discharge overtakes its admission.
 */
export function processQueueHandler(
  deps: ProcessDependencies,
  telemetry: Telemetry,
  backstop?: IngestBackstop,
) {
  const { logger, metrics } = telemetry;
  const process = processRecord(deps, telemetry);
  let reviewWatchedAt = Number.NEGATIVE_INFINITY;
  // Review items undecided for a day are patients nobody has been told about: a metric, alarmed.
  const watchReview = async () => {
    const now = deps.clock.now().getTime();
    if (now - reviewWatchedAt < REVIEW_WATCH_MS) return;
    reviewWatchedAt = now;
    const overdue = await overdueCount(deps).catch(() => undefined);
    if (overdue !== undefined) metrics.addMetric('ReviewOverdue', MetricUnit.Count, overdue);
  };
  return withTelemetry(async (event: SQSEvent, context: Context) => {
    const park = async (record: SQSRecord, groupId: string) => {
      await backstop?.deadLetters.park({
        body: record.body,
        groupId,
        deduplicationId: record.attributes.MessageDeduplicationId ?? record.messageId,
      });
    };
    // Patients given up on in this batch: their later records here are parked without asking.
    const givenUp = new Set<string>();
    const handle = async (record: SQSRecord): Promise<void> => {
      const groupId = record.attributes.MessageGroupId;
      const redriven = record.messageAttributes?.[INGEST_REDRIVEN_ATTRIBUTE] !== undefined;
      const mayBeHeld = backstop !== undefined && groupId !== undefined && !redriven;
      // Whether the patient is held is read with the process step's first read of them (nearly
      // always: no). When it cannot be read (storage down), the record fails and waits its backoff.
      let held = mayBeHeld && givenUp.has(groupId);
      if (!held) {
        try {
          const result = await process(record, mayBeHeld ? () => backstop.holds.isHeld(groupId) : undefined);
          held = result.outcome === 'held';
        } catch (error) {
          const receives = Number(record.attributes.ApproximateReceiveCount);
          if (backstop === undefined || groupId === undefined || receives < backstop.maxReceives) throw error;
          // Held first: if parking fails, SQS dead-letters it itself and the hold still keeps order.
          await backstop.holds.hold(groupId, deps.clock.now().toISOString());
          givenUp.add(groupId);
          await park(record, groupId);
          logger.error('hl7 message given up after its retries: parked in the dead-letter queue', {
            messageId: record.messageId,
            receives,
            error: (error as Error).message,
          });
          metrics.addMetric('IngestGivenUp', MetricUnit.Count, 1);
          return;
        }
      }
      if (held && groupId !== undefined) {
        await park(record, groupId);
        logger.warn('hl7 message held back behind its patient’s dead letter', {
          messageId: record.messageId,
        });
        metrics.addMetric('IngestHeldBack', MetricUnit.Count, 1);
      }
    };
    const response = await processPartialResponse(event, handle, new SqsFifoPartialProcessorAsync(), {
      context,
      skipGroupOnError: true,
      // When every record fails (storage down), still postpone each rather than throw.
      throwOnFullBatchFailure: false,
    });
    // A failure (storage down, a bug) is tried again with backoff, not every minute; the patient's
    // later messages wait behind it (FIFO), so their order holds.
    for (const { itemIdentifier } of response.batchItemFailures) {
      const record = event.Records.find((r) => r.messageId === itemIdentifier);
      if (record === undefined || backstop === undefined) continue;
      const receives = Number(record.attributes.ApproximateReceiveCount);
      logger.warn('hl7 message will be tried again', { messageId: record.messageId, receives });
      metrics.addMetric('IngestRetries', MetricUnit.Count, 1);
      await backstop.retries.later(record.receiptHandle, ingestRetryDelayMs(receives)).catch(() => undefined);
    }
    await watchReview();
    return response;
  }, telemetry);
}
