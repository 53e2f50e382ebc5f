// Every page of the console in a real browser, on made-up data (console/dev/fake-services.ts): each
// renders under the strict CSP with no error and no request beyond the console; patients stay
// masked until revealed; each form does what it says. The real hub's flows are in hub.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeConsoleServices, type FakeConsoleServices } from '../../console/dev/fake-services.ts';
import { CONSOLE_DIST } from '../../local/console/build.ts';
import { type ConsoleServer, startConsoleServer } from '../../local/console/server.ts';
import { type ConsoleBrowser, openConsole } from '../helpers/browser.ts';

let services: FakeConsoleServices;
let server: ConsoleServer;
let browser: ConsoleBrowser;

beforeAll(async () => {
  services = createFakeConsoleServices();
  server = await startConsoleServer({
    port: 0,
    services,
    staticDir: CONSOLE_DIST,
    actor: () => ({ id: 'browser-tester' }),
  });
  browser = await openConsole(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(() => {
  // A CSP violation, a script error or a request elsewhere fails the test that caused it.
  const problems = browser.problems.splice(0);
  expect(problems).toEqual([]);
});

describe('each page', () => {
  it.each([
    ['/messages', 'Messages', 'fake-messages'],
    ['/messages/RBN%7CMSG00075', 'Message MSG00075', 'fake-message'],
    ['/review', 'Review', 'fake-review'],
    ['/review/R001', 'Review MSG00001', 'fake-review-item'],
    ['/deliveries', 'Deliveries', 'fake-deliveries'],
    ['/subscribers', 'Subscribers and rosters', 'fake-subscribers'],
    ['/senders', 'Senders', 'fake-senders'],
    ['/health', 'Health', 'fake-health'],
    ['/audit', 'Audit', 'fake-audit'],
  ])('%s shows its heading under the strict CSP', async (path, heading, shot) => {
    const { page } = browser;

    await page.goto(path);

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
    await page.waitForLoadState('networkidle');
    expect(await page.title()).toBe(`${heading} · ADT Hub console`);
    await browser.screenshot(shot);
  });

  it('goes from / to the messages, and between pages without reloading', async () => {
    const { page } = browser;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
    await page.evaluate(() => {
      (globalThis as unknown as { marker: boolean }).marker = true;
    });

    await page.getByRole('link', { name: 'Health' }).click();
    await page.getByRole('heading', { name: 'Health', level: 1 }).waitFor();

    expect(new URL(page.url()).pathname).toBe('/health');
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: boolean }).marker)).toBe(true);
  });
});

