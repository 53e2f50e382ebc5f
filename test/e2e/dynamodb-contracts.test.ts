// The DynamoDB adapters against the ports' contracts, on DynamoDB Local: the same suites run
// against the in-memory fakes in test/unit/adapters/memory-contracts.test.ts. One local hub (no
// queue consumers) gives this file its own tables; each test uses ids of its own.
import { gzipSync } from 'node:zlib';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAlertStore } from '../../functions/adapters/dynamodb/alert-store.ts';
import { BatchedGets } from '../../functions/adapters/dynamodb/batched-gets.ts';
import { DynamoDbIngestHolds } from '../../functions/adapters/dynamodb/ingest-holds.ts';
import { expiryAfter } from '../../functions/adapters/dynamodb/items.ts';
import { DynamoDbLearnedIdentifiers } from '../../functions/adapters/dynamodb/learned-identifiers.ts';
import {
  DynamoDbMessageHistory,
  DynamoDbMessageStore,
} from '../../functions/adapters/dynamodb/message-store.ts';
import { DynamoDbPersonStore } from '../../functions/adapters/dynamodb/person-store.ts';
import { DynamoDbReviewList } from '../../functions/adapters/dynamodb/review-list.ts';
import { DynamoDbRosterStore } from '../../functions/adapters/dynamodb/roster-store.ts';
import { DynamoDbSenderDirectory } from '../../functions/adapters/dynamodb/sender-directory.ts';
import { DynamoDbSubscriberDirectory } from '../../functions/adapters/dynamodb/subscriber-directory.ts';
import { RosterIndex } from '../../functions/core/matching/index.ts';
import type { LocalHub } from '../../local/hub.ts';
import { describeAlertStoreContract } from '../contracts/alert-store.contract.ts';
import { describeIngestHoldsContract } from '../contracts/ingest-holds.contract.ts';
import { describeLearnedIdentifiersContract } from '../contracts/learned-identifiers.contract.ts';
import { describeMessageStoreContract, type MessageTable } from '../contracts/message-store.contract.ts';
import { describePersonStoreContract } from '../contracts/person-store.contract.ts';
import { describeReviewListContract } from '../contracts/review-list.contract.ts';
import { describeRosterStoreContract } from '../contracts/roster-store.contract.ts';
import { describeSenderDirectoryContract } from '../contracts/sender-directory.contract.ts';
import { describeSubscriberDirectoryContract } from '../contracts/subscriber-directory.contract.ts';
import { rosterEntry, uniqueId, webhookSubscriber } from '../helpers/builders.ts';
import { startTestHub } from '../helpers/local-hub.ts';

let hub: LocalHub;

beforeAll(async () => {
  hub = await startTestHub('contracts', { consumeQueues: false });
});

afterAll(async () => {
  await hub?.stop();
});

/** The messages table's three ports, as the use cases see them. */
function messageTable(): MessageTable {
  const store = new DynamoDbMessageStore(hub.dynamodb, hub.settings.messagesTable);
  const history = new DynamoDbMessageHistory(hub.dynamodb, hub.settings.messagesTable);
  return {
    claim: (message) => store.claim(message),
    release: (messageKey) => store.release(messageKey),
    quarantine: (message) => store.quarantine(message),
    unprocessed: () => store.unprocessed(),
    markProcessed: (messageKey, decision, options) => store.markProcessed(messageKey, decision, options),
    get: (messageKey) => history.get(messageKey),
    withControlId: (controlId) => history.withControlId(controlId),
    quarantined: (day) => history.quarantined(day),
    search: (filter) => history.search(filter),
  };
}

