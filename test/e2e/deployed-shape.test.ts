// `npm run verify:deployed`: what operators deploy is what was tested. The app is synthesised as CI
// does (bundled, cdk-nag checked) from a configuration with a sender, an SQS subscriber and an MLLP
// listener; then each function of the hub template runs from its bundle in cdk.out (not the
// source), in a process of its own, with the environment the template gives it, every table and
// queue resolved to the emulators' ones made from the same shared definitions. API Gateway and the
// SQS event sources are played as the template configures them; the MLLP container's bundle is
// built and started as its staged Dockerfile says, with its task definition's environment. A
// message goes in by HTTP and one by MLLP; the ACKs, a signed webhook (its first attempt refused,
// so the deliverer's bundle retries it) and the SQS subscriber's alerts are checked against the
// contracts. Every function the template has must have run, and every variable it is given must be
// read. The environment's only local differences are in test/deployed/environments.ts.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import type { APIGatewayProxyStructuredResultV2, SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbSubscriberDirectory } from '../../functions/adapters/dynamodb/subscriber-directory.ts';
import { DEFAULT_EVENTS } from '../../functions/core/routing/types.ts';
import type { HubClients } from '../../functions/platform/clients.ts';
import { REGISTRY_TABLE, TABLES, tableName } from '../../functions/platform/resources.ts';
import { bootstrap } from '../../local/bootstrap.ts';
import { type Emulators, localClients } from '../../local/clients.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../local/demo/receiver.ts';
import { type LocalHttpApi, startHttpApi } from '../../local/invoker/http-api.ts';
import { type RunningMapping, startEventSourceMapping } from '../../local/invoker/sqs-event-source.ts';
import { PROJECT_ROOT } from '../../local/state.ts';
import { type Assembly, synthesise } from '../deployed/assembly.ts';
import {
  combine,
  containerDifferences,
  containerRuntimeVariables,
  lambdaDifferences,
  lambdaRuntimeVariables,
  RUNTIME_OWNED,
  SENTINEL,
} from '../deployed/environments.ts';
import { type RecordingProxy, startRecordingProxy } from '../deployed/recording-proxy.ts';
import {
  buildContainer,
  type RunningContainer,
  type RunningFunction,
  startContainer,
  startFunction,
} from '../deployed/runners.ts';
import {
  containerEnvironment,
  type FunctionPlan,
  functionEnvironment,
  grantedTo,
  type LocalResources,
  notExercised,
  planFunctions,
  resolveValue,
  resourcesOf,
  type Templates,
  wiringProblems,
} from '../deployed/template.ts';
import { alertSchemaErrors } from '../helpers/alert-schema.ts';
import { eventually } from '../helpers/eventually.ts';
import { HL7_FIXTURES } from '../helpers/fixtures.ts';
import { msaOf } from '../helpers/hl7.ts';
import { rawPeer } from '../helpers/mllp.ts';

/** API Gateway's own payload limit: the 1 MiB one is the ingest bundle's to enforce. */
const API_GATEWAY_MAX_BYTES = 10 * 1024 * 1024;
const SENDER_KEY = `adthub_${randomBytes(24).toString('base64url')}`;
/** The a01 fixture's patient, which no process may write to its logs. */
const PERSONAL = ['9449305552', "O'Brien", 'Mary', '19420317', '1942-03-17', 'WA1 1AA', 'High Street'];

const work = mkdtempSync(join(tmpdir(), 'adt-hub-deployed-'));
const deployment = `vd${randomBytes(3).toString('hex')}`;
let assembly: Assembly;
let clients: HubClients;
let local: LocalResources;
let plans: FunctionPlan[];
let receiver: WebhookReceiver;
let api: LocalHttpApi | undefined;
let container: RunningContainer | undefined;
let mllpPort: number;
const running = new Map<string, RunningFunction>();
const mappings: RunningMapping[] = [];
const environments = new Map<string, { template: Record<string, string>; run: Record<string, string> }>();
/** Each function's and the task's own proxies to the emulators, and the role their calls must be granted by. */
const proxies = new Map<string, { roleId: string; dynamodb: RecordingProxy; sqs: RecordingProxy }>();

