// The rules that keep an alert from going to the wrong person (ARCHITECTURE §4.5, docs/matching.md):
// each subscriber's own row must agree with the message; demographics need corroboration that a
// namesake would not have; a flatly different birth date refutes an identifier; twins whose names
// are each other's nicknames are not told apart by names.
import { describe, expect, it } from 'vitest';
import {
  judgeRows,
  matchPerson,
  type PersonRecord,
  type Probe,
  RosterIndex,
} from '../../../../functions/core/matching/index.ts';

function probe(details: Partial<Probe>): Probe {
  return { given: [], identifiers: [], ...details };
}

/** Messages about someone with the row's family name, birth date, sex and postcode: a twin's, say. */
function messageLike(row: PersonRecord) {
  const { family, birthDate, sex, postcode } = row;
  return (given: string, details: Partial<Probe> = {}) =>
    probe({ family, given: [given], birthDate, sex, postcode, ...details });
}

const MARY_NHS = '9449305552';
const mary: Probe = probe({
  nhsNumber: MARY_NHS,
  family: "O'Brien",
  given: ['Mary'],
  birthDate: '1942-03-17',
  sex: 'female',
  postcode: 'WA1 1AA',
});

describe('per-subscriber corroboration', () => {
  // Subscriber A typed Mary's NHS number into Alice's row; subscriber B has Mary right.
  const rows: PersonRecord[] = [
    {
      personId: MARY_NHS,
      subscriberId: 'A',
      line: 2,
      nhsNumber: MARY_NHS,
      family: 'Smith',
      given: ['Alice'],
      birthDate: '1950-01-01',
      sex: 'female',
      localIds: ['A:ALICE'],
    },
    {
      personId: MARY_NHS,
      subscriberId: 'B',
      line: 2,
      nhsNumber: MARY_NHS,
      family: "O'Brien",
      given: ['Mary'],
      birthDate: '1942-03-17',
      sex: 'female',
      postcode: 'WA1 1AA',
      localIds: ['B:MARY'],
    },
  ];
  const index = RosterIndex.fromRecords(rows);

  it('matches Mary by her NHS number, and finds that only B’s row agrees', () => {
    const result = matchPerson(mary, index);
    const verdicts = judgeRows(mary, result, index);

    expect(result).toMatchObject({
      outcome: 'matched',
      method: 'nhs-number',
      candidate: { subscriberId: 'B' },
    });
    expect(verdicts.map((v) => [v.record.subscriberId, v.agrees])).toEqual([
      ['A', false],
      ['B', true],
    ]);
    expect(verdicts[0]?.reason).toMatch(/given name, its birth date/);
  });

  it('finds A’s row for a message about Alice, and B’s row does not agree with it', () => {
    const alice = probe({ family: 'Smith', given: ['Alice'], birthDate: '1950-01-01', sex: 'female' });
    const result = matchPerson({ ...alice, identifiers: ['A:ALICE'] }, index);
    const verdicts = judgeRows({ ...alice, identifiers: ['A:ALICE'] }, result, index);

    expect(result).toMatchObject({ outcome: 'matched', candidate: { subscriberId: 'A' } });
    expect(verdicts.filter((v) => v.agrees).map((v) => v.record.subscriberId)).toEqual(['A']);
  });

  it('alerts a row whose NHS number differs from the message only when it is the same in every other detail', () => {
    // Two subscribers know Mary by an NHS number the hospital has one digit off (a valid number too).
    const knownAs = (subscriberId: string, postcode: string): PersonRecord => ({
      ...(rows[1] as PersonRecord),
      subscriberId,
      postcode,
      localIds: [],
    });
    const rosters = RosterIndex.fromRecords([knownAs('A', 'WA1 1AA'), knownAs('B', 'WA1 1AB')]);
    const slipped = { ...mary, nhsNumber: '9990548609' };

    const result = matchPerson(slipped, rosters);
    const verdicts = judgeRows(slipped, result, rosters);

    expect(result).toMatchObject({ outcome: 'matched', candidate: { subscriberId: 'A' } });
    expect(verdicts.map((v) => [v.record.subscriberId, v.agrees])).toEqual([
      ['A', true],
      ['B', false],
    ]);
    expect(verdicts[1]?.reason).toBe('The row carries another NHS number');
  });

  it('judges no rows for a message that did not match', () => {
    const stranger = probe({ family: 'Nobody', given: ['Known'], birthDate: '1999-09-09' });

    expect(judgeRows(stranger, matchPerson(stranger, index), index)).toEqual([]);
  });
});

