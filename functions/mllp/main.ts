// The MLLP listener's container entry point on AWS (docker/mllp/Dockerfile, run by the Fargate
// service in lib/constructs/mllp-service.ts). Plain TCP: TLS ends at the Network Load Balancer,
// which preserves the client's IP, so senders are known by their source network. On SIGTERM
// (ECS stopping the task) it stops taking messages, lets the ACKs in flight go out, then exits.
// The pure parts (configuration) are exported for the tests and for the construct, which checks
// its sender list at synth time; the runtime modules are loaded only when the listener starts.
import { isIP } from 'node:net';
import { requireEnv } from '../platform/env.ts';
import type { IngestResult } from '../use-cases/ingest.ts';

/** The environment the listener reads (besides the ingest wiring's table and queue). */
export const MLLP_ENV = {
  port: 'MLLP_PORT',
  senders: 'MLLP_SENDERS',
  idleTimeoutSeconds: 'MLLP_IDLE_TIMEOUT_SECONDS',
  /** CIDRs the load balancer's health checks come from (closed quietly, not logged as refused). */
  probeNetworks: 'MLLP_PROBE_NETWORKS',
} as const;

export const DEFAULT_MLLP_PORT = 2575;
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 600;
/** As HTTP ingest: 1 MiB a message. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
/** How long a stopping task waits for ACKs in flight (ECS's stopTimeout must be longer). */
const DRAIN_LIMIT_MS = 45_000;

/** A sender as configured on AWS: known by its source networks (no client certificates there). */
export interface MllpSenderConfig {
  senderId: string;
  name?: string;
  /** MSH-4 facilities it may send for. */
  facilities: string[];
  /** CIDRs (or single addresses) it connects from. */
  networks: string[];
}

export interface MllpConfig {
  port: number;
  idleTimeoutSeconds: number;
  senders: MllpSenderConfig[];
  probeNetworks: string[];
}

const SENDER_FIELDS = new Set(['senderId', 'name', 'facilities', 'networks']);

function isCidr(text: string): boolean {
  const [address = '', bits, ...rest] = text.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

function nonEmptyStrings(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => typeof item === 'string' && item.trim() !== '')
  );
}

/**
 * `MLLP_SENDERS`: a JSON array of `{senderId, name?, facilities: string[], networks: string[]}`.
 * Throws an Error whose message is one line saying what is wrong and where.
 */
export function parseMllpSenders(json: string): MllpSenderConfig[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`${MLLP_ENV.senders} is not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error(`${MLLP_ENV.senders} must be a non-empty JSON array of senders`);
  }
  const seen = new Set<string>();
  return value.map((entry: unknown, index) => {
    const where = `${MLLP_ENV.senders}[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new Error(`${where} must be an object {senderId, name?, facilities, networks}`);
    }
    const fields = entry as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (key === 'certificateCn') {
        throw new Error(`${where}.certificateCn: TLS ends at the load balancer on AWS; use networks`);
      }
      if (!SENDER_FIELDS.has(key)) throw new Error(`${where} has an unknown field '${key}'`);
    }
    const { senderId, name, facilities, networks } = fields;
    if (typeof senderId !== 'string' || senderId.trim() === '') {
      throw new Error(`${where}.senderId must be a non-empty string`);
    }
    if (seen.has(senderId)) throw new Error(`${where}.senderId '${senderId}' is listed twice`);
    seen.add(senderId);
    if (name !== undefined && typeof name !== 'string') throw new Error(`${where}.name must be a string`);
    if (!nonEmptyStrings(facilities)) {
      throw new Error(`${where}.facilities must be a non-empty array of MSH-4 facility codes`);
    }
    if (!nonEmptyStrings(networks)) {
      throw new Error(`${where}.networks must be a non-empty array of CIDRs (e.g. 10.20.0.0/16)`);
    }
    const bad = networks.find((network) => !isCidr(network));
    if (bad !== undefined) throw new Error(`${where}.networks: '${bad}' is not a CIDR (e.g. 10.20.0.0/16)`);
    return { senderId, ...(name === undefined ? {} : { name }), facilities, networks };
  });
}

