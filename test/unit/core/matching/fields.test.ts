// Each field comparison, table-driven: agreement, partial agreement, disagreement, missing values.
import { describe, expect, it } from 'vitest';
import { birthDate } from '../../../../functions/core/matching/fields/birth-date.ts';
import { familyName } from '../../../../functions/core/matching/fields/family-name.ts';
import { givenName } from '../../../../functions/core/matching/fields/given-name.ts';
import { nhsNumber } from '../../../../functions/core/matching/fields/nhs-number.ts';
import { postcode } from '../../../../functions/core/matching/fields/postcode.ts';
import { sex } from '../../../../functions/core/matching/fields/sex.ts';
import {
  jaroWinkler,
  normaliseName,
  oneEditApart,
  soundex,
} from '../../../../functions/core/matching/names.ts';
import { normalisePerson } from '../../../../functions/core/matching/person.ts';
import { RosterIndex } from '../../../../functions/core/matching/roster-index.ts';
import type { PersonRecord } from '../../../../functions/core/matching/types.ts';

type Details = Partial<
  Pick<PersonRecord, 'nhsNumber' | 'family' | 'given' | 'birthDate' | 'sex' | 'postcode'>
>;

function person(details: Details) {
  return normalisePerson({ given: [], identifiers: [], ...details });
}

/** Letters only (digits are not part of a name): 0 → A, 27 → BB. */
const letters = (n: number) => String.fromCharCode(65 + (n % 26)).repeat(1 + Math.floor(n / 26));

/** A roster where Smith is common and everything else rare. */
const stats = RosterIndex.fromRecords(
  Array.from({ length: 200 }, (_, i) => ({
    personId: String(i),
    family: i < 50 ? 'Smith' : `Rare${letters(i)}`,
    given: [i < 50 ? 'John' : `Given${letters(i)}`],
    postcode: i < 10 ? 'WA1 1AA' : undefined,
    localIds: [],
  })),
);

describe('familyName', () => {
  it.each([
    [{ family: "O'Brien" }, { family: 'OBrien' }, 'exact'],
    [{ family: 'Núñez-García' }, { family: 'NUNEZ GARCIA' }, 'exact'],
    [{ family: 'Smith-Jones' }, { family: 'Jones' }, 'similar'],
    [{ family: 'Thompson' }, { family: 'Thomspon' }, 'similar'],
    [{ family: 'Smith' }, { family: 'Patel' }, 'disagree'],
    [{}, { family: 'Patel' }, 'missing'],
  ])('%j against %j is %s', (a, b, agreement) => {
    expect(familyName(person(a), person(b), stats).agreement).toBe(agreement);
  });

  it('weighs a common surname less than a rare one', () => {
    const common = familyName(person({ family: 'Smith' }), person({ family: 'Smith' }), stats);
    const rare = familyName(
      person({ family: `Rare${letters(77)}` }),
      person({ family: `Rare${letters(77)}` }),
      stats,
    );

    expect(rare.weight).toBeGreaterThan(common.weight + 2);
    expect(common.weight).toBeGreaterThan(0);
  });

  it('costs less for a disagreement than a birth date does', () => {
    const family = familyName(person({ family: 'Smith' }), person({ family: 'Patel' }), stats);
    const born = birthDate(person({ birthDate: '1950-01-01' }), person({ birthDate: '1960-06-15' }), stats);

    expect(family.weight).toBeLessThan(0);
    expect(born.weight).toBeLessThan(family.weight);
  });
});

describe('givenName', () => {
  it.each([
    [['Mary'], ['MARY'], 'exact'],
    [['Bill'], ['William'], 'nickname'],
    [['Peggy'], ['Margaret'], 'nickname'],
    // A diminutive spelt another way than the table's (Micky, Jimmy): the same family.
    [['Mickey'], ['Michael'], 'nickname'],
    [['Mickie'], ['Mick'], 'nickname'],
    [['Katey'], ['Katherine'], 'nickname'],
    // Not after a vowel: Joy is not Joey.
    [['Joy'], ['Joseph'], 'disagree'],
    [['M'], ['Mary'], 'initial'],
    [['Mary'], ['M.'], 'initial'],
    [['Jonathon'], ['Jonathan'], 'similar'],
    [['Anne'], ['Mary', 'Anne'], 'middle'],
    [['Mary Anne'], ['Anne'], 'middle'],
    [['Mary'], ['Susan'], 'disagree'],
    [[], ['Susan'], 'missing'],
  ])('%j against %j is %s', (a, b, agreement) => {
    expect(givenName(person({ given: a }), person({ given: b }), stats).agreement).toBe(agreement);
  });

  it('weighs a twin’s different given name heavily', () => {
    expect(givenName(person({ given: ['Amir'] }), person({ given: ['Zaid'] }), stats).weight).toBeLessThan(
      -6,
    );
  });
});