describe('demographics need corroboration a namesake would not have', () => {
  // A roster person with no NHS number on the row (a social-care roster).
  const roster = RosterIndex.fromRecords([
    {
      personId: 'p-1',
      family: 'Hughes',
      given: ['Gareth'],
      birthDate: '1961-04-12',
      sex: 'male',
      postcode: 'WA10 2AB',
      localIds: [],
    },
  ]);
  const sameNameAndBirth = {
    family: 'Hughes',
    given: ['Gareth'],
    birthDate: '1961-04-12',
    sex: 'male' as const,
  };

  it('matches name, birth date, sex and the same postcode', () => {
    expect(matchPerson(probe({ ...sameNameAndBirth, postcode: 'WA10 2AB' }), roster).outcome).toBe('matched');
  });

  it('does not match the same name, birth date and sex in another postcode district', () => {
    const result = matchPerson(
      probe({ ...sameNameAndBirth, postcode: 'WA9 4XY', nhsNumber: '9434765919' }),
      roster,
    );

    expect(result.outcome).toBe('possible');
    expect(result.reasons).toContain(
      'The postcode is in another district: a namesake born the same day would look the same',
    );
  });

  it('wants a postcode on both sides: names, a birth date and a sex are what a namesake shares', () => {
    const withoutPostcode = RosterIndex.fromRecords([
      {
        personId: 'p-2',
        family: 'Hughes',
        given: ['Gareth'],
        birthDate: '1961-04-12',
        sex: 'male',
        localIds: ['SC:100239'],
      },
    ]);
    for (const [label, message, rows] of [
      [
        'a message with an NHS number the row lacks',
        probe({ ...sameNameAndBirth, nhsNumber: '9434765919' }),
        roster,
      ],
      ['a message without an NHS number', probe(sameNameAndBirth), roster],
      ['a message of no fixed abode', probe({ ...sameNameAndBirth, postcode: 'ZZ99 3VZ' }), roster],
      [
        'a roster row without a postcode',
        probe({ ...sameNameAndBirth, postcode: 'WA10 2AB' }),
        withoutPostcode,
      ],
    ] as const) {
      const result = matchPerson(message, rows);

      expect(result.outcome, label).toBe('possible');
      expect(result.reasons.join(' '), label).toMatch(/no postcode on one side/);
    }
    // An identifier both sides carry is independent of the names.
    expect(
      matchPerson(probe({ ...sameNameAndBirth, identifiers: ['SC:100239'] }), withoutPostcode).outcome,
    ).toBe('matched');
  });

  it('still matches a move within the same district', () => {
    expect(matchPerson(probe({ ...sameNameAndBirth, postcode: 'WA10 9ZZ' }), roster).outcome).toBe('matched');
  });
});