describeMessageStoreContract('DynamoDbMessageStore + DynamoDbMessageHistory', messageTable);
describeIngestHoldsContract(
  'DynamoDbIngestHolds',
  () => new DynamoDbIngestHolds(hub.dynamodb, hub.settings.registryTable),
);
describeSenderDirectoryContract(
  'DynamoDbSenderDirectory',
  () => new DynamoDbSenderDirectory(hub.dynamodb, hub.settings.sendersTable),
);
// With the expiry the process step gives them: the expiresAt they write is theirs, not the port's.
const expiry = expiryAfter(365, () => new Date('2026-12-06T10:00:00Z'));
const EXPIRES_AT = Date.parse('2027-12-06T10:00:00Z') / 1000;
describePersonStoreContract(
  'DynamoDbPersonStore',
  () => new DynamoDbPersonStore(hub.dynamodb, hub.settings.registryTable, expiry),
);
describeLearnedIdentifiersContract(
  'DynamoDbLearnedIdentifiers',
  () => new DynamoDbLearnedIdentifiers(hub.dynamodb, hub.settings.registryTable, expiry),
);
describeReviewListContract(
  'DynamoDbReviewList',
  () => new DynamoDbReviewList(hub.dynamodb, hub.settings.registryTable, expiry),
);

// Beyond the ports: what the registry learns of a person carries the TTL attribute the table
// expires it by, so many days after its last change.
describe('registry expiry', () => {
  const raw = async (pk: string, sk: string) =>
    (await hub.dynamodb.send(new GetCommand({ TableName: hub.settings.registryTable, Key: { pk, sk } })))
      .Item;

  it('stamps person state, learned numbers and review items (and a decision) with expiresAt', async () => {
    const personId = uniqueId('p-expiry');
    await new DynamoDbPersonStore(hub.dynamodb, hub.settings.registryTable, expiry).save(personId, {
      pastAlerts: [],
      version: 0,
    });
    expect((await raw(`PERSON#${personId}`, 'STATE'))?.expiresAt).toBe(EXPIRES_AT);

    const key = uniqueId('RBN|MR:');
    await new DynamoDbLearnedIdentifiers(hub.dynamodb, hub.settings.registryTable, expiry).learn(
      key,
      personId,
    );
    expect((await raw('LEARNED', key))?.expiresAt).toBe(EXPIRES_AT);

    const later = expiryAfter(365, () => new Date('2026-12-07T10:00:00Z'));
    const id = uniqueId('review');
    await new DynamoDbReviewList(hub.dynamodb, hub.settings.registryTable, expiry).add({
      id,
      kind: 'possible-match',
      messageKey: 'RBN|M1',
      controlId: 'M1',
      sendingFacility: 'RBN',
      receivedAt: '2026-12-06T10:00:00Z',
      event: 'admission',
      score: 0.8,
      reasons: [],
      createdAt: '2026-12-06T10:00:00Z',
    });
    expect((await raw('REVIEW', id))?.expiresAt).toBe(EXPIRES_AT);
    await new DynamoDbReviewList(hub.dynamodb, hub.settings.registryTable, later).decide(id, {
      outcome: 'rejected',
      by: 'ops',
      at: '2026-12-07T10:00:00Z',
      reason: 'not them',
    });
    expect((await raw('REVIEW', id))?.expiresAt).toBe(EXPIRES_AT + 86_400);
  });
});
describeRosterStoreContract(
  'DynamoDbRosterStore',
  () => new DynamoDbRosterStore(hub.dynamodb, hub.settings.registryTable),
);
describeSubscriberDirectoryContract(
  'DynamoDbSubscriberDirectory',
  () => new DynamoDbSubscriberDirectory(hub.dynamodb, hub.settings.registryTable),
);
describeAlertStoreContract(
  'DynamoDbAlertStore',
  () => new DynamoDbAlertStore(hub.dynamodb, hub.settings.alertsTable),
);

// Beyond the port: the DynamoDB directory keeps its list for 5 s, so another container's change
// shows within 5 s, not at once. A clock of our own stands in for the 5 s.
describe('DynamoDbSubscriberDirectory list cache', () => {
  it("shows another directory's change only once its list is 5 s old", async () => {
    let now = Date.parse('2026-11-20T12:00:00Z');
    const reader = new DynamoDbSubscriberDirectory(hub.dynamodb, hub.settings.registryTable, () => now);
    const writer = new DynamoDbSubscriberDirectory(hub.dynamodb, hub.settings.registryTable);
    const subscriber = webhookSubscriber();
    await reader.list();

    await writer.add(subscriber);

    now += 4_999;
    expect((await reader.list()).some((s) => s.id === subscriber.id)).toBe(false);
    now += 1;
    expect((await reader.list()).some((s) => s.id === subscriber.id)).toBe(true);
  });
});

