// `adt-hub parse FILE...`: every message in the files as AdtEvent JSON Lines (ARCHITECTURE §4.1).
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { parseAdt } from '../functions/core/normalise/parse-adt.ts';
import { type CliIo, UsageError } from './io.ts';

export const parseHelp = `Usage: adt-hub parse [--json] FILE...

Prints each HL7 v2 ADT message in the files as one AdtEvent JSON object per line.
A file may hold one message, several separated by blank lines, an FHS/BHS batch or
MLLP frames. A message that cannot be parsed prints {"error": {...}} on its line instead,
and the command exits 1 after printing every line. Use - to read standard input.
No hub is needed.`;

async function readInput(path: string): Promise<Uint8Array> {
  if (path === '-') return Buffer.from(await text(process.stdin), 'latin1');
  return readFile(path);
}

export async function parseCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } },
  });
  if (values.help) {
    io.stdout(parseHelp);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('parse needs at least one FILE');

  let messages = 0;
  let failed = 0;
  let unreadable = 0;
  for (const path of positionals) {
    let bytes: Uint8Array;
    try {
      bytes = await (io.readFile ?? readInput)(path);
    } catch (error) {
      unreadable++;
      io.stderr(`adt-hub parse: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      continue;
    }
    for (const result of parseAdt(bytes)) {
      messages++;
      if (result.ok) {
        io.stdout(JSON.stringify(result.event));
      } else {
        failed++;
        io.stdout(JSON.stringify({ error: result.error.toJSON() }));
      }
    }
  }
  if (failed > 0) io.stderr(`adt-hub parse: ${failed} of ${messages} messages could not be parsed`);
  if (unreadable > 0)
    io.stderr(`adt-hub parse: ${unreadable} of ${positionals.length} files could not be read`);
  return failed > 0 || unreadable > 0 ? 1 : 0;
}
