// Grants match wiring: for each function and the MLLP task, every table and queue named in its
// environment (and the SQS subscribers' queues it reaches through the registry) is granted to its
// role with exactly the actions its adapters make there, the key that encrypts them with what
// those actions need of it, and nothing else. The expected actions are kept here, beside the
// adapter methods that make each one, rather than derived from the bind calls in lib/: derived,
// the test would only check the code against itself. A new variable that names a resource, or a
// new action, has to be added here with its reason, or this fails. From config/example.json, which
// has an SQS subscriber and MLLP; bundling skipped.
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bin/hub.ts';

// biome-ignore lint/suspicious/noExplicitAny: a synthesised template is untyped JSON, read field by field here
type Json = any;

type Template = {
  Resources: Record<string, { Type: string; Properties?: Record<string, Json> }>;
  Outputs?: Record<string, Json>;
};

/** Each workload's expected actions, by the environment variable that names the resource. */
const EXPECTED: Record<string, Record<string, Record<string, string>>> = {
  ingest: {
    MESSAGES_TABLE: {
      'dynamodb:PutItem': 'DynamoDbMessageStore.claim and .quarantine',
      'dynamodb:DeleteItem': 'DynamoDbMessageStore.release: a claim that could not be queued',
    },
    SENDERS_TABLE: { 'dynamodb:GetItem': 'DynamoDbSenderDirectory.findByKeyHash' },
    INGEST_QUEUE_URL: { 'sqs:SendMessage': 'SqsIngestQueue.enqueue' },
  },
  process: {
    MESSAGES_TABLE: { 'dynamodb:UpdateItem': 'DynamoDbMessageStore.markProcessed' },
    REGISTRY_TABLE: {
      'dynamodb:Query':
        'DynamoDbRosterStore.version/.loadRosters, DynamoDbLearnedIdentifiers.all, DynamoDbSubscriberDirectory.list, DynamoDbReviewList.list (ReviewOverdue), DynamoDbIngestHolds.held',
      'dynamodb:GetItem': 'DynamoDbPersonStore.load, DynamoDbReviewList.wasRejected',
      'dynamodb:BatchGetItem': 'DynamoDbLearnedIdentifiers.lookup',
      'dynamodb:PutItem':
        'DynamoDbPersonStore.save, DynamoDbLearnedIdentifiers.learn, DynamoDbReviewList.add, DynamoDbIngestHolds.hold',
    },
    ALERTS_TABLE: {
      'dynamodb:GetItem': 'DynamoDbAlertStore.get',
      'dynamodb:PutItem': 'DynamoDbAlertStore.save',
    },
    WEBHOOK_QUEUE_URL: {
      'sqs:SendMessage': 'SqsAlertDispatcher.dispatch (webhook alerts not posted at once)',
    },
    WEBHOOK_DLQ_URL: { 'sqs:SendMessage': 'SqsAlertDispatcher.deadLetter' },
    INGEST_QUEUE_URL: {
      // Its event source's consume grant (below) includes it.
      'sqs:ChangeMessageVisibility': 'SqsIngestRetries.later',
    },
    INGEST_DLQ_URL: { 'sqs:SendMessage': 'SqsIngestDeadLetters.park' },
    'SQS subscribers': { 'sqs:SendMessage': 'SqsAlertDispatcher.dispatch to a subscriber’s own queue' },
  },
  deliverWebhook: {
    REGISTRY_TABLE: { 'dynamodb:Query': 'DynamoDbSubscriberDirectory.list' },
    ALERTS_TABLE: {
      'dynamodb:GetItem': 'DynamoDbAlertStore.get',
      'dynamodb:UpdateItem': 'DynamoDbAlertStore.recordAttempt',
    },
    WEBHOOK_DLQ_URL: { 'sqs:SendMessage': 'SqsAlertDispatcher.deadLetter' },
    WEBHOOK_QUEUE_URL: {
      // Its event source's consume grant (below) includes it.
      'sqs:ChangeMessageVisibility': 'SqsWebhookRetryQueue.postpone',
    },
    'SQS subscribers': {
      'sqs:SendMessage':
        'SqsAlertDispatcher.dispatch: an SQS subscriber’s alert its queue refused, sent again',
    },
  },
  mllp: {
    MESSAGES_TABLE: {
      'dynamodb:PutItem': 'DynamoDbMessageStore.claim and .quarantine',
      'dynamodb:DeleteItem': 'DynamoDbMessageStore.release',
    },
    INGEST_QUEUE_URL: { 'sqs:SendMessage': 'SqsIngestQueue.enqueue' },
  },
};

