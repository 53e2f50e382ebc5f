// Starts a local hub for one test file on the run's shared emulators, with its own tables and
// queues, and a few ways to look inside it through the real SDK.
import { randomBytes } from 'node:crypto';
import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { INGEST_QUEUE, MESSAGES_TABLE } from '../../functions/platform/resources.ts';
import { type LocalHub, type LocalHubOptions, startLocalHub } from '../../local/hub.ts';
import { eventually } from './eventually.ts';

export function uniqueDeployment(prefix: string): string {
  return `${prefix}${randomBytes(3).toString('hex')}`;
}

export async function startTestHub(prefix: string, options: LocalHubOptions = {}): Promise<LocalHub> {
  return startLocalHub({ deployment: uniqueDeployment(prefix), emulators: inject('emulators'), ...options });
}

export async function postHl7(
  hub: LocalHub,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; contentType: string }> {
  const response = await fetch(`${hub.httpUrl}/v1/hl7`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${hub.senderKey}`,
      'content-type': 'x-application/hl7-v2+er7',
      ...headers,
    },
    body,
  });
  return {
    status: response.status,
    body: await response.text(),
    contentType: response.headers.get('content-type') ?? '',
  };
}

export async function storedMessage(hub: LocalHub, messageKey: string) {
  const { Item } = await hub.dynamodb.send(
    new GetCommand({ TableName: hub.env[MESSAGES_TABLE.envVar], Key: { messageKey } }),
  );
  return Item;
}

export async function allStoredMessages(hub: LocalHub) {
  const { Items } = await hub.dynamodb.send(new ScanCommand({ TableName: hub.env[MESSAGES_TABLE.envVar] }));
  return Items ?? [];
}

/** How many messages wait on a queue: visible, delayed and in flight. */
export async function queueDepth(hub: LocalHub, queueUrl: string): Promise<number> {
  const { Attributes } = await hub.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}

/** How many messages wait on the ingest queue (visible and in flight). */
export function ingestQueueDepth(hub: LocalHub): Promise<number> {
  return queueDepth(hub, hub.settings.ingestQueueUrl);
}

/**
 * Until the hub has nothing left to do: the ingest queue and the webhook queue are empty, none of
 * their messages in flight (a retry waiting out its backoff is still on the webhook queue). Asserting
 * after this, rather than after a sleep, is how a test proves that nothing more arrives: all that
 * the hub would send, it has sent.
 */
export async function settled(hub: LocalHub, timeoutMs = 30_000): Promise<void> {
  await eventually(
    'the hub finishing its work (ingest and webhook queues empty)',
    async () =>
      (await queueDepth(hub, hub.settings.ingestQueueUrl)) === 0 &&
      (await queueDepth(hub, hub.settings.webhookQueueUrl)) === 0,
    { timeoutMs, intervalMs: 100 },
  );
}

/** Reads (without deleting: they come back after the visibility timeout) what is on the ingest queue. */
export async function peekIngestQueue(hub: LocalHub) {
  const { Messages } = await hub.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: hub.env[INGEST_QUEUE.envVar],
      MaxNumberOfMessages: 10,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
      VisibilityTimeout: 0,
    }),
  );
  return Messages ?? [];
}

/** Receives and deletes everything on the ingest queue, returning the bodies in delivery order. */
export async function drainIngestQueue(hub: LocalHub): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const { Messages } = await hub.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: hub.env[INGEST_QUEUE.envVar],
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages === undefined || Messages.length === 0) return bodies;
    for (const message of Messages) {
      bodies.push(message.Body ?? '');
      await hub.sqs.send(
        new DeleteMessageCommand({
          QueueUrl: hub.env[INGEST_QUEUE.envVar],
          ReceiptHandle: message.ReceiptHandle,
        }),
      );
    }
  }
}
