// The match decision: identifier rules with corroboration, the conflict case, and demographics
// with the cases that cause wrong-person alerts (twins, households, common names).
import { describe, expect, it } from 'vitest';
import {
  learnedKey,
  matchPerson,
  parseRosterRow,
  RosterIndex,
} from '../../../../functions/core/matching/index.ts';
import type { Probe } from '../../../../functions/core/matching/types.ts';

const ROWS: Record<string, string>[] = [
  // line 2: has an NHS number
  {
    nhs_number: '9449305552',
    family_name: "O'Brien",
    given_name: 'Mary',
    birth_date: '1942-03-17',
    sex: 'F',
    postcode: 'WA1 1AA',
  },
  // lines 3 and 4: twins, no NHS numbers (a social-care roster)
  {
    family_name: 'Khan',
    given_name: 'Amir',
    birth_date: '2001-05-09',
    sex: 'M',
    postcode: 'WA2 7AB',
    local_id: 'SC:100239',
  },
  { family_name: 'Khan', given_name: 'Zaid', birth_date: '2001-05-09', sex: 'M', postcode: 'WA2 7AB' },
  // line 5: a household member of the O'Briens
  { family_name: "O'Brien", given_name: 'Patrick', birth_date: '1940-11-02', sex: 'M', postcode: 'WA1 1AA' },
  // line 6: a William Smith
  { family_name: 'Smith', given_name: 'William', birth_date: '1955-08-21', sex: 'M', postcode: 'WA4 2QT' },
  // line 7: another person with an NHS number
  {
    nhs_number: '9434765919',
    family_name: 'Okonkwo',
    given_name: 'Chinedu',
    birth_date: '1980-07-04',
    sex: 'M',
    postcode: 'WA7 1AB',
  },
];

const index = RosterIndex.fromRecords(
  ROWS.map((row, i) => {
    const parsed = parseRosterRow(row, i + 2);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.record;
  }),
);

function probe(details: Partial<Probe>): Probe {
  return { given: [], identifiers: [], ...details };
}

describe('by NHS number', () => {
  it('matches a valid NHS number corroborated by the birth date, whatever the name', () => {
    const result = matchPerson(
      probe({ nhsNumber: '9449305552', family: 'Smith', birthDate: '1942-03-17' }),
      index,
    );

    expect(result).toMatchObject({
      outcome: 'matched',
      method: 'nhs-number',
      score: 1,
      candidate: { line: 2 },
    });
  });

  it('matches when the roster person has nothing else to compare', () => {
    const bare = RosterIndex.fromRecords([
      { personId: 'p', nhsNumber: '9449305552', given: [], localIds: [] },
    ]);

    expect(
      matchPerson(probe({ nhsNumber: '9449305552', family: 'X', birthDate: '1999-01-01' }), bare).outcome,
    ).toBe('matched');
  });

  it('refuses a number whose holder disagrees on both family name and birth date, and asks for review', () => {
    const result = matchPerson(
      probe({ nhsNumber: '9434765919', family: 'Whitfield', given: ['Joan'], birthDate: '1931-12-25' }),
      index,
    );

    expect(result.outcome).toBe('possible');
    expect(result.candidate?.line).toBe(7);
    expect(result.reasons.join()).toMatch(/NHS number belongs to a roster person/);
  });

  // Amir's details, with the NHS number of the roster's line 7 (Chinedu's) typed in.
  const amirWithAnotherNumber = probe({
    nhsNumber: '9434765919',
    family: 'Khan',
    given: ['Amir'],
    birthDate: '2001-05-09',
    sex: 'male',
    postcode: 'WA2 7AB',
  });

  it('finds the true person by demographics when the NHS number was mistyped into someone else’s', () => {
    const result = matchPerson(amirWithAnotherNumber, index);

    // Amir's row is the same in every detail: the number is a slip, and Amir (not its holder) is told.
    expect(result).toMatchObject({ outcome: 'matched', method: 'demographics', candidate: { line: 3 } });
  });

  it('leaves it for review when the holder’s row conflicts and the demographics are not exact', () => {
    const result = matchPerson({ ...amirWithAnotherNumber, postcode: 'WA2 7AX' }, index);

    expect(result.outcome).toBe('possible');
    expect(result.candidate?.line).toBe(3);
  });
});

