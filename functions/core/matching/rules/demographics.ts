// Demographics, scored Fellegi–Sunter style: the weights of every field add up to the evidence
// that the candidate is the person; with a prior of one in the roster's size this becomes a
// probability. Precision comes first, so a match also needs the birth date and a given name to
// agree, no other person close behind, and no NHS number saying otherwise.
import { birthDate, OTHER_BIRTH_DATE_WEIGHT } from '../fields/birth-date.ts';
import { familyName, OTHER_FAMILY_NAME_MAX_WEIGHT } from '../fields/family-name.ts';
import { givenName, OTHER_GIVEN_NAME_MAX_WEIGHT } from '../fields/given-name.ts';
import { NHS_NUMBER_WEIGHT } from '../fields/nhs-number.ts';
import { OTHER_POSTCODE_WEIGHT, postcode } from '../fields/postcode.ts';
import { SEX_WEIGHT } from '../fields/sex.ts';
import { isGivenNameInUse } from '../given-names.ts';
import { areSpellingsOfOneName, isRegisteredName, isSharedFirstName } from '../nicknames.ts';
import type { NormalisedPerson } from '../person.ts';
import type { Candidate, IndexedRecord, RosterStats } from '../roster-index.ts';
import { COLUMN_MASK, COLUMN_SHIFT, columnHash } from '../roster-shard.ts';
import type { FieldEvidence } from '../types.ts';
import { compareAll, type MatchContext, type MatchRule } from './rule.ts';

/** Probability above which the best candidate is the person... */
const MATCH_PROBABILITY = 0.999;
/** ...and by how many bits it must beat the next candidate (64 times likelier). */
const MATCH_MARGIN_BITS = 6;
/** Below a match: worth a person's look when at least this likely, with this much evidence. */
const POSSIBLE_PROBABILITY = 0.5;
const POSSIBLE_MIN_WEIGHT = 14;

const BIRTH_DATE_AGREES = new Set(['exact', 'swapped', 'slip']);
const GIVEN_NAME_AGREES = new Set(['exact', 'nickname', 'initial', 'middle', 'similar']);

function agreement(evidence: readonly FieldEvidence[], field: FieldEvidence['field']): string | undefined {
  return evidence.find((e) => e.field === field)?.agreement;
}

/**
 * Whether the row has the message's family name, first given name, birth date, sex and full
 * postcode, each exactly. Different people never share all five (twins differ in given name, a
 * parent and child in birth date, namesakes in postcode), so an NHS number that disagrees with
 * such a row is mistyped on one side, and a nearer rival must have a mistake of its own.
 */
export function sameInEveryDetail(evidence: readonly FieldEvidence[]): boolean {
  return IDENTIFYING_DETAILS.every((field) => agreement(evidence, field) === 'exact');
}
const IDENTIFYING_DETAILS = ['familyName', 'givenName', 'birthDate', 'sex', 'postcode'] as const;

/** Whether the message and the row share an identifier (an NHS number or a local id). */
function sharesIdentifier(probe: NormalisedPerson, candidate: NormalisedPerson): boolean {
  if (probe.nhsNumber !== undefined && probe.nhsNumber === candidate.nhsNumber) return true;
  return probe.identifiers.some((id) => candidate.identifiers.includes(id));
}

/**
 * Why a high score is still not a match; empty when nothing stands in the way. Names, a birth date
 * and a sex are what a namesake shares; a match also needs something independent of them: the
 * same postcode district (or an identifier both sides carry).
 */
