// The local invoker's SQS event source mapping, on the real SQS server: batches of at most 10,
// partial batch failure, redelivery after the visibility timeout, the DLQ after maxReceiveCount,
// and FIFO order within a group.
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, expect, inject, it } from 'vitest';
import { type RunningMapping, startEventSourceMapping } from '../../local/invoker/sqs-event-source.ts';
import { eventually } from '../helpers/eventually.ts';
import { uniqueDeployment } from '../helpers/local-hub.ts';

const sqs = new SQSClient({
  endpoint: inject('emulators').sqsEndpoint,
  region: 'eu-west-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  useQueueUrlAsEndpoint: false,
});
const mappings: RunningMapping[] = [];

afterAll(async () => {
  await Promise.all(mappings.map((m) => m.stop()));
  sqs.destroy();
});

async function fifoQueueWithDlq(maxReceiveCount: number) {
  const name = uniqueDeployment('esm');
  const attributes = { FifoQueue: 'true', ContentBasedDeduplication: 'true' };
  const dlq = await sqs.send(
    new CreateQueueCommand({ QueueName: `${name}-dlq.fifo`, Attributes: attributes }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${name}.fifo`,
      Attributes: {
        ...attributes,
        VisibilityTimeout: '1',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount }),
      },
    }),
  );
  return { url: queue.QueueUrl as string, dlqUrl: dlq.QueueUrl as string };
}

async function send(url: string, bodies: string[], group: (body: string) => string) {
  for (let i = 0; i < bodies.length; i += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: bodies
          .slice(i, i + 10)
          .map((body, j) => ({ Id: String(j), MessageBody: body, MessageGroupId: group(body) })),
      }),
    );
  }
}

async function depth(url: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
  );
}

it('delivers in batches of at most 10, keeps group order, and retries only what failed', async () => {
  const { url, dlqUrl } = await fifoQueueWithDlq(5);
  const bodies = Array.from(
    { length: 30 },
    (_, i) => `${['a', 'b', 'c'][i % 3]}-${String(i).padStart(2, '0')}`,
  );
  const seen: string[] = [];
  const batchSizes: number[] = [];
  let failedOnce = false;
  mappings.push(
    startEventSourceMapping(sqs, {
      queueUrl: url,
      queueArn: 'arn:aws:sqs:eu-west-2:000000000000:test',
      functionName: 'test',
      waitTimeSeconds: 1,
      concurrency: 2,
      handler: async (event: SQSEvent) => {
        batchSizes.push(event.Records.length);
        const failures: { itemIdentifier: string }[] = [];
        // b-04 fails on its first delivery. As a FIFO consumer must, the handler then reports it
        // and every later record of group b in the batch as failed, so the group keeps its order.
        let groupBFailed = false;
        for (const record of event.Records) {
          if (record.body === 'b-04' && !failedOnce) {
            failedOnce = true;
            groupBFailed = true;
          }
          if (groupBFailed && record.attributes.MessageGroupId === 'b') {
            failures.push({ itemIdentifier: record.messageId });
          } else {
            seen.push(record.body);
          }
        }
        return { batchItemFailures: failures };
      },
    }),
  );

  await send(url, bodies, (body) => body.charAt(0));
  await eventually('all 30 records handled', () => seen.length === 30);

  expect(failedOnce).toBe(true);
  expect(Math.max(...batchSizes)).toBeLessThanOrEqual(10);
  expect([...seen].sort()).toEqual([...bodies].sort());
  for (const group of ['a', 'b', 'c']) {
    const inGroup = seen.filter((body) => body.startsWith(group));
    expect(inGroup).toEqual([...inGroup].sort());
  }
  await eventually('the queue emptied', async () => (await depth(url)) === 0);
  expect(await depth(dlqUrl)).toBe(0);
});

it('moves a message that always fails to the DLQ after maxReceiveCount', async () => {
  const { url, dlqUrl } = await fifoQueueWithDlq(2);
  let attempts = 0;
  mappings.push(
    startEventSourceMapping(sqs, {
      queueUrl: url,
      queueArn: 'arn:aws:sqs:eu-west-2:000000000000:test-dlq',
      functionName: 'test',
      waitTimeSeconds: 1,
      handler: async () => {
        attempts++;
        throw new Error('always fails');
      },
    }),
  );

  await send(url, ['poison'], () => 'p');
  await eventually('the poison message in the DLQ', async () => (await depth(dlqUrl)) === 1);

  expect(attempts).toBe(2);
  expect(await depth(url)).toBe(0);
});
