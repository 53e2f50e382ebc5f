// Patient matching (pure): rosters, rules and the match decision.
export { judgeRows, type RowVerdict, rowsConflict } from './corroborate.ts';
export { matchPerson } from './match.ts';
export { learnedKey } from './person.ts';
export { probeFromPatient } from './probe.ts';
export { RosterIndex } from './roster-index.ts';
export { type ParsedRosterRow, parseRosterRow, ROSTER_COLUMNS, type RosterRowResult } from './roster-row.ts';
export { type IndexedRecord, RosterShard } from './roster-shard.ts';
export type * from './types.ts';
