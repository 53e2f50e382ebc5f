// SubscriberQueues on SQS: each SQS subscriber's own FIFO queue, named after it.
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { subscriberQueueName } from '../../platform/resources.ts';
import type { SubscriberQueues } from '../../use-cases/ports/index.ts';

const FOURTEEN_DAYS_S = 14 * 24 * 60 * 60;

export class SqsSubscriberQueues implements SubscriberQueues {
  constructor(
    private readonly client: SQSClient,
    private readonly deployment: string,
  ) {}

  async create(subscriberId: string): Promise<string> {
    const { QueueUrl } = await this.client.send(
      new CreateQueueCommand({
        QueueName: subscriberQueueName(this.deployment, subscriberId),
        Attributes: {
          FifoQueue: 'true',
          ContentBasedDeduplication: 'false',
          MessageRetentionPeriod: String(FOURTEEN_DAYS_S),
        },
      }),
    );
    if (QueueUrl === undefined) throw new Error(`SQS gave no URL for the queue of ${subscriberId}`);
    return QueueUrl;
  }
}
