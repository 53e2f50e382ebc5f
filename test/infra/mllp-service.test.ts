// The MLLP listener on AWS (lib/constructs/mllp-service.ts): what matters in its template, the
// container image staged without Docker, and cdk-nag (AwsSolutions, HIPAA Security, Serverless)
// with nothing unacknowledged. Bundling is skipped, as in stacks.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import type { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, HIPAASecurityChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { INGEST_QUEUE, MESSAGES_TABLE } from '../../functions/platform/resources.ts';
import { MllpService, type MllpServiceProps } from '../../lib/constructs/mllp-service.ts';
import { StatefulStack } from '../../lib/stateful-stack.ts';

const env = { account: '123456789012', region: 'eu-west-2' };
const CERTIFICATE = 'arn:aws:acm:eu-west-2:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
const ALLOWED = ['10.20.0.0/16', '192.168.40.0/24'];
const SENDERS = [
  { senderId: 'rbn-pas', name: 'Royal Berkshire PAS', facilities: ['RBN'], networks: ['10.20.0.0/16'] },
  { senderId: 'wwl-tie', facilities: ['RRF', 'RRF2'], networks: ['192.168.40.0/24'] },
];

let app: App;
let state: StatefulStack;
let stack: Stack;
let template: Template;

function build(
  scope: App,
  overrides: Partial<MllpServiceProps> = {},
): { state: StatefulStack; stack: Stack; mllp: MllpService } {
  const state = new StatefulStack(scope, 'AdtHub-test-state', { deployment: 'test', env });
  const stack = new Stack(scope, 'AdtHub-test-mllp', { env });
  const mllp = new MllpService(stack, 'Mllp', {
    deployment: 'test',
    state,
    certificateArn: CERTIFICATE,
    allowedCidrs: ALLOWED,
    senders: SENDERS,
    minTasks: 3,
    maxTasks: 8,
    ...overrides,
  });
  return { state, stack, mllp };
}

beforeAll(() => {
  app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  ({ state, stack } = build(app));
  for (const pack of [new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new ServerlessChecks(app)]) {
    Validations.of(app).addPlugins(pack);
  }
  template = Template.fromStack(stack);
});

describe('the load balancer', () => {
  it('ends TLS on 2575 with the ACM certificate and a TLS 1.2+ policy, and forwards to the tasks', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 2575,
      Protocol: 'TLS',
      Certificates: [{ CertificateArn: CERTIFICATE }],
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: Match.anyValue() }],
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
  });

  it('sends to the task IPs on the container port, health-checked over TCP, keeping the client IP', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'ip',
      Protocol: 'TCP',
      Port: 2575,
      HealthCheckProtocol: 'TCP',
      TargetGroupAttributes: Match.arrayWith([{ Key: 'preserve_client_ip.enabled', Value: 'true' }]),
    });
  });

  it('is internal, cross-zone, protected from deletion, and logs to an SSL-only, private, expiring bucket', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'network',
      Scheme: 'internal',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'load_balancing.cross_zone.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: Match.anyValue() },
      ]),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 365 })]) },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('outputs its DNS name', () => {
    const outputs = Object.values(template.findOutputs('*'));
    expect(outputs).toContainEqual(
      expect.objectContaining({
        Value: { 'Fn::GetAtt': [expect.stringMatching(/LoadBalancer/), 'DNSName'] },
      }),
    );
  });
});

