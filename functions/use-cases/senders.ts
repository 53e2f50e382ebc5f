// Senders: a key for each interface engine, stored only as its hash, and the check of a request's
// bearer key against them.
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../core/hash.ts';
import type { Sender, SenderDirectory, SenderRegistration } from './ports/index.ts';

export function generateSenderKey(): string {
  return `adthub_${randomBytes(24).toString('base64url')}`;
}

export function hashSenderKey(key: string): string {
  return sha256Hex(key);
}

/** The sender a bearer key belongs to, or undefined for a missing or unknown key. */
export async function authenticate(
  authorization: string | undefined,
  senders: Pick<SenderDirectory, 'findByKeyHash'>,
): Promise<Sender | undefined> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (match?.[1] === undefined) return undefined;
  return senders.findByKeyHash(hashSenderKey(match[1]));
}

/** Registers a sender with a new key, returned once: the hub keeps only its hash. */
export async function registerSender(
  sender: Omit<SenderRegistration, 'keyHash'> & { key?: string },
  senders: Pick<SenderDirectory, 'register'>,
): Promise<{ key: string }> {
  const { key = generateSenderKey(), ...rest } = sender;
  await senders.register({ ...rest, keyHash: hashSenderKey(key) });
  return { key };
}
