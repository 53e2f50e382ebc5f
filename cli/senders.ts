// `adt-hub senders add --id ID --facilities A,B`: a new sender key for a hospital's interface
// engine. The key is printed once; the hub keeps only its SHA-256 hash.
import { parseArgs } from 'node:util';
import { registerSenderAs } from '../functions/use-cases/operator-actions.ts';
import { connectToHub } from './hub-connection.ts';
import { type CliIo, UsageError } from './io.ts';

export const sendersHelp = `Usage: adt-hub senders add --id ID --facilities RBN[,RXX] [--name NAME] [--json]

Creates a sender key for an interface engine, allowed to send for the MSH-4 facilities listed
(* for any). The key is printed once: the hub stores only its SHA-256 hash. Works against the hub
npm start runs here, or a deployed stack with --stack NAME.`;

export async function sendersCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      id: { type: 'string' },
      name: { type: 'string' },
      facilities: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(sendersHelp);
    return 0;
  }
  if (positionals[0] !== 'add' || positionals.length > 1)
    throw new UsageError('the only action is: senders add');
  if (!values.id || !values.facilities) throw new UsageError('senders add needs --id and --facilities');
  const facilities = values.facilities
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (facilities.length === 0) throw new UsageError('--facilities lists at least one MSH-4 facility, or *');
  const hub = connectToHub();
  let key: string;
  try {
    ({ key } = await registerSenderAs(
      await hub.actor(),
      { senderId: values.id, ...(values.name !== undefined && { name: values.name }), facilities },
      hub.operations,
    ));
  } finally {
    hub.close();
  }
  if (values.json) io.stdout(JSON.stringify({ senderId: values.id, facilities, key }));
  else
    io.stdout(
      `Sender ${values.id} may send for ${facilities.join(', ')}.\n  key  ${key}  (shown once: give it to the interface engine)`,
    );
  return 0;
}
