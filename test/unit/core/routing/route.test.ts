// Routing: roster and practice subscribers, event filters, cancels, readmissions, categories.
import { describe, expect, it } from 'vitest';
import { dischargeCategory } from '../../../../functions/core/routing/discharge-category.ts';
import { alertId, route } from '../../../../functions/core/routing/route.ts';
import {
  DEFAULT_EVENTS,
  type RoutingInput,
  type Subscriber,
} from '../../../../functions/core/routing/types.ts';
import { eventOf } from '../../../helpers/fixtures.ts';

const gp: Subscriber = { id: 'N81001', events: DEFAULT_EVENTS, practice: 'N81001' };
const socialCare: Subscriber = { id: 'SC-WARRINGTON', events: DEFAULT_EVENTS };
const onlyDeaths: Subscriber = { id: 'BEREAVEMENT', events: ['death'] };
const stranger: Subscriber = { id: 'ELSEWHERE', events: DEFAULT_EVENTS, practice: 'Y99999' };
const subscribers = [gp, socialCare, onlyDeaths, stranger];

function input(fixture: string, overrides: Partial<RoutingInput> = {}): RoutingInput {
  return {
    event: eventOf(fixture),
    messageKey: `RBN|${fixture}`,
    rosterHolders: [{ subscriberId: 'SC-WARRINGTON', localId: 'SC:100239' }],
    subscribers,
    pastAlerts: [],
    ...overrides,
  };
}

describe('route', () => {
  it('tells roster subscribers and the practice subscriber, and nobody else', () => {
    const alerts = route(input('a01-admission.hl7'));

    expect(alerts.map((a) => [a.subscriberId, a.relationship, a.localId])).toEqual([
      ['N81001', 'practice', undefined],
      ['SC-WARRINGTON', 'roster', 'SC:100239'],
    ]);
    expect(alerts.every((a) => a.event === 'admission' && a.flags.length === 0)).toBe(true);
  });

  it('sends one alert to a subscriber that knows the person both ways, as roster', () => {
    const alerts = route(input('a01-admission.hl7', { rosterHolders: [{ subscriberId: 'N81001' }] }));

    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ subscriberId: 'N81001', relationship: 'roster' });
  });

  it('respects each subscriber’s events, and sends updates to nobody by default', () => {
    expect(route(input('a08-update.hl7'))).toEqual([]);
    const death = route(
      input('a03-death-disposition.hl7', {
        rosterHolders: [{ subscriberId: 'N81001' }, { subscriberId: 'BEREAVEMENT' }],
      }),
    );
    expect(death.map((a) => a.subscriberId)).toEqual(['N81001', 'BEREAVEMENT']);
  });

  it('sends nothing about someone nobody knows', () => {
    const event = eventOf('a04-emergency-attendance.hl7');

    expect(route({ ...input('a04-emergency-attendance.hl7'), event, rosterHolders: [] })).toEqual([]);
  });

  it('gives discharges and deaths their category', () => {
    const [home] = route(input('a03-discharge-home.hl7'));
    const [careHome] = route(input('a03-discharge-care-home.hl7'));
    const [death] = route(input('a03-death-disposition.hl7'));

    expect(home?.dischargeCategory).toBe('home');
    expect(careHome?.dischargeCategory).toBe('care-home');
    expect(death?.dischargeCategory).toBe('died');
    expect(route(input('a01-admission.hl7'))[0]?.dischargeCategory).toBeUndefined();
  });

  it.each([
    ['19', 'home'],
    ['29', 'temporary-residence'],
    ['65', 'care-home'],
    ['88', 'hospice'],
    ['51', 'hospital'],
    ['79', 'died'],
    ['37', 'other'],
    ['98', 'unknown'],
    [undefined, 'unknown'],
  ])('categorises destination %s as %s', (code, category) => {
    expect(dischargeCategory(code, false)).toBe(category);
  });

  it('makes alert ids stable per message, subscriber and event', () => {
    expect(alertId('RBN|1', 'A', 'admission')).toBe(alertId('RBN|1', 'A', 'admission'));
    expect(alertId('RBN|1', 'A', 'admission')).not.toBe(alertId('RBN|1', 'B', 'admission'));
    expect(alertId('RBN|1', 'A', 'admission')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });
});

describe('cancels', () => {
  const admissionForVisit = (subscriberId: string, id: string, visitNumber = 'V123456') => ({
    id,
    subscriberId,
    event: 'admission' as const,
    sendingFacility: 'RBN',
    visitNumber,
    occurredAt: '2026-11-20T10:10:00Z',
  });

  it('go only to the subscribers that received the alert they withdraw, naming it', () => {
    const alerts = route(
      input('a11-cancel-admission.hl7', { pastAlerts: [admissionForVisit('SC-WARRINGTON', 'alert-1')] }),
    );

    expect(alerts).toEqual([
      expect.objectContaining({
        subscriberId: 'SC-WARRINGTON',
        event: 'cancel-admission',
        retracts: 'alert-1',
      }),
    ]);
  });

  it('withdraw the alert for the same visit, not another one', () => {
    const alerts = route(
      input('a11-cancel-admission.hl7', {
        pastAlerts: [
          admissionForVisit('SC-WARRINGTON', 'this-visit'),
          admissionForVisit('N81001', 'other-visit', 'V999'),
        ],
      }),
    );

    expect(alerts.map((a) => [a.subscriberId, a.retracts])).toEqual([['SC-WARRINGTON', 'this-visit']]);
  });

  it('without a visit number, withdraw the latest alert of that kind from the same facility', () => {
    const event = eventOf('a11-cancel-admission.hl7');
    const { visitNumber: _, ...encounter } = event.encounter ?? {};
    const alerts = route({
      ...input('a11-cancel-admission.hl7'),
      event: { ...event, encounter },
      pastAlerts: [
        admissionForVisit('SC-WARRINGTON', 'older'),
        { ...admissionForVisit('SC-WARRINGTON', 'elsewhere'), sendingFacility: 'RXX' },
        admissionForVisit('SC-WARRINGTON', 'latest', 'V2'),
      ],
    });

    expect(alerts.map((a) => a.retracts)).toEqual(['latest']);
  });

  it('withdraw a death with cancel-discharge', () => {
    const alerts = route(
      input('a13-cancel-discharge.hl7', {
        rosterHolders: [{ subscriberId: 'N81001' }],
        pastAlerts: [{ ...admissionForVisit('N81001', 'death-alert'), event: 'death' }],
      }),
    );

    expect(alerts.map((a) => [a.subscriberId, a.retracts])).toEqual([['N81001', 'death-alert']]);
  });
});

describe('readmission-30d', () => {
  it('flags an admission within 30 days of the last discharge the hub saw', () => {
    const [alert] = route(input('a01-admission.hl7', { lastDischargeAt: '2026-10-22T10:10:00Z' }));

    expect(alert?.flags).toEqual(['readmission-30d']);
  });

  it('does not flag one after 30 days, nor any other event', () => {
    expect(route(input('a01-admission.hl7', { lastDischargeAt: '2026-10-21T10:09:59Z' }))[0]?.flags).toEqual(
      [],
    );
    expect(route(input('a02-transfer.hl7', { lastDischargeAt: '2026-11-19T10:00:00Z' }))[0]?.flags).toEqual(
      [],
    );
  });
});
