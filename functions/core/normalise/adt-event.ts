// AdtEvent: one HL7 v2 ADT message, normalised (ARCHITECTURE §4.1, a contract). Optional values
// the message does not carry are omitted, never empty strings.

import type { AdtEventName } from './events.ts';

export interface Identifier {
  value: string;
  /** CX-4 (assigning authority), e.g. `NHS`, `RBN`. */
  authority?: string;
  /** CX-5 (identifier type), e.g. `NH`, `MR`. */
  type?: string;
}

export type Sex = 'female' | 'male' | 'other' | 'unknown';

export type PatientClass = 'inpatient' | 'outpatient' | 'emergency' | 'preadmit' | 'recurring' | 'obstetrics';

export interface Patient {
  /** Present only when a PID-3 NHS identifier is valid (modulus 11). */
  nhsNumber?: string;
  identifiers: Identifier[];
  name?: { family?: string; given?: string[]; prefix?: string };
  /** `YYYY-MM-DD`. */
  birthDate?: string;
  sex?: Sex;
  address?: { lines?: string[]; city?: string; postcode?: string };
  /** Normalised UK postcode. */
  postcode?: string;
  deceasedAt?: string;
  /** Set only when PID-30 says Y and PID-29 gives no time. */
  deceased?: true;
}

export interface Location {
  facility?: string;
  ward?: string;
  room?: string;
  bed?: string;
}

export interface Encounter {
  visitNumber?: string;
  class?: PatientClass;
  location?: Location;
  priorLocation?: Location;
  admittedAt?: string;
  dischargedAt?: string;
  dischargeDisposition?: string;
  dischargeDestination?: string;
  admissionType?: string;
  attendingDoctor?: { id?: string; family?: string; given?: string };
}

export interface AdtEvent {
  controlId: string;
  sendingApplication?: string;
  sendingFacility: string;
  receivingApplication?: string;
  receivingFacility?: string;
  messageDateTime: string;
  version: string;
  messageType: string;
  trigger: string;
  event: AdtEventName;
  occurredAt: string;
  /** Absent only for triggers outside the event table whose message has no PID (e.g. A20). */
  patient?: Patient;
  registeredGp?: { practiceCode?: string; gpCode?: string };
  encounter?: Encounter;
  mergedIdentifiers?: Identifier[];
}
