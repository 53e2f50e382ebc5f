// `npm start`: the local hub on real emulators (ARCHITECTURE §4.7). State is kept in .adt-hub/
// between runs; Ctrl-C stops everything, Java included.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runDemo } from './demo/run.ts';
import { checkJava } from './emulators/dynamodb-local.ts';
import { generateSenderKey, startLocalHub } from './hub.ts';
import { HUB_FILE, privateDir, STATE_DIR, savedSenderKey, saveSenderKey, writeHubInfo } from './state.ts';
import { readableOutput, terminalLine } from './terminal.ts';

const HELP = `Usage: npm start [-- --fresh] [-- --no-demo]

Starts the local hub: DynamoDB Local and a local SQS server, the tables and queues, HTTP ingest
on ADT_HUB_HTTP_PORT (default 8080), matching, routing and delivery; then runs the demo (a GP
practice by webhook, a social-care team by SQS, a sample feed) and keeps running, showing each
alert as it arrives. State is kept in .adt-hub/ between runs.
  --fresh     start empty (deletes .adt-hub/)
  --no-demo   start without the demo
Environment: ADT_HUB_HTTP_PORT, ADT_HUB_MLLP_PORT, ADT_HUB_CONSOLE_PORT (the operator console, default
8081), ADT_HUB_SENDER_KEY (the local demo sender's
key), ADT_HUB_LOG=json (the handlers' JSON log lines even on a terminal).`;

const { values } = parseArgs({
  options: {
    fresh: { type: 'boolean' },
    'no-demo': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

try {
  checkJava();
} catch (error) {
  console.error(`adt-hub: ${(error as Error).message}`);
  process.exit(1);
}

if (values.fresh) rmSync(STATE_DIR, { recursive: true, force: true });
const senderKey = process.env.ADT_HUB_SENDER_KEY || savedSenderKey() || generateSenderKey();
if (!process.env.ADT_HUB_SENDER_KEY) saveSenderKey(senderKey);
const httpPort = port('ADT_HUB_HTTP_PORT', 8080);
const mllpPort = port('ADT_HUB_MLLP_PORT', 2575);
const consolePort = port('ADT_HUB_CONSOLE_PORT', 8081);
// MLLP over TLS when both are given (PEM paths); with a CA, clients must present a certificate.
const tlsCert = process.env.ADT_HUB_MLLP_TLS_CERT;
const tlsKey = process.env.ADT_HUB_MLLP_TLS_KEY;
if ((tlsCert === undefined) !== (tlsKey === undefined)) {
  console.error('adt-hub: set both ADT_HUB_MLLP_TLS_CERT and ADT_HUB_MLLP_TLS_KEY, or neither');
  process.exit(1);
}
const mllpTls =
  tlsCert !== undefined && tlsKey !== undefined
    ? { certPath: tlsCert, keyPath: tlsKey, caPath: process.env.ADT_HUB_MLLP_TLS_CA || undefined }
    : undefined;

/** A port from the environment, or the default; anything else stops here with the variable's name. */
function port(variable: string, fallback: number): number {
  const text = process.env[variable];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 65_535) {
    console.error(`adt-hub: ${variable} must be a port number from 1 to 65535 (got '${text}')`);
    process.exit(1);
  }
  return value;
}

// On a terminal, one readable line per message; JSON log lines otherwise. The demo prints its own
// table, so its messages' lines are held back until it is done.
const readable = readableOutput();
let demoRunning = !values['no-demo'];
console.log('Starting the local hub (DynamoDB Local, SQS, HTTP ingest)…');
let hub: Awaited<ReturnType<typeof startLocalHub>>;
try {
  hub = await startLocalHub({
    // Private to this user: the database holds every message sent to the hub.
    dataDir: privateDir(join(privateDir(STATE_DIR), 'dynamodb')),
    httpPort,
    mllpPort,
    mllpTls,
    senderKey,
    consolePort,
    ...(readable && {
      logLevel: 'WARN' as const,
      report: (report) => {
        const line = terminalLine(report);
        if (line !== undefined && !demoRunning) console.log(line);
      },
    }),
  });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'EADDRINUSE'
      ? `port ${httpPort}, ${mllpPort} or ${consolePort} is in use: stop what uses it, or set ADT_HUB_HTTP_PORT / ADT_HUB_MLLP_PORT / ADT_HUB_CONSOLE_PORT`
      : (error as Error).message;
  console.error(`adt-hub: the local hub could not start: ${reason}`);
  process.exit(1);
}

const { recovered } = hub;
writeHubInfo({
  httpUrl: hub.httpUrl,
  mllpPort: hub.mllpPort,
  mllpTls: hub.mllpTls,
  senderKey,
  deployment: hub.deployment,
  dynamodbEndpoint: hub.emulators.dynamodbEndpoint,
  sqsEndpoint: hub.emulators.sqsEndpoint,
  pid: process.pid,
});

const ingestUrl = `${hub.httpUrl}/v1/hl7`;
console.log(`
ADT Hub is running locally.

  HTTP ingest   POST ${ingestUrl}
  MLLP          127.0.0.1:${hub.mllpPort}${hub.mllpTls ? ' over TLS' : ''} (from this machine)
  Console       ${hub.consoleUrl ?? '-'} (from this machine)
  Sender key    ${senderKey}
  DynamoDB      ${hub.emulators.dynamodbEndpoint} (DynamoDB Local listens on every interface: it has no
                option to bind to 127.0.0.1; send synthetic data only, or firewall the port)
  State         ${STATE_DIR} (yours only: 0700)${recovered.messages + recovered.alerts > 0 ? ` (${recovered.messages} unprocessed messages and ${recovered.alerts} undelivered alerts queued again)` : ''}

Send a message (paste this):

  curl -sS -X POST ${ingestUrl} \\
    -H 'Authorization: Bearer ${senderKey}' \\
    -H 'Content-Type: x-application/hl7-v2+er7' \\
    --data-binary @test/fixtures/hl7/a01-admission.hl7 | tr '\\r' '\\n'

or:  npx adt-hub send test/fixtures/hl7/a01-admission.hl7
     npx adt-hub send --mllp test/fixtures/hl7/a01-admission.hl7

${readable ? 'One line per message follows' : 'One JSON log line per message follows'}. Ctrl-C stops the hub.
`);

let demo: Awaited<ReturnType<typeof runDemo>> | undefined;
// The demo prints its own table; after it, each alert that arrives gets a line of its own.
if (!values['no-demo']) {
  demo = await runDemo(hub, (arrival) => {
    if (!demoRunning)
      console.log(
        `alert → ${arrival.subscriberId} (${arrival.channel}): ${arrival.event} ${arrival.controlId}  ${arrival.summary}`,
      );
  });
  for (const line of demo.lines) console.log(line);
  console.log('\nThe demo subscribers stay registered: messages you send about their people arrive below.\n');
}
demoRunning = false;

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the local hub…');
  demo?.stopPolling();
  await demo?.receiver.close();
  await hub.stop();
  rmSync(HUB_FILE, { force: true });
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
