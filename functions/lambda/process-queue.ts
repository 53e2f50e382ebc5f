// Lambda entry point: the ingest queue's consumer. Composed once per container, at cold start.
import { lambdaRuntime } from '../composition/lambda.ts';
import {
  INGEST_BACKSTOP_SETTINGS,
  ingestBackstop,
  PROCESS_SETTINGS,
  processDependencies,
} from '../composition/wiring.ts';
import { processQueueHandler } from '../handlers/process-queue.ts';
import { createTelemetry } from '../platform/observability.ts';
import { readSettings } from '../platform/settings.ts';

const settings = readSettings([...PROCESS_SETTINGS, ...INGEST_BACKSTOP_SETTINGS]);
const runtime = lambdaRuntime();

export const handler = processQueueHandler(
  processDependencies(settings, runtime),
  createTelemetry('process'),
  ingestBackstop(settings, runtime),
);
