// Lambda entry point: POST /v1/hl7 (API Gateway HTTP API). Composed once per container, at cold start.
import { lambdaRuntime } from '../composition/lambda.ts';
import { INGEST_SETTINGS, ingestDependencies, senderDirectory } from '../composition/wiring.ts';
import { ingestHttpHandler } from '../handlers/ingest-http.ts';
import { createTelemetry } from '../platform/observability.ts';
import { readSettings } from '../platform/settings.ts';

const settings = readSettings([...INGEST_SETTINGS, 'sendersTable']);
const runtime = lambdaRuntime();

export const handler = ingestHttpHandler({
  senders: senderDirectory(settings, runtime),
  ingest: ingestDependencies(settings, runtime),
  telemetry: createTelemetry('ingest'),
});
