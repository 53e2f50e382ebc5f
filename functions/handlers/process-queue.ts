// The ingest FIFO queue's consumer: each accepted message matched, routed and its alerts sent
// (process use case; webhooks get their first attempt here).
// Records run in order; when one fails, the rest of its patient's group waits for the retry while
// other patients go on (SqsFifoPartialProcessorAsync with skipGroupOnError).
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { DynamoDbAlertStore } from '../adapters/dynamodb/alert-store.ts';
import { DynamoDbMessageStore } from '../adapters/dynamodb/message-store.ts';
import { DynamoDbPersonStore, DynamoDbSubscriberDirectory } from '../adapters/dynamodb/person-store.ts';
import { DynamoDbRegistryStore } from '../adapters/dynamodb/registry-store.ts';
import { SqsAlertDispatcher } from '../adapters/sqs/alert-dispatcher.ts';
import { dynamoDb, sqs } from '../platform/clients.ts';
import { requireEnv } from '../platform/env.ts';
import { systemClock } from '../platform/ids.ts';
import { logger, metrics } from '../platform/observability.ts';
import {
  ALERTS_TABLE,
  DEPLOYMENT_ENV,
  MESSAGES_TABLE,
  messageRetentionDays,
  REGISTRY_TABLE,
  WEBHOOK_DLQ_ENV,
  WEBHOOK_QUEUE,
} from '../platform/resources.ts';
import { webhookSettings } from '../platform/webhooks.ts';
import type { QueuedMessage } from '../use-cases/ports.ts';
import { type ProcessDependencies, processMessage } from '../use-cases/process.ts';
import { RegistrySnapshot } from '../use-cases/registry-snapshot.ts';
import { WebhookGate } from '../use-cases/webhook-gate.ts';

export function processRecordWith(deps: ProcessDependencies) {
  return async (record: SQSRecord): Promise<void> => {
    const message = JSON.parse(record.body) as QueuedMessage;
    const result = await processMessage(message, deps);
    // Ids and counts only: never the person, whose id may be an NHS number.
    logger.info('hl7 message processed', {
      controlId: message.event.controlId,
      sendingFacility: message.event.sendingFacility,
      outcome: result.outcome,
      method: result.method,
      alerts: result.alerts,
    });
    metrics.addMetric(`Match_${result.outcome}`, MetricUnit.Count, 1);
    metrics.addMetric('Alerts', MetricUnit.Count, result.alerts);
    for (const attempt of result.webhookAttempts ?? []) {
      logger.info('webhook attempt', { ...attempt, first: true });
      metrics.addMetric(`Webhook_${attempt.outcome}`, MetricUnit.Count, 1);
    }
    for (const event of result.alertEvents ?? []) metrics.addMetric(`Alerts_${event}`, MetricUnit.Count, 1);
    // End to end: from the message's arrival at the hub to its alert delivered.
    const latencyMs = Date.now() - Date.parse(message.receivedAt);
    for (let i = 0; i < (result.delivered ?? 0); i++)
      metrics.addMetric('DeliveryLatency', MetricUnit.Milliseconds, latencyMs);
  };
}

const registryTable = requireEnv(REGISTRY_TABLE.envVar);
const webhooks = webhookSettings();
const people = new DynamoDbPersonStore(dynamoDb(), registryTable);
const processRecord = processRecordWith({
  deployment: requireEnv(DEPLOYMENT_ENV),
  messages: new DynamoDbMessageStore(dynamoDb(), requireEnv(MESSAGES_TABLE.envVar)),
  registry: new RegistrySnapshot(new DynamoDbRegistryStore(dynamoDb(), registryTable), people, systemClock),
  people,
  subscribers: new DynamoDbSubscriberDirectory(dynamoDb(), registryTable),
  alerts: new DynamoDbAlertStore(dynamoDb(), requireEnv(ALERTS_TABLE.envVar)),
  dispatcher: new SqsAlertDispatcher(sqs(), requireEnv(WEBHOOK_QUEUE.envVar), requireEnv(WEBHOOK_DLQ_ENV)),
  webhooks: {
    ...webhooks,
    timeoutMs: webhooks.firstAttemptTimeoutMs,
    random: Math.random,
    // One per container: the rest it gives a failing receiver lasts across invocations.
    gate: new WebhookGate(),
  },
  clock: systemClock,
  retentionDays: messageRetentionDays(),
});

export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, processRecord, new SqsFifoPartialProcessorAsync(), {
    context,
    skipGroupOnError: true,
  }),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