function integer(variable: string, fallback: number, min: number, max: number): number {
  const text = process.env[variable];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new Error(`${variable} must be a whole number from ${min} to ${max} (got '${text}')`);
  }
  return value;
}

/** The listener's own settings from the environment; throws a one-line Error when one is wrong. */
export function readMllpConfig(): MllpConfig {
  return {
    // 0: any free port (tests); the port is logged once listening.
    port: integer(MLLP_ENV.port, DEFAULT_MLLP_PORT, 0, 65_535),
    idleTimeoutSeconds: integer(MLLP_ENV.idleTimeoutSeconds, DEFAULT_IDLE_TIMEOUT_SECONDS, 1, 86_400),
    senders: parseMllpSenders(requireEnv(MLLP_ENV.senders)),
    probeNetworks: probeNetworks(),
  };
}

function probeNetworks(): string[] {
  const list = (process.env[MLLP_ENV.probeNetworks] ?? '')
    .split(',')
    .map((cidr) => cidr.trim())
    .filter((cidr) => cidr !== '');
  const bad = list.find((cidr) => !isCidr(cidr));
  if (bad !== undefined) throw new Error(`${MLLP_ENV.probeNetworks}: '${bad}' is not a CIDR`);
  return list;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

async function run(): Promise<void> {
  const { logger } = await import('../platform/observability.ts');
  const [
    { startMllpServer },
    { ingest, unavailableAck },
    { ingestDependencies },
    { ackControlIds },
    { readAck },
  ] = await Promise.all([
    import('./server.ts'),
    import('../use-cases/ingest.ts'),
    import('../platform/ingest-wiring.ts'),
    import('../platform/ids.ts'),
    import('../core/hl7/ack.ts'),
  ]);

  let config: MllpConfig;
  let deps: ReturnType<typeof ingestDependencies>;
  try {
    config = readMllpConfig();
    deps = ingestDependencies();
  } catch (error) {
    logger.error(`MLLP listener not started: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }

  // Messages being stored and queued now; once stopping, new ones get AR ("send it again") and
  // the engine resends them on a new connection, which the load balancer gives another task.
  let inFlight = 0;
  let stopping = false;
  let drained: (() => void) | undefined;
  const server = await startMllpServer({
    port: config.port,
    host: '0.0.0.0',
    maxMessageBytes: MAX_MESSAGE_BYTES,
    idleTimeoutMs: config.idleTimeoutSeconds * 1000,
    senders: config.senders,
    probeNetworks: config.probeNetworks,
    newControlId: ackControlIds.ackControlId,
    log: (event, details) => logger.info(event, details),
    ingest: async (body, sender): Promise<IngestResult> => {
      if (stopping) {
        const ack = unavailableAck(body, deps);
        const { controlId } = readAck(ack);
        return { outcome: 'unavailable', ackCode: 'AR', ack, controlId, errorCode: 'SHUTTING_DOWN' };
      }
      inFlight += 1;
      try {
        return await ingest(body, sender, deps);
      } finally {
        inFlight -= 1;
        if (inFlight === 0) drained?.();
      }
    },
  });
  logger.info('mllp listening', { port: server.port, senderIds: config.senders.map((s) => s.senderId) });

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // New connections go to the other tasks; messages on open ones get AR until they close.
    server.stopAccepting();
    logger.info('mllp stopping', { signal, inFlight });
    const idle = new Promise<void>((resolve) => {
      drained = resolve;
      if (inFlight === 0) resolve();
    });
    await Promise.race([idle, delay(DRAIN_LIMIT_MS)]);
    // The last ACKs are written in the same turn their ingest ends; give them a moment on the wire.
    await delay(250);
    await server.close();
    logger.info('mllp stopped', { inFlight });
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

// Started as the container's command (mllp.cjs) or with `npx tsx functions/mllp/main.ts`; imported
// (by the tests and the CDK construct) it only exports.
if (/(?:^|[\\/])(?:mllp\.cjs|mllp[\\/]main\.ts)$/.test(process.argv[1] ?? '')) {
  run().catch((error: unknown) => {
    console.error(`MLLP listener failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