describe('namesakes at one address', () => {
  // Father and son, both John Smith at one address, born on the same day of the year.
  const father: PersonRecord = {
    personId: 'p-father',
    family: 'Smith',
    given: ['John'],
    birthDate: '1950-03-12',
    sex: 'male',
    postcode: 'WA1 1AA',
    localIds: [],
  };
  const son: PersonRecord = { ...father, personId: 'p-son', birthDate: '1980-07-01' };
  // A birth date one keystroke from the father's.
  const message = probe({
    family: 'Smith',
    given: ['John'],
    birthDate: '1950-03-21',
    sex: 'male',
    postcode: 'WA1 1AA',
  });

  it('reads a slip in the birth date as a slip when the name is alone at the address', () => {
    expect(matchPerson(message, RosterIndex.fromRecords([father])).outcome).toBe('matched');
  });

  it('wants an identifier when someone else of that name lives there too and the birth date is a slip', () => {
    const both = RosterIndex.fromRecords([father, son]);
    const result = matchPerson(message, both);
    expect(result.outcome).toBe('possible');
    expect(result.reasons).toContain(
      'Another person of the same name lives at the same address: only an identifier, or the very birth date when theirs is far from it, tells them apart',
    );
  });

  it('takes the very birth date when the other of that name there was born far from it, and not otherwise', () => {
    const exact = { ...message, birthDate: '1950-03-12' };
    expect(matchPerson(exact, RosterIndex.fromRecords([father, son])).outcome).toBe('matched');
    // The other's birth date one keystroke away, or unknown: either could be the person.
    for (const other of [
      { ...son, birthDate: '1950-03-13' },
      { ...son, birthDate: undefined },
    ]) {
      expect(matchPerson(exact, RosterIndex.fromRecords([father, other])).outcome).toBe('possible');
    }
  });

  it('wants the same birth date and postcode when someone else of that name lives in the district', () => {
    const neighbour = { ...son, postcode: 'WA1 9ZZ' };
    const district = RosterIndex.fromRecords([father, neighbour]);
    expect(matchPerson({ ...message, birthDate: '1950-03-12' }, district).outcome).toBe('matched');
    const moved = matchPerson({ ...message, birthDate: '1950-03-12', postcode: 'WA1 5XY' }, district);
    expect(moved.outcome).toBe('possible');
    expect(moved.reasons).toContain(
      'Another person of the same name lives in the same district: it takes the same birth date and the same postcode',
    );
  });
});

describe('identifiers and birth dates', () => {
  // A father's row with his NHS number; his son has the same name and address.
  const father = RosterIndex.fromRecords([
    {
      personId: MARY_NHS,
      nhsNumber: MARY_NHS,
      family: 'Price',
      given: ['David'],
      birthDate: '1948-02-02',
      sex: 'male',
      postcode: 'WA5 1AA',
      localIds: [],
    },
  ]);

  it('refuses an NHS number whose holder was born on a flatly different day (a parent, a child)', () => {
    const son = probe({
      nhsNumber: MARY_NHS,
      family: 'Price',
      given: ['David'],
      birthDate: '1979-08-30',
      sex: 'male',
      postcode: 'WA5 1AA',
    });

    expect(matchPerson(son, father).outcome).not.toBe('matched');
  });

  it('accepts a keying slip in the birth date', () => {
    const slipped = probe({
      nhsNumber: MARY_NHS,
      family: 'Price',
      given: ['David'],
      birthDate: '1948-02-03',
    });

    expect(matchPerson(slipped, father).outcome).toBe('matched');
  });
});

describe('twins named as nicknames of each other', () => {
  const henry = {
    personId: 'p-henry',
    family: 'Walsh',
    given: ['Henry'],
    birthDate: '1990-06-01',
    sex: 'male' as const,
    postcode: 'WA3 3CC',
    localIds: [],
  };
  /** A message about a Walsh born on the twins' birthday at their address. */
  const walsh = messageLike(henry);

  it('does not take Harry for his twin Henry when only Henry is on the roster', () => {
    const harry = walsh('Harry');

    expect(matchPerson(harry, RosterIndex.fromRecords([henry])).outcome).not.toBe('matched');
  });

  it('never takes one for the other when both are on the roster', () => {
    const both = RosterIndex.fromRecords([henry, { ...henry, personId: 'p-harry', given: ['Harry'] }]);
    const harry = walsh('Harry');

    const result = matchPerson(harry, both);

    expect(result.outcome === 'matched' ? result.candidate?.personId : 'p-harry').toBe('p-harry');
  });

  it('takes the twin whose own name the message gives, and neither for a name both could go by', () => {
    const both = RosterIndex.fromRecords([henry, { ...henry, personId: 'p-harry', given: ['Harry'] }]);
    const named = (given: string) => matchPerson(walsh(given), both);

    expect(named('Harry')).toMatchObject({ outcome: 'matched', candidate: { personId: 'p-harry' } });
    expect(named('Henry')).toMatchObject({ outcome: 'matched', candidate: { personId: 'p-henry' } });
    expect(named('Hal').outcome).toBe('possible');
  });

  it('reads a spelling the nickname table lacks as a name in its own right: Marie is not taken for her twin Mary', () => {
    const maryRow = { ...henry, personId: 'p-mary', given: ['Mary'], sex: 'female' as const };
    const marie = walsh('Marie', { sex: 'female' });

    expect(matchPerson(marie, RosterIndex.fromRecords([maryRow])).outcome).not.toBe('matched');
  });

  it('takes a diminutive spelt another way for its name when the NHS number is the row’s (Mickey, Michael)', () => {
    const michael = RosterIndex.fromRecords([
      { ...henry, personId: MARY_NHS, nhsNumber: MARY_NHS, given: ['Michael'] },
    ]);
    const mickey = walsh('Mickey', { nhsNumber: MARY_NHS });

    expect(matchPerson(mickey, michael)).toMatchObject({ outcome: 'matched', method: 'nhs-number' });
  });

  it('still matches a nickname nobody registers as a name (Bill for William)', () => {
    const william = RosterIndex.fromRecords([{ ...henry, personId: 'p-william', given: ['William'] }]);
    const bill = walsh('Bill');

    expect(matchPerson(bill, william).outcome).toBe('matched');
  });
});

