// The trigger → event table of ARCHITECTURE §4.1.

export const AdtEventName = {
  admission: 'admission',
  transfer: 'transfer',
  discharge: 'discharge',
  death: 'death',
  emergencyAttendance: 'emergency-attendance',
  registration: 'registration',
  preAdmission: 'pre-admission',
  update: 'update',
  cancelAdmission: 'cancel-admission',
  cancelTransfer: 'cancel-transfer',
  cancelDischarge: 'cancel-discharge',
  leaveStart: 'leave-start',
  leaveEnd: 'leave-end',
  personAdded: 'person-added',
  personUpdated: 'person-updated',
  merge: 'merge',
  /** Any other trigger: kept and acknowledged, routed to nobody by default. */
  other: 'other',
} as const;
export type AdtEventName = (typeof AdtEventName)[keyof typeof AdtEventName];

/** Events decided by the trigger alone; A03 and A04 also look at the visit (see eventFor). */
const BY_TRIGGER: Readonly<Record<string, AdtEventName>> = {
  A01: 'admission',
  A02: 'transfer',
  A03: 'discharge',
  A04: 'registration',
  A05: 'pre-admission',
  A06: 'admission',
  A08: 'update',
  A11: 'cancel-admission',
  A12: 'cancel-transfer',
  A13: 'cancel-discharge',
  A21: 'leave-start',
  A22: 'leave-end',
  A28: 'person-added',
  A31: 'person-updated',
  A34: 'merge',
  A35: 'merge',
  A36: 'merge',
  A40: 'merge',
};

/** True when the trigger is in the table (its messages must carry a patient). */
export function isKnownTrigger(trigger: string): boolean {
  return trigger in BY_TRIGGER;
}

export interface EventFacts {
  /** PV1-2 as sent (`E` for emergency). */
  patientClassCode?: string;
  /** PV1-36, NHS discharge method (4 = died). */
  dischargeDisposition?: string;
  /** PV1-37.1, NHS discharge destination (79 = not applicable: died or stillbirth). */
  dischargeDestination?: string;
  /** PID-29 or PID-30 says the patient has died. */
  deceased: boolean;
}

export function eventFor(trigger: string, facts: EventFacts): AdtEventName {
  const event = BY_TRIGGER[trigger] ?? 'other';
  if (event === 'discharge') {
    const died = facts.dischargeDisposition === '4' || facts.dischargeDestination === '79' || facts.deceased;
    return died ? 'death' : 'discharge';
  }
  if (trigger === 'A04' && facts.patientClassCode === 'E') return 'emergency-attendance';
  return event;
}
