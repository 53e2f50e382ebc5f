// The MLLP container's entry point: its configuration (a bad one stops it with a one-line reason),
// and, as a real process against a stand-in for DynamoDB and SQS on loopback, a SIGTERM that lets
// the ACK in flight go out, refuses what comes after with AR, and exits 0.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { frame } from '../../../functions/mllp/framing.ts';
import { parseMllpSenders, readMllpSettings } from '../../../functions/mllp/settings.ts';
import { eventually } from '../../helpers/eventually.ts';
import { admission } from '../../helpers/hl7.ts';
import { ackSummary, rawPeer } from '../../helpers/mllp.ts';

const MAIN = fileURLToPath(new URL('../../../functions/mllp/main.ts', import.meta.url));
const RBN = {
  senderId: 'rbn-pas',
  name: 'Royal Berkshire PAS',
  facilities: ['RBN'],
  networks: ['10.20.0.0/16'],
};

describe('parseMllpSenders', () => {
  it('reads senders with their facilities and networks (CIDRs or single addresses, IPv4 or IPv6)', () => {
    const senders = [
      RBN,
      { senderId: 'wwl', facilities: ['RRF', 'RRF2'], networks: ['192.168.4.7', 'fd00::/8'] },
    ];
    expect(parseMllpSenders(JSON.stringify(senders))).toEqual(senders);
  });

  it.each([
    ['not JSON', '[{', /^MLLP_SENDERS is not JSON/],
    ['not an array', '{}', /non-empty JSON array/],
    ['an empty array', '[]', /non-empty JSON array/],
    ['a sender that is not an object', '["rbn"]', /MLLP_SENDERS\[0\] must be an object/],
    [
      'no senderId',
      JSON.stringify([{ ...RBN, senderId: ' ' }]),
      /\[0\]\.senderId must be a non-empty string/,
    ],
    ['a senderId twice', JSON.stringify([RBN, RBN]), /\[1\]\.senderId 'rbn-pas' is listed twice/],
    ['a name that is not text', JSON.stringify([{ ...RBN, name: 7 }]), /\[0\]\.name must be a string/],
    ['no facilities', JSON.stringify([{ ...RBN, facilities: [] }]), /\[0\]\.facilities must be a non-empty/],
    ['no networks', JSON.stringify([{ ...RBN, networks: undefined }]), /\[0\]\.networks must be a non-empty/],
    ['a bad CIDR', JSON.stringify([{ ...RBN, networks: ['10.0.0/8'] }]), /'10\.0\.0\/8' is not a CIDR/],
    ['a prefix too long', JSON.stringify([{ ...RBN, networks: ['10.0.0.0/33'] }]), /is not a CIDR/],
    ['a typo', JSON.stringify([{ ...RBN, network: ['10.0.0.0/8'] }]), /unknown field 'network'/],
    [
      'a client certificate',
      JSON.stringify([{ ...RBN, certificateCn: 'rbn' }]),
      /certificateCn: TLS ends at the load balancer/,
    ],
  ])('refuses %s with a one-line reason', (_case, json, reason) => {
    expect(() => parseMllpSenders(json)).toThrow(reason);
    try {
      parseMllpSenders(json);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

describe('readMllpSettings', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('defaults the port to 2575 and the idle timeout to 600 s', () => {
    vi.stubEnv('MLLP_SENDERS', JSON.stringify([RBN]));
    vi.stubEnv('MLLP_PORT', '');
    vi.stubEnv('MLLP_IDLE_TIMEOUT_SECONDS', '');
    expect(readMllpSettings()).toEqual({
      port: 2575,
      idleTimeoutSeconds: 600,
      senders: [RBN],
      probeNetworks: [],
    });
  });

  it('reads the health checks’ networks, and refuses one that is not a CIDR', () => {
    vi.stubEnv('MLLP_SENDERS', JSON.stringify([RBN]));
    vi.stubEnv('MLLP_PROBE_NETWORKS', '10.80.0.0/16');
    expect(readMllpSettings().probeNetworks).toEqual(['10.80.0.0/16']);
    vi.stubEnv('MLLP_PROBE_NETWORKS', '10.80.0.0/16,nowhere');
    expect(() => readMllpSettings()).toThrow("MLLP_PROBE_NETWORKS 'nowhere' is not a CIDR");
  });

  it('takes the port and idle timeout given, and names the variable that is wrong', () => {
    vi.stubEnv('MLLP_SENDERS', JSON.stringify([RBN]));
    vi.stubEnv('MLLP_PORT', '12575');
    vi.stubEnv('MLLP_IDLE_TIMEOUT_SECONDS', '340');
    expect(readMllpSettings()).toMatchObject({ port: 12575, idleTimeoutSeconds: 340 });
    vi.stubEnv('MLLP_PORT', '70000');
    expect(() => readMllpSettings()).toThrow(/^MLLP_PORT must be a whole number from 0 to 65535/);
    vi.stubEnv('MLLP_PORT', '2575');
    vi.stubEnv('MLLP_IDLE_TIMEOUT_SECONDS', '1.5');
    expect(() => readMllpSettings()).toThrow(/^MLLP_IDLE_TIMEOUT_SECONDS must be a whole number/);
  });

  it('needs MLLP_SENDERS', () => {
    vi.stubEnv('MLLP_SENDERS', '');
    expect(() => readMllpSettings()).toThrow('MLLP_SENDERS is not set');
  });
});

// --- The process -----------------------------------------------------------------------------

let child: ChildProcess | undefined;
let aws: Server | undefined;

afterEach(async () => {
  if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
  await new Promise((resolve) => (aws ? aws.close(resolve) : resolve(undefined)));
  aws = undefined;
});

/**
 * DynamoDB and SQS as far as ingest needs them: PutItem succeeds after `putDelayMs`, SendMessage
 * answers with the body's MD5, as SQS does.
 */
async function fakeAws(putDelayMs: number): Promise<string> {
  aws = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const reply = (payload: object, contentType: string) => {
        response.writeHead(200, { 'content-type': contentType });
        response.end(JSON.stringify(payload));
      };
      if (target === 'AmazonSQS.SendMessage') {
        const md5 = createHash('md5').update(body.MessageBody).digest('hex');
        reply({ MessageId: 'm-1', MD5OfMessageBody: md5 }, 'application/x-amz-json-1.0');
      } else {
        setTimeout(() => reply({}, 'application/x-amz-json-1.0'), putDelayMs);
      }
    });
  });
  aws.listen(0, '127.0.0.1');
  await once(aws, 'listening');
  return `http://127.0.0.1:${(aws.address() as AddressInfo).port}`;
}

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startMain(env: Record<string, string>): Started {
  let stdout = '';
  let stderr = '';
  child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (data: Buffer) => {
    stdout += data.toString('utf8');
  });
  child.stderr?.on('data', (data: Buffer) => {
    stderr += data.toString('utf8');
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

function logged(started: Started, message: string): Promise<Record<string, unknown>> {
  return eventually(`the '${message}' log line`, () => {
    const line = started
      .stdout()
      .split('\n')
      .filter((text) => text.startsWith('{'))
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry.message === message);
    if (line === undefined && started.child.exitCode !== null)
      throw new Error(`the listener exited; stdout: ${started.stdout()} stderr: ${started.stderr()}`);
    return line;
  });
}

describe('the MLLP container entry point', () => {
  it('exits non-zero with a one-line reason when MLLP_SENDERS is malformed', async () => {
    const started = startMain({
      MESSAGES_TABLE: 'messages',
      INGEST_QUEUE_URL: 'http://127.0.0.1:9/queue',
      MLLP_SENDERS: '[{"senderId":"rbn","facilities":["RBN"]}]',
    });
    expect(await started.exited).toBe(1);
    // The logger writes errors to stderr: one JSON line, and nothing else.
    const lines = started.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'ERROR',
      message:
        'MLLP listener not started: MLLP_SENDERS[0].networks must be a non-empty array of CIDRs (e.g. 10.20.0.0/16)',
    });
  }, 30_000);

  it('on SIGTERM finishes the ACK in flight, refuses the next message with AR, and exits 0', async () => {
    const endpoint = await fakeAws(600);
    const started = startMain({
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_ENDPOINT_URL_SQS: endpoint,
      MESSAGES_TABLE: 'adt-hub-test-messages',
      INGEST_QUEUE_URL: `${endpoint}/123456789012/adt-hub-test-ingest.fifo`,
      MLLP_PORT: '0',
      MLLP_SENDERS: JSON.stringify([{ senderId: 'local', facilities: ['RBN'], networks: ['127.0.0.0/8'] }]),
    });
    const { port } = (await logged(started, 'mllp listening')) as { port: number };
    const peer = await rawPeer(port);

    peer.socket.write(frame(admission({ 10: 'M1' })));
    await new Promise((resolve) => setTimeout(resolve, 250)); // M1's PutItem is being held
    started.child.kill('SIGTERM');
    await logged(started, 'mllp stopping');
    peer.socket.write(frame(admission({ 10: 'M2' })));

    const acks = await peer.waitForAcks(2);
    expect(acks.map(ackSummary)).toEqual(['AA M1', 'AR M2']);
    expect(await started.exited).toBe(0);
    await logged(started, 'mllp stopped');
    // Ids only: no name, NHS number or message text in the logs.
    expect(started.stdout()).not.toContain('Testperson');
    expect(started.stdout()).not.toContain('9449305552');
  }, 30_000);
});