describe('twins named alike: near spellings and a shared initial', () => {
  const julie = {
    personId: 'p-julie',
    family: 'Okafor',
    given: ['Julie'],
    birthDate: '2008-02-14',
    sex: 'female' as const,
    postcode: 'WA5 1PQ',
    localIds: [],
  };
  /** A message about an Okafor girl born on the twins' birthday at their address. */
  const okafor = messageLike(julie);
  const onlyJulie = RosterIndex.fromRecords([julie]);

  it('does not take Julia for her twin Julie: both are names people have', () => {
    for (const twin of ['Julia', 'Jolie']) {
      const result = matchPerson(okafor(twin), onlyJulie);

      expect(result.outcome, twin).not.toBe('matched');
    }
  });

  it('counts a name on any roster as a name in use, even one no list knows', () => {
    const rare = { ...julie, personId: 'p-brannagh', given: ['Brannagh'] };
    const other = {
      ...julie,
      personId: 'p-other',
      given: ['Brennagh'],
      family: 'Adeyemi',
      postcode: 'L1 8JQ',
    };
    const brennagh = okafor('Brennagh');

    expect(matchPerson(brennagh, RosterIndex.fromRecords([rare])).outcome).toBe('matched');
    expect(matchPerson(brennagh, RosterIndex.fromRecords([rare, other])).outcome).not.toBe('matched');
  });

  it('still matches a slip of the keys that is nobody’s name (Jluie, Juile)', () => {
    for (const slip of ['Jluie', 'Juile']) {
      expect(matchPerson(okafor(slip), onlyJulie).outcome, slip).toBe('matched');
    }
  });

  it('does not take a message giving only an initial for the row: a twin with the same initial would look the same', () => {
    const result = matchPerson(okafor('J'), onlyJulie);

    expect(result.outcome).toBe('possible');
    expect(result.reasons.join(' ')).toMatch(/initial/);
  });

  it('takes one name spelt two ways for the same person: parents do not give twins one name twice', () => {
    for (const [rowName, spelt] of [
      ['Stephen', 'Steven'],
      ['Katherine', 'Catherine'],
      ['Brian', 'Bryan'],
    ] as const) {
      const row = { ...julie, personId: `p-${rowName}`, given: [rowName], sex: 'male' as const };
      const result = matchPerson(messageLike(row)(spelt), RosterIndex.fromRecords([row]));

      expect(result.outcome, `${spelt} for ${rowName}`).toBe('matched');
    }
  });

  it('tells twins who share a first name apart by the second: Muhammad Amir is not his twin Muhammad Ali', () => {
    const ali = { ...julie, personId: 'p-ali', given: ['Muhammad Ali'], sex: 'male' as const };
    const roster = RosterIndex.fromRecords([ali]);
    const named = (...given: string[]) => matchPerson({ ...messageLike(ali)(''), given }, roster).outcome;

    expect(named('Muhammad', 'Amir')).toBe('possible');
    expect(named('Muhammad', 'Ali')).toBe('matched');
    expect(named('Mohammed', 'Ali')).toBe('matched');
    expect(named('Muhammad', 'A')).toBe('matched');
    // Without the second name on one side, either twin could be the one meant.
    expect(named('Muhammad')).toBe('possible');
    const onlyFirst = { ...ali, given: ['Mohammad'] };
    expect(
      matchPerson(messageLike(onlyFirst)('Mohammed'), RosterIndex.fromRecords([onlyFirst])).outcome,
    ).toBe('possible');
  });

  it('matches an initial, or a near spelling, when an identifier the row carries says who it is', () => {
    const withNhs = RosterIndex.fromRecords([{ ...julie, personId: MARY_NHS, nhsNumber: MARY_NHS }]);

    expect(matchPerson(okafor('J', { nhsNumber: MARY_NHS }), withNhs)).toMatchObject({
      outcome: 'matched',
      method: 'nhs-number',
    });
    expect(matchPerson(okafor('Julia', { nhsNumber: MARY_NHS }), withNhs).outcome).toBe('matched');
  });
});

