// Review decisions and the audit trail on the local hub, through the CLI (ARCHITECTURE §4.6): a
// possible match accepted sends its alert with match.method review and teaches the hub the hospital
// number; one rejected sends nothing and is not offered again; a second decision is refused; every
// decision is in the audit list with its reason.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../local/demo/receiver.ts';
import type { LocalHub } from '../../local/hub.ts';
import { addWebhookSubscriber, adtHub } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { movedAdmission } from '../helpers/hl7.ts';
import { postHl7, settled, startTestHub } from '../helpers/local-hub.ts';
import { stateDirFor } from '../helpers/state-dir.ts';

let hub: LocalHub;
let state: ReturnType<typeof stateDirFor>;
let receiver: WebhookReceiver;

const HUGHES = { family: 'Hughes', given: 'Gareth', mrn: 'RBN900001' };
const PRICE = { family: 'Price', given: 'Owain', mrn: 'RBN900002' };

async function json(args: string[]) {
  const run = await adtHub([...args, '--json'], state.env);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

beforeAll(async () => {
  hub = await startTestHub('review');
  state = stateDirFor(hub);
  receiver = await startWebhookReceiver(`whsec_${randomBytes(32).toString('base64')}`);
  const added = await addWebhookSubscriber({ id: 'SC', name: 'Social care' }, receiver, state.env);
  expect(added.code).toBe(0);
  const roster = join(tmpdir(), `review-${process.pid}.csv`);
  writeFileSync(
    roster,
    [
      'family_name,given_name,birth_date,sex,postcode,local_id',
      'Hughes,Gareth,1961-04-12,M,WA10 2AB,SC:1',
      'Price,Owain,1961-04-12,M,WA10 2AB,SC:2',
    ].join('\n'),
  );
  expect((await adtHub(['roster', 'import', '--subscriber', 'SC', roster], state.env)).code).toBe(0);
});

afterAll(async () => {
  await receiver?.close();
  state?.remove();
  await hub?.stop();
});

async function reviewItemFor(controlId: string) {
  return eventually(`a review item for ${controlId}`, async () =>
    (await json(['review', 'list'])).find((item) => item.controlId === controlId),
  );
}

it('lists a possible match in the contract’s shape, and shows the fields side by side', async () => {
  await postHl7(hub, movedAdmission('REV1', HUGHES, 'A01'));
  const item = await reviewItemFor('REV1');
  const shown = await adtHub(['review', 'show', item.id], state.env);

  expect(item).toEqual({
    id: expect.any(String),
    receivedAt: expect.any(String),
    sendingFacility: 'RBN',
    controlId: 'REV1',
    event: 'admission',
    score: expect.any(Number),
    reasons: [expect.stringContaining('another district')],
    candidate: { personId: expect.any(String), subscribers: [{ id: 'SC', localId: 'SC:1' }] },
  });
  expect(shown.code).toBe(0);
  expect(shown.stdout).toMatch(/postcode\s+WA9 4XY\s+WA10 2AB\s+disagree/);
  expect(shown.stdout).toMatch(/row\s+SC's roster, line 2 \(SC:1\)/);
  expect(receiver.received).toEqual([]);
});

it('accepting sends the alert with match.method review, and later messages match without review', async () => {
  const item = await reviewItemFor('REV1');

  const accepted = await adtHub(
    ['review', 'accept', item.id, '--reason', 'same man, moved in May'],
    state.env,
  );
  const [alert] = await eventually('the accepted alert', () =>
    receiver.received.length > 0 ? receiver.received : undefined,
  );
  await postHl7(hub, movedAdmission('REV1T', HUGHES, 'A02'));
  const transfer = await eventually('the transfer alert', () =>
    receiver.received.find((r) => r.id !== alert?.id),
  );

  expect(accepted.code).toBe(0);
  expect(accepted.stdout.trim()).toBe(`${item.id} accepted: 1 alert(s) sent`);
  expect(alert?.verified).toBe(true);
  expect(alert?.body).toMatchObject({
    type: 'adt-hub.admission',
    data: { match: { method: 'review' }, person: { localId: 'SC:1' }, sequence: 1 },
  });
  expect(transfer.body).toMatchObject({
    type: 'adt-hub.transfer',
    data: { match: { method: 'local-id' }, sequence: 2 },
  });
  expect((await json(['review', 'list'])).map((i) => i.controlId)).not.toContain('REV1T');
});

it('refuses a second decision, saying who decided and when', async () => {
  const all = await adtHub(['review', 'list', '--json'], state.env);
  expect(all.stdout).not.toContain('"controlId":"REV1"');
  // The decided item is gone from the list; ask about it by its id.
  const [entry] = (await json(['audit', 'list'])).filter((e) => e.action === 'review.accepted');

  const again = await adtHub(['review', 'reject', entry.subject, '--reason', 'second thoughts'], state.env);

  expect(again.code).toBe(1);
  expect(again.stdout.trim()).toMatch(new RegExp(`^${entry.subject} already accepted by \\S+ at \\d{4}-`));
});

it('rejecting sends nothing, and the same pair is not offered again', async () => {
  receiver.received.length = 0;
  await postHl7(hub, movedAdmission('REV2', PRICE, 'A01'));
  const item = await reviewItemFor('REV2');

  const rejected = await adtHub(
    ['review', 'reject', item.id, '--reason', 'different man, checked NHS number'],
    state.env,
  );
  await postHl7(hub, movedAdmission('REV3', PRICE, 'A02'));
  // Everything the hub would do for REV3 is done: a review item or an alert would be there by now.
  await settled(hub);

  expect(rejected.code).toBe(0);
  expect(receiver.received).toEqual([]);
  expect((await json(['review', 'list'])).map((i) => i.controlId)).not.toContain('REV3');
});

it('keeps the decisions, imports and subscribers in the audit list, oldest first', async () => {
  const entries = await json(['audit', 'list']);

  expect(entries.map((e) => e.action)).toEqual([
    'subscriber.added',
    'roster.imported',
    'review.accepted',
    'review.rejected',
  ]);
  expect(entries[1]).toMatchObject({ subject: 'SC', details: { imported: 2, rejected: 0 } });
  expect(entries[2]).toMatchObject({
    reason: 'same man, moved in May',
    details: { kind: 'possible-match', alerts: 1 },
  });
  expect(entries[3]).toMatchObject({ reason: 'different man, checked NHS number' });
  expect(entries.every((e) => typeof e.actor === 'string' && e.actor !== '')).toBe(true);
  expect(JSON.stringify(entries)).not.toMatch(/Hughes|Gareth|1961/);
  const later = await json(['audit', 'list', '--since', entries[2].at]);
  expect(later.map((e) => e.action)).toEqual(['review.accepted', 'review.rejected']);
});
