// Throttling is the one failure of a batched read that DynamoDB Local cannot produce: keys left
// unprocessed are asked again, and a read that never completes fails its callers, not silently.
// (Batching itself is tested on DynamoDB Local: test/e2e/dynamodb-contracts.test.ts.)
import type { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { BatchedGets } from '../../../functions/adapters/dynamodb/batched-gets.ts';

type Key = { pk: string; sk: string };

/** A client that leaves the first `throttled` requests' last key unprocessed. */
function throttlingClient(throttled: number) {
  const asked: Key[][] = [];
  const client = {
    send: async (command: BatchGetCommand) => {
      const keys = command.input.RequestItems?.T?.Keys as Key[];
      asked.push(keys);
      const left = asked.length <= throttled ? keys.slice(-1) : [];
      const done = keys.slice(0, keys.length - left.length);
      return {
        Responses: { T: done.map((key) => ({ ...key, n: Number(key.sk) })) },
        UnprocessedKeys: left.length === 0 ? {} : { T: { Keys: left } },
      };
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, asked };
}

describe('BatchedGets under throttling', () => {
  it('asks again for the keys DynamoDB left unprocessed, and gives each caller its item', async () => {
    const { client, asked } = throttlingClient(2);
    const gets = new BatchedGets(client);
    const items = await Promise.all(['1', '2', '3'].map((sk) => gets.get('T', { pk: 'P', sk })));

    expect(items.map((item) => item?.n)).toEqual([1, 2, 3]);
    expect(asked.map((keys) => keys.map((key) => key.sk))).toEqual([['1', '2', '3'], ['3'], ['3']]);
  });

  it('fails every caller when keys stay unprocessed after five rounds', async () => {
    const { client, asked } = throttlingClient(Number.POSITIVE_INFINITY);
    const gets = new BatchedGets(client);
    const results = await Promise.allSettled(['1', '2'].map((sk) => gets.get('T', { pk: 'P', sk })));

    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toContain('left 1 keys unread in T');
    expect(asked).toHaveLength(5);
  });
});
