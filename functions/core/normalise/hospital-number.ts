// "The hospital's own number" for a patient, one rule for every use: the PID-3 repetition typed MR
// (medical record number), else PI (patient internal id), else the first. Ingest orders messages
// by it (the FIFO group); the process step names someone no roster holds by it.
import type { Identifier, Patient } from './adt-event.ts';

export function hospitalNumber(patient: Pick<Patient, 'identifiers'> | undefined): Identifier | undefined {
  const ids = patient?.identifiers ?? [];
  return (
    ids.find((id) => id.type?.toUpperCase() === 'MR') ??
    ids.find((id) => id.type?.toUpperCase() === 'PI') ??
    ids[0]
  );
}
