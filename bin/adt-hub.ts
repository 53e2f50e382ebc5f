// adt-hub: the operator CLI (ARCHITECTURE §4.6). Each command lives in cli/.
import { runCli } from '../cli/main.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