/** What Lambda's SQS poller does with the function's role (CDK's grantConsumeMessages; GetQueueUrl is CDK's own addition). */
const EVENT_SOURCE = [
  'sqs:ReceiveMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueUrl',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
];

/**
 * What DynamoDB and SQS need of the caller on the customer-managed key, for what it does with a
 * resource the key encrypts: reading decrypts; writing also encrypts with a new data key.
 */
function keyActions(actions: readonly string[]): string[] {
  const writes = actions.some((action) =>
    /^(dynamodb:(Put|Update|Delete|BatchWrite)Item|sqs:SendMessage)$/.test(action),
  );
  if (writes) return ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];
  const consumes = actions.includes('sqs:ReceiveMessage');
  return consumes ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:DescribeKey'];
}

let hub: Template;
let state: Template;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], config: 'config/example.json' } });
  const stacks = buildApp(app);
  hub = app.synth().getStackByName(stacks.hub.stackName).template as Template;
  state = app.synth().getStackByName(stacks.state.stackName).template as Template;
});

/**
 * A resource expression as a label: `table:<name>`, `queue:<name>`, `key:<logical id>`, following
 * imports into the state stack; a queue ARN built from its name is the same queue.
 */
function label(value: unknown): string {
  if (typeof value === 'string') {
    const queue = /^arn:[^:]+:sqs:[^:]+:[^:]+:(.+)$/.exec(value);
    return queue ? `queue:${queue[1]}` : value;
  }
  const object = value as Record<string, Json>;
  if (object.Ref === 'AWS::Partition') return 'aws';
  if (object.Ref === 'AWS::Region') return 'eu-west-2';
  if (object.Ref === 'AWS::AccountId') return '111122223333';
  if (object['Fn::Join']) return label(object['Fn::Join'][1].map(label).join(object['Fn::Join'][0]));
  let target: Record<string, Json> = object;
  if (object['Fn::ImportValue']) {
    const output = Object.values(state.Outputs ?? {}).find(
      (o) => o.Export?.Name === object['Fn::ImportValue'],
    );
    target = output?.Value;
  }
  const id = target?.Ref ?? target?.['Fn::GetAtt']?.[0];
  const resource = state.Resources[id];
  if (resource?.Type === 'AWS::DynamoDB::Table') return `table:${resource.Properties?.TableName}`;
  if (resource?.Type === 'AWS::SQS::Queue') return `queue:${resource.Properties?.QueueName}`;
  if (resource?.Type === 'AWS::KMS::Key') return `key:${String(id).replace(/[0-9A-F]{8}$/, '')}`;
  return JSON.stringify(value);
}

/** Every `action resource` pair the role's policies grant (X-Ray's, on *, set apart). */
function granted(roleId: string): string[] {
  const pairs: string[] = [];
  for (const policy of Object.values(hub.Resources).filter((r) => r.Type === 'AWS::IAM::Policy')) {
    if (!policy.Properties?.Roles.some((role: { Ref?: string }) => role.Ref === roleId)) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      const actions = [statement.Action].flat() as string[];
      if (actions.every((action) => action.startsWith('xray:')) && statement.Resource === '*') continue;
      for (const resource of [statement.Resource].flat())
        for (const action of actions) pairs.push(`${action} ${label(resource)}`);
    }
  }
  // A pair granted twice (one key, several statements) is the same grant.
  return [...new Set(pairs)].sort();
}