describe('by local identifier', () => {
  it('matches the subscriber’s own id when the message carries it', () => {
    const result = matchPerson(
      probe({ identifiers: ['sc:100239'.replace('sc', 'SC')], family: 'Khan', birthDate: '2001-05-09' }),
      index,
    );

    expect(result).toMatchObject({ outcome: 'matched', method: 'local-id', candidate: { line: 3 } });
  });
});

describe('by demographics', () => {
  it('matches clean demographics without an NHS number', () => {
    const result = matchPerson(
      probe({ family: 'Khan', given: ['Zaid'], birthDate: '2001-05-09', sex: 'male', postcode: 'WA2 7AB' }),
      index,
    );

    expect(result).toMatchObject({ outcome: 'matched', method: 'demographics', candidate: { line: 4 } });
    expect(result.score).toBeGreaterThanOrEqual(0.999);
    expect(result.evidence.map((e) => `${e.field}:${e.agreement}`)).toEqual([
      'nhsNumber:missing',
      'familyName:exact',
      'givenName:exact',
      'birthDate:exact',
      'sex:exact',
      'postcode:exact',
    ]);
  });

  it('never takes one twin for the other', () => {
    const result = matchPerson(
      probe({ family: 'Khan', given: ['Yusuf'], birthDate: '2001-05-09', sex: 'male', postcode: 'WA2 7AB' }),
      index,
    );

    expect(result.outcome).not.toBe('matched');
  });

  it('never takes a household member for the person', () => {
    const result = matchPerson(
      probe({
        family: "O'Brien",
        given: ['Siobhan'],
        birthDate: '1968-04-30',
        sex: 'female',
        postcode: 'WA1 1AA',
      }),
      index,
    );

    expect(result.outcome).toBe('unmatched');
  });

  it('matches a nickname, and a day/month swap', () => {
    const nickname = matchPerson(
      probe({ family: 'Smith', given: ['Bill'], birthDate: '1955-08-21', sex: 'male', postcode: 'WA4 2QT' }),
      index,
    );
    const swapped = matchPerson(
      probe({ family: 'Khan', given: ['Zaid'], birthDate: '2001-09-05', sex: 'male', postcode: 'WA2 7AB' }),
      index,
    );

    expect(nickname).toMatchObject({ outcome: 'matched', candidate: { line: 6 } });
    expect(swapped).toMatchObject({ outcome: 'matched', candidate: { line: 4 } });
  });

  it('matches a married name when everything else agrees, but not after a move as well', () => {
    const married = matchPerson(
      probe({
        family: 'Jones',
        given: ['Mary'],
        birthDate: '1942-03-17',
        sex: 'female',
        postcode: 'WA1 1AA',
      }),
      index,
    );
    const marriedAndMoved = matchPerson(
      probe({ family: 'Jones', given: ['Mary'], birthDate: '1942-03-17', sex: 'female', postcode: 'M1 1AE' }),
      index,
    );

    expect(married).toMatchObject({ outcome: 'matched', candidate: { line: 2 } });
    expect(marriedAndMoved.outcome).not.toBe('matched');
  });

  it('reads a pseudo-postcode (no fixed abode, not known) as no postcode, on either side', () => {
    const zaid = { family: 'Khan', given: ['Zaid'], birthDate: '2001-05-09', sex: 'male' as const };
    const withoutPostcode = matchPerson(probe(zaid), index);
    const noFixedAbode = matchPerson(probe({ ...zaid, postcode: 'ZZ99 3VZ' }), index);

    expect(noFixedAbode).toEqual(withoutPostcode);
    expect(noFixedAbode.evidence.find((e) => e.field === 'postcode')?.agreement).toBe('missing');
    // Against an address elsewhere it would be at most possible.
    expect(matchPerson(probe({ ...zaid, postcode: 'M1 1AE' }), index).outcome).not.toBe('matched');

    // A client of no fixed abode on the roster, in hospital from a hostel.
    const homeless = parseRosterRow(
      { family_name: 'Reid', given_name: 'Callum', birth_date: '1979-02-11', sex: 'M', postcode: 'ZZ99 3VZ' },
      2,
    );
    if (!homeless.ok) throw new Error(homeless.reason);
    const roster = RosterIndex.fromRecords([homeless.record]);
    const callum = { family: 'Reid', given: ['Callum'], birthDate: '1979-02-11', sex: 'male' as const };
    expect(matchPerson(probe({ ...callum, postcode: 'L1 8JQ' }), roster)).toEqual(
      matchPerson(probe(callum), roster),
    );
  });

  it('reads another NHS number as a slip only when name, birth date, sex and postcode are all the same', () => {
    const mary = {
      nhsNumber: '9990548609',
      family: "O'Brien",
      given: ['Mary'],
      birthDate: '1942-03-17',
      sex: 'female' as const,
      postcode: 'WA1 1AA',
    };

    expect(matchPerson(probe(mary), index)).toMatchObject({ outcome: 'matched', candidate: { line: 2 } });
    for (const differs of [
      { postcode: 'WA1 1AB' },
      { postcode: 'ZZ99 3VZ' },
      { given: ['Molly'] },
      { birthDate: '1942-03-18' },
      { sex: undefined },
      { family: 'OBrian' },
    ]) {
      const result = matchPerson(probe({ ...mary, ...differs }), index);
      expect(result.outcome, JSON.stringify(differs)).toBe('possible');
      expect(result.reasons).toContain('The NHS numbers differ');
    }
  });

  it('leaves someone nobody knows unmatched', () => {
    const result = matchPerson(
      probe({ family: 'Nguyen', given: ['Lan'], birthDate: '1990-02-14', sex: 'female', postcode: 'M1 1AE' }),
      index,
    );

    expect(result).toMatchObject({ outcome: 'unmatched' });
    expect(result.candidate).toBeUndefined();
  });
});

