// What the matcher needs of a message's patient.
import type { Patient } from '../normalise/adt-event.ts';
import { identifierKey } from './person.ts';
import type { Probe } from './types.ts';

/** The message's patient; `facility` (MSH-4) scopes the hospital numbers the hub learned. */
export function probeFromPatient(patient: Patient, facility?: string): Probe {
  return {
    ...(facility !== undefined && { facility }),
    nhsNumber: patient.nhsNumber,
    family: patient.name?.family,
    given: patient.name?.given ?? [],
    birthDate: patient.birthDate,
    sex: patient.sex,
    postcode: patient.postcode,
    identifiers: patient.identifiers
      .filter((id) => id.authority !== undefined)
      .map((id) => identifierKey(id.authority as string, id.value)),
  };
}
