// Corpus messages as MSH-10 templates, and the run id that makes their control ids unique.

import { randomBytes } from 'node:crypto';
import type { Template } from '../load-sender.ts';

/** A run id for control ids: unique within this run, and across runs (a persistent table). */
export function runId(): string {
  return `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
}

/** Splits a corpus message around its MSH-10, so that a new control id costs one concatenation. */
export function mshTemplate(text: string): Template {
  // MSH is the first segment; in `MSH|^~\&|…` the first `|` is MSH-1, so MSH-n follows the
  // (n - 1)th `|`, and MSH-10 runs from the 9th `|` to the 10th (the corpus always fills MSH-11).
  const segmentEnd = text.search(/[\r\n]/);
  const msh = segmentEnd === -1 ? text : text.slice(0, segmentEnd);
  if (!msh.startsWith('MSH|'))
    throw new Error(`Corpus message does not start with MSH: ${JSON.stringify(msh)}`);
  let start = -1;
  for (let bar = 0; bar < 9; bar++) {
    start = msh.indexOf('|', start + 1);
    if (start === -1) throw new Error(`Corpus MSH has no MSH-10: ${JSON.stringify(msh)}`);
  }
  const end = msh.indexOf('|', start + 1);
  if (end === -1) throw new Error(`Corpus MSH has nothing after MSH-10: ${JSON.stringify(msh)}`);
  return { before: text.slice(0, start + 1), after: text.slice(end) };
}

const FAMILIES = ['Ashworth', 'Okafor', 'Lloyd', 'Kowalska', 'Bibi', 'Fairclough', 'Singh', 'Murphy'];
const GIVENS = ['Margaret', 'Samuel', 'Dennis', 'Zofia', 'Amina', 'Terence', 'Harpreet', 'Siobhan'];

/** A synthetic patient the benchmarks put on a roster and admit: `RBN<first + i>`. */
export interface BenchPatient {
  mrn: string;
  family: string;
  given: string;
  /** YYYYMMDD */
  birth: string;
}

export function benchPatient(i: number, firstMrn: number): BenchPatient {
  const birth = new Date(Date.UTC(1930, 0, 1) + i * 37 * 24 * 60 * 60 * 1000);
  return {
    mrn: `RBN${firstMrn + i}`,
    family: FAMILIES[i % FAMILIES.length] as string,
    given: GIVENS[Math.floor(i / FAMILIES.length) % GIVENS.length] as string,
    birth: birth.toISOString().slice(0, 10).replace(/-/g, ''),
  };
}

function hl7Time(date: Date): string {
  return date.toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

/** A segment from its numbered fields (1-based). */
function segment(name: string, values: Record<number, string>): string {
  const last = Math.max(...Object.keys(values).map(Number));
  return name + Array.from({ length: last }, (_, i) => `|${values[i + 1] ?? ''}`).join('');
}

/**
 * An admission (A01), or a transfer (A02), of a bench patient at `at`, by hospital number (no NHS
 * number), from RBN's PAS.
 */
export function benchAdmission(
  p: BenchPatient,
  i: number,
  at: Date,
  { controlId, trigger = 'A01' }: { controlId: string; trigger?: 'A01' | 'A02' },
): string {
  const ts = hl7Time(at);
  return [
    `MSH|^~\\&|PAS|RBN|ADTHUB|ADTHUB|${ts}||ADT^${trigger}|${controlId}|P|2.4`,
    segment('EVN', { 1: trigger, 2: ts }),
    segment('PID', {
      1: '1',
      3: `${p.mrn}^^^RBN^MR`,
      5: `${p.family.toUpperCase()}^${p.given.toUpperCase()}`,
      7: p.birth,
      8: i % 2 === 0 ? 'F' : 'M',
      11: '1 Bench Street^^St Helens^^WA10 2AB',
    }),
    segment('PV1', { 1: '1', 2: 'I', 3: 'AMU^^^RBN', 19: `V${p.mrn}`, 44: ts }),
    '',
  ].join('\r');
}
