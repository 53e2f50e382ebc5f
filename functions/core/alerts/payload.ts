// Alert payload v1 (ARCHITECTURE §4.5): CloudEvents 1.0 attributes, the alert in `data`. The same
// JSON is the webhook body and the SQS message body. It carries what the recipient needs to act
// (who, what, where, when), never diagnoses or the raw message.
import type { MatchMethod } from '../matching/types.ts';

/** How the person was identified: by the matcher, or by a person who reviewed a possible match. */
export type AlertMatchMethod = MatchMethod | 'review';

import type { AdtEvent } from '../normalise/adt-event.ts';
import type { AdtEventName } from '../normalise/events.ts';
import type { DischargeCategory, Relationship } from '../routing/types.ts';

export interface AlertPayload {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  data: {
    event: AdtEventName;
    subscriber: { id: string; relationship: Relationship };
    person: {
      personId: string;
      nhsNumber?: string;
      family?: string;
      given?: string[];
      birthDate?: string;
      localId?: string;
    };
    /** How the person was identified; absent for a practice alert about someone no roster holds. */
    match?: { method: AlertMatchMethod; score: number };
    encounter: {
      facility?: string;
      ward?: string;
      class?: string;
      admittedAt?: string;
      dischargedAt?: string;
      dischargeDestination?: string;
      dischargeCategory?: DischargeCategory;
    };
    source: { sendingFacility: string; controlId: string; trigger: string; receivedAt: string };
    summary: string;
    sequence: number;
    flags: string[];
    retracts?: string;
  };
}

/** What the payload is built from: the alert as decided, and the message it came from. */
export interface AlertFacts {
  id: string;
  subscriberId: string;
  relationship: Relationship;
  event: AdtEventName;
  personId: string;
  localId?: string;
  sequence: number;
  flags: string[];
  dischargeCategory?: DischargeCategory;
  retracts?: string;
  match?: { method: AlertMatchMethod; score: number };
  receivedAt: string;
}

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `20 Nov 2026 at 10:10`, in UK time, as the people reading it live it. */
export function ukDateTime(iso: string): string {
  const parts = Object.fromEntries(LONDON.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}`;
}

const CATEGORY_TEXT: Record<DischargeCategory, string> = {
  home: 'home',
  'temporary-residence': 'a temporary residence',
  'care-home': 'a care home',
  hospice: 'a hospice',
  hospital: 'another hospital',
  died: '',
  other: 'another destination',
  unknown: 'an unrecorded destination',
};

function place(event: AdtEvent): string {
  const { facility, ward } = event.encounter?.location ?? {};
  const where = facility ?? event.sendingFacility;
  return ward === undefined ? where : `${where} ward ${ward}`;
}

export function summaryOf(event: AdtEvent, category: DischargeCategory | undefined): string {
  const admitted = ukDateTime(event.encounter?.admittedAt ?? event.occurredAt);
  const discharged = ukDateTime(event.encounter?.dischargedAt ?? event.occurredAt);
  const when = ukDateTime(event.occurredAt);
  switch (event.event) {
    case 'admission':
      return `Admitted to ${place(event)} on ${admitted}`;
    case 'transfer': {
      const from = event.encounter?.priorLocation?.ward;
      return `Transferred to ${place(event)}${from === undefined ? '' : ` from ward ${from}`} on ${when}`;
    }
    case 'discharge':
      return `Discharged from ${event.encounter?.location?.facility ?? event.sendingFacility} on ${discharged}, to ${CATEGORY_TEXT[category ?? 'unknown']}`;
    case 'death':
      return `Died at ${event.encounter?.location?.facility ?? event.sendingFacility} on ${discharged}`;
    case 'emergency-attendance':
      return `Attended the emergency department at ${event.encounter?.location?.facility ?? event.sendingFacility} on ${when}`;
    case 'cancel-admission':
      return `The admission to ${place(event)} was cancelled (${when})`;
    case 'cancel-transfer':
      return `The transfer to ${place(event)} was cancelled (${when})`;
    case 'cancel-discharge':
      return `The discharge from ${event.encounter?.location?.facility ?? event.sendingFacility} was cancelled (${when})`;
    default:
      return `${event.event} at ${event.sendingFacility} on ${when}`;
  }
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function buildAlertPayload(alert: AlertFacts, event: AdtEvent, deployment: string): AlertPayload {
  const patient = event.patient;
  const encounter = event.encounter;
  return {
    specversion: '1.0',
    id: alert.id,
    source: `adt-hub/${deployment}`,
    type: `adt-hub.${alert.event}`,
    time: event.occurredAt,
    subject: alert.personId,
    datacontenttype: 'application/json',
    data: defined({
      event: alert.event,
      subscriber: { id: alert.subscriberId, relationship: alert.relationship },
      person: defined({
        personId: alert.personId,
        nhsNumber: patient?.nhsNumber,
        family: patient?.name?.family,
        given: patient?.name?.given,
        birthDate: patient?.birthDate,
        localId: alert.localId,
      }),
      match: alert.match,
      encounter: defined({
        facility: encounter?.location?.facility ?? event.sendingFacility,
        ward: encounter?.location?.ward,
        class: encounter?.class,
        admittedAt: encounter?.admittedAt,
        dischargedAt: encounter?.dischargedAt,
        dischargeDestination: encounter?.dischargeDestination,
        dischargeCategory: alert.dischargeCategory,
      }),
      source: {
        sendingFacility: event.sendingFacility,
        controlId: event.controlId,
        trigger: event.trigger,
        receivedAt: alert.receivedAt,
      },
      summary: summaryOf(event, alert.dischargeCategory),
      sequence: alert.sequence,
      flags: alert.flags,
      retracts: alert.retracts,
    }),
  };
}
