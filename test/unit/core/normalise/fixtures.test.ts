// Every fixture in test/fixtures/hl7, normalised: the trigger table, UK variants, versions,
// separators, escapes, character sets, times and framing.
import { describe, expect, it } from 'vitest';
import { eventOf, fixtureNames, parseFixture } from '../../../helpers/fixtures.ts';

describe('the trigger → event table', () => {
  it.each([
    ['a01-admission.hl7', 'A01', 'admission'],
    ['a02-transfer.hl7', 'A02', 'transfer'],
    ['a03-discharge-home.hl7', 'A03', 'discharge'],
    ['a03-discharge-care-home.hl7', 'A03', 'discharge'],
    ['a03-death-disposition.hl7', 'A03', 'death'],
    ['a03-death-destination.hl7', 'A03', 'death'],
    ['a03-death-pid29.hl7', 'A03', 'death'],
    ['a03-death-pid30-only.hl7', 'A03', 'death'],
    ['a04-emergency-attendance.hl7', 'A04', 'emergency-attendance'],
    ['a04-registration.hl7', 'A04', 'registration'],
    ['a05-pre-admission.hl7', 'A05', 'pre-admission'],
    ['a06-outpatient-to-inpatient.hl7', 'A06', 'admission'],
    ['a08-update.hl7', 'A08', 'update'],
    ['a11-cancel-admission.hl7', 'A11', 'cancel-admission'],
    ['a12-cancel-transfer.hl7', 'A12', 'cancel-transfer'],
    ['a13-cancel-discharge.hl7', 'A13', 'cancel-discharge'],
    ['a21-leave-start.hl7', 'A21', 'leave-start'],
    ['a22-leave-end.hl7', 'A22', 'leave-end'],
    ['a28-person-added.hl7', 'A28', 'person-added'],
    ['a31-person-updated.hl7', 'A31', 'person-updated'],
    ['a34-merge.hl7', 'A34', 'merge'],
    ['a35-merge.hl7', 'A35', 'merge'],
    ['a36-merge.hl7', 'A36', 'merge'],
    ['a40-merge.hl7', 'A40', 'merge'],
    ['a47-other-trigger.hl7', 'A47', 'other'],
    ['a20-other-without-pid.hl7', 'A20', 'other'],
    ['trigger-from-evn.hl7', 'A01', 'admission'],
  ])('reads %s as %s → %s', (fixture, trigger, event) => {
    const adt = eventOf(fixture);

    expect(adt.messageType).toBe('ADT');
    expect(adt.trigger).toBe(trigger);
    expect(adt.event).toBe(event);
  });
});

describe('a full admission', () => {
  it('carries every field of §4.1 that the message holds, and nothing empty', () => {
    expect(eventOf('a01-admission.hl7')).toEqual({
      controlId: 'MSG00001',
      sendingApplication: 'PAS',
      sendingFacility: 'RBN',
      receivingApplication: 'ADTHUB',
      receivingFacility: 'ADTHUB',
      messageDateTime: '2026-11-20T10:15:00Z',
      version: '2.4',
      messageType: 'ADT',
      trigger: 'A01',
      event: 'admission',
      occurredAt: '2026-11-20T10:05:00Z',
      patient: {
        nhsNumber: '9449305552',
        identifiers: [
          { value: '9449305552', authority: 'NHS', type: 'NH' },
          { value: 'RBN1234567', authority: 'RBN', type: 'MR' },
        ],
        name: { family: "O'Brien", given: ['Mary', 'Anne'], prefix: 'Mrs' },
        birthDate: '1942-03-17',
        sex: 'female',
        address: { lines: ['1 High Street', 'Latchford'], city: 'Warrington', postcode: 'WA1 1AA' },
        postcode: 'WA1 1AA',
      },
      registeredGp: { practiceCode: 'N81001', gpCode: 'G1234567' },
      encounter: {
        visitNumber: 'V123456',
        class: 'inpatient',
        location: { facility: 'RBN', ward: 'WARD5', room: 'R1', bed: 'B3' },
        admittedAt: '2026-11-20T10:10:00Z',
        admissionType: '21',
        attendingDoctor: { id: 'C1234567', family: 'Smith', given: 'John' },
      },
    });
  });

  it('never prints an empty string in any fixture', () => {
    for (const name of fixtureNames()) {
      for (const result of parseFixture(name)) {
        if (result.ok) expect(JSON.stringify(result.event), name).not.toMatch(/:""|\[\]|\{\}/);
      }
    }
  });
});

