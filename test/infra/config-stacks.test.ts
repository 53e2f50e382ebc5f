// The CDK app built from config/example.json: each SQS subscriber's queue readable from its own
// account and no further, the senders and subscribers seeded into the tables in the adapters'
// shapes, the webhook secret kept out of the template, the process function's grants, and
// cdk-nag with nothing unacknowledged. Bundling is skipped, as in stacks.test.ts.
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bin/hub.ts';

const QUEUE = 'adt-hub-example-subscriber-sc-north.fifo';
const CONSUMER = 'arn:<Partition>:iam::444455556666:root';

let app: App;
let state: Template;
let hub: Template;

/** A template value with `{ Ref: 'AWS::Partition' }` joined in as `<Partition>`. */
function flat(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(flat);
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  if (object.Ref === 'AWS::Partition') return '<Partition>';
  const join = object['Fn::Join'] as [string, unknown[]] | undefined;
  if (join?.[1].every((part) => typeof flat(part) === 'string')) {
    return join[1].map(flat).join(join[0]);
  }
  return Object.fromEntries(Object.entries(object).map(([key, inner]) => [key, flat(inner)]));
}

function statementsOf(template: Template, type: string): Record<string, unknown>[] {
  return Object.values(template.findResources(type)).flatMap(
    (resource) =>
      (
        flat(resource.Properties.PolicyDocument ?? resource.Properties.KeyPolicy) as {
          Statement: Record<string, unknown>[];
        }
      ).Statement,
  );
}

/** The SDK call an AwsCustomResource makes, with the template's references left as `<ref>`. */
function sdkCall(property: unknown): Record<string, unknown> {
  const join = (property as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return JSON.parse(join[1].map((part) => (typeof part === 'string' ? part : '<ref>')).join(''));
}

beforeAll(() => {
  app = new App({ context: { 'aws:cdk:bundling-stacks': [], config: 'config/example.json' } });
  const stacks = buildApp(app);
  state = Template.fromStack(stacks.state);
  hub = Template.fromStack(stacks.hub);
});

describe('an SQS subscriber', () => {
  it('has its own FIFO queue, encrypted with the hub key, retained, with a FIFO dead-letter queue', () => {
    const queues = state.findResources('AWS::SQS::Queue', { Properties: { QueueName: QUEUE } });
    expect(Object.values(queues)).toHaveLength(1);
    const [queue] = Object.values(queues);
    expect(queue?.DeletionPolicy).toBe('Retain');
    expect(queue?.Properties).toMatchObject({
      FifoQueue: true,
      ContentBasedDeduplication: false,
      KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] },
      RedrivePolicy: {
        deadLetterTargetArn: {
          'Fn::GetAtt': [expect.stringMatching(/^SubscriberscnorthDeadLetterQueue/), 'Arn'],
        },
        maxReceiveCount: 10,
      },
    });
    state.hasResource('AWS::SQS::Queue', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        QueueName: 'adt-hub-example-subscriber-sc-north-dlq.fifo',
        FifoQueue: true,
      }),
    });
  });

  it('lets its consumer account receive, delete, extend and inspect on that queue only, over TLS', () => {
    const queueId = Object.keys(
      state.findResources('AWS::SQS::Queue', { Properties: { QueueName: QUEUE } }),
    )[0];
    const policies = Object.values(state.findResources('AWS::SQS::QueuePolicy'));
    const ofQueue = policies.filter(
      (policy) => JSON.stringify(policy.Properties.Queues) === JSON.stringify([{ Ref: queueId }]),
    );
    expect(ofQueue).toHaveLength(1);
    const statements = (
      flat(ofQueue[0]?.Properties.PolicyDocument) as { Statement: Record<string, unknown>[] }
    ).Statement;

    expect(statements).toEqual([
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      {
        Effect: 'Allow',
        Principal: { AWS: CONSUMER },
        Action: [
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueAttributes',
        ],
        Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
      },
    ]);
    // No other queue lets another account in.
    const others = policies.filter((policy) => policy !== ofQueue[0]);
    expect(JSON.stringify(others.map((policy) => policy.Properties.PolicyDocument))).not.toContain('"Allow"');
  });

  it('lets its consumer account decrypt with the hub key only through SQS, for its queue', () => {
    const statements = statementsOf(state, 'AWS::KMS::Key').filter((statement) =>
      JSON.stringify(statement.Principal).includes('444455556666'),
    );

    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Principal: { AWS: CONSUMER },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:ViaService': 'sqs.eu-west-2.amazonaws.com',
            'kms:EncryptionContext:aws:sqs:arn': `arn:<Partition>:sqs:eu-west-2:111122223333:${QUEUE}`,
          },
        },
      },
    ]);
  });

  it('is what the process function may send to, by exact ARN', () => {
    const process = Object.entries(hub.findResources('AWS::IAM::Policy')).find(([id]) =>
      id.startsWith('Process'),
    );
    const statements = (
      flat(process?.[1].Properties.PolicyDocument) as { Statement: Record<string, unknown>[] }
    ).Statement;

    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: `arn:<Partition>:sqs:eu-west-2:111122223333:${QUEUE}`,
    });
  });
});