export function objections(
  evidence: readonly FieldEvidence[],
  probe: NormalisedPerson,
  candidate: NormalisedPerson,
  stats: RosterStats,
): string[] {
  const reasons: string[] = [];
  if (!BIRTH_DATE_AGREES.has(agreement(evidence, 'birthDate') ?? 'missing'))
    reasons.push('The birth date does not agree');
  if (!GIVEN_NAME_AGREES.has(agreement(evidence, 'givenName') ?? 'missing'))
    reasons.push('The given name does not agree');
  if (agreement(evidence, 'nhsNumber') === 'disagree' && !sameInEveryDetail(evidence))
    reasons.push('The NHS numbers differ');
  // Someone known by a middle name looks exactly like a twin whose first name is the other's
  // middle name: without an identifier, a person decides.
  if (agreement(evidence, 'givenName') === 'middle') reasons.push('Only a middle name agrees');
  // A new family name (marriage) is common; with a new address or a doubtful birth date as well,
  // only a given name and a date are left, which strangers share too often.
  if (agreement(evidence, 'familyName') === 'disagree') {
    if (agreement(evidence, 'birthDate') !== 'exact')
      reasons.push('The family name disagrees and the birth date is not exact');
    if (!['exact', 'outward'].includes(agreement(evidence, 'postcode') ?? 'missing')) {
      reasons.push('The family name and the postcode both disagree');
    }
  }
  if (!sharesIdentifier(probe, candidate)) {
    const postcode = agreement(evidence, 'postcode') ?? 'missing';
    // A namesake born the same day lives elsewhere as often as the person has moved.
    if (postcode === 'disagree')
      reasons.push('The postcode is in another district: a namesake born the same day would look the same');
    // Without a postcode on one side (or one of no fixed abode), nothing independent is left.
    else if (postcode === 'missing')
      reasons.push(
        'There is no postcode on one side: names, a birth date and a sex are all a namesake born the same day would share too',
      );
    // The hospital knows the person's NHS number and the subscriber never recorded one: a birth
    // date read as a slip or a swap needs the very same postcode, as a namesake one keystroke away
    // in the same district is no corroboration.
    else if (
      probe.nhsNumber !== undefined &&
      candidate.nhsNumber === undefined &&
      agreement(evidence, 'birthDate') !== 'exact' &&
      postcode !== 'exact'
    )
      reasons.push(
        'The message has an NHS number the roster row lacks, and neither the birth date nor the postcode is the same',
      );
    const twin = twinCouldBeNamedSo(evidence, probe, candidate, stats);
    if (twin !== undefined) reasons.push(twin);
  }
  return reasons;
}

/**
 * Twins share family name, birth date, sex and address: only the given names tell them apart, so a
 * given name that agrees only loosely may be the other twin's own. A nickname may be, when both
 * names are ones parents register (Henry and Harry); a near spelling, when the message's is a name
 * people have (Julia beside Julie; Jlia is a slip); an initial always (James and John); one name
 * spelt two ways never (Steven, Stephen). Twins who share a first name differ in the second.
 */
function twinCouldBeNamedSo(
  evidence: readonly FieldEvidence[],
  probe: NormalisedPerson,
  candidate: NormalisedPerson,
  stats: RosterStats,
): string | undefined {
  const [probeName, probeSecond] = probe.givenNames;
  const [candidateName, candidateSecond] = candidate.givenNames;
  if (probeName === undefined || candidateName === undefined) return undefined;
  // Brothers are often all Muhammad first, told apart by the second name (Muhammad Ali, Muhammad
  // Amir); for twins it is the only thing that differs.
  if (probeSecond !== undefined && candidateSecond !== undefined) {
    const second = (name: string) => ({ ...probe, givenNames: [name] });
    if (givenName(second(probeSecond), second(candidateSecond), stats).agreement === 'disagree')
      return 'The second given names differ: twins who share a first name (Muhammad Ali, Muhammad Amir) would look the same';
  }
  // …and a first name brothers share (or a slip of it) says nothing between twins without the
  // second on both sides.
  if (
    (isSharedFirstName(probeName) || isSharedFirstName(candidateName)) &&
    (probeSecond === undefined || candidateSecond === undefined)
  )
    return 'Brothers often share this first name and are told apart by the second, which one side lacks: a twin would look the same';
  const loose = agreement(evidence, 'givenName');
  if ((loose === 'nickname' || loose === 'similar') && areSpellingsOfOneName(probeName, candidateName))
    return undefined;
  switch (loose) {
    case 'nickname':
      return isRegisteredName(probeName) && isRegisteredName(candidateName)
        ? 'The given names are each other’s nicknames, and both are names in their own right: a twin would look the same'
        : undefined;
    case 'similar':
      return isGivenNameInUse(probeName, stats)
        ? 'The given names are spelt alike, and the message’s is a name other people have: a twin would look the same'
        : undefined;
    case 'initial':
      return 'Only the initial of the given name agrees: a twin with the same initial would look the same';
    default:
      return undefined;
  }
}