/** Endpoints through proxies of the workload's own, which note every call it makes. */
async function recordedEndpoints(workload: string, roleId: string) {
  const emulators = inject('emulators');
  const [dynamodb, sqs] = await Promise.all([
    startRecordingProxy(emulators.dynamodbEndpoint),
    startRecordingProxy(emulators.sqsEndpoint),
  ]);
  proxies.set(workload, { roleId, dynamodb, sqs });
  return { dynamodbEndpoint: dynamodb.url, sqsEndpoint: sqs.url };
}

/** The deployment's configuration file: one sender (also over MLLP, from loopback), one SQS subscriber. */
function writeConfig(): string {
  const path = join(work, `${deployment}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      deployment,
      alarmEmail: 'verify@example.org',
      senders: [
        {
          id: 'verify-engine',
          facilities: ['RBN'],
          keyHash: createHash('sha256').update(SENDER_KEY).digest('hex'),
          networks: ['127.0.0.0/8'],
        },
      ],
      subscribers: [
        { id: 'sc-verify', name: 'Verify social care', practice: 'N81001', delivery: { kind: 'sqs' } },
      ],
      mllp: {
        certificateArn: 'arn:aws:acm:eu-west-2:111122223333:certificate/00000000-0000-4000-8000-000000000000',
        allowedCidrs: ['127.0.0.0/8'],
      },
    }),
  );
  return path;
}

/**
 * The emulators' tables and queues for the deployment: the hub's own from local/bootstrap.ts (the
 * shared definitions), and the queues the state template adds for SQS subscribers. Every table
 * the state template has must be one the shared definitions make.
 */
async function localResources(templates: Templates): Promise<LocalResources> {
  await bootstrap(deployment, clients);
  const tables = new Set(TABLES.map((table) => tableName(deployment, table)));
  for (const [id, table] of resourcesOf(templates.state, 'AWS::DynamoDB::Table')) {
    const name = String(table.Properties?.TableName);
    if (!tables.has(name)) throw new Error(`the state template's table ${id} (${name}) is not made locally`);
  }
  const queues = new Map<string, { url: string; arn: string }>();
  for (const [, queue] of resourcesOf(templates.state, 'AWS::SQS::Queue')) {
    const name = String(queue.Properties?.QueueName);
    const existing = await clients.sqs
      .send(new GetQueueUrlCommand({ QueueName: name }))
      .catch(() => undefined);
    const url =
      existing?.QueueUrl ??
      (
        await clients.sqs.send(
          new CreateQueueCommand({
            QueueName: name,
            Attributes: queue.Properties?.FifoQueue
              ? { FifoQueue: 'true', ContentBasedDeduplication: 'false' }
              : {},
          }),
        )
      ).QueueUrl ??
      '';
    const { Attributes } = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
    );
    queues.set(name, { url, arn: Attributes?.QueueArn ?? '' });
  }
  return {
    region: 'eu-west-2',
    account: '000000000000',
    table: (name) =>
      tables.has(name) ? { name, arn: `arn:aws:dynamodb:ddblocal:000000000000:table/${name}` } : undefined,
    queue: (name) => queues.get(name),
  };
}

/**
 * What the state stack writes into the tables when it is deployed: each sender's and SQS
 * subscriber's `putItem`, from the template, references resolved.
 */
async function seedFromTemplate(templates: Templates): Promise<number> {
  let seeded = 0;
  for (const [id, resource] of Object.entries(templates.state.Resources)) {
    if (resource.Type !== 'Custom::AdtHubSender' && resource.Type !== 'Custom::AdtHubSqsSubscriber') continue;
    const call = JSON.parse(
      String(
        resolveValue(resource.Properties?.Create, { template: templates.state, label: id }, templates, local),
      ),
    ) as { service: string; action: string; parameters: { TableName: string; Item: never } };
    expect(call).toMatchObject({ service: 'DynamoDB', action: 'putItem' });
    await clients.dynamodb.send(new PutItemCommand(call.parameters));
    seeded++;
  }
  return seeded;
}

