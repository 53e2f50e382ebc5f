// The demo, as `npm start` and `npm run demo` run it: every expected alert exactly once, nothing
// unexpected, every webhook signature verified.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runDemo } from '../../local/demo/run.ts';
import type { LocalHub } from '../../local/hub.ts';
import { alertSchemaErrors } from '../helpers/alert-schema.ts';
import { startTestHub } from '../helpers/local-hub.ts';

let hub: LocalHub;

beforeAll(async () => {
  hub = await startTestHub('demo');
});

afterAll(async () => {
  await hub?.stop();
});

it('delivers the sample feed to the GP practice and the social-care team as expected', async () => {
  const demo = await runDemo(hub);
  demo.stopPolling();
  await demo.receiver.close();

  expect(demo.lines.filter((line) => /MISSING|TWICE|UNEXPECTED|expected A/.test(line))).toEqual([]);
  expect(demo.ok).toBe(true);
  expect(demo.lines.at(-1)).toMatch(/^Demo passed: 12 alerts/);
  for (const arrival of demo.arrivals) expect(alertSchemaErrors(arrival.body)).toEqual([]);
  const cancel = demo.arrivals.find((a) => a.event === 'cancel-admission');
  const withdrawn = demo.arrivals.find(
    (a) => a.alertId === (cancel?.body as { data?: { retracts?: string } } | undefined)?.data?.retracts,
  );
  expect(withdrawn).toMatchObject({ event: 'admission', subscriberId: cancel?.subscriberId });
});
