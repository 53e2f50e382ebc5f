// The CDK app: what matters in the templates, and cdk-nag (AwsSolutions, HIPAA Security,
// Serverless) with nothing unacknowledged. Bundling is skipped: it is the handlers' own code.
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../bin/hub.ts';

let app: App;
let stacks: ReturnType<typeof buildApp>;
let state: Template;
let hub: Template;

beforeAll(() => {
  app = new App({ context: { 'aws:cdk:bundling-stacks': [], deployment: 'test' } });
  stacks = buildApp(app);
  state = Template.fromStack(stacks.state);
  hub = Template.fromStack(stacks.hub);
});

describe('the stateful stack', () => {
  it('makes the ingest queue FIFO, encrypted, with a FIFO dead-letter queue after 300 receives (days of backoff)', () => {
    state.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'adt-hub-test-ingest.fifo',
      FifoQueue: true,
      ContentBasedDeduplication: false,
      KmsMasterKeyId: Match.anyValue(),
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 300 },
    });
    state.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'adt-hub-test-ingest-dlq.fifo',
      FifoQueue: true,
    });
  });

  it('keeps every table: the customer key, retained, point-in-time recovery and backups no longer than the messages', () => {
    const tables = state.findResources('AWS::DynamoDB::Table');
    expect(Object.keys(tables)).toHaveLength(4);
    for (const table of Object.values(tables)) {
      expect(table.DeletionPolicy).toBe('Retain');
      // retention.messageDays is 30 by default: no copy outlives the message it copies.
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: true,
        RecoveryPeriodInDays: 30,
      });
      expect(table.Properties.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
      expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    }
    state.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'adt-hub-test-messages',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    state.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    state.resourceCountIs('AWS::Backup::BackupSelection', 1);
    state.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ Lifecycle: { DeleteAfterDays: 30 } })] },
    });
  });

  it('lets what the registry learned of a person expire (TTL), and tells the process step after how long', () => {
    state.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'adt-hub-test-registry',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    hub.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ADT_HUB_REGISTRY_RETENTION_DAYS: '365' }) },
    });
  });
});