/** What the table above expects of a workload, given its environment and its event sources. */
function expected(workload: string, environment: Record<string, unknown>, consumed: string[]): string[] {
  const table = EXPECTED[workload] ?? {};
  const pairs: string[] = [];
  const byResource = new Map<string, Set<string>>();
  const add = (resource: string, action: string) => {
    pairs.push(`${action} ${resource}`);
    byResource.set(resource, (byResource.get(resource) ?? new Set()).add(action));
  };
  for (const [variable, value] of Object.entries(environment)) {
    const resource = label(value);
    const names = resource.startsWith('table:') || resource.startsWith('queue:');
    if (!names) continue;
    // Every variable that names a table or queue must be in the table above.
    expect(
      table[variable],
      `${workload}: ${variable} names ${resource}, and the table of grants has no entry`,
    ).toBeDefined();
    for (const action of Object.keys(table[variable] ?? {})) {
      if (consumed.includes(resource) && EVENT_SOURCE.includes(action)) continue;
      add(resource, action);
    }
  }
  for (const resource of consumed) for (const action of EVENT_SOURCE) add(resource, action);
  for (const action of Object.keys(table['SQS subscribers'] ?? {})) {
    for (const [, queue] of Object.entries(state.Resources)) {
      const name = String(queue.Properties?.QueueName ?? '');
      if (queue.Type === 'AWS::SQS::Queue' && /-subscriber-.*(?<!-dlq)\.fifo$/.test(name))
        add(`queue:${name}`, action);
    }
  }
  // One key encrypts every table and queue: what each resource's actions need of it, together.
  const keyNeeds = new Set([...byResource.values()].flatMap((actions) => keyActions([...actions])));
  for (const action of keyNeeds) pairs.push(`${action} key:DataKey`);
  return [...new Set(pairs)].sort();
}

function functionOf(prefix: string): { roleId: string; environment: Record<string, unknown>; id: string } {
  const [id, fn] = Object.entries(hub.Resources).find(
    ([logicalId, resource]) => resource.Type === 'AWS::Lambda::Function' && logicalId.startsWith(prefix),
  ) ?? ['', undefined];
  if (fn === undefined) throw new Error(`no function ${prefix}`);
  return {
    id,
    roleId: fn.Properties?.Role['Fn::GetAtt'][0],
    environment: fn.Properties?.Environment.Variables,
  };
}

function consumedBy(functionId: string): string[] {
  return Object.values(hub.Resources)
    .filter(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping' && r.Properties?.FunctionName.Ref === functionId,
    )
    .map((mapping) => label(mapping.Properties?.EventSourceArn));
}

describe('each function’s role grants what its adapters do with the resources its environment names, and nothing more', () => {
  it.each([
    ['ingest', 'IngestFunction'],
    ['process', 'ProcessFunction'],
    ['deliverWebhook', 'DeliverWebhookFunction'],
  ])('%s', (workload, prefix) => {
    const { id, roleId, environment } = functionOf(prefix);

    expect(granted(roleId)).toEqual(expected(workload, environment, consumedBy(id)));
  });

  // The console's two functions are held to lib/console-access.ts by test/infra/console.test.ts.
  it('has no other function of ours: the console’s two, and CDK’s deploy-time providers (the VPC’s default security group, the console’s pages)', () => {
    const functions = Object.entries(hub.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
      .map(([id]) => id.replace(/[0-9A-F]{8}$/, ''));

    expect(functions.sort()).toEqual([
      'ConsoleApiChangeFunction',
      'ConsoleApiReadFunction',
      expect.stringMatching(/^CustomCDKBucketDeployment/),
      'CustomVpcRestrictDefaultSGCustomResourceProviderHandler',
      'DeliverWebhookFunction',
      'IngestFunction',
      'ProcessFunction',
    ]);
  });
});

describe('the MLLP task role', () => {
  it('grants what ingest does with the table and queue its task definition names, the key only through those services', () => {
    const [, task] =
      Object.entries(hub.Resources).find(([, r]) => r.Type === 'AWS::ECS::TaskDefinition') ?? [];
    const container = task?.Properties?.ContainerDefinitions[0];
    const environment = Object.fromEntries(
      (container.Environment as { Name: string; Value: unknown }[]).map(({ Name, Value }) => [Name, Value]),
    );
    const roleId = task?.Properties?.TaskRoleArn['Fn::GetAtt'][0];
    const keyStatement = Object.values(hub.Resources)
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          r.Properties?.Roles.some((role: { Ref?: string }) => role.Ref === roleId),
      )
      .flatMap((policy) => policy.Properties?.PolicyDocument.Statement)
      .find((statement) => [statement.Action].flat().some((action: string) => action.startsWith('kms:')));

    expect(granted(roleId)).toEqual(expected('mllp', environment, []));
    expect(keyStatement.Condition).toEqual({
      StringEquals: { 'kms:ViaService': ['dynamodb.eu-west-2.amazonaws.com', 'sqs.eu-west-2.amazonaws.com'] },
    });
  });
});
