// The operator console in Debian's Chromium against a real local hub (emulators, queues, the
// process step and webhook delivery all running): find a message and its trace, accept a possible
// match and see its alert arrive, reject another and see none, redrive a dead letter, and preview a
// roster's bad row before importing it. Each flow uses patients of its own.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryOverview, ReviewSummary } from '../../functions/console-api/services.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../local/demo/receiver.ts';
import type { LocalHub } from '../../local/hub.ts';
import { type ConsoleBrowser, openConsole } from '../helpers/browser.ts';
import { eventually } from '../helpers/eventually.ts';
import { admission, movedAdmission } from '../helpers/hl7.ts';
import { postHl7, settled, startTestHub } from '../helpers/local-hub.ts';

let hub: LocalHub;
let consoleUrl: string;
let receiver: WebhookReceiver;
let browser: ConsoleBrowser;

/** The console's own API, as a script on this machine would call it. */
async function api<T>(
  method: 'GET' | 'POST',
  path: string,
  body?: string,
  type = 'application/json',
): Promise<T> {
  const response = await fetch(`${consoleUrl}/api${path}`, {
    method,
    ...(body !== undefined && { body, headers: { 'content-type': type } }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** An admission of a roster person found by NHS number (9449305552, born 1970-01-01). */
function matchedAdmission(controlId: string): string {
  return admission({ 10: controlId }).replace('RBN1234567', `RBN${controlId}`);
}

const ACCEPTED = { family: 'Hughes', given: 'Gareth', mrn: 'RBN900101' };
const REJECTED = { family: 'Price', given: 'Owain', mrn: 'RBN900102' };

const ROSTER = [
  'nhs_number,family_name,given_name,birth_date,sex,postcode,local_id',
  ',Hughes,Gareth,1961-04-12,M,WA10 2AB,SC:1',
  ',Price,Owain,1961-04-12,M,WA10 2AB,SC:2',
  '9449305552,Testperson,Alex,1970-01-01,U,,SC:3',
].join('\n');

async function reviewItemFor(controlId: string): Promise<ReviewSummary> {
  return eventually(`a review item for ${controlId}`, async () =>
    (await api<ReviewSummary[]>('GET', '/review')).find((summary) => summary.item.controlId === controlId),
  );
}

function alertsAbout(controlId: string) {
  return receiver.received.filter(
    (received) =>
      (received.body as { data: { source: { controlId: string } } }).data.source.controlId === controlId,
  );
}

beforeAll(async () => {
  hub = await startTestHub('console', { consolePort: 0, settings: { webhookTimeoutMs: 1000 } });
  if (hub.consoleUrl === undefined) throw new Error('the hub started no console');
  consoleUrl = hub.consoleUrl;
  receiver = await startWebhookReceiver(`whsec_${randomBytes(32).toString('base64')}`);
  await api(
    'POST',
    '/subscribers',
    JSON.stringify({
      id: 'SC',
      name: 'St Helens adult social care',
      webhook: { url: receiver.url, secret: receiver.secret },
    }),
  );
  await api('POST', '/rosters/SC/import', ROSTER, 'text/csv');
  browser = await openConsole(consoleUrl);
});

afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await hub?.stop();
});

afterEach(() => {
  // A CSP violation, a script error or a request elsewhere fails the test that caused it.
  const problems = browser.problems.splice(0);
  expect(problems).toEqual([]);
});

describe('messages', () => {
  it('finds a message by its MSH-10 and opens its trace: ACK, match and each delivery attempt', async () => {
    const { page } = browser;
    expect((await postHl7(hub, matchedAdmission('CONMSG1'))).status).toBe(200);
    await settled(hub);

    await page.goto('/messages');
    await page.getByLabel('MSH-10 (control id)').fill('CONMSG1');
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByRole('table', { name: 'Messages' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(2);
    const row = await rows.nth(1).textContent();
    expect(row).toContain('*** *** 5552');
    expect(row).not.toMatch(/9449305552|Testperson/);
    await browser.screenshot('hub-messages');
    await page.getByRole('link', { name: 'CONMSG1' }).click();

    await page.getByRole('heading', { name: 'Message CONMSG1' }).waitFor();
    expect(await page.getByRole('region', { name: 'ACK' }).textContent()).toContain('MSA|AA|CONMSG1');
    expect(await page.getByRole('region', { name: 'Match' }).textContent()).toMatch(/matched.*nhs-number/);
    const alerts = page.getByRole('region', { name: 'Alerts (1)' });
    await alerts.getByRole('table', { name: /^Delivery attempts of / }).waitFor();
    expect(await alerts.textContent()).toMatch(/admission\s*to SC/);
    expect(await alerts.getByRole('row', { name: /delivered/ }).count()).toBe(1);
    await browser.screenshot('hub-message');
  });

  it('reveals the patient and the HL7 field by field, and records who did', async () => {
    const { page } = browser;
    await postHl7(hub, matchedAdmission('CONMSG2'));
    await settled(hub);

    await page.goto(`/messages/${encodeURIComponent('RBN|CONMSG2')}`);
    const patient = page.getByRole('region', { name: 'Patient' });
    await patient.getByRole('button', { name: 'Reveal patient details' }).click();

    await patient.getByText('9449305552').first().waitFor();
    expect(await page.getByRole('row', { name: /^PID-5/ }).textContent()).toMatch(
      /Patient Name\s*Testperson\^Alex/,
    );
    await browser.screenshot('hub-message-revealed');
    const audit = await api<{ action: string; subject?: string }[]>('GET', '/audit');
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'patient.revealed', subject: 'RBN|CONMSG2' }),
    );
  });
});

describe('review', () => {
  it('accepts a possible match, and its alert arrives at the subscriber’s webhook', async () => {
    const { page } = browser;
    await postHl7(hub, movedAdmission('CONACC1', ACCEPTED));
    const waiting = await reviewItemFor('CONACC1');
    expect(alertsAbout('CONACC1')).toEqual([]);

    await page.goto('/review');
    await page.getByRole('link', { name: 'CONACC1' }).click();
    await page.getByRole('heading', { name: 'Review CONACC1' }).waitFor();
    const comparison = page.getByRole('table', { name: 'Message and candidate, field by field' });
    expect(await comparison.getByRole('row', { name: /Postcode/ }).textContent()).toMatch(
      /WA9 4XY\s*WA10 2AB\s*disagree/,
    );
    expect(await page.getByLabel('Where the candidate came from').textContent()).toContain(
      'subscriber SC, line 2',
    );
    await browser.screenshot('hub-review-item');
    await page.getByRole('button', { name: 'Accept…' }).click();
    await page
      .getByRole('dialog')
      .getByLabel('Reason')
      .fill('Same name and birth date; moved to St Helens last month.');
    await browser.screenshot('hub-review-accept');
    await page.getByRole('dialog').getByRole('button', { name: 'Accept', exact: true }).click();

    await page.getByText('Accepted: 1 alert sent.').waitFor();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await browser.screenshot('hub-review-accepted');
    const [alert] = await eventually('the accepted alert at the webhook', () => {
      const arrived = alertsAbout('CONACC1');
      return arrived.length > 0 && arrived;
    });
    expect(alert?.verified).toBe(true);
    expect(alert?.body).toMatchObject({ data: { match: { method: 'review' }, subscriber: { id: 'SC' } } });
    const audit = await api<{ action: string; subject?: string; reason?: string }[]>('GET', '/audit');
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'review.accepted',
        subject: waiting.item.id,
        reason: expect.stringContaining('St Helens'),
      }),
    );
  });

  it('rejects another, and no alert arrives once the hub has settled', async () => {
    const { page } = browser;
    await postHl7(hub, movedAdmission('CONREJ1', REJECTED));
    const waiting = await reviewItemFor('CONREJ1');

    await page.goto(`/review/${encodeURIComponent(waiting.item.id)}`);
    await page.getByRole('button', { name: 'Reject…' }).click();
    await page
      .getByRole('dialog')
      .getByLabel('Reason')
      .fill('Different person: the ward says he has never lived in Widnes.');
    await page.getByRole('dialog').getByRole('button', { name: 'Reject', exact: true }).click();
    await page.getByText('Rejected: no alert was sent.').waitFor();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await browser.screenshot('hub-review-rejected');

    // All that the hub would send, it has sent: an alert for CONREJ1 now would be a wrong-person alert.
    await settled(hub);
    expect(alertsAbout('CONREJ1')).toEqual([]);
    expect((await api<ReviewSummary[]>('GET', '/review')).map((s) => s.item.controlId)).not.toContain(
      'CONREJ1',
    );
  });
});

