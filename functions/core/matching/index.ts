// Patient matching (pure): rosters, rules and the match decision.
export { matchPerson } from './match.ts';
export { probeFromPatient } from './probe.ts';
export { RosterIndex } from './roster-index.ts';
export { parseRosterRow, ROSTER_COLUMNS } from './roster-row.ts';
export type * from './types.ts';