describe('birthDate', () => {
  it.each([
    ['1942-03-17', '1942-03-17', 'exact'],
    ['1942-03-07', '1942-07-03', 'swapped'],
    ['1942-03-17', '1942-03-18', 'slip'],
    ['1942-03-17', '1924-03-17', 'slip'],
    ['1942-03-17', '1942-03-71', 'slip'],
    ['1942-03-17', '1950-11-02', 'disagree'],
    ['1942-03-17', undefined, 'missing'],
  ])('%s against %s is %s', (a, b, agreement) => {
    expect(birthDate(person({ birthDate: a }), person({ birthDate: b }), stats).agreement).toBe(agreement);
  });

  it('ranks exact above swapped and slip, and all of them above zero', () => {
    const [exact, swapped, slip] = [
      ['1942-03-07', '1942-03-07'],
      ['1942-03-07', '1942-07-03'],
      ['1942-03-07', '1942-03-08'],
    ].map(([a, b]) => birthDate(person({ birthDate: a }), person({ birthDate: b }), stats).weight);

    expect(exact).toBeGreaterThan(swapped as number);
    expect(swapped).toBeGreaterThan(0);
    expect(slip).toBeGreaterThan(0);
  });
});

describe('sex, postcode and NHS number', () => {
  it.each([
    ['female', 'female', 'exact'],
    ['female', 'male', 'disagree'],
    ['female', 'unknown', 'missing'],
    ['other', 'male', 'missing'],
  ] as const)('sex %s against %s is %s', (a, b, agreement) => {
    expect(sex(person({ sex: a }), person({ sex: b }), stats).agreement).toBe(agreement);
  });

  it.each([
    ['WA1 1AA', 'WA1 1AA', 'exact'],
    ['WA1 1AA', 'WA1 3ZZ', 'outward'],
    ['WA1 1AA', 'M1 1AE', 'disagree'],
    ['WA1 1AA', undefined, 'missing'],
  ])('postcode %s against %s is %s', (a, b, agreement) => {
    expect(postcode(person({ postcode: a }), person({ postcode: b }), stats).agreement).toBe(agreement);
  });

  it('weighs a shared household postcode less than a rare one', () => {
    const household = postcode(person({ postcode: 'WA1 1AA' }), person({ postcode: 'WA1 1AA' }), stats);
    const rare = postcode(person({ postcode: 'M1 1AE' }), person({ postcode: 'M1 1AE' }), stats);

    expect(rare.weight).toBeGreaterThan(household.weight);
  });

  it.each([
    ['9449305552', '9449305552', 'exact'],
    ['9449305552', '9434765919', 'disagree'],
    [undefined, '9434765919', 'missing'],
  ])('NHS number %s against %s is %s', (a, b, agreement) => {
    expect(nhsNumber(person({ nhsNumber: a }), person({ nhsNumber: b }), stats).agreement).toBe(agreement);
  });
});

describe('string measures', () => {
  it('computes Jaro–Winkler as published (MARTHA/MARHTA 0.961, DIXON/DICKSONX 0.813)', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('SAME', 'SAME')).toBe(1);
    expect(jaroWinkler('ABC', 'XYZ')).toBe(0);
  });

  it.each([
    ['ROBERT', 'R163'],
    ['RUPERT', 'R163'],
    ['ASHCRAFT', 'A261'],
    ['TYMCZAK', 'T522'],
    ['PFISTER', 'P236'],
    ['LEE', 'L000'],
  ])('codes %s as %s in Soundex', (name, code) => {
    expect(soundex(name)).toBe(code);
  });
});

describe('name normalisation and slips', () => {
  it('folds letters that decomposition leaves whole', () => {
    expect(normaliseName('Małgorzata Łukasiewicz')).toBe('MALGORZATA LUKASIEWICZ');
    expect(normaliseName('Søren Strauß')).toBe('SOREN STRAUSS');
  });

  it.each([
    ['RACHEL', 'FACHEL', true],
    ['HARRY', 'HRARY', true],
    ['JOAN', 'JOANN', true],
    ['JOAN', 'JAN', true],
    ['AMIR', 'ZAID', false],
    ['MARY', 'MARY', false],
  ])('%s and %s are one edit apart: %s', (a, b, expected) => {
    expect(oneEditApart(a, b)).toBe(expected);
  });

  it('calls a one-letter slip in a given name of four letters or more similar, not in shorter ones', () => {
    expect(givenName(person({ given: ['Fachel'] }), person({ given: ['Rachel'] }), stats).agreement).toBe(
      'similar',
    );
    expect(givenName(person({ given: ['Jon'] }), person({ given: ['Jan'] }), stats).agreement).toBe(
      'disagree',
    );
  });
});
