// Message in → the right subscribers chosen, the wrong ones not: HTTP ingest, the FIFO queue, the
// process step run by the local event source, and the alerts table, all on the real emulators.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DynamoDbPersonStore } from '../../functions/adapters/dynamodb/person-store.ts';
import { DynamoDbReviewList } from '../../functions/adapters/dynamodb/review-list.ts';
import { DynamoDbRosterStore } from '../../functions/adapters/dynamodb/roster-store.ts';
import { DynamoDbSubscriberDirectory } from '../../functions/adapters/dynamodb/subscriber-directory.ts';
import { DEFAULT_EVENTS } from '../../functions/core/routing/types.ts';
import { ALERTS_TABLE } from '../../functions/platform/resources.ts';
import { StalePersonStateError } from '../../functions/use-cases/errors.ts';
import type { LocalHub } from '../../local/hub.ts';
import { adtHub } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { readFixture } from '../helpers/fixtures.ts';
import { postHl7, startTestHub, storedMessage } from '../helpers/local-hub.ts';
import { stateDirFor } from '../helpers/state-dir.ts';

let hub: LocalHub;

beforeAll(async () => {
  hub = await startTestHub('proc');
  const table = hub.settings.registryTable;
  const subscribers = new DynamoDbSubscriberDirectory(hub.dynamodb, table);
  await subscribers.add({ id: 'SC-WARRINGTON', name: 'Warrington social care', events: DEFAULT_EVENTS });
  await subscribers.add({ id: 'N81001', name: 'Green Surgery', events: DEFAULT_EVENTS, practice: 'N81001' });
  await subscribers.add({ id: 'UNRELATED', name: 'Another team', events: DEFAULT_EVENTS });
  const rosters = new DynamoDbRosterStore(hub.dynamodb, table);
  await rosters.saveRoster('SC-WARRINGTON', [
    {
      personId: 'p-mary',
      line: 2,
      family: "O'Brien",
      given: ['Mary'],
      birthDate: '1942-03-17',
      postcode: 'WA1 1AA',
      localId: 'SC:100239',
    },
  ]);
  await rosters.saveRoster('UNRELATED', [
    {
      personId: 'p-other',
      line: 2,
      family: "O'Brien",
      given: ['Patrick'],
      birthDate: '1940-11-02',
      postcode: 'WA1 1AA',
    },
  ]);
});

afterAll(async () => {
  await hub?.stop();
});

function processed(messageKey: string) {
  return eventually(`${messageKey} processed`, async () => {
    const item = await storedMessage(hub, messageKey);
    return item?.status === 'processed' ? item : undefined;
  });
}

it('alerts the roster subscriber and the practice about their patient, and nobody else', async () => {
  const response = await postHl7(hub, readFixture('a01-admission.hl7'));
  expect(response.status).toBe(200);

  const message = await processed('RBN|MSG00001');
  const { Items } = await hub.dynamodb.send(new ScanCommand({ TableName: hub.env[ALERTS_TABLE.envVar] }));

  expect(message.decision).toMatchObject({ outcome: 'matched', method: 'demographics', personId: 'p-mary' });
  expect(
    (Items ?? []).map((a) => [a.subscriberId, a.relationship, a.event, a.sequence, a.localId]).sort(),
  ).toEqual([
    ['N81001', 'practice', 'admission', 1, undefined],
    ['SC-WARRINGTON', 'roster', 'admission', 1, 'SC:100239'],
  ]);
  expect(message.decision.alertIds.sort()).toEqual((Items ?? []).map((a) => a.id).sort());
});

it('puts a possible match on the review list, for adt-hub review list, and alerts no one', async () => {
  const near = readFixture('a08-update.hl7')
    .toString('latin1')
    .replace('MSG00013', 'NEAR0001')
    .replace('ADT^A08^ADT_A01', 'ADT^A01^ADT_A01')
    .replace('EVN|A08', 'EVN|A01')
    .replace("O'Brien^Mary^Anne^^Mrs", "O'Brien^^^^Mrs")
    .replace(/9449305552\^\^\^NHS\^NH~RBN1234567/, 'RBN7777777');
  const response = await postHl7(hub, near);
  expect(response.status).toBe(200);

  const message = await processed('RBN|NEAR0001');
  const state = stateDirFor(hub);
  const listed = await adtHub(['review', 'list', '--json'], state.env);
  state.remove();

  expect(message.decision).toMatchObject({ outcome: 'possible', alertIds: [] });
  expect(listed.code).toBe(0);
  expect(
    listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line)),
  ).toContainEqual(
    expect.objectContaining({
      controlId: 'NEAR0001',
      candidate: { personId: 'p-mary', subscribers: [{ id: 'SC-WARRINGTON', localId: 'SC:100239' }] },
    }),
  );
  const review = new DynamoDbReviewList(hub.dynamodb, hub.settings.registryTable);
  expect((await review.list()).map((item) => item.controlId)).toContain('NEAR0001');
});

it('saves a person’s state only over the version it loaded (DynamoDB conditional write)', async () => {
  const people = new DynamoDbPersonStore(hub.dynamodb, hub.settings.registryTable);
  const loaded = await people.load('p-version-test');
  await people.save('p-version-test', { ...loaded, sequences: { A: 1 } });
  const after = await people.load('p-version-test');

  expect(loaded.version).toBe(0);
  expect(after).toMatchObject({ version: 1, sequences: { A: 1 } });
  await expect(people.save('p-version-test', { ...loaded, sequences: { A: 9 } })).rejects.toBeInstanceOf(
    StalePersonStateError,
  );
  await people.save('p-version-test', { ...after, sequences: { A: 2 } });
  expect(await people.load('p-version-test')).toMatchObject({ version: 2, sequences: { A: 2 } });
});
