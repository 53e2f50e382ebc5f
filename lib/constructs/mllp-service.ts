// The MLLP listener on AWS: the container built from docker/mllp/Dockerfile (functions/mllp/main.ts)
// as a Fargate service in private subnets with no route to the internet, behind a Network Load
// Balancer whose TLS listener ends TLS and preserves the client's IP, so the listener knows each
// sender by its source network. It takes messages in with the same ingest as HTTP, so it needs
// only the messages table and the ingest queue, granted by name.
import { isIPv4 } from 'node:net';
import { CfnOutput, Duration, IgnoreMode, RemovalPolicy, Size, Stack, Token, Validations } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  InterfaceVpcEndpointAwsService,
  IpAddresses,
  Peer,
  Port,
  SecurityGroup,
  type SubnetConfiguration,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import {
  AwsLogDriverMode,
  Cluster,
  ContainerImage,
  ContainerInsights,
  CpuArchitecture,
  Protocol as EcsProtocol,
  FargatePlatformVersion,
  FargateService,
  FargateTaskDefinition,
  LogDrivers,
  OperatingSystemFamily,
} from 'aws-cdk-lib/aws-ecs';
import {
  ListenerCertificate,
  NetworkLoadBalancer,
  NetworkTargetGroup,
  Protocol,
  SslPolicy,
  TargetType,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterPattern, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  DEFAULT_MLLP_PORT,
  MLLP_ENV,
  type MllpSenderConfig,
  parseMllpSenders,
} from '../../functions/mllp/settings.ts';
import {
  INGEST_QUEUE,
  MESSAGE_RETENTION_DAYS,
  MESSAGE_RETENTION_DAYS_ENV,
  MESSAGES_TABLE,
  METRICS_NAMESPACE,
} from '../../functions/platform/resources.ts';
import type { StatefulStack } from '../stateful-stack.ts';

export interface MllpServiceProps {
  /** The deployment name (as the stacks'). */
  deployment: string;
  /** The hub's state: the messages table, the ingest queue and the key that encrypts them. */
  state: StatefulStack;
  /** The ACM certificate the load balancer's TLS listener presents. */
  certificateArn: string;
  /** IPv4 CIDRs that may connect to the listener (the senders' networks, as they reach AWS). */
  allowedCidrs: string[];
  /** Who may send: known by the source networks they connect from, each with its MSH-4 facilities. */
  senders: MllpSenderConfig[];
  /** A public load balancer. Default false: hospitals usually connect over a private network (HSCN, VPN). */
  internetFacing?: boolean;
  /** The TLS port, also the container's. Default 2575. */
  port?: number;
  /** Default 2 (one per Availability Zone). */
  minTasks?: number;
  /** Default 6. */
  maxTasks?: number;
  /** The VPC's range: it must not overlap the senders' networks. Default 10.80.0.0/16. */
  vpcCidr?: string;
  /** How long the listener's own log lines are kept; default 3 months. */
  logRetention?: RetentionDays;
  /** Days stored messages are kept (ADT_HUB_MESSAGE_RETENTION_DAYS); default 30. */
  messageRetentionDays?: number;
}

/** The repository root: the Docker build context (what .dockerignore lets through). */
const REPO_ROOT = new URL('../../', import.meta.url).pathname;
const CONTAINER = 'mllp';
/**
 * The load balancer drops a TLS flow idle for 350 s (fixed for TLS listeners): the listener closes
 * idle connections first, cleanly, so an engine never writes into a connection that is gone.
 */
const IDLE_TIMEOUT_SECONDS = 340;

function ipv4Cidr(cidr: string): boolean {
  const [address = '', bits = '', ...rest] = cidr.split('/');
  return isIPv4(address) && /^\d{1,2}$/.test(bits) && Number(bits) <= 32 && rest.length === 0;
}

function validate(props: MllpServiceProps, port: number, minTasks: number, maxTasks: number): void {
  // The same check the container makes at start-up, here at synth time.
  parseMllpSenders(JSON.stringify(props.senders));
  if (props.allowedCidrs.length === 0)
    throw new Error('MllpService: allowedCidrs is empty: nobody could connect');
  const bad = props.allowedCidrs.find((cidr) => !ipv4Cidr(cidr));
  if (bad !== undefined)
    throw new Error(`MllpService: allowedCidrs '${bad}' is not an IPv4 CIDR (a.b.c.d/n)`);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`MllpService: bad port ${port}`);
  if (!Number.isInteger(minTasks) || minTasks < 1 || maxTasks < minTasks) {
    throw new Error(`MllpService: need 1 <= minTasks <= maxTasks (got ${minTasks} and ${maxTasks})`);
  }
  if (!Token.isUnresolved(props.certificateArn) && !/^arn:aws[a-z-]*:acm:/.test(props.certificateArn)) {
    throw new Error(
      `MllpService: certificateArn is not an ACM certificate ARN (got '${props.certificateArn}')`,
    );
  }
}

