// Reads a roster CSV (ARCHITECTURE §4.4: UTF-8, header row, RFC 4180 quoting) row by row with
// csv-parse, validating each: from a file (`adt-hub roster import`, `adt-hub match`) or from bytes
// (an upload in the console).
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { type ParsedRosterRow, parseRosterRow, ROSTER_COLUMNS } from '../../core/matching/index.ts';
import type { PersonRecord } from '../../core/matching/types.ts';

export interface RejectedRow {
  line: number;
  reason: string;
}

/** The file or upload is not a roster at all (unreadable, no usable header, not CSV). */
export class RosterFileError extends Error {
  override readonly name = 'RosterFileError';
}

async function* rowsOf(input: Readable, name: string): AsyncGenerator<ParsedRosterRow> {
  const parser = input.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        const columns = header.map((column) => column.trim().toLowerCase());
        const known = columns.filter((column) => (ROSTER_COLUMNS as readonly string[]).includes(column));
        if (
          !columns.includes('nhs_number') &&
          !(columns.includes('family_name') && columns.includes('birth_date'))
        ) {
          throw new RosterFileError(
            `the header has neither nhs_number nor family_name and birth_date (found: ${known.join(', ') || 'none of the roster columns'})`,
          );
        }
        return columns;
      },
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }),
  );
  // pipe() does not pass on a read error: hand it to the parser, which the loop below reads.
  input.on('error', (error) => parser.destroy(error));
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield { line: info.lines, ...parseRosterRow(record, info.lines) };
    }
  } catch (error) {
    if (error instanceof RosterFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR' || code === 'EIO') throw new RosterFileError(`cannot read ${name}: ${code}`);
    throw new RosterFileError(`${name} is not a readable CSV: ${(error as Error).message}`);
  }
}

/** Every row of the file, valid or not, in order. `line` is where the row ends (the header is 1). */
export async function* readRoster(path: string): AsyncGenerator<ParsedRosterRow> {
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(path);
  } catch (error) {
    throw new RosterFileError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    yield* rowsOf(file.createReadStream(), path);
  } finally {
    await file.close();
  }
}

/** The same, from an upload's bytes. */
export function readRosterBytes(bytes: Uint8Array, name = 'the upload'): AsyncGenerator<ParsedRosterRow> {
  return rowsOf(Readable.from([Buffer.from(bytes)]), name);
}

/** The valid records of a roster, and the rows rejected with their reasons. */
export async function loadRoster(
  path: string,
): Promise<{ records: PersonRecord[]; rejected: RejectedRow[] }> {
  const records: PersonRecord[] = [];
  const rejected: RejectedRow[] = [];
  for await (const row of readRoster(path)) {
    if (row.ok) records.push(row.record);
    else rejected.push({ line: row.line, reason: row.reason });
  }
  return { records, rejected };
}
