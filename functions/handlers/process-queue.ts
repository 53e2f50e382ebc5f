// The ingest FIFO queue's consumer: each accepted message matched, routed and its alerts sent
// (process use case; webhooks get their first attempt here). Records run in order; when one
// fails, the rest of its patient's group waits for the retry while other patients go on
// (SqsFifoPartialProcessorAsync with skipGroupOnError).
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { type Telemetry, withTelemetry } from '../platform/observability.ts';
import type { IngestRetries, QueuedMessage } from '../use-cases/ports/index.ts';
import { type ProcessDependencies, processMessage } from '../use-cases/process.ts';

export function processRecord(deps: ProcessDependencies, telemetry: Telemetry) {
  const { logger, metrics } = telemetry;
  return async (record: SQSRecord): Promise<void> => {
    const message = JSON.parse(record.body) as QueuedMessage;
    const result = await processMessage(message, deps);
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
  };
}

/**
 * How long a failed message waits before it is tried again: 10 s, doubling, at most 15 minutes. With
 * the ingest queue's receive limit that is about three days before the dead-letter queue.
 */
export function ingestRetryDelayMs(receiveCount: number): number {
  return Math.min(15 * 60_000, 10_000 * 2 ** Math.max(0, receiveCount - 1));
}

export function processQueueHandler(
  deps: ProcessDependencies,
  telemetry: Telemetry,
  retries?: IngestRetries,
) {
  const handle = processRecord(deps, telemetry);
  return withTelemetry(async (event: SQSEvent, context: Context) => {
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
      if (record === undefined || retries === undefined) continue;
      const receives = Number(record.attributes.ApproximateReceiveCount);
      telemetry.logger.warn('hl7 message will be tried again', { messageId: record.messageId, receives });
      telemetry.metrics.addMetric('IngestRetries', MetricUnit.Count, 1);
      await retries.later(record.receiptHandle, ingestRetryDelayMs(receives)).catch(() => undefined);
    }
    return response;
  }, telemetry);
}
