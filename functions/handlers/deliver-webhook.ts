// The webhook queue's consumer: decodes the SQS records into jobs, hands them to the retry use case
// (use-cases/deliver-webhook.ts) and reports the ones to leave on the queue.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type Telemetry, withTelemetry } from '../platform/observability.ts';
import { deliverWebhookJobs, type WebhookRetryDependencies } from '../use-cases/deliver-webhook.ts';
import type { QueuedWebhookJob, WebhookJob } from '../use-cases/ports/index.ts';

export function queuedJob(record: SQSRecord): QueuedWebhookJob {
  return {
    id: record.messageId,
    receipt: record.receiptHandle,
    group: record.attributes.MessageGroupId ?? record.messageId,
    job: JSON.parse(record.body) as WebhookJob,
    receiveCount: Number(record.attributes.ApproximateReceiveCount),
    queuedAt: new Date(Number(record.attributes.SentTimestamp)),
  };
}

export function deliverWebhooks(deps: WebhookRetryDependencies, telemetry: Telemetry) {
  const { logger, metrics } = telemetry;
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const { results, keep } = await deliverWebhookJobs(event.Records.map(queuedJob), deps);
    for (const { job, outcome } of results) {
      if (outcome === 'waiting') continue;
      logger.info('webhook attempt', { alertId: job.alertId, subscriberId: job.subscriberId, outcome });
      telemetry.report?.({ stage: 'webhook', alertId: job.alertId, subscriberId: job.subscriberId, outcome });
      metrics.addMetric(`Webhook_${outcome}`, MetricUnit.Count, 1);
      if (outcome === 'delivered' && job.receivedAt !== undefined)
        metrics.addMetric(
          'DeliveryLatency',
          MetricUnit.Milliseconds,
          deps.clock.now().getTime() - Date.parse(job.receivedAt),
        );
    }
    return { batchItemFailures: keep.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

export function deliverWebhookHandler(deps: WebhookRetryDependencies, telemetry: Telemetry) {
  return withTelemetry(deliverWebhooks(deps, telemetry), telemetry);
}
