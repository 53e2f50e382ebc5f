// A typed, read-only view of one HL7 v2 message, parsed by hl7-standard. Accessors count as the
// spec does (PID-3.4.1 is `pid.get(3, 4, 1)`), return unescaped text, and treat every field as a
// list of repetitions, whatever shape hl7-standard chose for it.

import { createHash } from 'node:crypto';
import HL7 from 'hl7-standard';
import type { EncodingCharacters } from './encoding.ts';
import { isStandardEncoding, readEncodingCharacters, toStandardEncoding } from './encoding.ts';
import { Hl7ParseError } from './errors.ts';
import { unescapeHl7 } from './escape.ts';

type StdComponents = Record<string, string | string[]>;
/** A field as hl7-standard shapes it (see types/hl7-standard). */
type StdField = string | string[] | StdComponents | StdComponents[];
/** One repetition of a field: a bare value, the subcomponents of component 1, or components. */
type StdRepetition = string | string[] | StdComponents;

/** Unescaped and trimmed; HL7's explicit null (`""`) and blanks mean "no value" to the hub. */
function present(value: string | undefined): string | undefined {
  if (value === undefined || value === '' || value === '""') return undefined;
  const text = unescapeHl7(value).trim();
  return text === '' ? undefined : text;
}

export class Hl7Segment {
  constructor(
    readonly name: string,
    private readonly data: Record<string, StdField>,
  ) {}

  private repetitionsOf(field: number): StdRepetition[] {
    const value = this.data[`${this.name}.${field}`];
    if (value === undefined || value === '') return [];
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) {
      // An array of strings is the subcomponents of one value; an array of objects, repetitions.
      if (value.length === 0 || typeof value[0] === 'string') return [value as string[]];
      return value as StdComponents[];
    }
    return [value];
  }

  /** How many repetitions field `field` has (0 when it is empty). */
  repetitionCount(field: number): number {
    return this.repetitionsOf(field).length;
  }

  /**
   * The unescaped text at SEG-field.component.subcomponent in repetition `repetition`, all
   * counted from 1, trimmed; undefined when empty or HL7 null.
   */
  get(field: number, component = 1, subcomponent = 1, repetition = 1): string | undefined {
    const rep = this.repetitionsOf(field)[repetition - 1];
    if (rep === undefined) return undefined;
    let value: string | string[] | undefined;
    if (typeof rep === 'string' || Array.isArray(rep)) value = component === 1 ? rep : undefined;
    else value = rep[`${this.name}.${field}.${component}`];
    if (Array.isArray(value)) return present(value[subcomponent - 1]);
    return subcomponent === 1 ? present(value) : undefined;
  }
}

export class Hl7Message {
  private readonly cache = new Map<string, Hl7Segment[]>();

  constructor(
    /** The message as received (decoded), segments joined by `\r`, separators as declared. */
    readonly text: string,
    readonly encoding: EncodingCharacters,
    /** MSH-18 as declared, or `UNICODE UTF-8` when absent. */
    readonly charset: string,
    private readonly parsed: HL7,
  ) {}

  /** Every segment called `name`, in message order. */
  segments(name: string): Hl7Segment[] {
    let found = this.cache.get(name);
    if (found === undefined) {
      found = (this.parsed.transformed[name] ?? []).map((s) => new Hl7Segment(name, s.data));
      this.cache.set(name, found);
    }
    return found;
  }

  /** The first segment called `name`. */
  segment(name: string): Hl7Segment | undefined {
    return this.segments(name)[0];
  }

  get msh(): Hl7Segment {
    // parseMessage checked that the message starts with MSH.
    return this.segments('MSH')[0] as Hl7Segment;
  }
}

const SEGMENT_LINE = /^[A-Z][A-Z0-9]{2}$/;

/**
 * Parses the decoded lines of one message (the first is its MSH). Throws Hl7ParseError naming the
 * segment at fault.
 */
export function parseMessage(lines: readonly string[], charset: string): Hl7Message {
  const header = lines[0] ?? '';
  const encoding = readEncodingCharacters(header);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const name = line.slice(0, 3);
    if (!SEGMENT_LINE.test(name) || (line.length > 3 && line.charAt(3) !== encoding.field)) {
      throw new Hl7ParseError(
        'BAD_SEGMENT',
        `Line ${i + 1} of the message is not an HL7 segment`,
        SEGMENT_LINE.test(name) ? name : 'MSH',
        SEGMENT_LINE.test(name) ? `${name}-1` : 'MSH-1',
      );
    }
  }
  const text = lines.join('\r');
  const standard = isStandardEncoding(encoding) ? text : toStandardEncoding(lines, encoding).join('\r');
  // hl7-standard needs at least one line end, and reads `\r` best when it is the only kind.
  const parsed = new HL7(`${standard}\r`);
  try {
    parsed.transform();
  } catch {
    throw new Hl7ParseError('BAD_SEGMENT', 'The message segments could not be read', 'MSH', 'MSH-1');
  }
  return new Hl7Message(text, encoding, charset, parsed);
}

/**
 * What makes a message the same message (ARCHITECTURE §4.3): its content apart from MSH-7, the time
 * the engine sent it (resends carry a new one), with line endings and a trailing segment separator
 * already gone from `text`. A SHA-256 in hex.
 */
export function contentFingerprint(message: Hl7Message): string {
  const [header = '', ...rest] = message.text.split('\r');
  const fields = header.split(message.encoding.field);
  // fields[0] is `MSH` and MSH-1 is the separator itself, so MSH-7 is fields[6].
  if (fields.length > 6) fields[6] = '';
  return createHash('sha256')
    .update([fields.join(message.encoding.field), ...rest.filter((line) => line !== '')].join('\r'), 'utf8')
    .digest('hex');
}
