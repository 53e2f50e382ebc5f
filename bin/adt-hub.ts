// adt-hub: the operator CLI (ARCHITECTURE §4.6). Each command lives in cli/.
import { runCli } from '../cli/main.ts';

// Output piped into `head` and the like: stop quietly when the reader has gone.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
