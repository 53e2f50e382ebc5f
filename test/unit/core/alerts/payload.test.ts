// Alert payload v1: the shape of §4.5, valid against docs/alert-v1.schema.json for every event.
import { describe, expect, it } from 'vitest';
import { buildAlertPayload, summaryOf, ukDateTime } from '../../../../functions/core/alerts/payload.ts';
import { route } from '../../../../functions/core/routing/route.ts';
import { DEFAULT_EVENTS } from '../../../../functions/core/routing/types.ts';
import { alertSchemaErrors } from '../../../helpers/alert-schema.ts';
import { eventOf } from '../../../helpers/fixtures.ts';

const FIXTURES = [
  'a01-admission.hl7',
  'a02-transfer.hl7',
  'a03-discharge-home.hl7',
  'a03-discharge-care-home.hl7',
  'a03-death-disposition.hl7',
  'a04-emergency-attendance.hl7',
  'a11-cancel-admission.hl7',
  'a12-cancel-transfer.hl7',
  'a13-cancel-discharge.hl7',
  'times-with-offset-and-fraction.hl7',
  'utf8-names.hl7',
];

function payloadsFor(fixture: string) {
  const event = eventOf(fixture);
  const alerts = route({
    event,
    messageKey: `RBN|${event.controlId}`,
    rosterHolders: [{ subscriberId: 'SC', localId: 'SC:100239' }],
    subscribers: [{ id: 'SC', events: DEFAULT_EVENTS }],
    // Every cancel finds something to withdraw.
    pastAlerts: (['admission', 'transfer', 'discharge'] as const).map((kind) => ({
      id: `earlier-${kind}`,
      subscriberId: 'SC',
      event: kind,
      sendingFacility: 'RBN',
      visitNumber: event.encounter?.visitNumber,
      occurredAt: '2026-11-01T00:00:00Z',
    })),
  });
  return alerts.map((alert, i) =>
    buildAlertPayload(
      {
        ...alert,
        personId: event.patient?.nhsNumber ?? 'p-1',
        sequence: i + 1,
        match: { method: 'nhs-number', score: 1 },
        receivedAt: '2026-11-20T10:15:01.000Z',
      },
      event,
      'local',
    ),
  );
}

describe('buildAlertPayload', () => {
  it('builds the admission of §4.5', () => {
    const [payload] = payloadsFor('a01-admission.hl7');

    expect(payload).toEqual({
      specversion: '1.0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      source: 'adt-hub/local',
      type: 'adt-hub.admission',
      time: '2026-11-20T10:05:00Z',
      subject: '9449305552',
      datacontenttype: 'application/json',
      data: {
        event: 'admission',
        subscriber: { id: 'SC', relationship: 'roster' },
        person: {
          personId: '9449305552',
          nhsNumber: '9449305552',
          family: "O'Brien",
          given: ['Mary', 'Anne'],
          birthDate: '1942-03-17',
          localId: 'SC:100239',
        },
        match: { method: 'nhs-number', score: 1 },
        encounter: { facility: 'RBN', ward: 'WARD5', class: 'inpatient', admittedAt: '2026-11-20T10:10:00Z' },
        source: {
          sendingFacility: 'RBN',
          controlId: 'MSG00001',
          trigger: 'A01',
          receivedAt: '2026-11-20T10:15:01.000Z',
        },
        summary: 'Admitted to RBN ward WARD5 on 20 Nov 2026 at 10:10',
        sequence: 1,
        flags: [],
      },
    });
  });

  it.each(FIXTURES)('is valid against the JSON Schema for %s', (fixture) => {
    const payloads = payloadsFor(fixture);

    expect(payloads.length).toBeGreaterThan(0);
    for (const payload of payloads) expect(alertSchemaErrors(payload)).toEqual([]);
  });

  it('is refused by the schema when a cancel lacks retracts, or a field is unknown', () => {
    const [cancel] = payloadsFor('a11-cancel-admission.hl7');
    const { retracts: _, ...withoutRetracts } = cancel?.data ?? {};

    expect(alertSchemaErrors({ ...cancel, data: withoutRetracts })).not.toEqual([]);
    expect(alertSchemaErrors({ ...cancel, diagnosis: 'none of your business' })).not.toEqual([]);
  });

  it('summarises in UK time, whatever the season', () => {
    expect(ukDateTime('2026-07-15T08:20:00Z')).toBe('15 Jul 2026 at 09:20');
    expect(summaryOf(eventOf('a03-discharge-care-home.hl7'), 'care-home')).toBe(
      'Discharged from RBN on 24 Nov 2026 at 16:00, to a care home',
    );
    expect(summaryOf(eventOf('a02-transfer.hl7'), undefined)).toBe(
      'Transferred to RBN ward WARD7 from ward AMU on 21 Nov 2026 at 09:12',
    );
  });
});
