// What every MessageStore (with ProcessedMessages and MessageHistory) promises, whichever table
// is behind it: run against the in-memory fake and the DynamoDB adapters alike.
import { describe, expect, it } from 'vitest';
import type {
  MessageHistory,
  MessageRecord,
  MessageStore,
  ProcessedMessages,
  QuarantinedMessage,
  StoredMessage,
} from '../../functions/use-cases/ports/index.ts';
import { processDecision, quarantinedMessage, storedMessage, uniqueId } from '../helpers/builders.ts';

export type MessageTable = MessageStore & ProcessedMessages & MessageHistory;

/** The message as an operator's record shows it: what arrived and its ACK, never the bytes or the event. */
function recordOf(message: StoredMessage): MessageRecord {
  const { messageKey, controlId, sendingFacility, senderId, receivedAt, status, ack } = message;
  return { messageKey, controlId, sendingFacility, senderId, receivedAt, status, ack };
}

/** A refused message as an operator's record shows it. */
function refusedRecordOf(message: QuarantinedMessage): MessageRecord {
  const { quarantineId, controlId, sendingFacility, senderId, receivedAt, ack, ackCode, error } = message;
  const messageKey = `quarantine|${quarantineId}`;
  return {
    messageKey,
    controlId,
    sendingFacility,
    senderId,
    receivedAt,
    status: 'quarantined',
    ack,
    ackCode,
    error,
  };
}

/** Only the messages of this test: the table may hold other tests' too. */
async function unprocessedOf(store: MessageTable, keys: string[]): Promise<StoredMessage[]> {
  return (await store.unprocessed()).filter((message) => keys.includes(message.messageKey));
}

