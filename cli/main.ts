// Dispatches `adt-hub <command>`; every failure ends as one line on stderr and a non-zero exit.

import { type CliIo, UsageError } from './io.ts';

type Command = (args: string[], io: CliIo) => Promise<number>;

/** Each command, loaded only when it runs: `adt-hub parse` need not load the AWS SDK. */
const COMMANDS: Record<string, { load: () => Promise<Command>; summary: string }> = {
  parse: {
    load: async () => (await import('./parse.ts')).parseCommand,
    summary: 'print HL7 v2 ADT messages as AdtEvent JSON Lines (no hub needed)',
  },
  match: {
    load: async () => (await import('./match.ts')).matchCommand,
    summary: 'match each message against a roster CSV and print the decision (no hub needed)',
  },
  send: {
    load: async () => (await import('./send.ts')).sendCommand,
    summary: 'send HL7 messages to a hub over HTTP and print each ACK code',
  },
  senders: {
    load: async () => (await import('./senders.ts')).sendersCommand,
    summary: 'create a sender key for an interface engine (senders add)',
  },
  subscribers: {
    load: async () => (await import('./subscribers.ts')).subscribersCommand,
    summary: 'register subscribers (webhook or SQS) and list them',
  },
  roster: {
    load: async () => (await import('./roster.ts')).rosterCommand,
    summary: 'load a subscriber’s roster from a CSV (roster import)',
  },
  review: {
    load: async () => (await import('./review.ts')).reviewCommand,
    summary: 'what waits for a person to decide: list, show, accept or reject (possible matches…)',
  },
  audit: {
    load: async () => (await import('./audit.ts')).auditCommand,
    summary: 'what operators did, and who: review decisions, redrives, imports',
  },
  trace: {
    load: async () => (await import('./trace.ts')).traceCommand,
    summary: 'what happened to a message: ACK, match, alerts, deliveries',
  },
  dlq: {
    load: async () => (await import('./dlq.ts')).dlqCommand,
    summary: 'list alerts the hub gave up delivering, or send them again (redrive)',
  },
  doctor: {
    load: async () => (await import('./doctor.ts')).doctorCommand,
    summary: 'check a hub before hospitals send: tables, queues, dead letters, alarms, endpoints',
  },
  quarantine: {
    load: async () => (await import('./quarantine.ts')).quarantineCommand,
    summary: 'list the messages the hub refused (AE/AR) and why',
  },
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
    return await (await command.load())(args, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`adt-hub ${name}: ${(error as Error).message} (adt-hub ${name} --help)`);
      return 2;
    }
    io.stderr(`adt-hub ${name}: ${(error as Error).message}`);
    return 1;
  }
}
