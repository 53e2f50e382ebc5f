// A field comparison: one pure function per field, each in its own file, gathered in ./index.ts.
// Weights are Fellegi–Sunter log2(m/u): m, how often the field agrees so when the two records are
// the same person; u, how often it does by chance when they are not.
import type { NormalisedPerson } from '../person.ts';
import type { RosterStats } from '../roster-index.ts';
import type { FieldEvidence } from '../types.ts';

export type FieldComparator = (
  probe: NormalisedPerson,
  candidate: NormalisedPerson,
  stats: RosterStats,
) => FieldEvidence;

export function weight(m: number, u: number): number {
  return Math.log2(m / u);
}