describe('discharges and deaths', () => {
  it('keeps the discharge method, destination code and time', () => {
    const { encounter } = eventOf('a03-discharge-care-home.hl7');

    expect(encounter?.dischargeDisposition).toBe('1');
    expect(encounter?.dischargeDestination).toBe('54');
    expect(encounter?.dischargedAt).toBe('2026-11-24T16:00:00Z');
  });

  it('records the time of death from PID-29', () => {
    expect(eventOf('a03-death-pid29.hl7').patient?.deceasedAt).toBe('2026-11-25T03:00:00Z');
    expect(eventOf('a03-death-pid29.hl7').patient?.deceased).toBeUndefined();
  });

  it('marks deceased when only PID-30 says so', () => {
    expect(eventOf('a03-death-pid30-only.hl7').patient).toMatchObject({ deceased: true });
    expect(eventOf('a03-death-pid30-only.hl7').patient?.deceasedAt).toBeUndefined();
  });

  it('omits the patient of a trigger outside the table that has no PID', () => {
    expect(eventOf('a20-other-without-pid.hl7').patient).toBeUndefined();
  });
});

describe('UK variants', () => {
  it.each([
    ['nhs-number-with-spaces.hl7', '944 930 5552'],
    ['nhs-number-with-hyphens.hl7', '944-930-5552'],
  ])('normalises the NHS number in %s and keeps the identifier as written', (fixture, written) => {
    const patient = eventOf(fixture).patient;

    expect(patient?.nhsNumber).toBe('9449305552');
    expect(patient?.identifiers[0]?.value).toBe(written);
  });

  it('finds an NHS number marked by type NH only', () => {
    const patient = eventOf('nhs-number-type-only.hl7').patient;

    expect(patient?.nhsNumber).toBe('9449305552');
    expect(patient?.identifiers[1]).toEqual({ value: '9449305552', type: 'NH' });
  });

  it('finds an NHS number marked by authority NHS only, in any case', () => {
    const patient = eventOf('nhs-number-authority-only.hl7').patient;

    expect(patient?.nhsNumber).toBe('9449305552');
    expect(patient?.identifiers[0]).toEqual({ value: '9449305552', authority: 'nhs' });
  });

  it('keeps an NHS number with a bad check digit as an identifier only', () => {
    const patient = eventOf('nhs-number-invalid-check-digit.hl7').patient;

    expect(patient?.nhsNumber).toBeUndefined();
    expect(patient?.identifiers[0]).toEqual({ value: '9449305553', authority: 'NHS', type: 'NH' });
  });

  it('reads the practice code from PD1-3 component 3, else component 1', () => {
    expect(eventOf('a01-admission.hl7').registeredGp).toEqual({ practiceCode: 'N81001', gpCode: 'G1234567' });
    expect(eventOf('pd1-practice-in-component-1.hl7').registeredGp).toEqual({
      practiceCode: 'N81002',
      gpCode: 'G7654321',
    });
  });

  it('reads the site from PV1-3 component 4 and the prior location from PV1-6', () => {
    const { encounter } = eventOf('a02-transfer.hl7');

    expect(encounter?.location).toEqual({ facility: 'RBN', ward: 'WARD7', room: 'R2', bed: 'B1' });
    expect(encounter?.priorLocation).toEqual({ facility: 'RBN', ward: 'AMU', room: 'R9', bed: 'B4' });
  });

  it('normalises a lower-case postcode and reads U as unknown sex', () => {
    const patient = eventOf('pid-deceased-and-unknown-sex.hl7').patient;

    expect(patient?.postcode).toBe('WA8 0AA');
    expect(patient?.address).toEqual({
      lines: ['Flat 2', '10 Mill Lane'],
      city: 'Widnes',
      postcode: 'WA8 0AA',
    });
    expect(patient?.sex).toBe('unknown');
  });

  it('reads an emergency attendance in v2.3 with its class and cubicle', () => {
    const adt = eventOf('a04-emergency-attendance.hl7');

    expect(adt.version).toBe('2.3');
    expect(adt.patient?.sex).toBe('male');
    expect(adt.encounter).toMatchObject({
      class: 'emergency',
      visitNumber: 'E998877',
      location: { facility: 'RBN', ward: 'ED', bed: 'CUBE3' },
    });
  });

  it('lists the merged identifiers from MRG-1', () => {
    expect(eventOf('a40-merge.hl7').mergedIdentifiers).toEqual([
      { value: 'RBN7654321', authority: 'RBN', type: 'MR' },
    ]);
  });
});