function fixture(controlId: string): string {
  return readFileSync(`${HL7_FIXTURES}a01-admission.hl7`, 'latin1').replace('|MSG00001|', `|${controlId}|`);
}

/** The environment one function of the hub template runs with, and the template's part of it. */
function environmentOf(
  templates: Templates,
  plan: FunctionPlan,
  taskRoot: string,
  endpoints: Emulators = inject('emulators'),
) {
  const fn = templates.hub.Resources[plan.logicalId];
  if (fn === undefined) throw new Error(plan.logicalId);
  const template = functionEnvironment(templates, plan.logicalId, local);
  const run = combine(
    plan.logicalId,
    template,
    lambdaRuntimeVariables(plan.logicalId, fn, taskRoot, local.region),
    lambdaDifferences(endpoints),
  );
  return { fn, template, run };
}

/**
 * A console request as API Gateway passes it on (payload 2.0) once its JWT authorizer has accepted
 * a Cognito access token: the token's claims in the request context, arrays flattened to `[a b]`.
 */
function authorizedEvent(
  routeKey: string,
  groups: string | undefined,
  pathParameters: Record<string, string>,
  body: unknown,
) {
  const [method = 'GET', template = '/'] = routeKey.split(' ');
  const rawPath = template.replace(/\{([^}]+)\}/g, (_, name: string) => pathParameters[name] ?? '');
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: 'b3a1c6d2-verify',
    username: 'verify.reviewer',
    'cognito:groups': groups,
    auth_time: String(now),
    iat: String(now),
    exp: String(now + 3600),
    iss: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_verify',
    token_use: 'access',
  };
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(Object.keys(pathParameters).length > 0 && { pathParameters }),
    ...(body !== undefined && { body: JSON.stringify(body) }),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'verify' },
      routeKey,
      ...(groups !== undefined && {
        authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } },
      }),
    },
  };
}

/** The logical id of the role a function or task runs as. */
function roleOf(resource: { Properties?: Record<string, unknown> } | undefined, property: string): string {
  const role = resource?.Properties?.[property] as { 'Fn::GetAtt'?: [string, string] } | undefined;
  const id = role?.['Fn::GetAtt']?.[0];
  if (id === undefined) throw new Error(`no ${property}`);
  return id;
}

