// The console functions' IAM grants (lib/console-access.ts) against what their routes really do: the
// console's Lambda handler, on the local hub's DynamoDB and SQS, serves every route once — reads,
// a reveal, sign-ins, roster preview and import, adding a subscriber, accepting a possible match
// (whose webhook fails, so it is dead-lettered, and whose SQS subscriber gets its alert),
// rejecting another, redrive — while each AWS call is recorded. Every call must be one its
// function is granted, and every grant must be used by some route here (or be named below with
// why it is not). So the grants are exactly what the routes need, as far as the local hub can show.
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DynamoDbAuditTrail } from '../../functions/adapters/dynamodb/audit-trail.ts';
import { DynamoDbSubscriberDirectory } from '../../functions/adapters/dynamodb/subscriber-directory.ts';
import { SqsSubscriberQueues } from '../../functions/adapters/sqs/subscriber-queues.ts';
import { consoleDependencies, type Runtime } from '../../functions/composition/wiring.ts';
import { createConsoleServices } from '../../functions/console-api/console-services.ts';
import { ROUTES, type RouteAccess } from '../../functions/console-api/routes.ts';
import type { ReviewSummary } from '../../functions/console-api/services.ts';
import { DEFAULT_EVENTS } from '../../functions/core/routing/types.ts';
import { consoleApi } from '../../functions/handlers/console-api.ts';
import { createTelemetry } from '../../functions/platform/observability.ts';
import { ackControlIds, systemClock } from '../../functions/platform/system.ts';
import { AUDIT_PARTITION, CONSOLE_GRANTS, type ConsoleResource } from '../../lib/console-access.ts';
import { localClients } from '../../local/clients.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../local/demo/receiver.ts';
import type { LocalHub } from '../../local/hub.ts';
import { eventually } from '../helpers/eventually.ts';
import { admission, movedAdmission } from '../helpers/hl7.ts';
import { postHl7, settled, startTestHub } from '../helpers/local-hub.ts';

/** Granted, needed, and not reached by this scenario: each with the path that needs it. */
const NOT_EXERCISED: Record<RouteAccess, string[]> = {
  read: [],
  change: [
    // A decision's alert for a person whose earlier alert to that subscriber is still queued.
    'dynamodb:GetItem alerts',
  ],
};

interface Call {
  access: RouteAccess;
  action: string;
  resource: ConsoleResource | string;
  /** The partition keys a registry write touches. */
  partitions: string[];
}

let hub: LocalHub;
let receiver: WebhookReceiver;
const calls: Call[] = [];
let serving: RouteAccess | undefined;
let handlers: Record<RouteAccess, ReturnType<typeof consoleApi>>;
let recording: ReturnType<typeof localClients>;

const DOCUMENT_ACTIONS: Record<string, string> = {
  Put: 'PutItem',
  Get: 'GetItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  Query: 'Query',
  Scan: 'Scan',
};

type Stack = { add: (middleware: unknown, options: { step: 'initialize'; name: string }) => void };
type Args = { input: Record<string, unknown> };
type Next = (args: Args) => Promise<unknown>;

function tableResource(name: string): ConsoleResource | string {
  const { messagesTable, sendersTable, registryTable, alertsTable } = hub.settings;
  const byName: Record<string, ConsoleResource> = {
    [messagesTable]: 'messages',
    [sendersTable]: 'senders',
    [registryTable]: 'registry',
    [alertsTable]: 'alerts',
  };
  return byName[name] ?? `table ${name}`;
}

function queueResource(url: string): ConsoleResource | string {
  const { ingestQueueUrl, ingestDeadLetterUrl, webhookQueueUrl, webhookDeadLetterUrl } = hub.settings;
  const byUrl: Record<string, ConsoleResource> = {
    [ingestQueueUrl]: 'ingestQueue',
    [ingestDeadLetterUrl]: 'ingestDeadLetters',
    [webhookQueueUrl]: 'webhookQueue',
    [webhookDeadLetterUrl]: 'webhookDeadLetters',
  };
  return byUrl[url] ?? (url.includes('-subscriber-') ? 'subscriberQueues' : `queue ${url}`);
}

function partitionsOf(input: Record<string, unknown>): string[] {
  const keyOf = (item: unknown) => String((item as { pk?: unknown } | undefined)?.pk ?? '');
  if (input.Item !== undefined) return [keyOf(input.Item)];
  if (input.Key !== undefined) return [keyOf(input.Key)];
  const requests = Object.values(
    (input.RequestItems ?? {}) as Record<string, Record<string, unknown>[]>,
  ).flat();
  return requests.map((r) =>
    keyOf((r.PutRequest as { Item?: unknown })?.Item ?? (r.DeleteRequest as { Key?: unknown })?.Key),
  );
}