describe('placeholders where a name is not known yet', () => {
  // A social-care team knows an unborn child as "Baby Smith"; the hospital registers newborn twins
  // as "Baby Smith" (or "Twin 1" and "Twin 2"), born the same day at the same address.
  const unborn = {
    personId: 'p-unborn',
    family: 'Smith',
    given: ['Baby'],
    birthDate: '2026-12-01',
    sex: 'female' as const,
    postcode: 'WA1 1AA',
    localIds: [],
  };
  const newborn = messageLike(unborn);

  it('never matches a newborn by a placeholder name: either twin could be the one on the roster', () => {
    const roster = RosterIndex.fromRecords([unborn, { ...unborn, personId: 'p-twin-1', given: ['Twin 1'] }]);
    for (const given of ['Baby', 'BABY', 'Twin 2', 'Twin II', 'Baby Girl']) {
      const result = matchPerson(newborn(given), roster);

      expect(result.outcome, given).not.toBe('matched');
    }
  });

  it('offers the roster’s unborn child for review when a newborn of that family is born there', () => {
    const result = matchPerson(newborn('Baby'), RosterIndex.fromRecords([unborn]));

    expect(result).toMatchObject({ outcome: 'possible', candidate: { personId: 'p-unborn' } });
    expect(result.evidence.find((e) => e.field === 'givenName')?.agreement).toBe('missing');
  });

  it('reads an unknown family name as none, so two unidentified patients are not one', () => {
    const unidentified = { ...unborn, personId: 'p-unknown', family: 'Unknown', given: ['Unknown'] };
    const result = matchPerson(
      newborn('Unknown', { family: 'Unknown', birthDate: '1970-01-01' }),
      RosterIndex.fromRecords([{ ...unidentified, birthDate: '1970-01-01' }]),
    );

    expect(result.outcome).not.toBe('matched');
  });

  it('reads a birth date before 1901 as not known: two John Smiths “born 1900-01-01” share no birthday', () => {
    const john = {
      ...unborn,
      personId: 'p-john',
      given: ['John'],
      sex: 'male' as const,
      birthDate: '1900-01-01',
    };
    const result = matchPerson(
      newborn('John', { sex: 'male', birthDate: '1900-01-01', postcode: undefined }),
      RosterIndex.fromRecords([{ ...john, postcode: undefined }]),
    );

    expect(result.outcome).not.toBe('matched');
    expect(result.evidence.find((e) => e.field === 'birthDate')?.agreement).toBe('missing');
  });

  it('still matches the child by name and identifier once named', () => {
    const named = { ...unborn, personId: MARY_NHS, nhsNumber: MARY_NHS, given: ['Lily'] };

    expect(matchPerson(newborn('Lily'), RosterIndex.fromRecords([named])).outcome).toBe('matched');
    expect(
      matchPerson(newborn('Baby', { nhsNumber: MARY_NHS }), RosterIndex.fromRecords([named])),
    ).toMatchObject({
      outcome: 'matched',
      method: 'nhs-number',
    });
  });
});