describe('the hub stack', () => {
  it('runs every function on nodejs22.x, arm64, traced, with JSON logs and a concurrency ceiling', () => {
    // Ingest, process, deliver and the console's two; CDK's bucket deployment function (it copies
    // the console's pages at deploy time, lib/constructs/console-hosting.ts) is not ours.
    const functions = Object.fromEntries(
      Object.entries(hub.findResources('AWS::Lambda::Function')).filter(
        ([id]) => !id.startsWith('CustomCDKBucketDeployment'),
      ),
    );
    expect(Object.keys(functions)).toHaveLength(5);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON' },
      });
      expect(fn.Properties.ReservedConcurrentExecutions).toBeGreaterThan(0);
    }
  });

  it('consumes both queues with partial batch failures, within each function’s reserved concurrency', () => {
    const mappings = hub.findResources('AWS::Lambda::EventSourceMapping');
    const functions = hub.findResources('AWS::Lambda::Function');
    expect(Object.keys(mappings)).toHaveLength(2);
    for (const mapping of Object.values(mappings)) {
      expect(mapping.Properties).toMatchObject({
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      const fn = functions[mapping.Properties.FunctionName.Ref];
      expect(mapping.Properties.ScalingConfig.MaximumConcurrency).toBeLessThanOrEqual(
        fn?.Properties.ReservedConcurrentExecutions,
      );
    }
  });

  it('lets each queue consumer pace its own retries: the queue’s URL and ChangeMessageVisibility on it', () => {
    const mappings = Object.values(hub.findResources('AWS::Lambda::EventSourceMapping'));
    const functions = hub.findResources('AWS::Lambda::Function');
    const policies = Object.values(hub.findResources('AWS::IAM::Policy'));
    for (const mapping of mappings) {
      const fnId = mapping.Properties.FunctionName.Ref as string;
      const roleId = functions[fnId]?.Properties.Role['Fn::GetAtt'][0] as string;
      const statements = policies
        .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
      const queueArn = JSON.stringify(mapping.Properties.EventSourceArn);
      const pacing = statements.filter(
        (statement) =>
          [statement.Action].flat().includes('sqs:ChangeMessageVisibility') &&
          JSON.stringify(statement.Resource) === queueArn,
      );
      expect(pacing.length, `${fnId} may change visibility on the queue it consumes`).toBeGreaterThan(0);
      expect(Object.keys(functions[fnId]?.Properties.Environment.Variables)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^(INGEST|WEBHOOK)_QUEUE_URL$/)]),
      );
    }
  });

  it('serves POST /v1/hl7 with access logs and throttling', () => {
    hub.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /v1/hl7' });
    hub.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: { DestinationArn: Match.anyValue() },
      DefaultRouteSettings: { ThrottlingRateLimit: 100 },
    });
  });

  it('has no MLLP listener (nor its VPC) without an mllp section in the configuration', () => {
    hub.resourceCountIs('AWS::ECS::Service', 0);
    hub.resourceCountIs('AWS::EC2::VPC', 0);
  });

  it('gives the ingest URL as a stack output', () => {
    expect(Object.values(hub.findOutputs('*')).map((output) => output.Description)).toContainEqual(
      expect.stringContaining('POST HL7 v2 messages to this URL + /v1/hl7'),
    );
  });

  it('warns at synth that a deployment without a configuration file has no senders or subscribers', () => {
    Annotations.fromStack(stacks.hub).hasWarning(
      '*',
      Match.stringLikeRegexp(
        "^No configuration file \\(config/test.json or -c config=PATH\\): deployment 'test'",
      ),
    );
    Annotations.fromStack(stacks.hub).hasWarning(
      '*',
      Match.stringLikeRegexp('^No alarm destination .*: the alarms notify nobody'),
    );
  });

  it('names the alarm topic, so that adt-hub doctor can check its subscriptions are confirmed', () => {
    hub.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'adt-hub-test-alarms' });
  });

  it('grants no data action on a wildcard resource', () => {
    // Except CDK's bucket deployment, at deploy time: its grants on the CDK asset bucket and the
    // console's pages bucket have wildcards (acknowledged in lib/constructs/console-hosting.ts).
    const policies = Object.entries(hub.findResources('AWS::IAM::Policy')).filter(
      ([id]) => !id.startsWith('CustomCDKBucketDeployment'),
    );
    expect(policies.length).toBeGreaterThanOrEqual(5);
    for (const [, policy] of policies) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const actions = [statement.Action].flat() as string[];
        const resources = [statement.Resource].flat();
        if (resources.includes('*')) expect(actions.every((action) => action.startsWith('xray:'))).toBe(true);
        expect(actions.some((action) => action.endsWith('*'))).toBe(false);
      }
    }
  });
});

describe('monitoring', () => {
  it('alarms to an encrypted topic on dead letters, backlog, errors, throttles, 5xx and webhook failures', () => {
    hub.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const alarms = Object.values(hub.findResources('AWS::CloudWatch::Alarm'));
    const described = alarms.map((alarm) => String(alarm.Properties.AlarmDescription));
    // 2 dead-letter queues, the ingest backlog, errors and throttles of 3 functions, API 5xx, webhooks,
    // review items overdue.
    expect(alarms).toHaveLength(2 + 1 + 6 + 1 + 1 + 1);
    // Each dead-letter alarm says what to do: the webhook's with adt-hub dlq, the ingest one's with --ingest.
    expect(described.filter((d) => d.includes('adt-hub dlq list'))).toHaveLength(2);
    expect(described.filter((d) => d.includes('adt-hub dlq redrive --ingest'))).toHaveLength(1);
    expect(described.some((d) => d.includes('oldest accepted message'))).toBe(true);
    expect(described.some((d) => d.includes('webhook attempts failed'))).toBe(true);
    expect(described.some((d) => d.includes('more than 24 hours for a decision'))).toBe(true);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
    hub.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const [dashboard] = Object.values(hub.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const metric of [
      'Alerts_admission',
      'Alerts_cancel-discharge',
      'DeliveryLatency',
      'Webhook_delivered',
    ])
      expect(body).toContain(metric);
  });

  it('refuses a bad deployment name or alarm e-mail at synth time, saying which', () => {
    expect(() => buildApp(new App({ context: { deployment: 'Prod_1' } }))).toThrow(
      /^context: deployment: must be 2-21 lower-case letters/,
    );
    expect(() => buildApp(new App({ context: { deployment: 'ok', alarmEmail: 'nobody' } }))).toThrow(
      "context: alarmEmail: must be an e-mail address (got 'nobody')",
    );
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in AwsSolutions, HIPAA Security or Serverless', () => {
    expect(() => app.synth()).not.toThrow();
  });
});
