// Lambda entry point: the webhook queue's consumer (retries). Composed once per container, at cold start.
import { lambdaRuntime } from '../composition/lambda.ts';
import { WEBHOOK_RETRY_SETTINGS, webhookRetryDependencies } from '../composition/wiring.ts';
import { deliverWebhookHandler } from '../handlers/deliver-webhook.ts';
import { createTelemetry } from '../platform/observability.ts';
import { readSettings } from '../platform/settings.ts';

export const handler = deliverWebhookHandler(
  webhookRetryDependencies(readSettings(WEBHOOK_RETRY_SETTINGS), lambdaRuntime()),
  createTelemetry('deliver-webhook'),
);
