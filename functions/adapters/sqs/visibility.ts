// Hiding a received SQS message for a while (ChangeMessageVisibility): the queue hands it over
// again after the delay, and in a FIFO queue its group waits behind it. Used by the webhook and the
// ingest queues' retries.
import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** SQS allows a visibility timeout of at most 12 hours. */
const MAX_VISIBILITY_S = 12 * 60 * 60;

export async function hideFor(
  client: SQSClient,
  queueUrl: string,
  receipt: string,
  delayMs: number,
  /** The shortest hiding, in seconds (0 hands the message over again at once). */
  minimumS = 0,
): Promise<void> {
  await client.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: queueUrl,
      ReceiptHandle: receipt,
      VisibilityTimeout: Math.min(MAX_VISIBILITY_S, Math.max(minimumS, Math.ceil(delayMs / 1000))),
    }),
  );
}