describe('who may connect', () => {
  const ingressOn = (groupLogicalId: string) => {
    const inline =
      template.findResources('AWS::EC2::SecurityGroup')[groupLogicalId]?.Properties.SecurityGroupIngress ??
      [];
    const separate = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .map((rule) => rule.Properties)
      .filter((rule) => JSON.stringify(rule.GroupId).includes(groupLogicalId));
    return [...inline, ...separate] as Record<string, unknown>[];
  };
  const groupId = (description: RegExp) => {
    const [id] = Object.entries(template.findResources('AWS::EC2::SecurityGroup')).find(([, group]) =>
      description.test(String(group.Properties.GroupDescription)),
    ) ?? [''];
    return id;
  };

  it('admits only the allowed networks, on 2575, to the load balancer', () => {
    const rules = ingressOn(groupId(/from the allowed networks/));
    expect(rules.map((rule) => [rule.CidrIp, rule.FromPort, rule.ToPort])).toEqual(
      ALLOWED.map((cidr) => [cidr, 2575, 2575]),
    );
  });

  it('admits the load balancer and, client IPs being preserved, the same networks to the tasks; nothing else', () => {
    const lb = groupId(/from the allowed networks/);
    const rules = ingressOn(groupId(/MLLP listener tasks/));
    expect(
      rules.filter((rule) => rule.CidrIp !== undefined).map((rule) => [rule.CidrIp, rule.FromPort]),
    ).toEqual(ALLOWED.map((cidr) => [cidr, 2575]));
    expect(rules.filter((rule) => rule.CidrIp === undefined)).toEqual([
      expect.objectContaining({ SourceSecurityGroupId: { 'Fn::GetAtt': [lb, 'GroupId'] }, FromPort: 2575 }),
    ]);
  });

  it('opens nothing to the whole internet', () => {
    expect(JSON.stringify(template.findResources('AWS::EC2::SecurityGroup'))).not.toMatch(
      /"SecurityGroupIngress":\[[^\]]*0\.0\.0\.0\/0/,
    );
    for (const rule of Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))) {
      expect(rule.Properties.CidrIp).not.toBe('0.0.0.0/0');
    }
  });

  it('gives the listener its senders and settings, as the container reads them', () => {
    const [definition] = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
    const variables: { Name: string; Value: unknown }[] =
      definition?.Properties.ContainerDefinitions[0].Environment ?? [];
    const environment = Object.fromEntries(variables.map(({ Name, Value }) => [Name, Value]));
    expect(environment).toMatchObject({
      MLLP_SENDERS: JSON.stringify(SENDERS),
      MLLP_PORT: '2575',
      // Below the load balancer's fixed 350 s idle timeout for TLS listeners.
      MLLP_IDLE_TIMEOUT_SECONDS: '340',
      MESSAGES_TABLE: { 'Fn::ImportValue': expect.stringContaining('messagesTable') },
      INGEST_QUEUE_URL: { 'Fn::ImportValue': expect.stringContaining('ingestQueue') },
    });
  });
});

describe('the service', () => {
  it('runs the container on Fargate, ARM64 Linux, read-only, logging to an encrypted log group with a retention', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [
        Match.objectLike({
          PortMappings: [{ ContainerPort: 2575, Protocol: 'tcp' }],
          ReadonlyRootFilesystem: true,
          LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
        }),
      ],
    });
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.KmsKeyId).toBeDefined();
      expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
    }
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  it('keeps the tasks in private subnets without public IPs, rolling back a failed deployment', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DesiredCount: 3,
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
    for (const subnet of Object.values(template.findResources('AWS::EC2::Subnet'))) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
  });

  it('scales between the minimum and maximum on CPU', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 3,
      MaxCapacity: 8,
      ScalableDimension: 'ecs:service:DesiredCount',
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        TargetValue: 60,
      }),
    });
  });

  it('reaches AWS through VPC endpoints only: no NAT gateway, no internet gateway, flow logs on', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint')).map((endpoint) => [
      JSON.stringify(endpoint.Properties.ServiceName).match(
        /\.(dynamodb|s3|sqs|ecr\.api|ecr\.dkr|logs)"/,
      )?.[1],
      endpoint.Properties.VpcEndpointType,
    ]);
    expect(endpoints.sort()).toEqual([
      ['dynamodb', 'Gateway'],
      ['ecr.api', 'Interface'],
      ['ecr.dkr', 'Interface'],
      ['logs', 'Interface'],
      ['s3', 'Gateway'],
      ['sqs', 'Interface'],
    ]);
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL' });
  });
});

describe('the task role', () => {
  const statements = () => {
    const role = Object.entries(template.findResources('AWS::IAM::Role')).find(
      ([, r]) =>
        JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('ecs-tasks.amazonaws.com') &&
        String(r.Properties.Description).includes('ingest only'),
    );
    expect(role).toBeDefined();
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy.Properties.Roles).includes(role?.[0] ?? '?'),
    );
    return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement) as {
      Action: string | string[];
      Resource: unknown;
      Condition?: unknown;
    }[];
  };

  it('may write to the messages table and send to the ingest queue, named, and nothing else', () => {
    const table = state.tables.get(MESSAGES_TABLE);
    const queue = state.queues.get(INGEST_QUEUE)?.queue;
    const tableId = state.getLogicalId(table?.node.defaultChild as CfnTable);
    const queueId = state.getLogicalId(queue?.node.defaultChild as CfnQueue);
    const all = statements();
    expect(all).toContainEqual({
      Effect: 'Allow',
      Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
      Resource: expect.objectContaining({
        'Fn::ImportValue': expect.stringContaining(`GetAtt${tableId}Arn`),
      }),
    });
    expect(all).toContainEqual({
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: expect.objectContaining({
        'Fn::ImportValue': expect.stringContaining(`GetAtt${queueId}Arn`),
      }),
    });
  });

  it('has no wildcard on a data action, and uses the key only through DynamoDB and SQS', () => {
    for (const statement of statements()) {
      const actions = [statement.Action].flat();
      expect(actions.some((action) => action.endsWith('*'))).toBe(false);
      expect(JSON.stringify(statement.Resource)).not.toContain('*');
      if (actions.some((action) => action.startsWith('kms:'))) {
        expect(statement.Condition).toEqual({
          StringEquals: {
            'kms:ViaService': ['dynamodb.eu-west-2.amazonaws.com', 'sqs.eu-west-2.amazonaws.com'],
          },
        });
      } else {
        expect(actions.every((action) => /^(dynamodb|sqs):/.test(action))).toBe(true);
      }
    }
  });
});

