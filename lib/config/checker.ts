// Walking a configuration document: every problem collected with its field path, none stopping
// the check, so one run of synth lists them all.

export interface ConfigProblem {
  /** Field path, e.g. `subscribers[1].delivery.url`; empty for the whole document. */
  path: string;
  message: string;
}

/** Every problem found in one configuration, one per line: `<source>: <path>: <message>`. */
export class HubConfigError extends Error {
  override readonly name = 'HubConfigError';
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      problems.map((p) => [source, p.path, p.message].filter((part) => part !== '').join(': ')).join('\n'),
    );
  }
}

export type Json = Record<string, unknown>;

/** Walks one document, collecting problems with their paths instead of stopping at the first. */
export class Checker {
  readonly problems: ConfigProblem[] = [];

  fail(path: string, message: string): undefined {
    this.problems.push({ path, message });
    return undefined;
  }

  /** A JSON object with only the known fields; unknown ones are reported (typos must not pass). */
  object(value: unknown, path: string, fields: readonly string[]): Json | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return this.fail(path, 'must be a JSON object');
    }
    for (const key of Object.keys(value)) {
      if (fields.includes(key)) continue;
      const near = fields.find((field) => field.toLowerCase() === key.toLowerCase());
      this.fail(
        join_(path, key),
        near !== undefined
          ? `unknown field (did you mean '${near}'?)`
          : `unknown field (expected one of: ${fields.join(', ')})`,
      );
    }
    return value as Json;
  }

  string(value: unknown, path: string, rule: RegExp, says: string): string | undefined {
    if (typeof value !== 'string') return this.fail(path, `must be a string: ${says}`);
    if (!rule.test(value)) return this.fail(path, `must be ${says} (got '${value}')`);
    return value;
  }

  required(object: Json, key: string, path: string, says: string): unknown {
    if (object[key] === undefined) this.fail(join_(path, key), `is required: ${says}`);
    return object[key];
  }

  array(value: unknown, path: string, nonEmpty: boolean): unknown[] | undefined {
    if (!Array.isArray(value)) return this.fail(path, 'must be a JSON array');
    if (nonEmpty && value.length === 0) return this.fail(path, 'must list at least one value');
    return value;
  }

  /** Reports repeated values, naming the first place each was seen. */
  unique(values: readonly (string | undefined)[], path: (index: number) => string): void {
    const seen = new Map<string, number>();
    values.forEach((value, index) => {
      if (value === undefined) return;
      const first = seen.get(value);
      if (first === undefined) seen.set(value, index);
      else this.fail(path(index), `must be unique: '${value}' is already ${path(first)}`);
    });
  }

  integer(value: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return this.fail(path, `must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
    }
    return value;
  }
}

export function join_(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}
