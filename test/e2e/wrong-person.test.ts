// Never the wrong person, end to end on the local hub (issue: per-subscriber corroboration). Two
// webhook subscribers: A's roster has Alice Smith's row carrying, by a typing slip, Mary O'Brien's
// NHS number; B's roster has Mary right. An admission for Mary reaches B only; A's row goes on the
// review list; the roster import told A about the slip without showing B's data.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../local/demo/receiver.ts';
import type { LocalHub } from '../../local/hub.ts';
import { addWebhookSubscriber, adtHub } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { readFixture } from '../helpers/fixtures.ts';
import { postHl7, settled, startTestHub } from '../helpers/local-hub.ts';
import { stateDirFor } from '../helpers/state-dir.ts';

let hub: LocalHub;
let state: ReturnType<typeof stateDirFor>;
const receivers: Record<'A' | 'B', WebhookReceiver> = {} as never;
let importA: { code: number; stdout: string };

function csv(name: string, lines: string[]): string {
  const path = join(tmpdir(), `wrong-person-${name}-${process.pid}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

beforeAll(async () => {
  hub = await startTestHub('wrongp');
  state = stateDirFor(hub);
  for (const id of ['A', 'B'] as const) {
    receivers[id] = await startWebhookReceiver(`whsec_${randomBytes(32).toString('base64')}`);
    const added = await addWebhookSubscriber({ id: id, name: `Team ${id}` }, receivers[id], state.env);
    expect(added.code).toBe(0);
  }
  const header = 'nhs_number,family_name,given_name,birth_date,sex,postcode,local_id';
  const imported = await adtHub(
    [
      'roster',
      'import',
      '--subscriber',
      'B',
      csv('b', [header, "9449305552,O'Brien,Mary,1942-03-17,F,WA1 1AA,B:MARY"]),
    ],
    state.env,
  );
  expect(imported.code).toBe(0);
  importA = await adtHub(
    [
      'roster',
      'import',
      '--subscriber',
      'A',
      '--json',
      csv('a', [header, '9449305552,Smith,Alice,1950-01-01,F,,A:ALICE']),
    ],
    state.env,
  );
});

afterAll(async () => {
  for (const receiver of Object.values(receivers)) await receiver?.close();
  state?.remove();
  await hub?.stop();
});

it('tells A at import that its row holds an NHS number B holds for someone else, without B’s data', () => {
  expect(importA.code).toBe(0);
  const summary = JSON.parse(importA.stdout);
  expect(summary).toMatchObject({ imported: 1, conflicts: [{ line: 2 }] });
  expect(importA.stdout).not.toMatch(/Mary|O'Brien|1942/);
});

it('alerts only B about Mary, and puts A’s conflicting row on the review list', async () => {
  expect((await postHl7(hub, readFixture('a01-admission.hl7'))).status).toBe(200);
  const [delivered] = await eventually('B’s alert', () =>
    receivers.B.received.length > 0 ? receivers.B.received : undefined,
  );
  // Everything the hub would send is sent: an alert to A would have arrived by now.
  await settled(hub);

  expect(receivers.A.received).toEqual([]);
  expect(delivered?.verified).toBe(true);
  expect(delivered?.body).toMatchObject({ data: { subscriber: { id: 'B' }, person: { localId: 'B:MARY' } } });
  const listed = await adtHub(['review', 'list', '--json'], state.env);
  expect(listed.code).toBe(0);
  const items = listed.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(items).toEqual([
    {
      id: expect.any(String),
      receivedAt: expect.any(String),
      sendingFacility: 'RBN',
      controlId: 'MSG00001',
      event: 'admission',
      score: 1,
      reasons: [expect.stringContaining('given name')],
      candidate: { personId: '9449305552', subscribers: [{ id: 'A', localId: 'A:ALICE' }] },
    },
  ]);
});
