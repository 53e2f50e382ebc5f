// AlertDispatcher on SQS: an SQS subscriber's alerts go to its own FIFO queue, a webhook
// subscriber's retries to the webhook queue (its dead letters to that queue's DLQ); one FIFO group
// per person and subscriber, so each person's alerts arrive in order; the alert id deduplicates a
// repeat.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sha256Hex } from '../../core/hash.ts';
import type {
  AlertDispatcher,
  RetryContext,
  StoredAlert,
  SubscriberRecord,
  WebhookJob,
} from '../../use-cases/ports/index.ts';

/** Hashed: the person id may be an NHS number, and SQS attributes are not the place for it. */
function groupOf(subscriberId: string, personId: string): string {
  return sha256Hex(`${subscriberId}|${personId}`);
}

export class SqsAlertDispatcher implements AlertDispatcher {
  constructor(
    private readonly client: SQSClient,
    private readonly webhookQueueUrl: string,
    private readonly webhookDeadLetterUrl: string,
    private readonly now: () => number = Date.now,
  ) {}

  dispatch(alert: StoredAlert, subscriber: SubscriberRecord, retry?: RetryContext): Promise<void> {
    return this.send(alert, subscriber, alert.id, retry);
  }

  redispatch(alert: StoredAlert, subscriber: SubscriberRecord): Promise<void> {
    return this.send(alert, subscriber, `${alert.id}-redrive-${this.now()}`);
  }

  private async send(
    alert: StoredAlert,
    subscriber: SubscriberRecord,
    deduplicationId: string,
    retry?: RetryContext,
  ): Promise<void> {
    const delivery = subscriber.delivery;
    if (delivery === undefined) throw new Error(`Subscriber ${subscriber.id} has no delivery channel`);
    const job: WebhookJob = {
      alertId: alert.id,
      subscriberId: alert.subscriberId,
      payloadJson: alert.payloadJson,
      receivedAt: alert.receivedAt,
      ...retry,
    };
    // An SQS subscriber's own queue, unless the alert is to be retried: every retry (and every
    // webhook alert that is not posted at once) goes to the webhook queue, the retry queue.
    const own = delivery.kind === 'sqs' && retry === undefined;
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: own ? delivery.queueUrl : this.webhookQueueUrl,
        MessageBody: own ? alert.payloadJson : JSON.stringify(job),
        MessageGroupId: groupOf(alert.subscriberId, alert.personId),
        MessageDeduplicationId: deduplicationId,
        MessageAttributes: {
          event: { DataType: 'String', StringValue: alert.event },
          subscriber: { DataType: 'String', StringValue: alert.subscriberId },
        },
      }),
    );
  }

  async deadLetter(job: WebhookJob, error: string): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.webhookDeadLetterUrl,
        MessageBody: JSON.stringify(job),
        // Dead letters are listed and redriven from the alerts table; the queue only alarms.
        MessageGroupId: sha256Hex(job.subscriberId),
        MessageDeduplicationId: `${job.alertId}-${this.now()}`,
        MessageAttributes: {
          subscriber: { DataType: 'String', StringValue: job.subscriberId },
          error: { DataType: 'String', StringValue: error.slice(0, 1000) },
        },
      }),
    );
  }
}