describe('versions, separators and framing', () => {
  it.each([
    ['version-2.3.hl7', '2.3'],
    ['version-2.4.hl7', '2.4'],
    ['version-2.5.1.hl7', '2.5.1'],
  ])('reads %s', (fixture, version) => {
    const adt = eventOf(fixture);

    expect(adt.version).toBe(version);
    expect(adt.patient?.nhsNumber).toBe('9449305552');
    expect(adt.encounter?.visitNumber).toBe('V123456');
  });

  it.each(['segments-lf.hl7', 'segments-crlf.hl7', 'segments-mixed.hl7'])(
    'reads every segment of %s',
    (fixture) => {
      const adt = eventOf(fixture);

      expect(adt.patient?.name?.family).toBe("O'Brien");
      expect(adt.encounter?.location?.ward).toBe('WARD5');
      expect(adt.occurredAt).toBe('2026-11-20T10:10:00Z');
    },
  );

  it('reads the separators a message declares in MSH-1 and MSH-2', () => {
    const adt = eventOf('separators-custom.hl7');

    expect(adt.trigger).toBe('A01');
    expect(adt.patient?.identifiers).toEqual([
      { value: '9449305552', authority: 'NHS', type: 'NH' },
      { value: 'RBN1234567', authority: 'RBN', type: 'MR' },
    ]);
    // `|` is plain text under `#` separators; `$S$` is the escaped component separator.
    expect(adt.patient?.name).toEqual({ family: 'Smith|Jones', given: ['Ann^Marie'], prefix: 'Ms' });
    expect(adt.encounter?.location).toEqual({ facility: 'RBN', ward: 'WARD5', room: 'R1', bed: 'B3' });
  });

  it('treats & as text when MSH-2 declares no subcomponent separator', () => {
    expect(eventOf('separators-no-subcomponent.hl7').patient?.name?.family).toBe('Smith & Sons');
  });

  it.each([
    ['mllp-frames.hl7', ['MLP00001', 'MLP00002']],
    ['batch-fhs-bhs.hl7', ['BAT00001', 'BAT00002']],
    ['blank-lines-between.hl7', ['BLK00001', 'BLK00002']],
  ])('finds each message in %s', (fixture, controlIds) => {
    const results = parseFixture(fixture);

    expect(results.map((r) => (r.ok ? r.event.controlId : r.error.code))).toEqual(controlIds);
  });

  it('ignores Z-segments, NK1, AL1, DG1, OBX, PV2 and NTE', () => {
    const adt = eventOf('ignored-segments.hl7');

    expect(adt.event).toBe('admission');
    expect(JSON.stringify(adt)).not.toMatch(/PENICILLIN|Chest pain|R07\.4|Free text|Doe|local/);
  });
});

