// Redrive on in-memory fakes: dead letters sent again with their ids, pending again first, and
// taken off the dead-letter queue; those with nowhere to go left where they are.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  InMemoryAlertDispatcher,
  InMemoryAlertStore,
  InMemoryDeadLetterQueue,
} from '../../../functions/adapters/memory/alerts.ts';
import { InMemorySubscriberDirectory } from '../../../functions/adapters/memory/subscribers.ts';
import type { StoredAlert } from '../../../functions/use-cases/ports/index.ts';
import { type RedriveDependencies, redrive } from '../../../functions/use-cases/redrive.ts';
import { deliveryAttempt, sqsSubscriber, storedAlert, webhookSubscriber } from '../../helpers/builders.ts';
import { TestClock } from '../../helpers/clock.ts';

const GP = webhookSubscriber({ id: 'GP-N81001' });
const SC = sqsSubscriber({ id: 'SC-WARRINGTON' });
const NO_CHANNEL = webhookSubscriber({ id: 'TEAM-NO-CHANNEL', delivery: undefined });

let alerts: InMemoryAlertStore;
let dispatcher: InMemoryAlertDispatcher;
let deadLetters: InMemoryDeadLetterQueue;
let deps: RedriveDependencies;

beforeEach(() => {
  alerts = new InMemoryAlertStore();
  dispatcher = new InMemoryAlertDispatcher();
  deadLetters = new InMemoryDeadLetterQueue();
  deps = {
    alerts,
    subscribers: new InMemorySubscriberDirectory([GP, SC, NO_CHANNEL]),
    dispatcher,
    deadLetters,
    clock: new TestClock('2026-11-21T09:00:00.000Z'),
  };
});

/** An alert that was dead-lettered with `error`. */
async function deadLetter(overrides: Partial<StoredAlert>, error = 'HTTP 410'): Promise<StoredAlert> {
  const alert = storedAlert(overrides);
  await alerts.save(alert);
  await alerts.recordAttempt(
    alert.id,
    deliveryAttempt({ result: 'dead-letter', status: 410, error }),
    'dead-lettered',
    error,
  );
  return (await alerts.get(alert.id)) as StoredAlert;
}

describe('redrive', () => {
  it('sends every dead letter again, oldest first, keeping its id', async () => {
    const late = await deadLetter({ subscriberId: GP.id, createdAt: '2026-11-20T12:00:02.000Z' });
    const early = await deadLetter({ subscriberId: SC.id, createdAt: '2026-11-20T12:00:01.000Z' });

    const { sent, skipped } = await redrive(undefined, deps);

    expect(sent.map((alert) => alert.id)).toEqual([early.id, late.id]);
    expect(skipped).toEqual([]);
    expect(dispatcher.dispatched).toEqual([
      { alert: early, subscriberId: SC.id, redrive: true },
      { alert: late, subscriberId: GP.id, redrive: true },
    ]);
  });

  it('marks each alert pending, without its last error, before it is sent', async () => {
    const alert = await deadLetter({ subscriberId: GP.id });
    const seenAtSend: (StoredAlert | undefined)[] = [];
    deps.dispatcher = {
      redispatch: async (sent) => {
        seenAtSend.push(await alerts.get(sent.id));
      },
    };

    await redrive(undefined, deps);

    expect(seenAtSend).toMatchObject([{ id: alert.id, status: 'pending' }]);
    expect(seenAtSend[0]?.lastError).toBeUndefined();
    expect(await alerts.pending()).toMatchObject([{ id: alert.id }]);
    expect(await alerts.deadLettered()).toEqual([]);
  });

  it('redrives only the dead letters of the subscriber named', async () => {
    const gp = await deadLetter({ subscriberId: GP.id });
    const sc = await deadLetter({ subscriberId: SC.id });

    const { sent } = await redrive(GP.id, deps);

    expect(sent.map((alert) => alert.id)).toEqual([gp.id]);
    expect(deadLetters.discarded).toEqual([gp.id]);
    expect((await alerts.get(sc.id))?.status).toBe('dead-lettered');
  });

  it('skips, and leaves dead-lettered, the alerts of subscribers without a channel or gone', async () => {
    const noChannel = await deadLetter({ subscriberId: NO_CHANNEL.id });
    const gone = await deadLetter({ subscriberId: 'GP-GONE' });
    const sendable = await deadLetter({ subscriberId: GP.id });

    const { sent, skipped } = await redrive(undefined, deps);

    expect(sent.map((alert) => alert.id)).toEqual([sendable.id]);
    expect(skipped.map((alert) => alert.id).sort()).toEqual([noChannel.id, gone.id].sort());
    expect(dispatcher.dispatched.map((d) => d.alert.id)).toEqual([sendable.id]);
    expect((await alerts.deadLettered()).map((alert) => alert.id).sort()).toEqual(
      [noChannel.id, gone.id].sort(),
    );
  });

  it('discards the sent alerts, and only those, from the dead-letter queue', async () => {
    const one = await deadLetter({ subscriberId: GP.id });
    const two = await deadLetter({ subscriberId: SC.id });
    await deadLetter({ subscriberId: NO_CHANNEL.id });

    await redrive(undefined, deps);

    expect([...deadLetters.discarded].sort()).toEqual([one.id, two.id].sort());
  });

  it('discards nothing when nothing was sent', async () => {
    await deadLetter({ subscriberId: NO_CHANNEL.id });

    const { sent } = await redrive(undefined, deps);

    expect(sent).toEqual([]);
    expect(deadLetters.discarded).toEqual([]);
  });

  it('records a failed send as dead-lettered again, keeping its error, and fails', async () => {
    const alert = await deadLetter({ subscriberId: GP.id }, 'HTTP 503');
    const down = new Error('SQS is unavailable');
    deps.dispatcher = {
      redispatch: async () => {
        throw down;
      },
    };

    await expect(redrive(undefined, deps)).rejects.toBe(down);

    const stored = await alerts.get(alert.id);
    expect(stored?.status).toBe('dead-lettered');
    expect(stored?.lastError).toBe('HTTP 503');
    expect(stored?.attempts?.at(-1)).toEqual({
      at: '2026-11-21T09:00:00.000Z',
      result: 'dead-letter',
      error: 'redrive failed',
      latencyMs: 0,
    });
    expect(deadLetters.discarded).toEqual([]);
  });
});