// Beyond the ports: reads of single items asked in the same turn (the person's state and their
// ingest hold) go to DynamoDB as one request, each caller getting its own item.
describe('batched gets', () => {
  function recording() {
    const sent: string[] = [];
    const client = {
      send: (command: { constructor: { name: string } }) => {
        sent.push(command.constructor.name);
        return hub.dynamodb.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    return { gets: new BatchedGets(client), sent };
  }
  const table = () => hub.settings.registryTable;
  async function putItems(prefix: string, count: number) {
    for (let i = 0; i < count; i++)
      await hub.dynamodb.send(
        new PutCommand({ TableName: table(), Item: { pk: prefix, sk: `n${i}`, n: i } }),
      );
  }

  it('sends what is asked in one turn as one BatchGetItem, each caller its own item or none', async () => {
    const prefix = uniqueId('BATCH#');
    await putItems(prefix, 2);
    const { gets, sent } = recording();
    const [a, b, none, again] = await Promise.all([
      gets.get(table(), { pk: prefix, sk: 'n0' }),
      gets.get(table(), { pk: prefix, sk: 'n1' }),
      gets.get(table(), { pk: prefix, sk: 'missing' }),
      gets.get(table(), { pk: prefix, sk: 'n0' }),
    ]);
    expect([a?.n, b?.n, none, again?.n]).toEqual([0, 1, undefined, 0]);
    expect(sent).toEqual(['BatchGetCommand']);

    expect((await gets.get(table(), { pk: prefix, sk: 'n1' }))?.n).toBe(1);
    expect(sent).toEqual(['BatchGetCommand', 'GetCommand']);
  });

  it('splits more than 100 keys into requests of 100', async () => {
    const prefix = uniqueId('BATCH#');
    await putItems(prefix, 150);
    const { gets, sent } = recording();
    const items = await Promise.all(
      Array.from({ length: 150 }, (_, i) => gets.get(table(), { pk: prefix, sk: `n${i}` })),
    );
    expect(items.map((item) => item?.n)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(sent).toEqual(['BatchGetCommand', 'BatchGetCommand']);
  });

  it('fails every caller of a read that fails, and no one else', async () => {
    const { gets } = recording();
    const prefix = uniqueId('BATCH#');
    await putItems(prefix, 1);
    const [missingTable, found] = await Promise.allSettled([
      gets.get('no-such-table', { pk: prefix, sk: 'n0' }),
      gets.get(table(), { pk: prefix, sk: 'n0' }),
    ]);
    expect(missingTable.status).toBe('rejected');
    expect(found).toEqual({ status: 'fulfilled', value: expect.objectContaining({ n: 0 }) });
  });
});

// Beyond the port: a roster saved before shards (JSON entries in gzip chunks, a pointer with no
// format) still loads, as a shard made on the spot, so an upgraded hub keeps its rosters.
describe('DynamoDbRosterStore and rosters saved before shards', () => {
  it('loads an old roster as entries and as a shard', async () => {
    const store = new DynamoDbRosterStore(hub.dynamodb, hub.settings.registryTable);
    const subscriberId = uniqueId('OLD');
    const entries = [rosterEntry({ line: 2, personId: 'p-old', localId: 'SC:9' })];
    await hub.dynamodb.send(
      new PutCommand({
        TableName: hub.settings.registryTable,
        Item: {
          pk: `SUBSCRIBER#${subscriberId}`,
          sk: 'ROSTER#v1#000000',
          entries: gzipSync(JSON.stringify(entries)),
        },
      }),
    );
    await hub.dynamodb.send(
      new PutCommand({
        TableName: hub.settings.registryTable,
        Item: {
          pk: 'REGISTRY',
          sk: `ROSTER#${subscriberId}`,
          subscriberId,
          version: 'v1',
          chunks: 1,
          count: 1,
        },
      }),
    );

    expect((await store.loadRosters()).get(subscriberId)).toEqual(entries);
    const shard = await store.loadShard(subscriberId, 'v1');
    expect(RosterIndex.fromShards(shard === undefined ? [] : [shard]).withIdentifier('SC:9')).toHaveLength(1);
  });
});