function record(stack: Stack, service: 'dynamodb' | 'sqs'): void {
  stack.add(
    (next: Next, context: { commandName?: string }) => async (args: Args) => {
      const name = (context.commandName ?? '').replace(/Command$/, '');
      if (serving !== undefined) {
        const input = args.input;
        calls.push(
          service === 'dynamodb'
            ? {
                access: serving,
                action: `dynamodb:${DOCUMENT_ACTIONS[name] ?? name}`,
                resource: tableResource(
                  String(input.TableName ?? Object.keys((input.RequestItems ?? {}) as object)[0]),
                ),
                partitions: partitionsOf(input),
              }
            : {
                access: serving,
                action: `sqs:${name}`,
                resource: queueResource(String(input.QueueUrl)),
                partitions: [],
              },
        );
      }
      return next(args);
    },
    { step: 'initialize', name: 'recordConsoleCalls' },
  );
}

/** An API Gateway request for a console route, as the JWT authorizer passes it on. */
async function call(
  method: 'GET' | 'POST',
  pattern: string,
  options: {
    params?: Record<string, string>;
    body?: string;
    type?: string;
    query?: Record<string, string>;
  } = {},
) {
  const route = ROUTES.find((r) => r.method === method && r.pattern === pattern);
  if (route === undefined) throw new Error(`no route ${method} ${pattern}`);
  const template = `/api${pattern.replace(/:([A-Za-z]+)/g, '{$1}')}`;
  const event = {
    version: '2.0',
    routeKey: `${method} ${template}`,
    rawPath: template,
    rawQueryString: '',
    headers: options.type === undefined ? {} : { 'content-type': options.type },
    ...(options.query !== undefined && { queryStringParameters: options.query }),
    ...(options.params !== undefined && { pathParameters: options.params }),
    ...(options.body !== undefined && { body: options.body }),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path: template, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'e2e' },
      routeKey: `${method} ${template}`,
      authorizer: {
        jwt: {
          claims: {
            sub: 'e2e-sub',
            iss: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_E2E',
            username: 'e2e-admin',
            'cognito:groups': '[admin reveal-patient]',
            auth_time: '1795000000',
            iat: '1795000060',
          },
          scopes: [],
        },
      },
    },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
  // API Gateway sends each route to the function its access names.
  serving = route.access;
  try {
    const result = await handlers[route.access](event);
    const body = JSON.parse(String(result.body)) as unknown;
    expect(result.statusCode, `${method} ${pattern}: ${JSON.stringify(body)}`).toBe(200);
    return body;
  } finally {
    serving = undefined;
  }
}

const ROSTER = [
  'nhs_number,family_name,given_name,birth_date,sex,postcode,local_id',
  ',Hughes,Gareth,1961-04-12,M,WA10 2AB,X:1',
  ',Price,Owain,1961-04-12,M,WA10 2AB,X:2',
  '9449305552,Testperson,Alex,1970-01-01,U,,X:3',
].join('\n');

beforeAll(async () => {
  hub = await startTestHub('grants', { settings: { webhookTimeoutMs: 1000 } });
  receiver = await startWebhookReceiver(`whsec_${randomBytes(32).toString('base64')}`);
  recording = localClients(hub.emulators);
  record(recording.dynamodb.middlewareStack as unknown as Stack, 'dynamodb');
  record(recording.sqs.middlewareStack as unknown as Stack, 'sqs');
  const runtime: Runtime = {
    clients: recording,
    clock: systemClock,
    ids: ackControlIds,
    random: Math.random,
  };
  // As on AWS: no queues made by the console (an SQS subscriber's comes from the configuration).
  const services = createConsoleServices(consoleDependencies(hub.settings, runtime));
  const audit = new DynamoDbAuditTrail(recording.dynamodb, hub.settings.registryTable);
  const telemetry = createTelemetry('console-e2e', { logLevel: 'SILENT' });
  const claims = { groupsClaim: 'cognito:groups', usernameClaim: 'username' };
  handlers = {
    read: consoleApi({ services, audit, claims, access: 'read', telemetry }),
    change: consoleApi({ services, audit, claims, access: 'change', telemetry }),
  };

  // The SQS subscriber, as the stack's configuration seeds it (not through the console).
  const queueUrl = await new SqsSubscriberQueues(hub.sqs, hub.deployment).create('SQ');
  await new DynamoDbSubscriberDirectory(hub.dynamodb, hub.settings.registryTable).add({
    id: 'SQ',
    name: 'A team reading its own queue',
    events: [...DEFAULT_EVENTS],
    delivery: { kind: 'sqs', queueUrl },
  });
});

