// What every AlertStore promises (first write wins; attempts appended; dead letters and pending
// alerts oldest first): run against the in-memory fake and the DynamoDB adapter.
import { describe, expect, it } from 'vitest';
import type { AlertStore, StoredAlert } from '../../functions/use-cases/ports/index.ts';
import { deliveryAttempt, storedAlert, uniqueId } from '../helpers/builders.ts';

/** Only this test's alerts: the table may hold other tests' too. */
function idsAmong(alerts: StoredAlert[], ours: StoredAlert[]): string[] {
  const wanted = new Set(ours.map((alert) => alert.id));
  return alerts.filter((alert) => wanted.has(alert.id)).map((alert) => alert.id);
}

export function describeAlertStoreContract(name: string, makeStore: () => AlertStore | Promise<AlertStore>) {
  describe(`AlertStore contract: ${name}`, () => {
    it('stores a new alert and returns it', async () => {
      const store = await makeStore();
      const alert = storedAlert({ localId: 'SC:1', dischargeCategory: 'home', flags: ['readmission'] });

      const saved = await store.save(alert);

      expect(saved).toEqual(alert);
      expect(await store.get(alert.id)).toEqual(alert);
    });

    it('keeps the first alert saved with an id, and returns that one', async () => {
      const store = await makeStore();
      const first = storedAlert({ sequence: 1 });
      await store.save(first);

      const saved = await store.save({ ...first, sequence: 2, payloadJson: '{"second":true}' });

      expect(saved).toEqual(first);
      expect(await store.get(first.id)).toEqual(first);
    });

    it('gives nothing for an id never saved', async () => {
      const store = await makeStore();

      expect(await store.get(uniqueId('alert'))).toBeUndefined();
    });

    it('appends each attempt, with the status and error it leaves', async () => {
      const store = await makeStore();
      const alert = storedAlert();
      await store.save(alert);
      const first = deliveryAttempt({ at: '2026-11-20T12:00:02.000Z', result: 'retry' });
      const second = deliveryAttempt({
        at: '2026-11-20T12:00:04.000Z',
        result: 'dead-letter',
        status: 400,
        error: 'HTTP 400',
      });

      await store.recordAttempt(alert.id, first, 'pending', 'HTTP 503');
      await store.recordAttempt(alert.id, second, 'dead-lettered', 'HTTP 400');

      expect(await store.get(alert.id)).toEqual({
        ...alert,
        attempts: [first, second],
        status: 'dead-lettered',
        lastError: 'HTTP 400',
      });
    });

    it('forgets the last error on an attempt that has none', async () => {
      const store = await makeStore();
      const alert = storedAlert();
      await store.save(alert);
      await store.recordAttempt(alert.id, deliveryAttempt(), 'pending', 'HTTP 503');
      const delivered = deliveryAttempt({ result: 'delivered', status: 200, error: undefined });

      await store.recordAttempt(alert.id, delivered, 'delivered');

      const stored = await store.get(alert.id);
      expect(stored?.status).toBe('delivered');
      // `?? undefined`: the DynamoDB adapter stores null here, not nothing.
      expect(stored?.lastError ?? undefined).toBeUndefined();
      expect(stored?.attempts).toHaveLength(2);
    });

    it('lists dead letters oldest first, by creation then sequence, for one subscriber or all', async () => {
      const store = await makeStore();
      const subscriberId = uniqueId('GP');
      const third = storedAlert({ subscriberId, createdAt: '2026-11-20T12:00:02.000Z', sequence: 1 });
      const first = storedAlert({ subscriberId, createdAt: '2026-11-20T12:00:01.000Z', sequence: 1 });
      const second = storedAlert({ subscriberId, createdAt: '2026-11-20T12:00:01.000Z', sequence: 2 });
      const elsewhere = storedAlert({ subscriberId: uniqueId('SC'), createdAt: '2026-11-20T12:00:00.000Z' });
      const pending = storedAlert({ subscriberId, createdAt: '2026-11-20T11:00:00.000Z' });
      for (const alert of [third, second, elsewhere, first, pending]) await store.save(alert);
      for (const alert of [third, second, elsewhere, first])
        await store.recordAttempt(
          alert.id,
          deliveryAttempt({ result: 'dead-letter' }),
          'dead-lettered',
          'HTTP 410',
        );

      const ours = [first, second, third, elsewhere, pending];
      expect(idsAmong(await store.deadLettered(subscriberId), ours)).toEqual([first.id, second.id, third.id]);
      expect(idsAmong(await store.deadLettered(), ours)).toEqual([
        elsewhere.id,
        first.id,
        second.id,
        third.id,
      ]);
    });

    it('lists pending alerts oldest first, and no longer once delivered', async () => {
      const store = await makeStore();
      const late = storedAlert({ createdAt: '2026-11-20T12:00:02.000Z' });
      const early = storedAlert({ createdAt: '2026-11-20T12:00:01.000Z', sequence: 7 });
      const earlyToo = storedAlert({ createdAt: '2026-11-20T12:00:01.000Z', sequence: 9 });
      const delivered = storedAlert({ createdAt: '2026-11-20T12:00:00.000Z' });
      for (const alert of [late, earlyToo, delivered, early]) await store.save(alert);

      await store.recordAttempt(
        delivered.id,
        deliveryAttempt({ result: 'delivered', status: 200 }),
        'delivered',
      );

      expect(idsAmong(await store.pending(), [late, early, earlyToo, delivered])).toEqual([
        early.id,
        earlyToo.id,
        late.id,
      ]);
    });

    it('puts a dead letter back to pending without its last error, keeping its attempts', async () => {
      const store = await makeStore();
      const alert = storedAlert();
      await store.save(alert);
      const attempt = deliveryAttempt({ result: 'dead-letter' });
      await store.recordAttempt(alert.id, attempt, 'dead-lettered', 'HTTP 410');

      await store.markPending(alert.id);

      expect(await store.get(alert.id)).toEqual({ ...alert, status: 'pending', attempts: [attempt] });
      expect(idsAmong(await store.deadLettered(), [alert])).toEqual([]);
      expect(idsAmong(await store.pending(), [alert])).toEqual([alert.id]);
    });
  });
}
