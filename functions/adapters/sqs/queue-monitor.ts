// QueueMonitor on SQS: each of the hub's queues and its dead-letter queue, by their attributes.
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueDepth, QueueMonitor } from '../../use-cases/ports/index.ts';

/** What a queue holds: waiting (delayed included) and in flight. */
export async function queueCounts(
  client: SQSClient,
  url: string,
): Promise<{ waiting: number; inFlight: number }> {
  const { Attributes } = await client.send(
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

export class SqsQueueMonitor implements QueueMonitor {
  constructor(
    private readonly client: SQSClient,
    private readonly queues: readonly { name: string; url: string; deadLetterUrl?: string }[],
  ) {}

  async depths(): Promise<QueueDepth[]> {
    return Promise.all(
      this.queues.map(async (queue) => {
        const [main, dead] = await Promise.all([
          queueCounts(this.client, queue.url),
          queue.deadLetterUrl === undefined ? undefined : queueCounts(this.client, queue.deadLetterUrl),
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