describe('escapes and character sets', () => {
  it('decodes \\F\\ \\S\\ \\T\\ \\R\\ \\E\\', () => {
    const adt = eventOf('escapes.hl7');

    expect(adt.patient?.name).toEqual({ family: 'Smith&Jones', given: ['Ann^Marie'], prefix: 'Ms' });
    expect(adt.patient?.address?.lines).toEqual(['Unit 4|5 \\Wharf\\']);
    expect(adt.encounter?.location?.ward).toBe('WARD~5');
  });

  it('reads UTF-8 names', () => {
    expect(eventOf('utf8-names.hl7').patient?.name).toEqual({
      family: 'Núñez-García',
      given: ['José', 'María'],
    });
  });

  it('decodes ISO-8859-1 bytes when MSH-18 says 8859/1', () => {
    expect(eventOf('latin1-8859-1.hl7').patient?.name).toEqual({ family: 'Núñez-García', given: ['Zoë'] });
  });

  it('decodes Windows-1252 bytes that arrive without MSH-18', () => {
    expect(eventOf('windows-1252-undeclared.hl7').patient?.name).toEqual({
      family: 'O’Brien',
      given: ['Siân'],
    });
  });
});

describe('times', () => {
  it('converts GMT and BST wall-clock times to UTC', () => {
    expect(eventOf('times-gmt-winter.hl7')).toMatchObject({
      messageDateTime: '2026-01-15T09:30:00Z',
      occurredAt: '2026-01-15T09:25:00Z',
      encounter: { admittedAt: '2026-01-15T09:20:00Z' },
    });
    expect(eventOf('times-bst-summer.hl7')).toMatchObject({
      messageDateTime: '2026-07-15T08:30:00Z',
      occurredAt: '2026-07-15T08:25:00Z',
      encounter: { admittedAt: '2026-07-15T08:20:00Z' },
    });
  });

  it('reads both sides of the spring clock change (29 March 2026)', () => {
    expect(eventOf('times-clock-change-spring.hl7')).toMatchObject({
      messageDateTime: '2026-03-29T01:30:00Z',
      occurredAt: '2026-03-29T00:30:00Z',
      encounter: { admittedAt: '2026-03-28T23:30:00Z', dischargedAt: '2026-03-29T01:30:00Z' },
    });
  });

  it('reads both sides of the autumn clock change (25 October 2026)', () => {
    expect(eventOf('times-clock-change-autumn.hl7')).toMatchObject({
      messageDateTime: '2026-10-25T03:30:00Z',
      occurredAt: '2026-10-24T23:30:00Z',
      encounter: { admittedAt: '2026-10-24T22:30:00Z', dischargedAt: '2026-10-25T03:30:00Z' },
    });
  });

  it('applies an explicit offset and keeps fractional seconds only when sent', () => {
    expect(eventOf('times-with-offset-and-fraction.hl7')).toMatchObject({
      messageDateTime: '2026-07-15T09:30:00Z',
      occurredAt: '2026-07-15T08:25:00.250Z',
      encounter: { admittedAt: '2026-07-15T08:00:00Z' },
    });
  });
});

describe('bad inputs', () => {
  it.each([
    ['bad-not-hl7.hl7', 'NOT_HL7', 'MSH', 'AR'],
    ['bad-no-msh.hl7', 'NO_MSH', 'MSH', 'AR'],
    ['bad-no-control-id.hl7', 'MISSING_FIELD', 'MSH-10', 'AR'],
    ['bad-truncated.hl7', 'MISSING_FIELD', 'MSH-10', 'AR'],
    ['bad-not-adt.hl7', 'UNSUPPORTED_MESSAGE_TYPE', 'MSH-9', 'AR'],
    ['bad-version.hl7', 'UNSUPPORTED_VERSION', 'MSH-12', 'AR'],
    ['bad-missing-pid.hl7', 'MISSING_SEGMENT', 'PID-1', 'AE'],
    ['bad-birth-date.hl7', 'INVALID_FIELD', 'PID-7', 'AE'],
  ])('reports %s as %s at %s (%s)', (fixture, code, field, ackCode) => {
    const results = parseFixture(fixture);
    const [only] = results;

    expect(results).toHaveLength(1);
    expect(only?.ok).toBe(false);
    if (only?.ok === false) {
      expect(only.error.code).toBe(code);
      expect(only.error.field.startsWith(field)).toBe(true);
      expect(only.error.ackCode).toBe(ackCode);
    }
  });
});