beforeAll(async () => {
  const started = Date.now();
  assembly = synthesise(writeConfig(), join(work, 'cdk.out'));
  clients = localClients(inject('emulators'));
  local = await localResources(assembly.templates);
  receiver = await startWebhookReceiver(`whsec_${randomBytes(32).toString('base64')}`);
  // The webhook subscriber: on AWS the deploy-time seeder writes it with its secret from Secrets
  // Manager, which has no emulator here; written as the CLI writes one locally.
  await new DynamoDbSubscriberDirectory(clients.dynamodb, tableName(deployment, REGISTRY_TABLE)).add({
    id: 'gp-verify',
    name: 'Verify surgery',
    events: [...DEFAULT_EVENTS],
    practice: 'N81001',
    delivery: { kind: 'webhook', url: receiver.url, secret: receiver.secret },
  });
  expect(await seedFromTemplate(assembly.templates)).toBe(2);

  plans = planFunctions(assembly.templates.hub);
  for (const plan of plans.filter((p) => p.kind === 'http' || p.kind === 'sqs')) {
    const taskRoot = assembly.codeOf(plan.logicalId);
    const roleId = roleOf(assembly.templates.hub.Resources[plan.logicalId], 'Role');
    const endpoints = await recordedEndpoints(plan.logicalId, roleId);
    const { fn, template, run } = environmentOf(assembly.templates, plan, taskRoot, endpoints);
    environments.set(plan.logicalId, { template, run });
    running.set(
      plan.logicalId,
      startFunction({
        logicalId: plan.logicalId,
        taskRoot,
        handler: plan.handler,
        environment: run,
        timeoutMs: Number(fn.Properties?.Timeout ?? 3) * 1000,
      }),
    );
  }
  const problems: string[] = [];
  for (const [logicalId, fn] of running) {
    await fn.ready.catch(async (error: Error) => {
      problems.push(
        ...wiringProblems({
          function: logicalId,
          templateVariables: Object.keys(environments.get(logicalId)?.template ?? {}),
          variablesRead: await fn.variablesRead(),
          initError: error.message,
          runtimeOwned: RUNTIME_OWNED,
        }),
      );
    });
  }
  expect(problems).toEqual([]);

  // API Gateway, as the template routes it.
  const routes = plans.flatMap((plan) =>
    plan.routes.map((routeKey) => ({
      routeKey,
      functionName: plan.logicalId,
      handler: async (event: unknown) =>
        (await running.get(plan.logicalId)?.invoke(event)) as APIGatewayProxyStructuredResultV2,
      maxBodyBytes: API_GATEWAY_MAX_BYTES,
    })),
  );
  for (const [, integration] of resourcesOf(assembly.templates.hub, 'AWS::ApiGatewayV2::Integration')) {
    expect(integration.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  }
  api = await startHttpApi(routes, 0);

  // The SQS event source mappings, as the template configures them.
  for (const [id, mapping] of resourcesOf(assembly.templates.hub, 'AWS::Lambda::EventSourceMapping')) {
    const properties = mapping.Properties ?? {};
    const target = plans.find((plan) => plan.eventSources.includes(id));
    const arn = String(
      resolveValue(
        properties.EventSourceArn,
        { template: assembly.templates.hub, label: id },
        assembly.templates,
        local,
      ),
    );
    const queueUrl = (
      await clients.sqs.send(new GetQueueUrlCommand({ QueueName: arn.split(':').at(-1) ?? '' }))
    ).QueueUrl;
    if (target === undefined || queueUrl === undefined)
      throw new Error(`event source ${id}: no function or queue`);
    mappings.push(
      startEventSourceMapping(clients.sqs, {
        queueUrl,
        queueArn: arn,
        functionName: target.logicalId,
        handler: async (event) => (await running.get(target.logicalId)?.invoke(event)) as SQSBatchResponse,
        batchSize: Number(properties.BatchSize ?? 10),
        reportBatchItemFailures: ((properties.FunctionResponseTypes ?? []) as string[]).includes(
          'ReportBatchItemFailures',
        ),
        // One execution environment per function: enough to carry the flow, and in order.
        concurrency: 1,
        waitTimeSeconds: 1,
      }),
    );
  }

  // The MLLP container, built and started as its Dockerfile says.
  const [taskId] = resourcesOf(assembly.templates.hub, 'AWS::ECS::TaskDefinition').map(([id]) => id);
  if (taskId === undefined) throw new Error('the hub template has no MLLP task definition');
  const task = containerEnvironment(assembly.templates, taskId, local);
  const image = assembly.imageOf(task.image);
  const build = buildContainer(
    image.context,
    image.dockerFile,
    join(PROJECT_ROOT, 'node_modules'),
    join(work, 'mllp'),
  );
  const containerRun = combine(
    taskId,
    task.environment,
    containerRuntimeVariables(),
    containerDifferences(
      await recordedEndpoints(taskId, roleOf(assembly.templates.hub.Resources[taskId], 'TaskRoleArn')),
    ),
  );
  environments.set(taskId, { template: task.environment, run: containerRun });
  container = startContainer(build, containerRun);
  mllpPort = await eventually(
    'the MLLP container listening',
    () => {
      const line = container?.output.find((text) => text.includes('"mllp listening"'));
      return line === undefined ? undefined : Number(JSON.parse(line).port);
    },
    { timeoutMs: 15_000 },
  );
  console.info(`verify:deployed set up in ${Date.now() - started} ms`);
});

afterAll(async () => {
  await api?.close();
  await Promise.all(mappings.map((mapping) => mapping.stop()));
  await Promise.all([...running.values()].map((fn) => fn.stop()));
  await container?.stop();
  await receiver?.close();
  await Promise.all([...proxies.values()].flatMap((p) => [p.dynamodb.close(), p.sqs.close()]));
  clients?.destroy();
  rmSync(work, { recursive: true, force: true });
});

describe('the synthesised hub, run from its bundles', () => {
  it('knows how to drive every function of the hub template, and only CDK’s custom resources (the VPC’s default security group, the console’s pages) run at deploy time alone', () => {
    expect(plans.map(({ logicalId, kind }) => ({ logicalId, kind }))).toEqual(
      expect.arrayContaining([
        { logicalId: expect.stringMatching(/^IngestFunction/), kind: 'http' },
        { logicalId: expect.stringMatching(/^ProcessFunction/), kind: 'sqs' },
        { logicalId: expect.stringMatching(/^DeliverWebhookFunction/), kind: 'sqs' },
      ]),
    );
    expect(plans.filter((plan) => plan.kind === 'undriven')).toEqual([]);
    expect(
      plans
        .filter((plan) => plan.kind === 'deploy-time')
        .map((plan) => plan.logicalId)
        .sort(),
    ).toEqual([
      // Copies the console's pages into its bucket.
      expect.stringMatching(/^CustomCDKBucketDeployment/),
      expect.stringMatching(/^CustomVpcRestrictDefaultSGCustomResourceProviderHandler/),
    ]);
  });

  it('loads each bundle from cdk.out, outside the project, with no node_modules to fall back on', async () => {
    for (const [logicalId, fn] of running) {
      const { file } = await fn.ready;
      expect(file.startsWith(join(work, 'cdk.out')), logicalId).toBe(true);
      expect(file.endsWith('index.mjs'), logicalId).toBe(true);
      expect(environments.get(logicalId)?.run.NODE_PATH).toBeUndefined();
    }
  });

  it('takes a message over HTTP and one over MLLP, acknowledges both per the contract, and alerts both subscribers', async () => {
    receiver.script = [503];
    const response = await fetch(`${api?.url}/v1/hl7`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SENDER_KEY}`, 'content-type': 'x-application/hl7-v2+er7' },
      body: fixture('VDHTTP01'),
    });
    const ack = await response.text();
    const peer = await rawPeer(mllpPort);
    peer.socket.write(
      Buffer.concat([
        Buffer.from([0x0b]),
        Buffer.from(fixture('VDMLLP01'), 'latin1'),
        Buffer.from([0x1c, 0x0d]),
      ]),
    );
    const [mllpAck = ''] = await peer.waitForAcks(1, 20_000);
    peer.socket.end();

    // §4.2 and §4.3: 200 with an original-mode AA, sender and receiver swapped.
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('x-application/hl7-v2+er7');
    for (const [text, controlId] of [
      [ack, 'VDHTTP01'],
      [mllpAck, 'VDMLLP01'],
    ] as const) {
      const [header = ''] = text.split('\r');
      const fields = header.split('|');
      expect(msaOf(text)).toMatchObject({ code: 'AA', controlId });
      expect(fields.slice(2, 6)).toEqual(['ADTHUB', 'ADTHUB', 'PAS', 'RBN']);
      expect(fields[8]).toBe('ACK^A01^ACK');
      expect(fields[11]).toBe('2.4');
    }

    // The webhook: its first attempt (the process bundle's) refused, then delivered by the
    // deliver-webhook bundle's retry, signed so that the Standard Webhooks library verifies it.
    const delivered = await eventually(
      'both alerts delivered by webhook',
      () => (receiver.received.length >= 2 ? [...receiver.received] : undefined),
      { timeoutMs: 45_000 },
    );
    expect(delivered.map((webhook) => webhook.verified)).toEqual([true, true]);
    for (const webhook of delivered) expect(alertSchemaErrors(webhook.body)).toEqual([]);
    expect(
      delivered
        .map((webhook) => (webhook.body as { data: { source: { controlId: string } } }).data.source.controlId)
        .sort(),
    ).toEqual(['VDHTTP01', 'VDMLLP01']);
    expect(
      running.get(plans.find((p) => /^DeliverWebhook/.test(p.logicalId))?.logicalId ?? '')?.invocations,
    ).toBeGreaterThan(0);

    // The SQS subscriber's own queue, as the state template made and seeded it.
    const queueUrl = local.queue(`adt-hub-${deployment}-subscriber-sc-verify.fifo`)?.url ?? '';
    const queued: { data: { source: { controlId: string } } }[] = [];
    await eventually(
      'both alerts on the SQS subscriber’s queue',
      async () => {
        const { Messages } = await clients.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        );
        for (const message of Messages ?? []) {
          queued.push(JSON.parse(message.Body ?? '{}'));
          await clients.sqs.send(
            new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
          );
        }
        return queued.length >= 2;
      },
      { timeoutMs: 30_000 },
    );
    for (const alert of queued) expect(alertSchemaErrors(alert)).toEqual([]);
    expect(queued.map((alert) => alert.data.source.controlId).sort()).toEqual(['VDHTTP01', 'VDMLLP01']);
  });

  it('serves the console API from its two bundles, as API Gateway calls them once the JWT authorizer has passed a token', async () => {
    const consolePlans = plans.filter((plan) => plan.routes.some((key) => key.includes(' /api/')));
    expect(consolePlans.map((plan) => plan.logicalId).sort()).toEqual([
      expect.stringMatching(/^ConsoleApiChange/),
      expect.stringMatching(/^ConsoleApiRead/),
    ]);
    // Every route of theirs is behind the authorizer: what reaches a bundle carries its claims.
    for (const [, route] of resourcesOf(assembly.templates.hub, 'AWS::ApiGatewayV2::Route'))
      if (String(route.Properties?.RouteKey).includes(' /api/'))
        expect(route.Properties?.AuthorizationType, String(route.Properties?.RouteKey)).toBe('JWT');
    const call = async (
      routeKey: string,
      groups: string | undefined,
      path: Record<string, string> = {},
      body?: unknown,
    ) => {
      const plan = consolePlans.find((p) => p.routes.includes(routeKey));
      if (plan === undefined) throw new Error(`no function serves ${routeKey}`);
      const response = (await running
        .get(plan.logicalId)
        ?.invoke(authorizedEvent(routeKey, groups, path, body))) as APIGatewayProxyStructuredResultV2;
      return {
        status: response.statusCode,
        body: JSON.parse(String(response.body ?? 'null')) as Record<string, unknown>,
      };
    };

    // The read function: who is signed in, and the message sent over HTTP above.
    expect(await call('GET /api/me', '[viewer reviewer]')).toEqual({
      status: 200,
      body: { id: 'verify.reviewer', roles: ['viewer', 'reviewer'] },
    });
    const found = await call('GET /api/messages', 'viewer');
    expect(found.status).toBe(200);
    expect((found.body.items as { controlId: string }[]).map((item) => item.controlId)).toContain('VDHTTP01');
    // The change function: a decision on an item that does not exist, and the role it needs.
    const decision = ['POST /api/review/{id}/reject', { id: 'no-such-item' }, { reason: 'verify' }] as const;
    expect(await call(decision[0], '[viewer reviewer]', decision[1], decision[2])).toEqual({
      status: 400,
      body: { error: 'no review item no-such-item' },
    });
    expect((await call(decision[0], 'viewer', decision[1], decision[2])).status).toBe(403);
    // Without the authorizer's claims a bundle serves nothing.
    expect((await call('GET /api/me', undefined)).status).toBe(401);
  });

  it('has run every function the template has', () => {
    const invoked = new Map([...running].map(([id, fn]) => [id, fn.invocations]));

    expect(notExercised(plans, invoked)).toEqual([]);
  });

  it('reads every variable each template gives, and needs none it does not', async () => {
    const problems: string[] = [];
    for (const [logicalId, fn] of running) {
      const read = await fn.variablesRead();
      expect(read.has(SENTINEL), `${logicalId} enumerates its environment`).toBe(false);
      problems.push(
        ...wiringProblems({
          function: logicalId,
          templateVariables: Object.keys(environments.get(logicalId)?.template ?? {}),
          variablesRead: read,
          runtimeOwned: RUNTIME_OWNED,
        }),
      );
    }
    const taskId = [...environments.keys()].find((id) => !running.has(id)) ?? '';
    const containerReads = (await container?.stop()) ?? new Set<string>();
    expect(containerReads.has(SENTINEL)).toBe(false);
    problems.push(
      ...wiringProblems({
        function: taskId,
        templateVariables: Object.keys(environments.get(taskId)?.template ?? {}),
        variablesRead: containerReads,
        // Set by the task definition for the SDK, which reads it; AWS_REGION is read by the SDK's region chain.
        runtimeOwned: RUNTIME_OWNED,
      }),
    );

    expect(problems).toEqual([]);
  });

  it('made only AWS calls its role is granted: each call through its own proxy, against the template’s policies', () => {
    const denied: string[] = [];
    let calls = 0;
    for (const [workload, { roleId, dynamodb, sqs }] of proxies) {
      const granted = grantedTo(assembly.templates, roleId, local);
      for (const call of [...dynamodb.calls, ...sqs.calls]) {
        calls++;
        for (const resource of call.resources.length > 0 ? call.resources : ['(none)']) {
          if (!granted.has(`${call.action} ${resource}`))
            denied.push(`${workload}: ${call.action} ${resource}`);
        }
      }
    }

    expect(calls).toBeGreaterThan(10);
    expect([...new Set(denied)]).toEqual([]);
  });

  it('writes no personal data to any log', () => {
    const lines = [...[...running.values()].flatMap((fn) => fn.output), ...(container?.output ?? [])];

    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => PERSONAL.some((value) => line.includes(value)))).toEqual([]);
  });
});

describe('a variable renamed on one side only', () => {
  /** The templates with one of the ingest function's variables renamed, as a construct change would. */
  function renamed(from: string, to: string): { templates: Templates; plan: FunctionPlan } {
    const templates = structuredClone(assembly.templates);
    const plan = plans.find((p) => p.kind === 'http');
    if (plan === undefined) throw new Error('no ingest function');
    const properties = templates.hub.Resources[plan.logicalId]?.Properties ?? {};
    const variables = (properties.Environment as { Variables: Record<string, unknown> }).Variables;
    variables[to] = variables[from];
    delete variables[from];
    return { templates, plan };
  }

  async function check(templates: Templates, plan: FunctionPlan): Promise<string[]> {
    const taskRoot = assembly.codeOf(plan.logicalId);
    const { template, run } = environmentOf(templates, plan, taskRoot);
    const fn = startFunction({
      logicalId: plan.logicalId,
      taskRoot,
      handler: plan.handler,
      environment: run,
      timeoutMs: 10_000,
    });
    const initError = await fn.ready.then(
      () => undefined,
      (error: Error) => error.message,
    );
    const problems = wiringProblems({
      function: plan.logicalId,
      templateVariables: Object.keys(template),
      variablesRead: await fn.variablesRead(),
      ...(initError !== undefined && { initError }),
      runtimeOwned: RUNTIME_OWNED,
    });
    await fn.stop();
    return problems;
  }

  it('fails the check when the template no longer sets a variable the bundle needs', async () => {
    const { templates, plan } = renamed('MESSAGES_TABLE', 'MESSAGE_TABLE');

    expect(await check(templates, plan)).toEqual([
      `${plan.logicalId}: the bundle reads MESSAGES_TABLE, which the template does not set`,
    ]);
  });

  it('fails the check when a default would hide it: the bundle starts, but never reads what the template sets', async () => {
    const { templates, plan } = renamed('ADT_HUB_MESSAGE_RETENTION_DAYS', 'ADT_HUB_MESSAGE_RETENTION');

    expect(await check(templates, plan)).toEqual([
      `${plan.logicalId}: the template sets ADT_HUB_MESSAGE_RETENTION, which the bundle never reads`,
    ]);
  });
});
