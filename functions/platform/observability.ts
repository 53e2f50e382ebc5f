// Powertools logger and metrics, one pair per function (so each log line names its own function,
// also where several run in one process, as on the local hub). Logs carry ids and counts, never
// personal data: names, birth dates, addresses, NHS numbers and message bodies stay out.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { METRICS_NAMESPACE } from './resources.ts';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';

/** A one-line summary of a message's fate, for people watching a terminal (the local hub). */
export type MessageReport =
  | {
      stage: 'ingest';
      controlId?: string;
      sendingFacility?: string;
      ackCode: string;
      outcome: string;
      errorCode?: string;
      transport: 'http' | 'mllp';
    }
  | {
      stage: 'process';
      controlId: string;
      sendingFacility: string;
      outcome: string;
      method?: string;
      alerts: number;
      delivered?: number;
    }
  | { stage: 'webhook'; alertId: string; subscriberId: string; outcome: string };

export interface Telemetry {
  logger: Logger;
  metrics: Metrics;
  /** Called once per ingested message, processed message and webhook attempt; none on AWS. */
  report?(report: MessageReport): void;
}

export function createTelemetry(
  functionName: string,
  options: { logLevel?: LogLevel; report?: Telemetry['report'] } = {},
): Telemetry {
  const logger = new Logger({
    serviceName: 'adt-hub',
    ...(options.logLevel !== undefined && { logLevel: options.logLevel }),
    persistentKeys: { function: functionName },
  });
  // Off where POWERTOOLS_METRICS_DISABLED says so (the local hub: EMF lines are for CloudWatch).
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'adt-hub' });
  return { logger, metrics, report: options.report };
}

/** The house middleware: the Lambda context on every log line, metrics flushed after each call. */
export function withTelemetry<E, R>(
  handler: (event: E, context: Context) => Promise<R>,
  telemetry: Telemetry,
) {
  return middy(handler).use(injectLambdaContext(telemetry.logger)).use(logMetrics(telemetry.metrics));
}