export function describeMessageStoreContract(
  name: string,
  makeStore: () => MessageTable | Promise<MessageTable>,
) {
  describe(`MessageStore contract: ${name}`, () => {
    it('claims a new message and lists it as unprocessed, as stored', async () => {
      const store = await makeStore();
      const message = storedMessage();

      const claim = await store.claim(message);

      expect(claim).toEqual({ created: true });
      expect(await unprocessedOf(store, [message.messageKey])).toEqual([message]);
    });

    it('returns the first message when its key is claimed again, and keeps it', async () => {
      const store = await makeStore();
      const first = storedMessage();
      await store.claim(first);

      const again = await store.claim({
        ...first,
        receivedAt: '2026-11-20T12:05:00.000Z',
        ack: 'another ACK',
      });

      expect(again).toEqual({ created: false, existing: first });
      expect(await unprocessedOf(store, [first.messageKey])).toEqual([first]);
    });

    it('returns a processed message as processed when its key is claimed again', async () => {
      const store = await makeStore();
      const first = storedMessage();
      await store.claim(first);
      await store.markProcessed(first.messageKey, processDecision());

      const again = await store.claim(first);

      // toMatchObject: the DynamoDB adapter also returns the decision stored with the message.
      expect(again).toMatchObject({ created: false, existing: { ...first, status: 'processed' } });
    });

    it('lists only unprocessed messages, oldest first', async () => {
      const store = await makeStore();
      const late = storedMessage({ receivedAt: '2026-11-20T12:00:03.000Z' });
      const early = storedMessage({ receivedAt: '2026-11-20T12:00:01.000Z' });
      const processed = storedMessage({ receivedAt: '2026-11-20T12:00:02.000Z' });
      for (const message of [late, early, processed]) await store.claim(message);

      await store.markProcessed(processed.messageKey, processDecision());

      const keys = [late, early, processed].map((message) => message.messageKey);
      expect((await unprocessedOf(store, keys)).map((message) => message.messageKey)).toEqual([
        early.messageKey,
        late.messageKey,
      ]);
    });

    it('releases a claim, so that the key can be claimed afresh', async () => {
      const store = await makeStore();
      const message = storedMessage();
      await store.claim(message);

      await store.release(message.messageKey);

      expect(await unprocessedOf(store, [message.messageKey])).toEqual([]);
      expect(await store.claim(message)).toEqual({ created: true });
    });

    it('never releases a message the process step has handled', async () => {
      const store = await makeStore();
      const message = storedMessage();
      await store.claim(message);
      await store.markProcessed(message.messageKey, processDecision());

      // The DynamoDB adapter throws here (its condition fails); the fake returns quietly.
      await store.release(message.messageKey).catch(() => undefined);

      const again = await store.claim(message);
      expect(again).toMatchObject({ created: false, existing: { status: 'processed' } });
    });

    it('records no decision for a message whose claim was taken back, which can then be claimed afresh', async () => {
      const store = await makeStore();
      const message = storedMessage();
      await store.claim(message);
      await store.release(message.messageKey);

      await store.markProcessed(message.messageKey, processDecision());

      expect(await store.withControlId(message.controlId)).toEqual([]);
      expect(await store.claim(message)).toEqual({ created: true });
      expect(await store.withControlId(message.controlId)).toEqual([recordOf(message)]);
    });

    it('records the decision with the message, as its history shows', async () => {
      const store = await makeStore();
      const message = storedMessage();
      const decision = processDecision({ delivered: [] });
      await store.claim(message);

      await store.markProcessed(message.messageKey, decision);

      expect(await store.withControlId(message.controlId)).toEqual([
        { ...recordOf(message), status: 'processed', decision },
      ]);
    });

    it.each([
      { keepExisting: true, kept: 'first' },
      { keepExisting: false, kept: 'second' },
    ])('with keepExisting $keepExisting, keeps the $kept decision', async ({ keepExisting, kept }) => {
      const store = await makeStore();
      const message = storedMessage();
      const first = processDecision({ alertIds: ['alert-first'] });
      const second = processDecision({ alertIds: ['alert-second'] });
      await store.claim(message);
      await store.markProcessed(message.messageKey, first);

      await store.markProcessed(message.messageKey, second, { keepExisting });

      const [record] = await store.withControlId(message.controlId);
      expect(record?.decision).toEqual(kept === 'first' ? first : second);
    });

    it('keeps the decision given with keepExisting when none was recorded', async () => {
      const store = await makeStore();
      const message = storedMessage();
      const decision = processDecision();
      await store.claim(message);

      await store.markProcessed(message.messageKey, decision, { keepExisting: true });

      const [record] = await store.withControlId(message.controlId);
      expect(record).toMatchObject({ status: 'processed', decision });
    });

    it('traces a control id across facilities, refused messages too, oldest first', async () => {
      const store = await makeStore();
      const controlId = uniqueId('MSG');
      const fromRbn = storedMessage({
        controlId,
        sendingFacility: 'RBN',
        receivedAt: '2026-11-20T12:00:02.000Z',
        fingerprint: 'c0ffee',
      });
      const fromRvy = storedMessage({
        controlId,
        sendingFacility: 'RVY',
        receivedAt: '2026-11-20T12:00:00.000Z',
      });
      const refused = quarantinedMessage({
        controlId,
        receivedAt: '2026-11-20T12:00:01.000Z',
        truncated: true,
      });
      const other = storedMessage();
      for (const message of [fromRbn, fromRvy, other]) await store.claim(message);

      await store.quarantine(refused);

      expect(await store.withControlId(controlId)).toEqual([
        recordOf(fromRvy),
        refusedRecordOf(refused),
        recordOf(fromRbn),
      ]);
    });

    it('lists the messages refused on one day, oldest first, and no other day', async () => {
      const store = await makeStore();
      const day = '2026-11-21';
      // Other tests' refusals on that day are told apart by this control id.
      const controlId = uniqueId('BAD');
      const late = quarantinedMessage({ controlId, receivedAt: `${day}T23:59:59.000Z` });
      const early = quarantinedMessage({ controlId, receivedAt: `${day}T00:00:00.000Z` });
      const nextDay = quarantinedMessage({ controlId, receivedAt: '2026-11-22T00:00:00.000Z' });
      for (const message of [late, early, nextDay]) await store.quarantine(message);

      const listed = (await store.quarantined(day)).filter((record) => record.controlId === controlId);

      expect(listed.map((record) => record.messageKey)).toEqual([
        `quarantine|${early.quarantineId}`,
        `quarantine|${late.quarantineId}`,
      ]);
      expect(listed[0]).toMatchObject({ status: 'quarantined', ackCode: 'AE', error: early.error });
    });
  });
}
