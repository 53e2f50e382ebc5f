// AlertDispatcher on SQS: an SQS subscriber's alerts go to its own FIFO queue, a webhook
// subscriber's retries to the webhook queue (its dead letters to that queue's DLQ); one FIFO group
// per person and subscriber, so each person's alerts arrive in order; the alert id deduplicates a
// repeat.
import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AlertDispatcher, RetryContext, StoredAlert, SubscriberRecord } from '../../use-cases/ports.ts';

/** What the webhook queue carries: the alert's id and payload, for whom, and its history. */
export interface WebhookJob extends Partial<RetryContext> {
  alertId: string;
  subscriberId: string;
  payloadJson: string;
  /** When the hub received the message behind it: end-to-end latency is measured from here. */
  receivedAt?: string;
}

function groupOf(subscriberId: string, personId: string): string {
  // Hashed: the person id may be an NHS number, and SQS attributes are not the place for it.
  return createHash('sha256').update(`${subscriberId}|${personId}`).digest('hex');
}

export class SqsAlertDispatcher implements AlertDispatcher {
  constructor(
    private readonly client: SQSClient,
    private readonly webhookQueueUrl: string,
    private readonly webhookDeadLetterUrl?: string,
  ) {}

  private common(alert: StoredAlert, deduplicationSuffix: string) {
    return {
      MessageGroupId: groupOf(alert.subscriberId, alert.personId),
      MessageDeduplicationId: `${alert.id}${deduplicationSuffix}`,
      MessageAttributes: {
        event: { DataType: 'String', StringValue: alert.event },
        subscriber: { DataType: 'String', StringValue: alert.subscriberId },
      },
    };
  }

  private job(alert: StoredAlert, retry?: RetryContext): string {
    const job: WebhookJob = {
      alertId: alert.id,
      subscriberId: alert.subscriberId,
      payloadJson: alert.payloadJson,
      receivedAt: alert.receivedAt,
      ...retry,
    };
    return JSON.stringify(job);
  }

  async dispatch(
    alert: StoredAlert,
    subscriber: SubscriberRecord,
    retry?: RetryContext,
    deduplicationSuffix = '',
  ): Promise<void> {
    const delivery = subscriber.delivery;
    if (delivery === undefined) throw new Error(`Subscriber ${subscriber.id} has no delivery channel`);
    const common = this.common(alert, deduplicationSuffix);
    if (delivery.kind === 'sqs') {
      await this.client.send(
        new SendMessageCommand({ ...common, QueueUrl: delivery.queueUrl, MessageBody: alert.payloadJson }),
      );
      return;
    }
    await this.client.send(
      new SendMessageCommand({
        ...common,
        QueueUrl: this.webhookQueueUrl,
        MessageBody: this.job(alert, retry),
      }),
    );
  }

  async deadLetter(alert: StoredAlert, error: string): Promise<void> {
    if (this.webhookDeadLetterUrl === undefined) throw new Error('No webhook dead-letter queue configured');
    const common = this.common(alert, `-${Date.now()}`);
    await this.client.send(
      new SendMessageCommand({
        ...common,
        QueueUrl: this.webhookDeadLetterUrl,
        MessageBody: this.job(alert),
        MessageAttributes: { ...common.MessageAttributes, error: { DataType: 'String', StringValue: error } },
      }),
    );
  }
}
