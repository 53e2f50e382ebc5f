// Item layouts, in one place: the adapters read and write these, and the CDK app seeds senders and
// subscribers in exactly these shapes. No SDK here, so lib/ can import it.
//
// Senders table: one item per sender key, keyed by the key's SHA-256 (`keyHash`).
// Registry table:
//   pk PERSON#<id>          sk STATE                          a person's state (versioned)
//   pk LEARNED              sk <identifier>                   hospital number → person id
//   pk REVIEW               sk <review id>                    questions for a person (possible matches…)
//   pk REJECTED             sk <hospital number>|<person>|…   pairs a reviewer said are not the patient
//   pk AUDIT                sk <entry id>                     the audit trail, append-only
//   pk SUBSCRIBERS          sk <id>                           subscribers
//   pk REGISTRY             sk ROSTER#<subscriber>            a roster's pointer: version, chunks, count
//   pk SUBSCRIBER#<id>      sk ROSTER#<version>#<chunk>       a roster's entries (gzip JSON)
import type { SenderRegistration, SubscriberRecord } from '../../use-cases/ports/index.ts';

export const PK = {
  learned: 'LEARNED',
  review: 'REVIEW',
  rejected: 'REJECTED',
  audit: 'AUDIT',
  ingestHolds: 'INGEST-HOLD',
  subscribers: 'SUBSCRIBERS',
  rosterPointers: 'REGISTRY',
} as const;

export function personKey(personId: string): { pk: string; sk: string } {
  return { pk: `PERSON#${personId}`, sk: 'STATE' };
}

export function rosterChunksPk(subscriberId: string): string {
  return `SUBSCRIBER#${subscriberId}`;
}

export function subscriberKey(subscriberId: string): { pk: string; sk: string } {
  return { pk: PK.subscribers, sk: subscriberId };
}

/** A subscriber as an item: its record under the SUBSCRIBERS partition, keyed by its id. */
export function subscriberItem<T extends Pick<SubscriberRecord, 'id'>>(
  subscriber: T,
): T & { pk: typeof PK.subscribers; sk: string } {
  return { pk: PK.subscribers, sk: subscriber.id, ...subscriber };
}

/** A sender as the senders table holds it. */
export function senderItem(sender: SenderRegistration): SenderRegistration {
  return {
    keyHash: sender.keyHash,
    senderId: sender.senderId,
    ...(sender.name !== undefined && { name: sender.name }),
    facilities: [...sender.facilities],
  };
}

/**
 * When an item the registry learned about a person expires (DynamoDB TTL, epoch seconds): so many
 * days after its last change. Undefined: it never expires (tests that do not care).
 */
export type Expiry = () => number | undefined;

export function expiryAfter(days: number, now: () => Date): Expiry {
  return () => Math.floor(now().getTime() / 1000) + days * 24 * 60 * 60;
}

/** The `expiresAt` attribute to write with an item, if it expires. */
export function expiresAtOf(expiry: Expiry | undefined): { expiresAt?: number } {
  const expiresAt = expiry?.();
  return expiresAt === undefined ? {} : { expiresAt };
}
