// The vocabulary of patient matching: who a subscriber knows (a PersonRecord), who a message is
// about (a Probe), and what the matcher decided, with the evidence a person can read.
import type { Sex } from '../normalise/adt-event.ts';

/** One person a roster (or the registry) knows, normalised once when the roster is loaded. */
export interface PersonRecord {
  /** The registry's id for the person; for a roster CSV, `line:<n>`. */
  personId: string;
  /** The roster CSV line (the header is line 1), when the record came from a CSV. */
  line?: number;
  /** The subscriber whose roster the record is on (in the hub's registry). */
  subscriberId?: string;
  /** Valid (modulus 11) NHS number, ten digits. */
  nhsNumber?: string;
  family?: string;
  given: string[];
  /** `YYYY-MM-DD`. */
  birthDate?: string;
  sex?: Sex;
  /** Normalised UK postcode (`WA1 1AA`). */
  postcode?: string;
  /** Identifiers as `AUTHORITY:value`, e.g. the subscriber's own `SC:100239` or a hospital number. */
  localIds: string[];
}

/** Who a message is about, as the matcher sees it. */
export interface Probe {
  /** The sending facility (MSH-4): hospital numbers the hub learned are known per facility. */
  facility?: string;
  nhsNumber?: string;
  family?: string;
  given: string[];
  birthDate?: string;
  sex?: Sex;
  postcode?: string;
  /** PID-3 identifiers as `AUTHORITY:value`. */
  identifiers: string[];
}

export type MatchOutcome = 'matched' | 'possible' | 'unmatched';
export type MatchMethod = 'nhs-number' | 'local-id' | 'demographics';

export type FieldName = 'nhsNumber' | 'familyName' | 'givenName' | 'birthDate' | 'sex' | 'postcode';

/** How two values compare, from full agreement to disagreement. */
export type Agreement =
  | 'exact'
  | 'nickname'
  | 'initial'
  | 'middle'
  | 'similar'
  | 'swapped'
  | 'slip'
  | 'outward'
  | 'missing'
  | 'disagree';

/** One field's comparison: its agreement and its Fellegi–Sunter weight, log2(m/u). */
export interface FieldEvidence {
  field: FieldName;
  agreement: Agreement;
  weight: number;
}

export interface MatchResult {
  outcome: MatchOutcome;
  /** How the person was found (absent when unmatched). */
  method?: MatchMethod;
  /** 1 for an identifier match; otherwise the probability that the candidate is the person. */
  score: number;
  /** The person matched, or the best possible one. */
  candidate?: PersonRecord;
  evidence: FieldEvidence[];
  /** Why the outcome is not simply the score's, for the review list (e.g. an NHS number conflict). */
  reasons: string[];
}