afterAll(async () => {
  recording?.destroy();
  await receiver?.close();
  await hub?.stop();
});

it('uses exactly the grants of lib/console-access.ts, route by route', async () => {
  // Subscribers and rosters.
  await call('POST', '/subscribers', {
    body: JSON.stringify({
      id: 'GP',
      name: 'A practice',
      webhook: { url: receiver.url, secret: receiver.secret },
    }),
    type: 'application/json',
  });
  await call('POST', '/rosters/:subscriber/preview', {
    params: { subscriber: 'GP' },
    body: ROSTER,
    type: 'text/csv',
  });
  for (const subscriber of ['GP', 'SQ'])
    await call('POST', '/rosters/:subscriber/import', {
      params: { subscriber },
      body: ROSTER,
      type: 'text/csv',
    });

  // A matched admission whose webhook answers 400 (a dead letter), and two possible matches.
  receiver.script = [400];
  await postHl7(hub, admission({ 10: 'GR1' }).replace('RBN1234567', 'RBNGR1'));
  await postHl7(hub, movedAdmission('GR2', { family: 'Hughes', given: 'Gareth', mrn: 'RBN900201' }));
  await postHl7(hub, movedAdmission('GR3', { family: 'Price', given: 'Owain', mrn: 'RBN900202' }));
  await settled(hub);
  const review = await eventually('two review items', async () => {
    const items = (await call('GET', '/review')) as ReviewSummary[];
    return items.length >= 2 ? items : undefined;
  });
  const idOf = (controlId: string) => review.find((s) => s.item.controlId === controlId)?.item.id as string;

  // Every read.
  await call('GET', '/me');
  await call('GET', '/health');
  await call('GET', '/messages', { query: { controlId: 'GR1' } });
  await call('GET', '/messages/:key', { params: { key: 'RBN|GR1' } });
  await call('POST', '/messages/:key/reveal', {
    params: { key: 'RBN|GR1' },
    body: '{}',
    type: 'application/json',
  });
  await call('GET', '/review/:id', { params: { id: idOf('GR2') } });
  await call('GET', '/deliveries');
  await call('GET', '/subscribers');
  await call('GET', '/senders');
  await call('GET', '/audit');

  // Decisions: the accepted one's webhook fails (dead-lettered by the console function itself),
  // and its SQS subscriber is sent its alert; then redrive.
  receiver.script = [400];
  const reason = JSON.stringify({ reason: 'checked with the ward' });
  await call('POST', '/review/:id/accept', {
    params: { id: idOf('GR2') },
    body: reason,
    type: 'application/json',
  });
  await call('POST', '/review/:id/reject', {
    params: { id: idOf('GR3') },
    body: reason,
    type: 'application/json',
  });
  const redriven = (await call('POST', '/dlq/redrive', { body: '{}', type: 'application/json' })) as {
    sent: number;
  };
  expect(redriven.sent).toBe(2);
  await settled(hub);

  // Every route was served.
  const served = new Set(calls.map((c) => c.access));
  expect(served).toEqual(new Set(['read', 'change']));

  for (const access of ['read', 'change'] as const) {
    const grants = CONSOLE_GRANTS[access];
    const made = calls.filter((c) => c.access === access);
    // The read function's one write: audit entries (reveals, sign-ins), in the audit partition.
    const auditAppends = made.filter((c) => access === 'read' && c.action === 'dynamodb:PutItem');
    if (access === 'read')
      expect(auditAppends.length, 'audit entries by the read function').toBeGreaterThan(0);
    expect(
      auditAppends.every(
        (c) => c.resource === 'registry' && c.partitions.every((p) => p === AUDIT_PARTITION),
      ),
    ).toBe(true);
    const outside = made
      .filter((c) => !auditAppends.includes(c))
      .filter((c) => !(grants[c.resource as ConsoleResource] ?? []).includes(c.action))
      .map((c) => `${c.action} ${c.resource}`);
    expect([...new Set(outside)], `${access}: calls its grants do not allow`).toEqual([]);

    const used = new Set(made.map((c) => `${c.action} ${c.resource}`));
    const unused = Object.entries(grants)
      .flatMap(([resource, actions]) => actions.map((action) => `${action} ${resource}`))
      .filter((grant) => !used.has(grant));
    expect(unused, `${access}: grants no route used`).toEqual(NOT_EXERCISED[access]);
  }

  // Nothing the console does changes or deletes an audit entry.
  const auditChanges = calls.filter(
    (c) => c.partitions.includes(AUDIT_PARTITION) && c.action !== 'dynamodb:PutItem',
  );
  expect(auditChanges).toEqual([]);
});