/**
 * A near miss worth a person's time. A birth date or a given name that flatly disagrees, with
 * nothing else wrong, is almost always someone else (a namesake; a twin or sibling at the same
 * address): putting those on the review list would bury the real near misses.
 */
function worthReview(evidence: readonly FieldEvidence[]): boolean {
  return agreement(evidence, 'birthDate') !== 'disagree' && agreement(evidence, 'givenName') !== 'disagree';
}

/** The probability that a candidate with this much evidence is the person, on a roster of `size`. */
export function probabilityOf(weight: number, size: number): number {
  const priorLogOdds = -Math.log2(Math.max(1, size));
  return 1 / (1 + 2 ** -(weight + priorLogOdds));
}

/** Whether demographics alone make a match: likely enough, with nothing standing in the way. */
export function demographicallyConfident(
  evidence: readonly FieldEvidence[],
  probe: NormalisedPerson,
  candidate: NormalisedPerson,
  stats: RosterStats,
): boolean {
  const weight = evidence.reduce((sum, e) => sum + e.weight, 0);
  return (
    probabilityOf(weight, stats.size) >= MATCH_PROBABILITY &&
    objections(evidence, probe, candidate, stats).length === 0
  );
}

/** Another person of the best candidate's name, as far as the rule about namesakes needs. */
interface Namesake {
  /** At the best candidate's postcode. */
  atAddress: boolean;
  /** In the best candidate's postcode district. */
  inDistrict: boolean;
  /** How their birth date compares with the message's ('near' for a swap or a slip). */
  birthDate: string;
}

/**
 * Names, a birth date and an address are independent evidence only while a name is rare where the
 * person lives. When the registry itself holds someone else of the same name at the same address
 * (a father and son) only the very same birth date tells them apart, and only while the other's
 * birth date is nothing like it (a slip, a swap or none at all could be either); in the same
 * district, it takes the same birth date and the very same postcode.
 */
function namesakeObjections(
  best: { candidate: IndexedRecord; evidence: FieldEvidence[] },
  namesakes: readonly Namesake[],
  probe: NormalisedPerson,
): string[] {
  const { person } = best.candidate;
  if (sharesIdentifier(probe, person) || person.familyKey === undefined || person.outward === undefined)
    return [];
  const exact = (field: FieldEvidence['field']) => agreement(best.evidence, field) === 'exact';
  const atAddress = namesakes.filter((other) => other.atAddress);
  if (
    atAddress.length > 0 &&
    (!exact('birthDate') || atAddress.some((other) => other.birthDate !== 'disagree'))
  )
    return [
      'Another person of the same name lives at the same address: only an identifier, or the very birth date when theirs is far from it, tells them apart',
    ];
  if (namesakes.some((other) => other.inDistrict) && !(exact('birthDate') && exact('postcode')))
    return [
      'Another person of the same name lives in the same district: it takes the same birth date and the same postcode',
    ];
  return [];
}

/**
 * The most a candidate could score from what its columns tell (RosterIndex.candidatesFor): for each
 * field, by its column agreement (COLUMN_SHIFT), the weight the comparison gives when the value is
 * the message's own, and otherwise the most any other value could give.
 */
export function weightBounds(context: MatchContext): (agreement: number) => number {
  const { probe, index } = context;
  const same = (compare: typeof familyName) => compare(probe, probe, index).weight;
  const sameBirthDate = same(birthDate);
  const levels: Record<keyof typeof COLUMN_SHIFT, readonly number[]> = {
    family: [0, same(familyName), OTHER_FAMILY_NAME_MAX_WEIGHT],
    given: [0, same(givenName), OTHER_GIVEN_NAME_MAX_WEIGHT],
    birth: [
      0,
      sameBirthDate,
      OTHER_BIRTH_DATE_WEIGHT.near,
      OTHER_BIRTH_DATE_WEIGHT.disagree,
      Math.max(sameBirthDate, OTHER_BIRTH_DATE_WEIGHT.near),
    ],
    postcode: [0, same(postcode), OTHER_POSTCODE_WEIGHT.outward, OTHER_POSTCODE_WEIGHT.disagree],
    sex: [0, SEX_WEIGHT.exact, SEX_WEIGHT.disagree],
    nhs: [0, NHS_NUMBER_WEIGHT.exact, NHS_NUMBER_WEIGHT.disagree],
  };
  const fields = Object.keys(COLUMN_SHIFT) as (keyof typeof COLUMN_SHIFT)[];
  return (agreement) => {
    let bound = 0;
    for (const field of fields)
      bound += levels[field][(agreement >>> COLUMN_SHIFT[field]) & COLUMN_MASK] as number;
    return bound;
  };
}

