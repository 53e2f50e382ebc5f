// Routing: who must be told about a message, and what each alert carries beyond the event.
import type { AdtEvent } from '../normalise/adt-event.ts';
import type { AdtEventName } from '../normalise/events.ts';

/** The events a subscriber gets unless it chose others (ARCHITECTURE §4.5). */
export const DEFAULT_EVENTS: readonly AdtEventName[] = [
  'admission',
  'transfer',
  'discharge',
  'death',
  'emergency-attendance',
  'cancel-admission',
  'cancel-transfer',
  'cancel-discharge',
];

export interface Subscriber {
  id: string;
  /** The events it wants; DEFAULT_EVENTS when it chose none. */
  events: readonly AdtEventName[];
  /** An ODS practice code: it also hears about everyone whose PD1-3 names that practice. */
  practice?: string;
}

/** How a subscriber knows the person. */
export type Relationship = 'roster' | 'practice';

/** An alert the hub sent earlier about the same person. */
export interface PastAlert {
  id: string;
  subscriberId: string;
  event: AdtEventName;
  sendingFacility: string;
  visitNumber?: string;
  occurredAt: string;
}

export interface RoutingInput {
  event: AdtEvent;
  /** `<MSH-4>|<MSH-10>`: with the subscriber and event, it makes the alert id. */
  messageKey: string;
  /** Subscribers whose roster holds the matched person (none when nobody was matched). */
  rosterHolders: readonly { subscriberId: string; localId?: string }[];
  subscribers: readonly Subscriber[];
  /** Earlier alerts about this person, oldest first. */
  pastAlerts: readonly PastAlert[];
  /** When the hub last saw this person discharged (PV1-45, else the discharge's occurredAt). */
  lastDischargeAt?: string;
}

export type DischargeCategory =
  | 'home'
  | 'temporary-residence'
  | 'care-home'
  | 'hospice'
  | 'hospital'
  | 'died'
  | 'other'
  | 'unknown';

export interface RoutedAlert {
  /** Stable for (source message, subscriber, event): receivers deduplicate on it. */
  id: string;
  subscriberId: string;
  relationship: Relationship;
  event: AdtEventName;
  /** The subscriber's own id for the person, from its roster. */
  localId?: string;
  flags: string[];
  dischargeCategory?: DischargeCategory;
  /** On a cancel: the id of the alert this subscriber received, which it withdraws. */
  retracts?: string;
}
