// AlertDispatcher on SQS: an SQS subscriber's alerts go to its own FIFO queue, a webhook
// subscriber's to the webhook queue; one FIFO group per person (and subscriber), so each person's
// alerts arrive in order; the alert id deduplicates a repeat.
import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AlertDispatcher, StoredAlert, SubscriberRecord } from '../../use-cases/ports.ts';

/** What the webhook queue carries: the alert's id and payload, and for whom. */
export interface WebhookJob {
  alertId: string;
  subscriberId: string;
  payloadJson: string;
}

function groupOf(subscriberId: string, personId: string): string {
  // Hashed: the person id may be an NHS number, and SQS attributes are not the place for it.
  return createHash('sha256').update(`${subscriberId}|${personId}`).digest('hex');
}

export class SqsAlertDispatcher implements AlertDispatcher {
  constructor(
    private readonly client: SQSClient,
    private readonly webhookQueueUrl: string,
  ) {}

  async dispatch(alert: StoredAlert, subscriber: SubscriberRecord, deduplicationSuffix = ''): Promise<void> {
    const delivery = subscriber.delivery;
    if (delivery === undefined) throw new Error(`Subscriber ${subscriber.id} has no delivery channel`);
    const attributes = {
      event: { DataType: 'String', StringValue: alert.event },
      subscriber: { DataType: 'String', StringValue: alert.subscriberId },
    };
    const common = {
      MessageGroupId: groupOf(alert.subscriberId, alert.personId),
      MessageDeduplicationId: `${alert.id}${deduplicationSuffix}`,
      MessageAttributes: attributes,
    };
    if (delivery.kind === 'sqs') {
      await this.client.send(
        new SendMessageCommand({ ...common, QueueUrl: delivery.queueUrl, MessageBody: alert.payloadJson }),
      );
      return;
    }
    const job: WebhookJob = {
      alertId: alert.id,
      subscriberId: alert.subscriberId,
      payloadJson: alert.payloadJson,
    };
    await this.client.send(
      new SendMessageCommand({ ...common, QueueUrl: this.webhookQueueUrl, MessageBody: JSON.stringify(job) }),
    );
  }
}
