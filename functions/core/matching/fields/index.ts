// Every field comparison the demographic score adds up, in the order evidence is shown.
import { birthDate } from './birth-date.ts';
import type { FieldComparator } from './comparator.ts';
import { familyName } from './family-name.ts';
import { givenName } from './given-name.ts';
import { nhsNumber } from './nhs-number.ts';
import { postcode } from './postcode.ts';
import { sex } from './sex.ts';

export const FIELD_COMPARATORS: readonly FieldComparator[] = [
  nhsNumber,
  familyName,
  givenName,
  birthDate,
  sex,
  postcode,
];
