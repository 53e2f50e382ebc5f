// A roster entry (a row as the subscriber uploaded it, with the hub's person id) and the record the
// matcher takes, one way and back; and the compact shard a roster is stored and matched as.
import { type PersonRecord, RosterShard } from '../core/matching/index.ts';
import type { RosterEntry } from './ports/index.ts';

/** A roster entry as the matcher takes it, naming the subscriber whose roster it is on. */
export function personRecordOf(entry: RosterEntry, subscriberId?: string): PersonRecord {
  const { localId, ...rest } = entry;
  return {
    ...rest,
    ...(subscriberId !== undefined && { subscriberId }),
    localIds: localId === undefined ? [] : [localId],
  };
}

/** The entry a record was made from (its subscriber is the roster's, not the entry's). */
export function rosterEntryOf(record: PersonRecord): RosterEntry {
  const { localIds, subscriberId: _, line, ...rest } = record;
  return { ...rest, line: line ?? 0, ...(localIds[0] !== undefined && { localId: localIds[0] }) };
}

/** A subscriber's roster as the shard it is stored and matched as. */
export function rosterShardOf(subscriberId: string, entries: readonly RosterEntry[]): RosterShard {
  return RosterShard.fromRecords(
    subscriberId,
    entries.map((entry) => personRecordOf(entry)),
  );
}

/** A shard's rows as roster entries, in order. */
export function rosterEntriesOf(shard: RosterShard): RosterEntry[] {
  return [...shard.records()].map(rosterEntryOf);
}