describe('across rosters', () => {
  const onTwoRosters = RosterIndex.fromRecords([
    {
      personId: 'p-1',
      family: 'Khan',
      given: ['Zaid'],
      birthDate: '2001-05-09',
      postcode: 'WA2 7AB',
      localIds: ['SC:1'],
    },
    {
      personId: 'p-1',
      family: 'Khan',
      given: ['Zaid'],
      birthDate: '2001-05-09',
      postcode: 'WA2 7AB',
      localIds: [],
    },
    { personId: 'p-2', family: 'Jones', given: ['Ann'], birthDate: '1950-01-01', localIds: [] },
  ]);

  it('does not count one person known to two subscribers as two close candidates', () => {
    const result = matchPerson(
      probe({ family: 'Khan', given: ['Zaid'], birthDate: '2001-05-09', sex: 'male', postcode: 'WA2 7AB' }),
      onTwoRosters,
    );

    expect(result).toMatchObject({ outcome: 'matched', candidate: { personId: 'p-1' } });
  });

  it('finds a person by a hospital number learned from an earlier confident match', () => {
    onTwoRosters.learnIdentifier(learnedKey('RBN', 'PAS:1234567'), 'p-2');

    const result = matchPerson(
      probe({ facility: 'RBN', identifiers: ['PAS:1234567'], family: 'Jones', birthDate: '1950-01-01' }),
      onTwoRosters,
    );

    expect(result).toMatchObject({ outcome: 'matched', method: 'local-id', candidate: { personId: 'p-2' } });
  });

  it('knows a learned hospital number only from the facility that sent it', () => {
    onTwoRosters.learnIdentifier(learnedKey('RBN', 'PAS:7654321'), 'p-2');

    // Another trust's PAS numbers are its own: the same value is someone else there.
    const result = matchPerson(
      probe({ facility: 'RXX', identifiers: ['PAS:7654321'], family: 'Jones', birthDate: '1950-01-01' }),
      onTwoRosters,
    );

    expect(result.method).not.toBe('local-id');
    expect(result.outcome).not.toBe('matched');
  });
});
