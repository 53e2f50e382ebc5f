// The public vocabulary of the synthetic population: the case kinds a probe can be, their groups
// and shares, and the shape of a scenario (roster rows, probes with their truth, statistics).

import { ROSTER_COLUMNS } from '../../functions/core/matching/roster-row.ts';
import type { Patient } from '../../functions/core/normalise/adt-event.ts';

export const CASE_GROUPS = [
  'valid corroborated NHS number present',
  'clean demographics without NHS',
  'hard demographic errors',
  'not on roster',
  'mistyped NHS',
] as const;

export type CaseGroup = (typeof CASE_GROUPS)[number];

/** Every case kind: its group, its default share of the probes, and what it is. */
export const CASE_KINDS = {
  'nhs-clean': {
    group: 'valid corroborated NHS number present',
    share: 0.395,
    about: 'message and roster row carry the same valid NHS number; demographics agree',
  },
  'nhs-married-name': {
    group: 'valid corroborated NHS number present',
    share: 0.02,
    about: 'same NHS number on both; the family name has changed (marriage)',
  },
  'nhs-given-variant': {
    group: 'valid corroborated NHS number present',
    share: 0.02,
    about:
      'same NHS number, family name and birth date; the given name is a nickname, a typo or the middle name',
  },
  'demographics-clean': {
    group: 'clean demographics without NHS',
    share: 0.16,
    about: 'no NHS number on one side (or the message one is not on the roster); demographics agree',
  },
  twin: {
    group: 'clean demographics without NHS',
    share: 0.01,
    about: 'one of twins who are both on the roster (same family, birth date, postcode); no usable NHS',
  },
  nickname: {
    group: 'hard demographic errors',
    share: 0.02,
    about: 'message gives a nickname or diminutive (Bill for William, Kasia for Katarzyna)',
  },
  'initial-only': {
    group: 'hard demographic errors',
    share: 0.015,
    about: 'message gives only the initial of the given name',
  },
  'typo-family': {
    group: 'hard demographic errors',
    share: 0.015,
    about: 'one-letter typo or transposition in the family name',
  },
  'typo-given': {
    group: 'hard demographic errors',
    share: 0.015,
    about: 'one-letter typo or transposition in the given name',
  },
  'dob-swap': {
    group: 'hard demographic errors',
    share: 0.01,
    about: 'day and month of birth swapped (both 12 or less)',
  },
  'dob-slip': { group: 'hard demographic errors', share: 0.01, about: 'one digit of the birth date wrong' },
  'moved-postcode': {
    group: 'hard demographic errors',
    share: 0.025,
    about: 'the person has moved: a new postcode, in the same outward code or elsewhere',
  },
  'married-name-no-nhs': {
    group: 'hard demographic errors',
    share: 0.015,
    about: 'family name changed (marriage) and no usable NHS number',
  },
  'not-on-roster': {
    group: 'not on roster',
    share: 0.17,
    about: 'someone the roster does not know (a local resident, or from out of the area)',
  },
  'household-member': {
    group: 'not on roster',
    share: 0.04,
    about: 'lives with a roster person (same family name, postcode, address) but is not on the roster',
  },
  namesake: {
    group: 'not on roster',
    share: 0.03,
    about:
      'same family and given name as a roster person, same area or same address (Sr/Jr), other birth date',
  },
  'absent-twin': {
    group: 'not on roster',
    share: 0.01,
    about: 'the twin of a roster person, not on the roster (same family, birth date, postcode, address)',
  },
  'mistyped-nhs': {
    group: 'mistyped NHS',
    share: 0.01,
    about: "a roster person, but the message carries another roster person's valid NHS number",
  },
  'mistyped-nhs-unassigned': {
    group: 'mistyped NHS',
    share: 0.005,
    about: 'a roster person (whose row has an NHS number); the message carries a valid number of nobody',
  },
  'mistyped-nhs-absent': {
    group: 'mistyped NHS',
    share: 0.005,
    about: "someone not on the roster whose message carries a roster person's valid NHS number",
  },
} as const satisfies Record<string, { group: CaseGroup; share: number; about: string }>;

export type CaseKind = keyof typeof CASE_KINDS;

export const CASE_KIND_NAMES = Object.keys(CASE_KINDS) as CaseKind[];

export function groupOf(kind: CaseKind): CaseGroup {
  return CASE_KINDS[kind].group;
}

/** The roster CSV's columns, in order: the ones the roster reader knows. */
export const ROSTER_HEADERS = ROSTER_COLUMNS;

export type RosterRow = Record<(typeof ROSTER_HEADERS)[number], string>;

export interface ScenarioProbe {
  /** The hospital's view of the person, as the normaliser would produce it. */
  patient: Patient;
  /** Index in `rosterRows` of the row that is this person, or null when the roster lacks them. */
  truth: number | null;
  kind: CaseKind;
  /** What else differs between message and row (e.g. `nhs:message-only`, `ascii-folded`). */
  notes: string[];
}

export interface ScenarioOptions {
  rosterSize: number;
  probeCount: number;
  seed: number;
  /** Share of roster rows carrying an NHS number: 0.6 for a social care roster (the default). */
  nhsCoverage?: number;
  /** Share of probes per kind; defaults to each kind's `share` (normalised to sum to 1). */
  mix?: Partial<Record<CaseKind, number>>;
}

export interface ScenarioStats {
  universe: number;
  households: number;
  careHomes: number;
  rosterPeople: number;
  /** Rows made to be rejected (invalid NHS number, wrong date format, too little to match on). */
  junkRows: number;
  rowsWithNhs: number;
  rowsWithLocalId: number;
  rowsWithHospitalNumber: number;
  aged65Plus: number;
  /** Roster people who share family and first given name with another roster person. */
  sharingName: number;
  /** Roster people who share a postcode with another roster person. */
  sharingPostcode: number;
  twinPairsBothOnRoster: number;
  twinPairsOneOnRoster: number;
  /** Probes asked for whose kind had nobody eligible, replaced by `nhs-clean`. */
  replacedProbes: number;
}

export interface Scenario {
  rosterRows: RosterRow[];
  /** Per row: `person` or `junk` (a row made to be rejected; no probe is about it). */
  rowKinds: ('person' | 'junk')[];
  probes: ScenarioProbe[];
  stats: ScenarioStats;
}
