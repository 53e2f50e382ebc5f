// Recording what an operator did: one entry per action, with who and why; counts and ids only.
import { randomBytes } from 'node:crypto';
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
