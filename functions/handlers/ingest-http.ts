// POST /v1/hl7 (ARCHITECTURE §4.3): API Gateway HTTP API (payload 2.0) → ingest → the HL7 ACK.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type Telemetry, withTelemetry } from '../platform/observability.ts';
import {
  type IngestDependencies,
  type IngestOutcome,
  ingest,
  ingestLogFields,
  unavailableAck,
} from '../use-cases/ingest.ts';
import type { SenderDirectory } from '../use-cases/ports/index.ts';
import { authenticate } from '../use-cases/senders.ts';

export const HL7_CONTENT_TYPE = 'x-application/hl7-v2+er7';
const ACCEPTED_CONTENT_TYPES = new Set([HL7_CONTENT_TYPE, 'text/plain']);
/** 1 MiB, however the body was sent. */
export const MAX_BODY_BYTES = 1024 * 1024;

const STATUS: Record<IngestOutcome, number> = {
  accepted: 200,
  duplicate: 200,
  rejected: 400,
  unavailable: 503,
};

type Result = APIGatewayProxyStructuredResultV2;

export interface IngestHttpDependencies {
  senders: Pick<SenderDirectory, 'findByKeyHash'>;
  ingest: IngestDependencies;
  telemetry: Telemetry;
}

/** The handler without its middleware: decode the request, ingest, encode the ACK. */
export function ingestHttp({ senders, ingest: deps, telemetry }: IngestHttpDependencies) {
  const { logger, metrics } = telemetry;

  /** A request refused before any HL7 was read (401, 413, 415): counted, not acknowledged. */
  function text(statusCode: number, body: string): Result {
    metrics.addDimensions({ status: String(statusCode) });
    metrics.addMetric('RefusedRequests', MetricUnit.Count, 1);
    return { statusCode, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
  }

  function hl7(statusCode: number, ack: string): Result {
    return { statusCode, headers: { 'content-type': HL7_CONTENT_TYPE }, body: ack };
  }

  return async (event: APIGatewayProxyEventV2): Promise<Result> => {
    const headers = event.headers ?? {};
    const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');

    let sender: Awaited<ReturnType<typeof authenticate>>;
    try {
      sender = await authenticate(headers.authorization, senders);
    } catch {
      // The sender table is unreachable: nothing was stored, the sender should retry.
      logger.warn('sender lookup failed');
      return hl7(503, unavailableAck(body, deps));
    }
    if (sender === undefined) return text(401, 'Missing or unknown sender key\n');

    const contentType = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!ACCEPTED_CONTENT_TYPES.has(contentType)) {
      return text(415, `Send the message as ${HL7_CONTENT_TYPE} or text/plain\n`);
    }
    if (body.byteLength > MAX_BODY_BYTES) return text(413, 'The message is larger than 1 MiB\n');

    const result = await ingest(body, sender, deps);
    logger.info('hl7 message', ingestLogFields(result, sender));
    telemetry.report?.({ stage: 'ingest', transport: 'http', ...result });
    metrics.addDimensions({ ackCode: result.ackCode });
    metrics.addMetric('Messages', MetricUnit.Count, 1);
    return hl7(STATUS[result.outcome], result.ack);
  };
}

export function ingestHttpHandler(deps: IngestHttpDependencies) {
  return withTelemetry(ingestHttp(deps), deps.telemetry);
}
