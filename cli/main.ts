// Dispatches `adt-hub <command>`; every failure ends as one line on stderr and a non-zero exit.

import { auditCommand } from './audit.ts';
import { dlqCommand } from './dlq.ts';
import { type CliIo, UsageError } from './io.ts';
import { matchCommand } from './match.ts';
import { parseCommand, parseHelp } from './parse.ts';
import { quarantineCommand } from './quarantine.ts';
import { reviewCommand } from './review.ts';
import { rosterCommand } from './roster.ts';
import { sendCommand } from './send.ts';
import { sendersCommand } from './senders.ts';
import { subscribersCommand } from './subscribers.ts';
import { traceCommand } from './trace.ts';

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  parse: { run: parseCommand, summary: 'print HL7 v2 ADT messages as AdtEvent JSON Lines (no hub needed)' },
  match: {
    run: matchCommand,
    summary: 'match each message against a roster CSV and print the decision (no hub needed)',
  },
  send: { run: sendCommand, summary: 'send HL7 messages to a hub over HTTP and print each ACK code' },
  senders: { run: sendersCommand, summary: 'create a sender key for an interface engine (senders add)' },
  subscribers: { run: subscribersCommand, summary: 'register subscribers (webhook or SQS) and list them' },
  roster: { run: rosterCommand, summary: 'load a subscriber’s roster from a CSV (roster import)' },
  review: {
    run: reviewCommand,
    summary: 'what waits for a person to decide: list, show, accept or reject (possible matches…)',
  },
  audit: { run: auditCommand, summary: 'what operators did, and who: review decisions, redrives, imports' },
  trace: { run: traceCommand, summary: 'what happened to a message: ACK, match, alerts, deliveries' },
  dlq: { run: dlqCommand, summary: 'list alerts the hub gave up delivering, or send them again (redrive)' },
  quarantine: { run: quarantineCommand, summary: 'list the messages the hub refused (AE/AR) and why' },
};

export const mainHelp = `Usage: adt-hub <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`)
  .join('\n')}

Commands that reach a hub use the one npm start runs in this folder, or a deployed stack with
--stack NAME (or ADT_HUB_STACK=NAME) and the usual AWS credentials.
Run adt-hub <command> --help for a command's options.`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // `--stack NAME` works with every command that reaches a hub: it names a deployed stack.
  const stackAt = argv.indexOf('--stack');
  if (stackAt !== -1) {
    const stack = argv[stackAt + 1];
    if (stack === undefined || stack.startsWith('-')) {
      io.stderr('adt-hub: --stack needs the deployment name of a deployed stack');
      return 2;
    }
    process.env.ADT_HUB_STACK = stack;
    argv = [...argv.slice(0, stackAt), ...argv.slice(stackAt + 2)];
  }
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainHelp);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(`adt-hub: unknown command '${name}' (adt-hub --help lists them)`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`adt-hub ${name}: ${(error as Error).message} (adt-hub ${name} --help)`);
      return 2;
    }
    io.stderr(`adt-hub ${name}: ${(error as Error).message}`);
    return 1;
  }
}

export { parseHelp };