describe('the process function', () => {
  it('has the webhook dead-letter queue, and 50 s within the ingest queue’s 60 s visibility timeout', () => {
    hub.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Match, route and dispatch each accepted message',
      Timeout: 50,
      Environment: {
        Variables: Match.objectLike({
          WEBHOOK_QUEUE_URL: Match.anyValue(),
          WEBHOOK_DLQ_URL: Match.anyValue(),
          ADT_HUB_MESSAGE_RETENTION_DAYS: '30',
        }),
      },
    });
  });

  it('keeps the logs of every function and of the MLLP listener for the configured days', () => {
    const groups = Object.values(hub.findResources('AWS::Logs::LogGroup'));
    // The others (API access logs, VPC flow logs) are kept a year. Ingest, process, deliver, the
    // console's two functions, the console's deployment, and the MLLP listener.
    const functionLogs = groups.filter((group) => group.Properties.RetentionInDays !== 365);
    expect(functionLogs).toHaveLength(7);
    for (const group of functionLogs) expect(group.Properties.RetentionInDays).toBe(90);
  });

  it('leaves the deliverer the webhook queue URL it changes visibility with', () => {
    hub.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'POST signed alerts to webhook subscribers, with retries',
      Environment: { Variables: Match.objectLike({ WEBHOOK_QUEUE_URL: Match.anyValue() }) },
    });
  });
});

describe('the MLLP listener and the alarms the configuration adds', () => {
  it('runs the MLLP listener behind a TLS listener when the configuration has an mllp section', () => {
    hub.resourceCountIs('AWS::ECS::Service', 1);
    hub.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'TLS',
      Port: 2575,
      Certificates: [{ CertificateArn: Match.stringLikeRegexp('^arn:aws:acm:eu-west-2:111122223333:') }],
    });
    hub.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 4,
    });
    const [task] = Object.values(hub.findResources('AWS::ECS::TaskDefinition'));
    const environment = task?.Properties.ContainerDefinitions[0].Environment as {
      Name: string;
      Value: unknown;
    }[];
    const senders = JSON.parse(String(environment.find((e) => e.Name === 'MLLP_SENDERS')?.Value));
    expect(senders.every((sender: { networks: string[] }) => sender.networks.length > 0)).toBe(true);
    expect(environment.find((e) => e.Name === 'ADT_HUB_MESSAGE_RETENTION_DAYS')?.Value).toBeDefined();
  });

  it('counts MLLP messages by ACK code from the listener’s log lines, as the metric the dashboard shows', () => {
    hub.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.message = "hl7 message" }',
      MetricTransformations: [
        {
          MetricNamespace: 'AdtHub',
          MetricName: 'Messages',
          MetricValue: '1',
          Dimensions: Match.arrayWith([
            { Key: 'service', Value: '$.service' },
            { Key: 'ackCode', Value: '$.ackCode' },
          ]),
        },
      ],
    });
  });

  it('alarms when no MLLP listener task is healthy', () => {
    hub.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/NetworkELB',
      MetricName: 'HealthyHostCount',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
  });

  it('names its availability zones, so synth needs no lookup in the configured account', () => {
    const subnets = Object.values(hub.findResources('AWS::EC2::Subnet'));
    expect(new Set(subnets.map((subnet) => subnet.Properties.AvailabilityZone))).toEqual(
      new Set(['eu-west-2a', 'eu-west-2b']),
    );
  });

  it('notifies the operations team’s own topic of every alarm, beside the hub’s', () => {
    const alarms = Object.values(hub.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(10);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toHaveLength(2);
      expect(alarm.Properties.AlarmActions).toContain(
        'arn:aws:sns:eu-west-2:111122223333:operations-on-call',
      );
    }
  });

  it('alarms on the SQS subscriber’s dead-letter queue, by its name', () => {
    hub.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: QUEUE.replace(/\.fifo$/, '-dlq.fifo') }],
      Threshold: 1,
    });
  });
});

