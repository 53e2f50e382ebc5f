// In-memory AuditTrail, for tests: append-only, like the table.
import type { AuditEntry, AuditTrail } from '../../use-cases/ports/index.ts';

export class InMemoryAuditTrail implements AuditTrail {
  readonly entries: AuditEntry[] = [];

  async record(entry: AuditEntry): Promise<void> {
    if (this.entries.some((e) => e.id === entry.id)) throw new Error(`audit entry ${entry.id} exists`);
    this.entries.push(structuredClone(entry));
  }

  async recordOnce(entry: AuditEntry): Promise<boolean> {
    if (this.entries.some((e) => e.id === entry.id)) return false;
    this.entries.push(structuredClone(entry));
    return true;
  }

  async since(since?: string): Promise<AuditEntry[]> {
    return structuredClone(this.entries.filter((e) => since === undefined || e.id >= since)).sort((a, b) =>
      a.id.localeCompare(b.id),
    );
  }
}
