// What the matcher needs of a message's patient.
import type { Patient } from '../normalise/adt-event.ts';
import { identifierKey } from './person.ts';
import type { Probe } from './types.ts';

export function probeFromPatient(patient: Patient): Probe {
  return {
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
