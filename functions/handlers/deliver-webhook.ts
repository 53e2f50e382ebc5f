// The webhook queue's consumer: the retries of alerts whose first attempt (by the process step)
// failed, and the alerts queued behind them. Records run in order per FIFO group (one subscriber
// and person):
// an alert to retry waits out its backoff as the message's visibility timeout, and the later
// alerts of its group wait with it, so they keep their order; one given up on moves to the DLQ.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DynamoDbAlertStore } from '../adapters/dynamodb/alert-store.ts';
import { DynamoDbSubscriberDirectory } from '../adapters/dynamodb/person-store.ts';
import type { WebhookJob } from '../adapters/sqs/alert-dispatcher.ts';
import { dynamoDb, sqs } from '../platform/clients.ts';
import { requireEnv } from '../platform/env.ts';
import { systemClock } from '../platform/ids.ts';
import { logger, metrics } from '../platform/observability.ts';
import { ALERTS_TABLE, REGISTRY_TABLE, WEBHOOK_DLQ_ENV, WEBHOOK_QUEUE } from '../platform/resources.ts';
import { webhookSettings } from '../platform/webhooks.ts';
import { deliverWebhook, type WebhookDependencies } from '../use-cases/deliver-webhook.ts';

/** SQS allows a visibility timeout of at most 12 hours. */
const MAX_VISIBILITY_S = 12 * 60 * 60;

export function deliverWebhooksWith(
  deps: WebhookDependencies,
  queue: { client: SQSClient; url: string; deadLetterUrl: string },
) {
  const hide = (record: SQSRecord, delayMs: number) =>
    queue.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queue.url,
        ReceiptHandle: record.receiptHandle,
        VisibilityTimeout: Math.min(MAX_VISIBILITY_S, Math.ceil(delayMs / 1000)),
      }),
    );

  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failures: { itemIdentifier: string }[] = [];
    const waitingGroups = new Map<string, number>();
    for (const record of event.Records) {
      const group = record.attributes.MessageGroupId ?? record.messageId;
      const wait = waitingGroups.get(group);
      if (wait !== undefined) {
        // An earlier alert of this person is waiting to be retried: this one waits behind it.
        await hide(record, wait + 1_000);
        failures.push({ itemIdentifier: record.messageId });
        continue;
      }
      const job = JSON.parse(record.body) as WebhookJob;
      const waitMs = job.notBefore === undefined ? 0 : Date.parse(job.notBefore) - deps.clock.now().getTime();
      if (waitMs > 0) {
        // Queued by the process step after its attempt failed: the backoff comes first.
        await hide(record, waitMs);
        waitingGroups.set(group, waitMs);
        failures.push({ itemIdentifier: record.messageId });
        continue;
      }
      const receives = Number(record.attributes.ApproximateReceiveCount);
      const result = await deliverWebhook(
        job,
        {
          // Attempts already made: the process step's, and receives spent waiting out notBefore.
          attempt: receives + (job.attemptsBefore ?? 0) - (job.notBefore === undefined ? 0 : 1),
          firstQueuedAt: new Date(job.firstAttemptAt ?? Number(record.attributes.SentTimestamp)),
        },
        deps,
      );
      logger.info('webhook attempt', {
        alertId: job.alertId,
        subscriberId: job.subscriberId,
        outcome: result.outcome,
      });
      metrics.addMetric(`Webhook_${result.outcome}`, MetricUnit.Count, 1);
      if (result.outcome === 'delivered' && job.receivedAt !== undefined)
        metrics.addMetric(
          'DeliveryLatency',
          MetricUnit.Milliseconds,
          Date.now() - Date.parse(job.receivedAt),
        );
      if (result.outcome === 'retry') {
        await hide(record, result.delayMs);
        waitingGroups.set(group, result.delayMs);
        failures.push({ itemIdentifier: record.messageId });
      } else if (result.outcome === 'dead-letter') {
        await queue.client.send(
          new SendMessageCommand({
            QueueUrl: queue.deadLetterUrl,
            MessageBody: record.body,
            MessageGroupId: group,
            MessageDeduplicationId: `${job.alertId}-${Date.now()}`,
            MessageAttributes: { error: { DataType: 'String', StringValue: result.error } },
          }),
        );
      }
    }
    return { batchItemFailures: failures };
  };
}

const { http, guard, timeoutMs, maxAgeMs } = webhookSettings();
export const handler = middy(
  deliverWebhooksWith(
    {
      subscribers: new DynamoDbSubscriberDirectory(dynamoDb(), requireEnv(REGISTRY_TABLE.envVar)),
      alerts: new DynamoDbAlertStore(dynamoDb(), requireEnv(ALERTS_TABLE.envVar)),
      http,
      guard,
      clock: systemClock,
      random: Math.random,
      maxAgeMs,
      timeoutMs,
    },
    { client: sqs(), url: requireEnv(WEBHOOK_QUEUE.envVar), deadLetterUrl: requireEnv(WEBHOOK_DLQ_ENV) },
  ),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