describe('messages', () => {
  it('shows only masked patients in the list', async () => {
    const { page } = browser;
    await page.goto('/messages');
    const table = page.getByRole('table', { name: 'Messages' });
    await table.getByRole('row').nth(1).waitFor();

    const text = (await table.textContent()) ?? '';
    expect(text).toContain('••• ••• 0034');
    expect(text).not.toMatch(/9990000034|Testperson|O'Brien/);
  });

  it('finds a message by MSH-10 and opens its trace', async () => {
    const { page } = browser;
    await page.goto('/messages');

    await page.getByLabel('MSH-10 (control id)').fill('MSG00062');
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByRole('table', { name: 'Messages' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByRole('link', { name: 'MSG00062' }).click();

    await page.getByRole('heading', { name: 'Message MSG00062' }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    await page.getByRole('table', { name: 'Delivery attempts of MSG00062-GP' }).waitFor();
    expect(await page.getByRole('region', { name: 'ACK' }).textContent()).toContain('MSA|AA|MSG00062');
  });

  it('pages through older messages and back', async () => {
    const { page } = browser;
    await page.goto('/messages');
    const firstRow = page.getByRole('table', { name: 'Messages' }).getByRole('row').nth(1);
    await expect.poll(() => firstRow.textContent()).toContain('MSG00075');

    await page.getByRole('button', { name: 'Older' }).click();
    await expect.poll(() => firstRow.textContent()).toContain('MSG00025');
    await page.getByRole('button', { name: 'Newer' }).click();
    await expect.poll(() => firstRow.textContent()).toContain('MSG00075');
  });

  it('reveals the patient and the HL7 with labelled fields, and the reveal is audited', async () => {
    const { page } = browser;
    await page.goto('/messages/RBN%7CMSG00003');
    const patient = page.getByRole('region', { name: 'Patient' });
    await patient.getByText('••• ••• 0034').waitFor();
    expect(await patient.textContent()).not.toContain('Testperson');

    await patient.getByRole('button', { name: 'Reveal patient details' }).click();

    await page.getByRole('table', { name: 'Segment 2: PID' }).waitFor();
    expect(await patient.textContent()).toContain('Testperson');
    expect(await page.getByRole('row', { name: /PID-5/ }).textContent()).toContain('Patient Name');
    expect(services.auditTrail.at(-1)).toMatchObject({
      actor: 'browser-tester',
      action: 'patient.revealed',
      subject: 'RBN|MSG00003',
    });
  });
});

describe('review', () => {
  it('marks an item waiting more than 24 hours as overdue', async () => {
    const { page } = browser;
    await page.goto('/review');

    const row = page.getByRole('row', { name: /MSG00001/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/30 h\s*overdue/);
    expect(await page.getByRole('row', { name: /MSG00007/ }).textContent()).not.toContain('overdue');
  });

  it('needs a written reason before it accepts', async () => {
    const { page } = browser;
    await page.goto('/review/R001');
    await page.getByRole('button', { name: 'Accept…' }).click();
    const dialog = page.getByRole('dialog');

    await dialog.getByRole('button', { name: 'Accept', exact: true }).click();
    await dialog.getByText('Write why').waitFor();
    await dialog.getByLabel('Reason').fill('Same birth date and postcode; the ward confirmed the name.');
    await dialog.getByRole('button', { name: 'Accept', exact: true }).click();

    await page.getByText('Accepted: 1 alert sent.').waitFor();
    expect(services.auditTrail.at(-1)).toMatchObject({ action: 'review.accepted', subject: 'R001' });
  });

  it('says clearly who decided first when someone else already did (409)', async () => {
    const { page } = browser;
    await page.goto('/review/R002');
    await page.getByRole('button', { name: 'Reject…' }).click();
    await services.acceptReview('R002', 'decided at the other desk', { id: 'a-colleague' });

    await page.getByRole('dialog').getByLabel('Reason').fill('Different middle name');
    await page.getByRole('dialog').getByRole('button', { name: 'Reject', exact: true }).click();

    const alert = page.getByRole('alert').filter({ hasText: 'Someone decided first' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Already accepted by a-colleague at /);
    browser.allow(/status of 409/);
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await browser.screenshot('fake-review-409');
  });
});

describe('deliveries', () => {
  it('redrives one subscriber’s dead letters after a confirmation stating the count', async () => {
    const { page } = browser;
    await page.goto('/deliveries');

    await page.getByRole('button', { name: 'Redrive N81001' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Send 3 dead-lettered alerts of N81001 again?').waitFor();
    await dialog.getByRole('button', { name: 'Redrive 3' }).click();

    await page.getByText('3 alerts sent again.').waitFor();
    await page.getByText('The dead-letter queue is empty.').waitFor();
  });
});

describe('subscribers and rosters', () => {
  it('adds a webhook subscriber and shows the secret the hub made, once', async () => {
    const { page } = browser;
    await page.goto('/subscribers');

    await page.getByRole('button', { name: 'Add subscriber…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Id').fill('GP-NEW');
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('New Surgery');
    await dialog.getByLabel('Webhook URL').fill('http://127.0.0.1:9999/alerts');
    await dialog.getByRole('button', { name: 'Add subscriber' }).click();

    await page.getByText('Subscriber GP-NEW added').waitFor();
    await page.getByText(/^whsec_/).waitFor();
    await page.getByRole('row', { name: /GP-NEW/ }).waitFor();
  });

  it('previews a roster with a bad row, changing nothing, then imports it', async () => {
    const { page } = browser;
    await page.goto('/subscribers');
    const upload = page.getByRole('region', { name: 'Roster upload' });

    await upload.getByRole('combobox', { name: 'Subscriber' }).click();
    await page.getByRole('option', { name: /SC-WARRINGTON/ }).click();
    const chooser = page.waitForEvent('filechooser');
    await upload.getByRole('button', { name: 'Roster CSV' }).click();
    await (await chooser).setFiles({
      name: 'caseload.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'nhs_number,family_name,given_name,birth_date\n9434765919,Okonkwo,Chinedu,1980-07-04\n,Nobirth,Someone,\n',
      ),
    });
    await upload.getByRole('button', { name: 'Preview' }).click();

    await upload.getByText('Preview: nothing was changed').waitFor();
    const rejected = upload.getByRole('table', { name: 'Rejected rows' });
    expect(await rejected.getByRole('row').nth(1).textContent()).toMatch(/^3/);
    expect(services.auditTrail.some((entry) => entry.action === 'roster.imported')).toBe(false);

    await upload.getByRole('button', { name: 'Import' }).click();
    await upload
      .getByText(/1 imported, 0 updated, 0 unchanged, 0 removed, 1 rejected, 0 conflicts/)
      .waitFor();
  });
});

describe('audit', () => {
  it('lists what operators did, newest first, with who and why', async () => {
    const { page } = browser;
    await page.goto('/audit');

    const firstRow = page.getByRole('table', { name: 'Audit trail' }).getByRole('row').nth(1);
    await firstRow.waitFor();
    expect(await firstRow.textContent()).toContain('browser-tester');
    await page
      .getByRole('row', { name: /review\.accepted/ })
      .first()
      .waitFor();
  });
});