describe('the container image', () => {
  it('is staged at synth from the repository root, without Docker: only what the build needs', () => {
    const assembly = app.synth();
    const manifest = JSON.parse(
      readFileSync(join(assembly.directory, `${stack.artifactId}.assets.json`), 'utf8'),
    );
    const images = Object.values(manifest.dockerImages) as {
      source: { directory: string; dockerFile: string; platform: string };
    }[];
    expect(images).toHaveLength(1);
    const [image] = images;
    expect(image?.source).toMatchObject({ dockerFile: 'docker/mllp/Dockerfile', platform: 'linux/arm64' });
    const staged = join(assembly.directory, image?.source.directory ?? '?');
    for (const needed of [
      'docker/mllp/Dockerfile',
      'package.json',
      'package-lock.json',
      'local/stubs/amplify-cli-core/package.json',
      'functions/mllp/main.ts',
      'functions/mllp/settings.ts',
      'functions/composition/wiring.ts',
    ]) {
      expect(existsSync(join(staged, needed)), needed).toBe(true);
    }
    for (const kept of ['node_modules', 'test', 'bench', 'docs', 'cdk.out', '.git', 'lib', 'README.md']) {
      expect(existsSync(join(staged, kept)), kept).toBe(false);
    }
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in AwsSolutions, HIPAA Security or Serverless', () => {
    expect(() => app.synth()).not.toThrow();
    const report = JSON.parse(
      readFileSync(join(app.synth().directory, 'validation-report.json'), 'utf8'),
    ) as {
      pluginReports: { pluginName: string; violations: unknown[] }[];
    };
    expect(report.pluginReports.map((plugin) => plugin.pluginName).sort()).toEqual([
      'AwsSolutions',
      'HIPAA.Security',
      'Serverless',
    ]);
    for (const plugin of report.pluginReports) expect(plugin.violations, plugin.pluginName).toEqual([]);
  });
});

describe('choices', () => {
  it('can face the internet: public subnets for the load balancer only, still no NAT, tasks still private', () => {
    const { stack } = build(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), {
      internetFacing: true,
    });
    const open = Template.fromStack(stack);
    open.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    open.resourceCountIs('AWS::EC2::NatGateway', 0);
    open.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
    const publicSubnets = Object.entries(open.findResources('AWS::EC2::Subnet'))
      .filter(([, subnet]) => subnet.Properties.MapPublicIpOnLaunch === true)
      .map(([id]) => id);
    expect(publicSubnets).toHaveLength(2);
    const service = Object.values(open.findResources('AWS::ECS::Service'))[0];
    const taskSubnets = JSON.stringify(service?.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets);
    for (const id of publicSubnets) expect(taskSubnets).not.toContain(id);
  });

  it('refuses, at synth time, a configuration the listener would refuse at start-up', () => {
    const attempt = (overrides: Partial<MllpServiceProps>) => () => build(new App(), overrides);
    expect(attempt({ senders: [{ senderId: 'x', facilities: ['X'], networks: ['10.0.0/8'] }] })).toThrow(
      /MLLP_SENDERS\[0\]\.networks: '10\.0\.0\/8' is not a CIDR/,
    );
    expect(attempt({ allowedCidrs: [] })).toThrow(/allowedCidrs is empty/);
    expect(attempt({ allowedCidrs: ['0.0.0.0'] })).toThrow(/'0\.0\.0\.0' is not an IPv4 CIDR/);
    expect(attempt({ minTasks: 4, maxTasks: 2 })).toThrow(/minTasks <= maxTasks/);
    expect(attempt({ certificateArn: 'my-cert' })).toThrow(/not an ACM certificate ARN/);
  });
});
