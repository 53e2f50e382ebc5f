// The ingest queue's retries and dead letters on the real SQS server: a postponed message stays
// hidden (and its group with it), and a redrive puts every dead letter back in each group's order.
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, expect, inject, it } from 'vitest';
import { SqsIngestDeadLetters, SqsIngestRetries } from '../../functions/adapters/sqs/ingest-retries.ts';
import { INGEST_REDRIVEN_ATTRIBUTE } from '../../functions/platform/resources.ts';
import { eventually } from '../helpers/eventually.ts';
import { uniqueDeployment } from '../helpers/local-hub.ts';

const sqs = new SQSClient({
  endpoint: inject('emulators').sqsEndpoint,
  region: 'eu-west-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  useQueueUrlAsEndpoint: false,
});
afterAll(() => sqs.destroy());

async function fifoQueue(name: string): Promise<string> {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${name}.fifo`,
      Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'false', VisibilityTimeout: '30' },
    }),
  );
  return QueueUrl as string;
}

async function receive(url: string, visibility = 30): Promise<Message[]> {
  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: visibility,
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ['MessageGroupId'],
      MessageAttributeNames: ['All'],
    }),
  );
  return Messages ?? [];
}

it('hides a postponed message for its delay, and the rest of its group behind it', async () => {
  const url = await fifoQueue(uniqueDeployment('ingest-later'));
  for (const body of ['a1', 'a2'])
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: body,
        MessageGroupId: 'a',
        MessageDeduplicationId: body,
      }),
    );
  const [first] = await receive(url, 30);
  expect(first?.Body).toBe('a1');
  // Failed: hidden for 2 s instead of the 30 s visibility timeout.
  await new SqsIngestRetries(sqs, url).later(first?.ReceiptHandle as string, 2_000);
  expect(await receive(url)).toEqual([]); // a2 waits behind a1
  const again = await eventually('the postponed message to come back', async () => {
    const messages = await receive(url);
    return messages.length > 0 && messages;
  });
  expect(again[0]?.Body).toBe('a1');
});

it('parks messages in order and redrives them all back, each group in its order, marked as redriven', async () => {
  const name = uniqueDeployment('ingest-dlq');
  const queueUrl = await fifoQueue(name);
  const deadLetterUrl = await fifoQueue(`${name}-dlq`);
  const deadLetters = new SqsIngestDeadLetters(sqs, queueUrl, deadLetterUrl);
  const sent: Record<string, string[]> = { p1: [], p2: [], p3: [] };
  for (let i = 0; i < 25; i++) {
    const group = `p${(i % 3) + 1}`;
    const body = `${group}-${i}`;
    sent[group]?.push(body);
    await deadLetters.park({ body, groupId: group, deduplicationId: body });
  }
  // A park repeated (after a crash) is dropped.
  await deadLetters.park({ body: 'p1-0', groupId: 'p1', deduplicationId: 'p1-0' });
  expect(await deadLetters.count()).toBe(25);

  expect(await deadLetters.redrive()).toBe(25);
  expect(await deadLetters.count()).toBe(0);

  const received: Record<string, string[]> = { p1: [], p2: [], p3: [] };
  for (let total = 0; total < 25; ) {
    const messages = await receive(queueUrl);
    expect(messages.length, 'every redriven message is on the queue').toBeGreaterThan(0);
    for (const message of messages) {
      received[message.Attributes?.MessageGroupId as string]?.push(message.Body as string);
      expect(message.MessageAttributes?.[INGEST_REDRIVEN_ATTRIBUTE]?.StringValue).toBeDefined();
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
      total++;
    }
  }
  expect(received).toEqual(sent);
});
