// Ingest: one HL7 message in, one ACK out. `AA` only once the message is stored and queued
// (ARCHITECTURE §1, §4.2); a refused message is quarantined with its reason; when storage is
// down the sender gets AR and retries. Shared by HTTP ingest and, later, MLLP.
import { gzipSync } from 'node:zlib';
import { sha256Hex } from '../core/hash.ts';
import { type AckCode, buildAck } from '../core/hl7/ack.ts';
import { contentFingerprint } from '../core/hl7/message.ts';
import type { AdtEvent } from '../core/normalise/adt-event.ts';
import { hospitalNumber } from '../core/normalise/hospital-number.ts';
import { parseAdt } from '../core/normalise/parse-adt.ts';
import type {
  Clock,
  IdGenerator,
  IngestQueue,
  MessageStore,
  QuarantinedMessage,
  QueuedMessage,
  Sender,
  StoredMessage,
} from './ports/index.ts';

export interface IngestDependencies {
  store: MessageStore;
  queue: IngestQueue;
  clock: Clock;
  ids: IdGenerator;
  /** Days a message is kept before the store may forget it. */
  retentionDays: number;
}

/**
 * - `accepted`: stored and queued (AA);
 * - `duplicate`: this message (same facility, MSH-10 and content but for MSH-7) was accepted
 *   before: the same ACK again, not queued twice (processed already, or dropped by SQS FIFO
 *   deduplication);
 * - `rejected`: AE or AR, quarantined;
 * - `unavailable`: the hub could not store or queue it now (AR; the sender should retry).
 */
export type IngestOutcome = 'accepted' | 'duplicate' | 'rejected' | 'unavailable';

export interface IngestResult {
  outcome: IngestOutcome;
  ackCode: AckCode;
  ack: string;
  /** An earlier, different message from this facility had this MSH-10 (the engine's counter reset). */
  reusedControlId?: true;
  /** For logs: ids only. */
  controlId?: string;
  sendingFacility?: string;
  errorCode?: string;
}

/**
 * The fields of the one log line per message, whatever the transport: ids, codes and outcome,
 * never the message or anyone in it.
 */
export function ingestLogFields(result: IngestResult, sender: Sender): Record<string, unknown> {
  return {
    senderId: sender.senderId,
    sendingFacility: result.sendingFacility,
    controlId: result.controlId,
    ackCode: result.ackCode,
    outcome: result.outcome,
    errorCode: result.errorCode,
    ...(result.reusedControlId && { reusedControlId: true }),
  };
}

/**
 * What the stores can hold (DynamoDB: an item of 400 KB, a key of 2 KB; SQS: a message of 256 KB),
 * with room for the attribute names. A message over them can never be stored as it is: it gets AR
 * with the reason, at once and every time, rather than 503s that would stall the sender's feed.
 */
export const STORAGE_LIMITS = { itemBytes: 380_000, keyBytes: 2_000, queueBytes: 250_000 } as const;
/** A quarantined message keeps at most this much of the bytes received (gzipped). */
const QUARANTINE_RAW_BYTES = 300_000;

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** The raw bytes to keep with a quarantined message: all of them, or as much as fits. */
function quarantineRaw(body: Uint8Array, rawGzip: Uint8Array): { rawGzip: Uint8Array; truncated?: true } {
  if (rawGzip.byteLength <= QUARANTINE_RAW_BYTES) return { rawGzip };
  // Incompressible input (binary): keep its head, which is what an operator looks at.
  return { rawGzip: gzipSync(body.subarray(0, QUARANTINE_RAW_BYTES)), truncated: true };
}

/** The ACK the hub's own MSH-3/MSH-4 carry when the inbound message named no receiver. */
const HUB = { application: 'ADTHUB', facility: 'ADTHUB' };

/** The AR for a message the hub could not take in right now: the sender should send it again. */
export function unavailableAck(
  inbound: string | Uint8Array,
  deps: Pick<IngestDependencies, 'clock' | 'ids'>,
): string {
  return buildAck(inbound, {
    code: 'AR',
    controlId: deps.ids.ackControlId(),
    time: deps.clock.now(),
    sender: HUB,
    reason: 'The hub could not store the message; send it again',
    error: { hl7ErrorCode: '207' },
  });
}