interface Scored {
  candidate: IndexedRecord;
  evidence: FieldEvidence[];
  weight: number;
  /** Where the look-up found it first: the tie-break, as the look-up's order. */
  order: number;
}

/**
 * The candidates that decide, scored; the others are left unread. Candidates are read in order of
 * the most they could score, so once one cannot reach the margin below the best read so far, none
 * after it can, and the best is final. When the best is final and too weak to be a match anyway,
 * the only question left is whether another person comes within the margin (a reason to show):
 * one found answers it.
 */
function scoreCandidates(context: MatchContext): { scored: Scored[]; unread: Candidate[] } {
  const bound = weightBounds(context);
  const bounded = context.index
    .candidatesFor(context.probe)
    .map((candidate, order) => ({ candidate, order, bound: bound(candidate.agreement) }))
    .sort((a, b) => b.bound - a.bound || a.order - b.order);
  // One entry per person: several subscribers may know the same person, and the runner-up that
  // matters is another person, not the same one on another roster.
  const bestPerPerson = new Map<string, Scored>();
  const unread: Candidate[] = [];
  let best: Scored | undefined;
  let rivalWithinMargin = false;
  const matchable = (weight: number) => probabilityOf(weight, context.index.size) >= MATCH_PROBABILITY;
  for (const { candidate, order, bound } of bounded) {
    if (
      best !== undefined &&
      (bound < best.weight - MATCH_MARGIN_BITS ||
        (bound <= best.weight && rivalWithinMargin && !matchable(best.weight)))
    ) {
      unread.push(candidate);
      continue;
    }
    const indexed = context.index.read(candidate);
    const evidence = compareAll(context, indexed);
    const weight = evidence.reduce((sum, e) => sum + e.weight, 0);
    const { personId } = indexed.record;
    if (best === undefined || weight > best.weight) {
      rivalWithinMargin =
        best !== undefined &&
        [...bestPerPerson.values()].some(
          (other) =>
            other.candidate.record.personId !== personId && weight - other.weight < MATCH_MARGIN_BITS,
        );
      best = { candidate: indexed, evidence, weight, order };
    } else if (personId !== best.candidate.record.personId && best.weight - weight < MATCH_MARGIN_BITS)
      rivalWithinMargin = true;
    const seen = bestPerPerson.get(personId);
    if (seen === undefined) bestPerPerson.set(personId, { candidate: indexed, evidence, weight, order });
    else if (weight > seen.weight || (weight === seen.weight && order < seen.order))
      bestPerPerson.set(personId, {
        candidate: indexed,
        evidence,
        weight,
        order: Math.min(order, seen.order),
      });
    else seen.order = Math.min(order, seen.order);
  }
  const scored = [...bestPerPerson.values()].sort((a, b) => b.weight - a.weight || a.order - b.order);
  return { scored, unread };
}

const BIRTH_DATE_BY_CODE = ['missing', 'exact', 'near', 'disagree'] as const;

/**
 * The other people of the best candidate's name (family key and first given name): those scored,
 * and the unread by their columns. Most often the best has the message's own names and postcode,
 * and the columns' agreement with the message says all the rule needs; otherwise a sketch does.
 */
