// Lambda entry point: the console's JSON API (API Gateway HTTP API, JWT authorizer). The same code
// runs as two functions, one per kind of route (ADT_HUB_CONSOLE_ACCESS), each with only the grants
// its routes need (lib/console-access.ts). Composed once per container, at cold start.
import { DynamoDbAuditTrail } from '../adapters/dynamodb/audit-trail.ts';
import { lambdaRuntime } from '../composition/lambda.ts';
import { CONSOLE_SETTINGS, consoleDependencies } from '../composition/wiring.ts';
import { createConsoleServices } from '../console-api/console-services.ts';
import { consoleApiHandler } from '../handlers/console-api.ts';
import { createTelemetry } from '../platform/observability.ts';
import { CONSOLE_VARIABLES, readSettings, readVariables } from '../platform/settings.ts';

const settings = readSettings(CONSOLE_SETTINGS);
const { access, groupsClaim, usernameClaim } = readVariables(CONSOLE_VARIABLES, [
  'access',
  'groupsClaim',
  'usernameClaim',
]);
const runtime = lambdaRuntime();

export const handler = consoleApiHandler({
  services: createConsoleServices(consoleDependencies(settings, runtime)),
  audit: new DynamoDbAuditTrail(runtime.clients.dynamodb, settings.registryTable),
  claims: { groupsClaim, usernameClaim },
  access,
  telemetry: createTelemetry(`console-${access}`),
});
