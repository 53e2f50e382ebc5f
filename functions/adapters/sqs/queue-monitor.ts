// QueueMonitor on SQS: each of the hub's queues and its dead-letter queue, by their attributes.
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueDepth, QueueMonitor } from '../../use-cases/ports/index.ts';

export class SqsQueueMonitor implements QueueMonitor {
  constructor(
    private readonly client: SQSClient,
    private readonly queues: readonly { name: string; url: string; deadLetterUrl?: string }[],
  ) {}

  private async count(url: string): Promise<{ waiting: number; inFlight: number }> {
    const { Attributes } = await this.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesDelayed',
          'ApproximateNumberOfMessagesNotVisible',
        ],
      }),
    );
    return {
      waiting:
        Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes?.ApproximateNumberOfMessagesDelayed ?? 0),
      inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  }

  async depths(): Promise<QueueDepth[]> {
    return Promise.all(
      this.queues.map(async (queue) => {
        const [main, dead] = await Promise.all([
          this.count(queue.url),
          queue.deadLetterUrl === undefined ? undefined : this.count(queue.deadLetterUrl),
        ]);
        return {
          name: queue.name,
          ...main,
          deadLetters: dead === undefined ? 0 : dead.waiting + dead.inFlight,
        };
      }),
    );
  }
}