/** The FIFO deduplication id of a message: SQS drops a repeat within five minutes. */
export function deduplicationId(messageKey: string): string {
  return sha256Hex(messageKey);
}

/**
 * The FIFO group: messages about one patient at one hospital, in arrival order. It is the
 * hospital's own number, which every message carries even before the NHS number is known;
 * hashed, so the queue carries no identifier.
 */
export function patientGroupId(event: AdtEvent): string {
  const local = hospitalNumber(event.patient);
  const patient = local === undefined ? 'no-patient' : `${local.authority ?? ''}/${local.value}`;
  return sha256Hex(`${event.sendingFacility}|${patient}`);
}

function queuedMessageOf(message: StoredMessage, event: AdtEvent): QueuedMessage {
  return {
    messageKey: message.messageKey,
    receivedAt: message.receivedAt,
    senderId: message.senderId,
    event,
  };
}

/** Whether a stored message is this one: the same content but for MSH-7 (older records: assumed). */
function sameMessage(stored: StoredMessage, fingerprint: string): boolean {
  return stored.fingerprint === undefined || stored.fingerprint === fingerprint;
}

/**
 * Puts a stored message on the ingest queue, as ingest does and as recovery does again
 * (`requeued`: it may have been processed in part already).
 */
export async function enqueueStored(
  message: StoredMessage,
  queue: IngestQueue,
  requeued = false,
): Promise<void> {
  const event = JSON.parse(message.eventJson) as AdtEvent;
  await queue.enqueue(
    { ...queuedMessageOf(message, event), ...(requeued && { requeued }) },
    patientGroupId(event),
    deduplicationId(message.messageKey),
  );
}