describe('seeding from the configuration', () => {
  it('puts each sender as DynamoDbSenderDirectory.register does, and deletes it only while still its own', () => {
    const senders = Object.values(state.findResources('Custom::AdtHubSender'));
    expect(senders).toHaveLength(2);
    const calls = senders.map((sender) => ({
      create: sdkCall(sender.Properties.Create),
      update: sdkCall(sender.Properties.Update),
      remove: sdkCall(sender.Properties.Delete),
    }));
    const rbn = calls.find((call) => JSON.stringify(call.create).includes('rbn-pas'));

    expect(rbn?.create).toEqual({
      service: 'DynamoDB',
      action: 'putItem',
      parameters: {
        TableName: '<ref>',
        Item: {
          keyHash: { S: 'ea933a1f25e3406cdec3d4dd8ccaae5f6a5d4cc0101f87582103e45cce10174d' },
          senderId: { S: 'rbn-pas' },
          name: { S: 'Example Hospital PAS interface engine' },
          facilities: { L: [{ S: 'RBN' }] },
        },
      },
      physicalResourceId: { id: 'senders/ea933a1f25e3406cdec3d4dd8ccaae5f6a5d4cc0101f87582103e45cce10174d' },
      logApiResponseData: false,
    });
    expect(rbn?.update).toEqual(rbn?.create);
    expect(rbn?.remove).toMatchObject({
      action: 'deleteItem',
      parameters: {
        Key: { keyHash: { S: 'ea933a1f25e3406cdec3d4dd8ccaae5f6a5d4cc0101f87582103e45cce10174d' } },
        ConditionExpression: 'senderId = :senderId',
      },
      ignoreErrorCodesMatching: 'ConditionalCheckFailedException',
    });
  });

  it('puts the SQS subscriber under pk SUBSCRIBERS with its queue’s URL', () => {
    const [subscriber] = Object.values(state.findResources('Custom::AdtHubSqsSubscriber'));
    const queueLogicalId = Object.keys(
      state.findResources('AWS::SQS::Queue', { Properties: { QueueName: QUEUE } }),
    )[0];
    const create = subscriber?.Properties.Create as { 'Fn::Join': [string, unknown[]] };

    expect(create['Fn::Join'][1]).toContainEqual({ Ref: queueLogicalId });
    expect(sdkCall(create)).toMatchObject({
      action: 'putItem',
      parameters: {
        Item: {
          pk: { S: 'SUBSCRIBERS' },
          sk: { S: 'sc-north' },
          id: { S: 'sc-north' },
          name: { S: 'Example Council adult social care, north team' },
          events: { L: expect.arrayContaining([{ S: 'admission' }]) },
          delivery: { M: { kind: { S: 'sqs' }, queueUrl: { S: '<ref>' } } },
        },
      },
    });
    expect(sdkCall(subscriber?.Properties.Delete)).toMatchObject({
      action: 'deleteItem',
      parameters: {
        Key: { pk: { S: 'SUBSCRIBERS' }, sk: { S: 'sc-north' } },
        ConditionExpression: '#delivery.#kind = :sqs',
      },
    });
  });

  it('gives the AwsCustomResource provider PutItem and DeleteItem on one table and the key, nothing more', () => {
    const policies = Object.entries(state.findResources('AWS::IAM::Policy')).filter(([id]) =>
      id.includes('CustomResourcePolicy'),
    );
    expect(policies).toHaveLength(3);
    for (const [, policy] of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^(senders|registry)Table/), 'Arn'] },
        },
        {
          Effect: 'Allow',
          Action: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] },
        },
      ]);
    }
  });

  it('seeds the webhook subscriber by the name of its secret, never the secret', () => {
    state.hasResourceProperties('Custom::AdtHubWebhookSubscriber', {
      SecretId: 'adt-hub/example/webhook/N81001',
      Subscriber: JSON.stringify({
        id: 'N81001',
        name: 'Example Street Surgery',
        events: [
          'admission',
          'transfer',
          'discharge',
          'death',
          'emergency-attendance',
          'cancel-admission',
          'cancel-transfer',
          'cancel-discharge',
        ],
        practice: 'N81001',
        delivery: { kind: 'webhook', url: 'https://gp.example.org/adt-hub/alerts' },
      }),
    });
    const everything = JSON.stringify([state.toJSON(), hub.toJSON()]);
    expect(everything).not.toContain('whsec_');
    expect(everything).not.toContain('"secret"');
  });

  it('lets the seeder read that one secret, write the registry table, and nothing else', () => {
    const seeder = Object.entries(state.findResources('AWS::IAM::Policy')).find(([id]) =>
      id.startsWith('ConfiguredWebhookSubscriberSeeder'),
    );
    const statements = (
      flat(seeder?.[1].Properties.PolicyDocument) as { Statement: Record<string, unknown>[] }
    ).Statement;

    expect(statements.map((statement) => statement.Action)).toEqual([
      ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
      ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
      ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'],
      'secretsmanager:GetSecretValue',
    ]);
    expect(statements[3]?.Resource).toBe(
      'arn:<Partition>:secretsmanager:eu-west-2:111122223333:secret:adt-hub/example/webhook/N81001-??????',
    );
  });
});

describe('the configuration', () => {
  it('sets the account and region of both stacks', () => {
    const stacks = buildApp(
      new App({ context: { 'aws:cdk:bundling-stacks': [], config: 'config/example.json' } }),
    );
    expect([stacks.state.account, stacks.state.region, stacks.hub.account, stacks.hub.region]).toEqual([
      '111122223333',
      'eu-west-2',
      '111122223333',
      'eu-west-2',
    ]);
  });

  it('when wrong, stops the app with one line naming the file and the field', () => {
    expect(() => buildApp(new App({ context: { config: 'test/infra/fixtures/bad-config.json' } }))).toThrow(
      /^test\/infra\/fixtures\/bad-config\.json: subscribers\[0\]\.delivery\.url: must be an https:\/\/ URL \(got 'http:\/\/gp\.example\.org\/alerts'\)$/,
    );
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in AwsSolutions, HIPAA Security or Serverless', () => {
    expect(() => app.synth()).not.toThrow();
  });
});