function namesakesOf(
  context: MatchContext,
  best: Scored,
  scored: readonly Scored[],
  unread: readonly Candidate[],
): Namesake[] {
  const { probe, index } = context;
  const { personId } = best.candidate.record;
  const { familyKey, givenNames, postcode, outward } = best.candidate.person;
  const namesake = (person: NormalisedPerson, birthDate: string): Namesake | undefined =>
    person.familyKey === familyKey && person.givenNames[0] === givenNames[0]
      ? { atAddress: person.postcode === postcode, inDistrict: person.outward === outward, birthDate }
      : undefined;
  const namesakes: Namesake[] = [];
  for (const { candidate, evidence } of scored) {
    if (candidate.record.personId === personId) continue;
    const found = namesake(candidate.person, agreement(evidence, 'birthDate') ?? 'missing');
    if (found !== undefined) namesakes.push(found);
  }
  const bestHash = columnHash(personId);
  const byColumns =
    familyKey !== undefined &&
    givenNames[0] !== undefined &&
    postcode !== undefined &&
    familyKey === probe.familyKey &&
    givenNames[0] === probe.givenNames[0] &&
    postcode === probe.postcode;
  const sameNames = (1 << COLUMN_SHIFT.family) | (1 << COLUMN_SHIFT.given);
  const namesMask = (COLUMN_MASK << COLUMN_SHIFT.family) | (COLUMN_MASK << COLUMN_SHIFT.given);
  for (const candidate of unread) {
    if (byColumns && (candidate.agreement & namesMask) !== sameNames) continue;
    // The same person on another roster is not a namesake: a shared hash is checked on the row.
    if (index.personHash(candidate) === bestHash && index.read(candidate).record.personId === personId)
      continue;
    const birthCode = (candidate.agreement >>> COLUMN_SHIFT.birth) & COLUMN_MASK;
    if (byColumns) {
      const postcodeCode = (candidate.agreement >>> COLUMN_SHIFT.postcode) & COLUMN_MASK;
      namesakes.push({
        atAddress: postcodeCode === 1,
        inDistrict: postcodeCode === 1 || postcodeCode === 2,
        birthDate:
          BIRTH_DATE_BY_CODE[birthCode] ?? birthDate(probe, index.read(candidate).person, index).agreement,
      });
      continue;
    }
    const sketch = index.sketch(candidate);
    // A birth date the columns could not keep is compared on the row.
    const person = birthCode === 4 ? index.read(candidate).person : sketch;
    const found = namesake(sketch, birthDate(probe, person, index).agreement);
    if (found !== undefined) namesakes.push(found);
  }
  return namesakes;
}

export const demographicsRule: MatchRule = (context) => {
  const { scored, unread } = scoreCandidates(context);
  const [best, runnerUp] = scored;
  const conflicts = context.conflicts.map((c) => c.reason);
  if (best === undefined) {
    const [conflict] = context.conflicts;
    if (conflict === undefined) return { outcome: 'unmatched', score: 0, evidence: [], reasons: [] };
    return {
      outcome: 'possible',
      score: 0,
      candidate: conflict.candidate,
      evidence: conflict.evidence,
      reasons: conflicts,
    };
  }

  const probability = probabilityOf(best.weight, context.index.size);
  const score = Math.round(probability * 10_000) / 10_000;
  // A row the same in every detail outweighs an NHS number typed into someone else's row (the
  // conflict is about that other person, who is not alerted), and a rival that needs a mistake in
  // the message to fit (a twin named Katie when the message says Katherine).
  const identical = sameInEveryDetail(best.evidence);
  const reasons = [
    ...objections(best.evidence, context.probe, best.candidate.person, context.index),
    ...(identical ? [] : conflicts),
  ];
  reasons.push(...namesakeObjections(best, namesakesOf(context, best, scored, unread), context.probe));
  const rivalIsClose = runnerUp !== undefined && best.weight - runnerUp.weight < MATCH_MARGIN_BITS;
  if (rivalIsClose && !(identical && !sameInEveryDetail(runnerUp.evidence))) {
    reasons.push('Another roster person scores almost as high');
  }
  const base = {
    method: 'demographics' as const,
    score,
    candidate: best.candidate.record,
    evidence: best.evidence,
  };
  if (probability >= MATCH_PROBABILITY && reasons.length === 0)
    return { ...base, outcome: 'matched', reasons };
  if (
    probability >= POSSIBLE_PROBABILITY &&
    best.weight >= POSSIBLE_MIN_WEIGHT &&
    worthReview(best.evidence)
  ) {
    return { ...base, outcome: 'possible', reasons };
  }
  const [conflict] = context.conflicts;
  if (conflict !== undefined) {
    return {
      outcome: 'possible',
      score,
      candidate: conflict.candidate,
      evidence: conflict.evidence,
      reasons: conflicts,
    };
  }
  return { outcome: 'unmatched', score, evidence: best.evidence, reasons };
};