export async function ingest(
  body: Uint8Array,
  sender: Sender,
  deps: IngestDependencies,
): Promise<IngestResult> {
  const now = deps.clock.now();
  const receivedAt = now.toISOString();
  const expiresAt = Math.floor(now.getTime() / 1000) + deps.retentionDays * 24 * 60 * 60;
  const ackRequest = { controlId: deps.ids.ackControlId(), time: now, sender: HUB };
  const rawGzip = gzipSync(body);

  async function reject(
    inbound: string | Uint8Array,
    ackCode: 'AE' | 'AR',
    error: QuarantinedMessage['error'] & { hl7ErrorCode: string },
    event?: { controlId?: string; sendingFacility?: string },
  ): Promise<IngestResult> {
    const { hl7ErrorCode, ...reason } = error;
    const ack = buildAck(inbound, {
      ...ackRequest,
      code: ackCode,
      reason: reason.message,
      error: { hl7ErrorCode, segment: reason.segment, field: reason.field },
    });
    // Ids as far as they fit in a record (an MSH-10 of megabytes is itself the fault).
    const clip = (text: string | undefined) => (text === undefined ? undefined : text.slice(0, 200));
    try {
      await deps.store.quarantine({
        quarantineId: ackRequest.controlId,
        receivedAt,
        senderId: sender.senderId,
        controlId: clip(event?.controlId),
        sendingFacility: clip(event?.sendingFacility),
        ackCode,
        ack: ack.length > 20_000 ? ack.slice(0, 20_000) : ack,
        error: reason,
        ...quarantineRaw(body, rawGzip),
        expiresAt,
      });
    } catch {
      return unavailable(inbound, event);
    }
    return { outcome: 'rejected', ackCode, ack, errorCode: reason.code, ...event };
  }

  function unavailable(
    inbound: string | Uint8Array,
    event?: { controlId?: string; sendingFacility?: string },
  ): IngestResult {
    const ack = unavailableAck(inbound, deps);
    return { outcome: 'unavailable', ackCode: 'AR', ack, errorCode: 'STORAGE_UNAVAILABLE', ...event };
  }

  const results = parseAdt(body);
  const [result] = results;
  if (result === undefined || results.length > 1) {
    return reject(body, 'AR', {
      code: 'MULTIPLE_MESSAGES',
      message: 'Send one message per request',
      segment: 'MSH',
      field: 'MSH-1',
      hl7ErrorCode: '100',
    });
  }
  if (!result.ok) {
    const { error, controlId, sendingFacility } = result;
    return reject(
      result.text,
      error.ackCode,
      { ...error.toJSON(), hl7ErrorCode: error.hl7ErrorCode },
      { controlId, sendingFacility },
    );
  }

  const { event, message } = result;
  const ids = { controlId: event.controlId, sendingFacility: event.sendingFacility };
  if (!sender.facilities.includes('*') && !sender.facilities.includes(event.sendingFacility)) {
    return reject(
      message.text,
      'AR',
      {
        code: 'UNKNOWN_SENDING_FACILITY',
        message: 'MSH-4 is not a facility this sender key may send for',
        segment: 'MSH',
        field: 'MSH-4',
        hl7ErrorCode: '207',
      },
      ids,
    );
  }

  const fingerprint = contentFingerprint(message);
  const firstKey = `${event.sendingFacility}|${event.controlId}`;
  const storedAs = (messageKey: string): StoredMessage => ({
    messageKey,
    controlId: event.controlId,
    sendingFacility: event.sendingFacility,
    senderId: sender.senderId,
    receivedAt,
    status: 'received',
    fingerprint,
    rawGzip,
    eventJson: JSON.stringify(event),
    ack: buildAck(message.text, { ...ackRequest, code: 'AA' }),
    expiresAt,
  });

  // What can never be stored or queued as it is gets AR now, not 503s for ever.
  const tooLarge = (code: string, what: string) =>
    reject(
      message.text,
      'AR',
      { code, message: what, segment: 'MSH', field: 'MSH-10', hl7ErrorCode: '207' },
      ids,
    );
  // A reuse of the MSH-10 is stored under a longer key: keep room for it.
  if (utf8Bytes(firstKey) > STORAGE_LIMITS.keyBytes - 20)
    return tooLarge('CONTROL_ID_TOO_LONG', 'MSH-10 and MSH-4 are too long for the hub to store the message');
  const candidate = storedAs(firstKey);
  if (
    rawGzip.byteLength + utf8Bytes(candidate.eventJson) + utf8Bytes(candidate.ack) >
    STORAGE_LIMITS.itemBytes
  )
    return tooLarge('TOO_LARGE_TO_STORE', 'The message is too large for the hub to store; split or trim it');
  if (utf8Bytes(JSON.stringify(queuedMessageOf(candidate, event))) > STORAGE_LIMITS.queueBytes)
    return tooLarge('TOO_LARGE_TO_QUEUE', 'The message is too large for the hub to queue; split or trim it');

  let claim: Awaited<ReturnType<MessageStore['claim']>>;
  let stored = candidate;
  let reusedControlId: true | undefined;
  try {
    claim = await deps.store.claim(stored);
    // The same MSH-10 with other content is another message: the engine's counter started again.
    if (!claim.created && !sameMessage(claim.existing, fingerprint)) {
      reusedControlId = true;
      stored = storedAs(`${firstKey}#${fingerprint.slice(0, 16)}`);
      claim = await deps.store.claim(stored);
    }
  } catch {
    return unavailable(message.text, ids);
  }
  const messageKey = stored.messageKey;
  const current = claim.created ? stored : claim.existing;
  const outcome = claim.created ? 'accepted' : 'duplicate';
  const known = { ...ids, ...(reusedControlId && { reusedControlId }) };
  // Processed already: its first ACK again, and nothing to queue.
  if (current.status === 'processed') return { outcome, ackCode: 'AA', ack: current.ack, ...known };

  // New, or received but not yet processed: queue it. For a resend this only makes sure the hub
  // did not fail half-way the first time; SQS drops the repeat by its deduplication id.
  try {
    await enqueueStored(current, deps.queue, !claim.created);
  } catch {
    // Not queued, so not accepted: take a new claim back (best effort) and let the sender retry.
    if (claim.created) await deps.store.release(messageKey).catch(() => undefined);
    return unavailable(message.text, ids);
  }
  return { outcome, ackCode: 'AA', ack: current.ack, ...known };
}
