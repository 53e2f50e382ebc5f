// `adt-hub match --roster CSV FILE...` (ARCHITECTURE §4.6): the hub's matching code, against a
// roster read from a CSV, one JSON line per message. No hub needed.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadRoster } from '../functions/adapters/csv/roster-csv.ts';
import { matchPerson, probeFromPatient, RosterIndex } from '../functions/core/matching/index.ts';
import type { MatchResult } from '../functions/core/matching/types.ts';
import { parseAdt } from '../functions/core/normalise/parse-adt.ts';
import { type CliIo, UsageError } from './io.ts';

export const matchHelp = `Usage: adt-hub match --roster CSV [--evidence] FILE...

Matches the patient of each HL7 message in the files against the people in a roster CSV
(nhs_number, family_name, given_name, birth_date, sex, postcode, local_id) and prints one JSON
line per message: {"controlId","outcome","method","score","candidate"}, where outcome is
matched, possible or unmatched and candidate is the roster row ({"line","nhsNumber","localId"}).
Rejected roster rows are listed on stderr. Exits 1 if a message could not be parsed.
  --evidence   add each field's agreement and weight, and the reasons, to every line
No hub needed.`;

function candidateOf(result: MatchResult) {
  const { candidate } = result;
  if (candidate === undefined) return undefined;
  return { line: candidate.line, nhsNumber: candidate.nhsNumber, localId: candidate.localIds[0] };
}

export async function matchCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      roster: { type: 'string' },
      evidence: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(matchHelp);
    return 0;
  }
  if (values.roster === undefined) throw new UsageError('match needs --roster CSV');
  if (positionals.length === 0) throw new UsageError('match needs at least one FILE');

  const { records, rejected } = await loadRoster(values.roster);
  for (const row of rejected) io.stderr(`adt-hub match: roster line ${row.line} rejected: ${row.reason}`);
  const index = RosterIndex.fromRecords(records);

  let failed = 0;
  for (const path of positionals) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      failed++;
      io.stderr(`adt-hub match: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      continue;
    }
    for (const parsed of parseAdt(bytes)) {
      if (!parsed.ok) {
        failed++;
        io.stdout(JSON.stringify({ error: parsed.error.toJSON() }));
        continue;
      }
      const { event } = parsed;
      const result: MatchResult =
        event.patient === undefined
          ? { outcome: 'unmatched', score: 0, evidence: [], reasons: ['The message has no patient'] }
          : matchPerson(probeFromPatient(event.patient), index);
      const line = {
        controlId: event.controlId,
        outcome: result.outcome,
        method: result.method,
        score: result.score,
        candidate: candidateOf(result),
        ...(values.evidence ? { evidence: result.evidence, reasons: result.reasons } : {}),
      };
      io.stdout(JSON.stringify(line));
    }
  }
  if (failed > 0) io.stderr(`adt-hub match: ${failed} message(s) or file(s) could not be read`);
  return failed > 0 ? 1 : 0;
}
