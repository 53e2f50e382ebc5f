// Patient matching (pure): rosters, rules and the match decision.
export { matchPerson } from './match.ts';
export { probeFromPatient } from './probe.ts';
export { RosterIndex } from './roster-index.ts';
export { type ParsedRosterRow, parseRosterRow, ROSTER_COLUMNS, type RosterRowResult } from './roster-row.ts';
export type * from './types.ts';
