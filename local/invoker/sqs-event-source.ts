// The local stand-in for a Lambda SQS event source mapping: long-polls a queue, hands batches of
// up to 10 records to the handler, deletes what succeeded and leaves what failed (the whole batch
// when the handler throws, else its batchItemFailures) to reappear after the visibility timeout;
// the queue's redrive policy moves a message to its DLQ after maxReceiveCount receives. FIFO
// order is the queue's own: a group stays blocked while one of its messages is in flight.
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from './lambda-context.ts';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface EventSourceMapping {
  queueUrl: string;
  queueArn: string;
  functionName: string;
  handler: SqsHandler;
  batchSize?: number;
  /**
   * The mapping's `ReportBatchItemFailures` response type (default on, as the hub's mappings have
   * it). Without it Lambda ignores `batchItemFailures`: a batch whose handler returns is deleted
   * whole, failures and all.
   */
  reportBatchItemFailures?: boolean;
  /** Pollers working at once (Lambda scales these out; FIFO groups still go one at a time). */
  concurrency?: number;
  waitTimeSeconds?: number;
}

export interface RunningMapping {
  stop(): Promise<void>;
}

function toRecord(message: Message, mapping: EventSourceMapping): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      MessageGroupId: attributes.MessageGroupId,
      MessageDeduplicationId: attributes.MessageDeduplicationId,
      SequenceNumber: attributes.SequenceNumber,
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        { dataType: value.DataType ?? 'String', stringValue: value.StringValue },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: mapping.queueArn,
    awsRegion: process.env.AWS_REGION ?? 'eu-west-2',
  };
}

export function startEventSourceMapping(client: SQSClient, mapping: EventSourceMapping): RunningMapping {
  const abort = new AbortController();
  let running = true;

  async function poll(): Promise<void> {
    while (running) {
      let messages: Message[];
      try {
        const received = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: mapping.queueUrl,
            MaxNumberOfMessages: mapping.batchSize ?? 10,
            WaitTimeSeconds: mapping.waitTimeSeconds ?? 20,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: abort.signal },
        );
        messages = received.Messages ?? [];
      } catch {
        if (!running) return;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        continue;
      }
      if (messages.length === 0) continue;

      const records = messages.map((message) => toRecord(message, mapping));
      let failed: Set<string>;
      try {
        const result = await mapping.handler({ Records: records }, lambdaContext(mapping.functionName));
        const reported = mapping.reportBatchItemFailures === false ? [] : (result?.batchItemFailures ?? []);
        failed = new Set(reported.map((failure) => failure.itemIdentifier));
      } catch {
        failed = new Set(records.map((record) => record.messageId));
      }
      const done = records.filter((record) => !failed.has(record.messageId));
      if (done.length > 0) {
        await client
          .send(
            new DeleteMessageBatchCommand({
              QueueUrl: mapping.queueUrl,
              Entries: done.map((record, i) => ({ Id: String(i), ReceiptHandle: record.receiptHandle })),
            }),
          )
          .catch(() => undefined);
      }
    }
  }

  const pollers = Array.from({ length: mapping.concurrency ?? 1 }, () => poll());
  return {
    stop: async () => {
      running = false;
      abort.abort();
      await Promise.allSettled(pollers);
    },
  };
}
