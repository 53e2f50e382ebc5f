// Recording what an operator did: one entry per action, with who and why; counts and ids only.
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../core/hash.ts';
import type { AuditAction, AuditEntry, AuditTrail, Clock } from './ports/index.ts';

export interface AuditDependencies {
  audit: AuditTrail;
  clock: Clock;
}

export async function recordAction(
  actor: string,
  action: AuditAction,
  details: Omit<AuditEntry, 'id' | 'at' | 'actor' | 'action'>,
  deps: AuditDependencies,
): Promise<void> {
  const at = deps.clock.now().toISOString();
  // Sorts by time, then unique: two entries in one millisecond both stay.
  await deps.audit.record({ id: `${at}-${randomBytes(4).toString('hex')}`, at, actor, action, ...details });
}

export async function listAudit(
  since: string | undefined,
  deps: { audit: AuditTrail },
): Promise<AuditEntry[]> {
  return deps.audit.since(since);
}

/** One sign-in, as the identity provider's token tells it. */
export interface SignIn {
  /** Who signed in (the console's actor id). */
  actor: string;
  /** When they authenticated (ISO time): the token's auth_time, else its issue time. */
  at: string;
  /**
   * What makes this sign-in one and not another: the subject and its authentication time (or, for
   * a token without one, the token's own id or issue time). Every token of the same sign-in gives
   * the same key, in every container.
   */
  sessionKey: string;
  /** The roles it gave, for the record. */
  roles: readonly string[];
}

/** The audit entry's id for a sign-in: sortable by its time, the same wherever it is computed. */
export function signInEntryId(signIn: Pick<SignIn, 'at' | 'sessionKey'>): string {
  return `${signIn.at}-signin-${sha256Hex(signIn.sessionKey).slice(0, 16)}`;
}

/**
 * Records a console sign-in once, however many requests and containers report it. True when this
 * call wrote the entry, false when it was already there.
 */
export async function recordSignIn(signIn: SignIn, deps: { audit: AuditTrail }): Promise<boolean> {
  return deps.audit.recordOnce({
    id: signInEntryId(signIn),
    at: signIn.at,
    actor: signIn.actor,
    action: 'console.signed-in',
    details: { roles: signIn.roles.length === 0 ? 'none' : [...signIn.roles].sort().join(' ') },
  });
}