export class MllpService extends Construct {
  readonly vpc: Vpc;
  readonly loadBalancer: NetworkLoadBalancer;
  readonly service: FargateService;
  /** The DNS name senders connect to (TLS, on `port`). */
  readonly endpoint: CfnOutput;
  /** The listener's tasks as the load balancer sees them (healthy host count alarms on it). */
  readonly targetGroup: NetworkTargetGroup;

  constructor(scope: Construct, id: string, props: MllpServiceProps) {
    super(scope, id);
    const port = props.port ?? DEFAULT_MLLP_PORT;
    const minTasks = props.minTasks ?? 2;
    const maxTasks = props.maxTasks ?? 6;
    const internetFacing = props.internetFacing ?? false;
    validate(props, port, minTasks, maxTasks);
    const { state } = props;
    const table = state.tables.get(MESSAGES_TABLE);
    const queue = state.queues.get(INGEST_QUEUE)?.queue;
    if (table === undefined || queue === undefined)
      throw new Error('MllpService: no messages table or ingest queue');
    const region = Stack.of(this).region;

    // Network: tasks in isolated subnets, reaching AWS only through VPC endpoints (no NAT).
    const subnets: SubnetConfiguration[] = [
      { name: 'Tasks', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ];
    if (internetFacing) subnets.push({ name: 'Public', subnetType: SubnetType.PUBLIC, cidrMask: 24 });
    this.vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr(props.vpcCidr ?? '10.80.0.0/16'),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: subnets,
      // Nothing uses the default security group; close it.
      restrictDefaultSecurityGroup: true,
    });
    const isolated = { subnetType: SubnetType.PRIVATE_ISOLATED };
    this.vpc.addGatewayEndpoint('DynamoDb', {
      service: GatewayVpcEndpointAwsService.DYNAMODB,
      subnets: [isolated],
    });
    // ECR keeps image layers in S3.
    this.vpc.addGatewayEndpoint('S3', { service: GatewayVpcEndpointAwsService.S3, subnets: [isolated] });
    const flowLogs = new LogGroup(this, 'FlowLogs', {
      retention: RetentionDays.ONE_YEAR,
      encryptionKey: state.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const flowLog = this.vpc.addFlowLog('FlowLog', {
      destination: FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: FlowLogTrafficType.ALL,
    });
    Validations.of(flowLog).acknowledge({
      id: 'HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy',
      reason:
        'The VPC Flow Logs delivery role’s own policy, generated by CDK: write to this one log group, nothing else; owned by this flow log, nothing to share.',
    });

    // Security groups: the load balancer admits the allowed networks; the tasks admit the load
    // balancer and, since client IPs are preserved, the same networks; tasks call out on 443 only.
    const lbSecurityGroup = new SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: this.vpc,
      description: `ADT Hub ${props.deployment}: MLLP over TLS from the allowed networks`,
      allowAllOutbound: false,
    });
    const taskSecurityGroup = new SecurityGroup(this, 'TaskSecurityGroup', {
      vpc: this.vpc,
      description: `ADT Hub ${props.deployment}: MLLP listener tasks`,
      allowAllOutbound: false,
    });
    for (const cidr of props.allowedCidrs) {
      lbSecurityGroup.addIngressRule(Peer.ipv4(cidr), Port.tcp(port), `MLLP over TLS from ${cidr}`);
      taskSecurityGroup.addIngressRule(
        Peer.ipv4(cidr),
        Port.tcp(port),
        `MLLP from ${cidr} (client IP preserved)`,
      );
    }
    taskSecurityGroup.connections.allowFrom(
      lbSecurityGroup,
      Port.tcp(port),
      'MLLP and health checks from the NLB',
    );
    taskSecurityGroup.addEgressRule(
      Peer.anyIpv4(),
      Port.tcp(443),
      'AWS APIs through the VPC endpoints (no internet route)',
    );
    // The interface endpoints answer the tasks only (ECS pulls the image and ships the logs from
    // the task's own network interface).
    const endpointSecurityGroup = new SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: `ADT Hub ${props.deployment}: VPC endpoints, for the MLLP tasks`,
      allowAllOutbound: false,
    });
    endpointSecurityGroup.addIngressRule(taskSecurityGroup, Port.tcp(443), 'HTTPS from the MLLP tasks');
    for (const [name, service] of [
      ['Sqs', InterfaceVpcEndpointAwsService.SQS],
      ['EcrApi', InterfaceVpcEndpointAwsService.ECR],
      ['EcrDocker', InterfaceVpcEndpointAwsService.ECR_DOCKER],
      ['Logs', InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS],
    ] as const) {
      this.vpc.addInterfaceEndpoint(name, {
        service,
        subnets: isolated,
        privateDnsEnabled: true,
        securityGroups: [endpointSecurityGroup],
        open: false,
      });
    }

    // The container and what it may do.
    const logs = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      encryptionKey: state.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The container's log lines are not read for embedded metrics (the awslogs driver does not
    // mark them as EMF), so a filter counts its messages by ACK code, as the Lambda handler's
    // 'Messages' metric does: the dashboard's "Messages by ACK" then counts MLLP too.
    logs.addMetricFilter('MessagesByAck', {
      filterPattern: FilterPattern.stringValue('$.message', '=', 'hl7 message'),
      metricNamespace: METRICS_NAMESPACE,
      metricName: 'Messages',
      metricValue: '1',
      dimensions: { service: '$.service', ackCode: '$.ackCode' },
    });
    const taskRole = new Role(this, 'TaskRole', {
      description: `ADT Hub ${props.deployment}: MLLP listener (ingest only)`,
      assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      }),
    });
    // Written out, as HubFunction.bindTable: named resources, only the actions ingest makes
    // (claim and quarantine are PutItem, taking back an unqueued claim is DeleteItem).
    taskRole.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [table.tableArn],
      }),
    );
    taskRole.addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
    taskRole.addToPolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: [state.key.keyArn],
        conditions: {
          StringEquals: {
            'kms:ViaService': [`dynamodb.${region}.amazonaws.com`, `sqs.${region}.amazonaws.com`],
          },
        },
      }),
    );
    Validations.of(taskRole).acknowledge({
      id: 'HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy',
      reason:
        'The inline policy names the messages table, the ingest queue and the data key, with only the actions ingest makes: least privilege, owned by this task role, nothing to share.',
    });
    const taskDefinition = new FargateTaskDefinition(this, 'Task', {
      family: `adt-hub-${props.deployment}-mllp`,
      cpu: 512,
      memoryLimitMiB: 1024,
      runtimePlatform: {
        cpuArchitecture: CpuArchitecture.ARM64,
        operatingSystemFamily: OperatingSystemFamily.LINUX,
      },
      taskRole,
    });
    taskDefinition.addContainer(CONTAINER, {
      // Staged at synth (no Docker needed); built and pushed by `cdk deploy`.
      image: ContainerImage.fromAsset(REPO_ROOT, {
        file: 'docker/mllp/Dockerfile',
        platform: Platform.LINUX_ARM64,
        ignoreMode: IgnoreMode.DOCKER,
        // .dockerignore lets through only what the build needs; these never, whatever it says.
        exclude: ['**/node_modules', 'cdk.out', '.cdk', '.adt-hub', '.git', 'test', 'bench', 'docs'],
      }),
      essential: true,
      readonlyRootFilesystem: true,
      portMappings: [{ containerPort: port, protocol: EcsProtocol.TCP }],
      // ECS stops a task with SIGTERM, then SIGKILL after this: room for the ACKs in flight.
      stopTimeout: Duration.seconds(60),
      environment: {
        AWS_REGION: region,
        POWERTOOLS_SERVICE_NAME: 'adt-hub',
        [MESSAGES_TABLE.envVar]: table.tableName,
        [INGEST_QUEUE.envVar]: queue.queueUrl,
        [MLLP_ENV.port]: String(port),
        [MLLP_ENV.idleTimeoutSeconds]: String(IDLE_TIMEOUT_SECONDS),
        [MLLP_ENV.senders]: JSON.stringify(props.senders),
        [MESSAGE_RETENTION_DAYS_ENV]: String(props.messageRetentionDays ?? MESSAGE_RETENTION_DAYS),
        // The load balancer's health checks come from its addresses inside the VPC.
        [MLLP_ENV.probeNetworks]: this.vpc.vpcCidrBlock,
      },
      logging: LogDrivers.awsLogs({
        streamPrefix: 'mllp',
        logGroup: logs,
        // A slow log service must never hold up an ACK.
        mode: AwsLogDriverMode.NON_BLOCKING,
        maxBufferSize: Size.mebibytes(4),
      }),
    });

    Validations.of(taskDefinition).acknowledge({
      id: 'AwsSolutions::AwsSolutions-ECS2',
      reason:
        'The environment is configuration, not secrets: table name, queue URL, port, idle timeout and the sender list (ids, MSH-4 facility codes, CIDRs). The listener holds no secret; its AWS credentials come from the task role.',
    });
    Validations.of(taskDefinition).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'The task execution role’s ecr:GetAuthorizationToken, which has no resource-level permissions; the image pull itself names the CDK asset repository and log writes name the log group.',
    });
    Validations.of(taskDefinition).acknowledge({
      id: 'HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy',
      reason:
        'The task execution role’s policy, generated by CDK for this task definition only: pull its image and write its log group.',
    });

    const cluster = new Cluster(this, 'Cluster', {
      vpc: this.vpc,
      containerInsightsV2: ContainerInsights.ENABLED,
    });
    this.service = new FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: minTasks,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      vpcSubnets: isolated,
      assignPublicIp: false,
      securityGroups: [taskSecurityGroup],
      platformVersion: FargatePlatformVersion.LATEST,
      healthCheckGracePeriod: Duration.seconds(60),
      enableExecuteCommand: false,
    });
    this.service
      .autoScaleTaskCount({ minCapacity: minTasks, maxCapacity: maxTasks })
      .scaleOnCpuUtilization('Cpu', {
        targetUtilizationPercent: 60,
        // Scaling in closes connections (engines reconnect): do it slowly.
        scaleInCooldown: Duration.minutes(5),
        scaleOutCooldown: Duration.minutes(1),
      });

    // The load balancer: TLS ends here; the client's IP goes through to the task.
    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const acknowledgeOnBucket = (id: string, reason: string) =>
      Validations.of(accessLogs).acknowledge({ id, reason });
    const isLogBucket =
      'This bucket is itself the log store, written only by the ELB log delivery service: logging its access to another bucket would only move the question. Reads of it show in CloudTrail.';
    acknowledgeOnBucket('AwsSolutions::AwsSolutions-S1', isLogBucket);
    acknowledgeOnBucket('HIPAA.Security::HIPAA.Security-S3BucketLoggingEnabled', isLogBucket);
    acknowledgeOnBucket(
      'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled',
      'Connection logs (time, client IP, TLS version and cipher, bytes): no patient data and nothing the hub needs to recover from; versioned, kept one year in the region. Replication would double their cost for no recovery need.',
    );
    acknowledgeOnBucket(
      'HIPAA.Security::HIPAA.Security-S3DefaultEncryptionKMS',
      'Encrypted at rest with SSE-S3 (AES-256), which ELB log delivery writes to without a key policy change on the hub’s data key; the logs hold connection metadata only, never message content. SSL-only, public access blocked.',
    );
    this.loadBalancer = new NetworkLoadBalancer(this, 'LoadBalancer', {
      vpc: this.vpc,
      internetFacing,
      vpcSubnets: internetFacing ? { subnetType: SubnetType.PUBLIC } : isolated,
      securityGroups: [lbSecurityGroup],
      crossZoneEnabled: true,
      deletionProtection: true,
    });
    this.loadBalancer.logAccessLogs(accessLogs, 'mllp');
    this.targetGroup = new NetworkTargetGroup(this, 'Targets', {
      vpc: this.vpc,
      port,
      protocol: Protocol.TCP,
      targetType: TargetType.IP,
      // The listener identifies senders by source address.
      preserveClientIp: true,
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        protocol: Protocol.TCP,
        port: 'traffic-port',
        interval: Duration.seconds(30),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 2,
      },
      targets: [this.service.loadBalancerTarget({ containerName: CONTAINER, containerPort: port })],
    });
    this.loadBalancer.addListener('Tls', {
      port,
      protocol: Protocol.TLS,
      certificates: [ListenerCertificate.fromArn(props.certificateArn)],
      sslPolicy: SslPolicy.RECOMMENDED_TLS,
      defaultTargetGroups: [this.targetGroup],
    });
    this.endpoint = new CfnOutput(this, 'Endpoint', {
      description: `ADT Hub ${props.deployment}: MLLP over TLS, port ${port}`,
      value: this.loadBalancer.loadBalancerDnsName,
    });
  }
}
