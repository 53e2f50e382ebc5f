// NHS discharge destination codes (PV1-37) grouped for the people who act on them (§4.5).
import type { DischargeCategory } from './types.ts';

const CATEGORY: Readonly<Record<string, DischargeCategory>> = {
  '19': 'home',
  '29': 'temporary-residence',
  '54': 'care-home',
  '55': 'care-home',
  '56': 'care-home',
  '65': 'care-home',
  '85': 'care-home',
  '88': 'hospice',
  '48': 'hospital',
  '49': 'hospital',
  '50': 'hospital',
  '51': 'hospital',
  '52': 'hospital',
  '53': 'hospital',
  '84': 'hospital',
  '87': 'hospital',
  '79': 'died',
  '98': 'unknown',
  '99': 'unknown',
};

export function dischargeCategory(destination: string | undefined, died: boolean): DischargeCategory {
  if (died) return 'died';
  if (destination === undefined) return 'unknown';
  return CATEGORY[destination] ?? 'other';
}