describe('deliveries', () => {
  it('redrives a dead-lettered alert after a confirmation stating the count, keeping its id', async () => {
    const { page } = browser;
    receiver.script = [400];
    await postHl7(hub, matchedAdmission('CONDLQ1'));
    const dead = await eventually('the alert of CONDLQ1 dead-lettered', async () => {
      const overview = await api<DeliveryOverview>('GET', '/deliveries');
      return overview.deadLetters.find((group) => group.subscriberId === 'SC')?.alerts[0];
    });

    await page.goto('/deliveries');
    const deadLetters = page.getByRole('region', { name: 'Dead letters of SC: HTTP 400' });
    await deadLetters.getByText(dead.id).waitFor();
    await browser.screenshot('hub-deliveries');
    await page.getByRole('button', { name: 'Redrive SC' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Send 1 dead-lettered alert of SC again?').waitFor();
    await dialog.getByRole('button', { name: 'Redrive 1' }).click();

    await page.getByText('1 alert sent again.').waitFor();
    const redriven = await eventually('the redriven alert at the webhook', () =>
      receiver.received.find((received) => received.id === dead.id),
    );
    expect(redriven.verified).toBe(true);
    await settled(hub);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByText('The dead-letter queue is empty.').waitFor();
  });
});

describe('rosters', () => {
  it('shows a roster’s bad row in the preview, changing nothing, then imports it', async () => {
    const { page } = browser;
    await page.goto('/subscribers');
    const scRow = page.getByRole('table', { name: 'Subscribers' }).getByRole('row', { name: /SC/ });
    await expect.poll(() => scRow.textContent()).toMatch(/3$/);
    const upload = page.getByRole('region', { name: 'Roster upload' });

    await upload.getByRole('combobox', { name: 'Subscriber' }).click();
    await page.getByRole('option', { name: /\(SC\)/ }).click();
    const chooser = page.waitForEvent('filechooser');
    await upload.getByRole('button', { name: 'Roster CSV' }).click();
    await (await chooser).setFiles({
      name: 'more.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        [
          'nhs_number,family_name,given_name,birth_date,sex,postcode,local_id',
          ',Jones,Bethan,1950-02-03,F,WA10 3CD,SC:4',
          ',Nobirth,Someone,,F,WA10 3CD,SC:5',
        ].join('\n'),
      ),
    });
    await upload.getByRole('button', { name: 'Preview' }).click();

    await upload.getByText('Preview: nothing was changed').waitFor();
    const rejected = upload.getByRole('table', { name: 'Rejected rows' }).getByRole('row');
    await expect.poll(() => rejected.count()).toBe(2);
    expect(await rejected.nth(1).textContent()).toMatch(/^3/);
    const before = await api<{ id: string; rosterRows: number }[]>('GET', '/subscribers');
    expect(before.find((s) => s.id === 'SC')?.rosterRows).toBe(3);
    await browser.screenshot('hub-roster-preview');

    await upload.getByRole('button', { name: 'Import' }).click();
    await upload
      .getByText(/1 imported, 0 updated, 0 unchanged, 0 removed, 1 rejected, 0 conflicts/)
      .waitFor();
    await browser.screenshot('hub-roster-imported');
    await expect.poll(() => scRow.textContent()).toMatch(/4$/);
  });
});

describe('every page', () => {
  it.each([
    ['/senders', 'Senders', 'hub-senders'],
    ['/health', 'Health', 'hub-health'],
    ['/audit', 'Audit', 'hub-audit'],
    ['/review', 'Review', 'hub-review'],
    ['/subscribers', 'Subscribers and rosters', 'hub-subscribers'],
  ])('%s shows the hub’s figures', async (path, heading, shot) => {
    const { page } = browser;
    await page.goto(path);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    await browser.screenshot(shot);
  });

  it('shows today’s ACKs of the sender, and the operator actions with who and why', async () => {
    const { page } = browser;
    await page.goto('/senders');
    const sender = page.getByRole('row', { name: /local-demo/ });
    await expect.poll(() => sender.textContent()).toMatch(/AA [1-9]/);

    await page.goto('/audit');
    const decisions = page.getByRole('row', { name: /review\.(accepted|rejected)/ });
    await expect.poll(() => decisions.count()).toBe(2);
  });
});
