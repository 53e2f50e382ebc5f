// The MLLP listener's container entry point on AWS, and its composition root (docker/mllp/Dockerfile,
// run by the Fargate service in lib/constructs/mllp-service.ts). Plain TCP: TLS ends at the Network
// Load Balancer, which preserves the client's IP, so senders are known by their source network. On
// SIGTERM (ECS stopping the task) it stops taking messages, lets the ACKs in flight go out, then
// exits. Importing this module does nothing: the listener starts only when it is the program run.

import { INGEST_SETTINGS, ingestDependencies } from '../composition/wiring.ts';
import { readAck } from '../core/hl7/ack.ts';
import { createClients } from '../platform/clients.ts';
import { createTelemetry } from '../platform/observability.ts';
import { readSettings } from '../platform/settings.ts';
import { ackControlIds, systemClock } from '../platform/system.ts';
import { type IngestResult, ingest, unavailableAck } from '../use-cases/ingest.ts';
import { startMllpServer } from './server.ts';
import { readMllpSettings } from './settings.ts';

/** As HTTP ingest: 1 MiB a message. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
/** How long a stopping task waits for ACKs in flight (ECS's stopTimeout must be longer). */
const DRAIN_LIMIT_MS = 45_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

async function run(): Promise<void> {
  const { logger } = createTelemetry('mllp');
  let settings: ReturnType<typeof readMllpSettings>;
  let deps: ReturnType<typeof ingestDependencies>;
  try {
    settings = readMllpSettings();
    deps = ingestDependencies(readSettings(INGEST_SETTINGS), {
      clients: createClients(),
      clock: systemClock,
      ids: ackControlIds,
      random: Math.random,
    });
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
    port: settings.port,
    host: '0.0.0.0',
    maxMessageBytes: MAX_MESSAGE_BYTES,
    idleTimeoutMs: settings.idleTimeoutSeconds * 1000,
    senders: settings.senders,
    probeNetworks: settings.probeNetworks,
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
  logger.info('mllp listening', { port: server.port, senderIds: settings.senders.map((s) => s.senderId) });

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

// Started as the container's command (mllp.cjs) or with `npx tsx functions/mllp/main.ts`.
if (/(?:^|[\\/])(?:mllp\.cjs|mllp[\\/]main\.ts)$/.test(process.argv[1] ?? '')) {
  run().catch((error: unknown) => {
    console.error(`MLLP listener failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
