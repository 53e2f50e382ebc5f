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
  'row-nhs-conflict': {
    group: 'valid corroborated NHS number present',
    share: 0.003,
    about:
      "the person's own row has their NHS number, and it was also typed into another roster person's row " +
      '(a housemate or a nearby row: another given name and birth date); the message carries it',
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
  'twin-nickname-both': {
    group: 'clean demographics without NHS',
    share: 0.002,
    about:
      "one of same-sex twins named as forms of each other (Henry and Harry, Mary and Molly), both on the roster; the message gives the twin's own name; no usable NHS",
  },
  'row-nhs-conflict-holder': {
    group: 'clean demographics without NHS',
    share: 0.002,
    about:
      "a roster person whose row carries someone else's NHS number (typed in by mistake); the message has their own demographics and no NHS number, or their own (not on the roster)",
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
  'no-fixed-abode': {
    group: 'hard demographic errors',
    share: 0.005,
    about:
      'the person is of no fixed abode now: the message gives the NHS pseudo-postcode ZZ99 3VZ; the row has their last address',
  },
  'married-name-no-nhs': {
    group: 'hard demographic errors',
    share: 0.015,
    about: 'family name changed (marriage) and no usable NHS number',
  },
  'learned-hospital-number': {
    group: 'hard demographic errors',
    share: 0.005,
    about:
      'a roster person the hub learned a hospital number for (RBN, PAS:…); a message from RBN carries it, no NHS number, and a demographic change (a move, a slipped birth date, a typo, a marriage)',
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
  'namesake-elsewhere': {
    group: 'not on roster',
    share: 0.002,
    about:
      'same family name, given names, birth date and sex as a roster person whose row has no NHS number, living in another postcode district of the same town; the message carries their own NHS number',
  },
  'twin-nickname-absent': {
    group: 'not on roster',
    share: 0.002,
    about:
      "the twin of a roster person, not on the roster, each named as a form of the other's name (Harry for Henry's twin): same family, birth date, sex, address; no NHS number on at least one side",
  },
  'twin-alike-absent': {
    group: 'not on roster',
    share: 0.002,
    about:
      "the twin of a roster person, not on the roster, the two named with near spellings of different names (Julia for Julie's twin, Ivan for Ian's): same family, birth date, sex, address; the message gives the absent twin's own name; no NHS number on at least one side",
  },
  'absent-twin-initial': {
    group: 'not on roster',
    share: 0.002,
    about:
      "the twin of a roster person, not on the roster, whose first name has the same initial as the roster twin's (John for James's twin); the message gives only that initial; same family, birth date, address; no NHS number on at least one side",
  },
  'hospital-number-other-trust': {
    group: 'not on roster',
    share: 0.003,
    about:
      'someone not on the roster, in a message from another trust (RXX) carrying the same generic hospital number (PAS:…) as one the hub learned from RBN for a roster person; no NHS number',
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

/** The trust whose hospital numbers the hub has learned, and the one sending most messages (MSH-4). */
export const HOME_FACILITY = 'RBN';
/** Another trust, whose hospital numbers are its own even when they look the same. */
export const OTHER_FACILITY = 'RXX';

export interface ScenarioProbe {
  /** The hospital's view of the person, as the normaliser would produce it. */
  patient: Patient;
  /** The sending facility (MSH-4): `RBN` unless the kind says otherwise. */
  facility: string;
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
  /** Of the twin pairs, those named as forms of each other (Henry and Harry). */
  nicknameTwinPairsBothOnRoster: number;
  nicknameTwinPairsOneOnRoster: number;
  /** Of the twin pairs, those named with near spellings of each other (Julie and Julia). */
  alikeTwinPairsBothOnRoster: number;
  alikeTwinPairsOneOnRoster: number;
  /**
   * Twin pairs one on the roster whose first names share an initial (James and John), built so
   * or drawn so; those named as forms or near spellings of each other aside.
   */
  sameInitialTwinPairsOneOnRoster: number;
  /** Rows carrying another roster person's NHS number instead of their own (or of none). */
  rowsWithAnotherPersonsNhs: number;
  /** Roster people the hub learned a hospital number for. */
  learnedNumbers: number;
  /** Probes asked for whose kind had nobody eligible, replaced by `nhs-clean`. */
  replacedProbes: number;
}

/** A hospital number the hub learned for a roster person from an earlier, confident match. */
export interface LearnedNumber {
  /** The facility it was learned from (MSH-4). */
  facility: string;
  /** `AUTHORITY:value`, with a generic authority (`PAS:00412345`). */
  identifier: string;
  /** Index in `rosterRows` of the person's row. */
  row: number;
}

export interface Scenario {
  rosterRows: RosterRow[];
  /** Per row: `person` or `junk` (a row made to be rejected; no probe is about it). */
  rowKinds: ('person' | 'junk')[];
  learned: LearnedNumber[];
  probes: ScenarioProbe[];
  stats: ScenarioStats;
}
