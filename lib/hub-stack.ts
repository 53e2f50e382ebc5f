// The hub's functions: HTTP ingest behind an API Gateway HTTP API, the process step on the ingest
// FIFO queue, and the webhook deliverer on the webhook queue; all from the same handlers the local
// hub runs, each with only the grants it needs, configured by the deployment's HubConfig. And the
// operator console: its pages behind CloudFront, its API behind sign-in.
import {
  Annotations,
  CfnOutput,
  Duration,
  Lazy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import {
  ALERTS_TABLE,
  CONSOLE_GROUPS_CLAIM_ENV,
  CONSOLE_USERNAME_CLAIM_ENV,
  DEPLOYMENT_ENV,
  INGEST_DLQ_ENV,
  INGEST_QUEUE,
  MESSAGE_RETENTION_DAYS_ENV,
  MESSAGES_TABLE,
  REGISTRY_RETENTION_DAYS_ENV,
  REGISTRY_TABLE,
  SENDERS_TABLE,
  subscriberDeadLetterQueueName,
  subscriberQueueName,
  type TableDefinition,
  WEBHOOK_DLQ_ENV,
  WEBHOOK_QUEUE,
} from '../functions/platform/resources.ts';
import { type HubConfig, mllpSenders } from './config/index.ts';
import { logAndThrottleApi } from './constructs/api-access-logs.ts';
import { ConsoleApi } from './constructs/console-api.ts';
import { ConsoleHosting } from './constructs/console-hosting.ts';
import { ConsoleIdentity } from './constructs/console-identity.ts';
import { HubFunction } from './constructs/hub-function.ts';
import { HubMonitoring } from './constructs/hub-monitoring.ts';
import { MllpService } from './constructs/mllp-service.ts';
import type { StatefulStack } from './stateful-stack.ts';

/** The most an SQS event source's maximum concurrency may be. */
const MAX_EVENT_SOURCE_CONCURRENCY = 1000;

export interface HubStackProps extends StackProps {
  config: HubConfig;
  state: StatefulStack;
}

export class HubStack extends Stack {
  readonly api: HttpApi;
  readonly functions: HubFunction[];
  /** The MLLP listener, when the configuration has an `mllp` section. */
  readonly mllp?: MllpService;
  /** The operator console: its API and functions, its pages, and who may sign in. */
  readonly console: { api: ConsoleApi; hosting: ConsoleHosting; identity: ConsoleIdentity };

  /**
   * The zones the MLLP VPC may use, named rather than looked up: with an account in the
   * configuration CDK would otherwise ask that account at synth time, and synth must work offline
   * without credentials. Every region the hub is meant for has zones a and b.
   */
  override get availabilityZones(): string[] {
    return Token.isUnresolved(this.region) ? super.availabilityZones : [`${this.region}a`, `${this.region}b`];
  }

  constructor(scope: Construct, id: string, props: HubStackProps) {
    super(scope, id, props);
    const { state, config } = props;
    const { deployment } = config;
    const table = (definition: TableDefinition) => {
      const found = state.tables.get(definition);
      if (found === undefined) throw new Error(`No table ${definition.name}`);
      return found;
    };
    const ingestQueue = state.queues.get(INGEST_QUEUE);
    const webhookQueue = state.queues.get(WEBHOOK_QUEUE);
    if (ingestQueue === undefined || webhookQueue === undefined) throw new Error('Queues missing');
    // Each function is given only what it reads (npm run verify:deployed checks it): the deployment
    // name is the process step's alone (the alerts' source); message retention is for the
    // functions that store messages (ingest; process marks them processed).
    const storing = { [MESSAGE_RETENTION_DAYS_ENV]: String(config.retention.messageDays) };
    const logKey = state.key;
    const logRetention = config.retention.logDays as RetentionDays;
    // Ceilings from the configuration (functions.*), so one function cannot starve the account or
    // DynamoDB; the queues' mappings keep within them.
    const sizing = config.functions;

    const ingest = new HubFunction(this, 'Ingest', {
      handler: 'ingest-http',
      description: 'POST /v1/hl7: store, queue, acknowledge',
      environment: storing,
      timeout: Duration.seconds(10),
      memorySize: sizing.ingest.memoryMiB,
      logKey,
      logRetention,
      reservedConcurrency: sizing.ingest.reservedConcurrency,
    })
      // Claim and quarantine a message; take back a claim that could not be queued.
      .bindTable(MESSAGES_TABLE, table(MESSAGES_TABLE), ['PutItem', 'DeleteItem'])
      // The sender by its key's hash.
      .bindTable(SENDERS_TABLE, table(SENDERS_TABLE), ['GetItem'])
      .bindQueueDefinition(INGEST_QUEUE, ingestQueue.queue);

    const process = new HubFunction(this, 'Process', {
      handler: 'process-queue',
      description: 'Match, route and dispatch each accepted message',
      environment: {
        ...storing,
        [DEPLOYMENT_ENV]: deployment,
        [REGISTRY_RETENTION_DAYS_ENV]: String(config.retention.registryDays),
      },
      // It makes the first webhook attempt itself; the ingest queue's 60 s visibility timeout
      // must outlast it, as Lambda requires.
      timeout: Duration.seconds(50),
      memorySize: sizing.process.memoryMiB,
      logKey,
      logRetention,
      reservedConcurrency: sizing.process.reservedConcurrency,
    })
      // Mark each message processed, with its decision.
      .bindTable(MESSAGES_TABLE, table(MESSAGES_TABLE), ['UpdateItem'])
      // Rosters, subscribers and review items (queries of one partition); a person's state with
      // their ingest hold, and learned numbers (batch gets); a remembered rejection (a get); and
      // writing them all.
      .bindTable(REGISTRY_TABLE, table(REGISTRY_TABLE), ['Query', 'GetItem', 'BatchGetItem', 'PutItem'])
      // An alert made once (a conditional put), read back when it already exists.
      .bindTable(ALERTS_TABLE, table(ALERTS_TABLE), ['GetItem', 'PutItem'])
      .bindQueueDefinition(WEBHOOK_QUEUE, webhookQueue.queue)
      .bindQueue(WEBHOOK_DLQ_ENV, webhookQueue.deadLetter)
      // A message that fails waits its backoff (handlers/process-queue.ts), not the next minute;
      // one given up on is parked in the dead-letter queue, its patient's later ones behind it.
      .pacesRetriesOn(INGEST_QUEUE, ingestQueue.queue)
      .bindQueue(INGEST_DLQ_ENV, ingestQueue.deadLetter);
    // SQS subscribers' own queues (stateful stack), by ARN built from their names: a cross-stack
    // export per queue would block removing a subscriber from the configuration.
    const subscriberQueueArns = config.subscribers
      .filter((subscriber) => subscriber.delivery.kind === 'sqs')
      .map((subscriber) =>
        this.formatArn({ service: 'sqs', resource: subscriberQueueName(deployment, subscriber.id) }),
      );
    if (subscriberQueueArns.length > 0) {
      process.fn.addToRolePolicy(
        new PolicyStatement({ actions: ['sqs:SendMessage'], resources: subscriberQueueArns }),
      );
    }
    // Batches of up to 10 (the FIFO maximum; a batching window is not supported on FIFO queues).
    // The mapping's concurrency stays within the function's reserved concurrency: a throttled
    // batch would go back to the queue and count a receive towards the DLQ.
    process.fn.addEventSource(
      new SqsEventSource(ingestQueue.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: Math.min(sizing.process.reservedConcurrency, MAX_EVENT_SOURCE_CONCURRENCY),
      }),
    );

    const deliver = new HubFunction(this, 'DeliverWebhook', {
      handler: 'deliver-webhook',
      description: 'POST signed alerts to webhook subscribers, with retries',
      environment: {},
      timeout: Duration.seconds(40),
      memorySize: sizing.deliverWebhook.memoryMiB,
      logKey,
      logRetention,
      reservedConcurrency: sizing.deliverWebhook.reservedConcurrency,
    })
      // The subscribers (one partition).
      .bindTable(REGISTRY_TABLE, table(REGISTRY_TABLE), ['Query'])
      // The alert, and each attempt recorded on it.
      .bindTable(ALERTS_TABLE, table(ALERTS_TABLE), ['GetItem', 'UpdateItem'])
      .bindQueue(WEBHOOK_DLQ_ENV, webhookQueue.deadLetter)
      .pacesRetriesOn(WEBHOOK_QUEUE, webhookQueue.queue);
    // An SQS subscriber's alert that its own queue refused comes back here to be sent again.
    if (subscriberQueueArns.length > 0) {
      deliver.fn.addToRolePolicy(
        new PolicyStatement({ actions: ['sqs:SendMessage'], resources: subscriberQueueArns }),
      );
    }
    deliver.fn.addEventSource(
      new SqsEventSource(webhookQueue.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: Math.min(sizing.deliverWebhook.reservedConcurrency, MAX_EVENT_SOURCE_CONCURRENCY),
      }),
    );

    this.api = new HttpApi(this, 'Api', { description: `ADT Hub ${deployment}: HL7 v2 over HTTP` });
    this.api.addRoutes({
      path: '/v1/hl7',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('Ingest', ingest.fn),
    });
    // Access logs carry request ids, status and sender IP: never the body.
    logAndThrottleApi(this, 'ApiAccessLogs', this.api, { key: logKey, throttle: { burst: 200, rate: 100 } });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG4',
      reason:
        'Every request is authenticated in the ingest function against SHA-256 hashed sender keys (cached 60 s per container), before anything is read or stored; the function must also check, once the message is parsed, that MSH-4 is a facility of that key. An HTTP API Lambda authorizer cannot give the contract’s answers (ARCHITECTURE §4.3): it returns 403, not 401, for an unknown key, and 500, not 503 with an AR ACK, when the key store is down.',
    });
    for (const consumer of [process, deliver]) {
      Validations.of(consumer).acknowledge({
        id: 'Serverless::Serverless-LambdaEventSourceMappingDestination',
        reason:
          'The source is an SQS queue: a failed record stays on it and its redrive policy moves it to the queue’s DLQ, which alarms; an on-failure destination would duplicate that.',
      });
    }
    this.functions = [ingest, process, deliver];
    new CfnOutput(this, 'ApiUrl', {
      description: `ADT Hub ${deployment}: POST HL7 v2 messages to this URL + /v1/hl7`,
      value: this.api.apiEndpoint,
    });
    this.console = this.addConsole(config, state, subscriberQueueArns, logRetention);
    if (config.mllp !== undefined) {
      // Hospitals' interface engines over MLLP: the same ingest, from a Fargate service.
      this.mllp = new MllpService(this, 'Mllp', {
        deployment,
        state,
        certificateArn: config.mllp.certificateArn,
        allowedCidrs: config.mllp.allowedCidrs,
        senders: mllpSenders(config),
        internetFacing: config.mllp.internetFacing,
        minTasks: config.mllp.minTasks,
        maxTasks: config.mllp.maxTasks,
        messageRetentionDays: config.retention.messageDays,
        logRetention,
      });
    }
    new HubMonitoring(this, 'Monitoring', {
      deployment,
      key: state.key,
      api: this.api,
      functions: this.functions,
      ingestQueue: ingestQueue.queue,
      deadLetterQueues: [...state.queues.values()].map((q) => q.deadLetter),
      subscriberDeadLetterQueueNames: config.subscribers
        .filter((subscriber) => subscriber.delivery.kind === 'sqs')
        .map((subscriber) => subscriberDeadLetterQueueName(deployment, subscriber.id)),
      mllpTargets: this.mllp?.targetGroup,
      alarmEmail: config.alarmEmail,
      alarmTopicArn: config.alarmTopicArn,
    });
  }

  /**
   * The operator console: its API (two functions behind a JWT authorizer), its pages on CloudFront
   * with the API under /api, and the sign-in (the hub's own user pool, or the configured provider).
   */
  private addConsole(
    config: HubConfig,
    state: StatefulStack,
    subscriberQueueArns: string[],
    logRetention: RetentionDays,
  ): HubStack['console'] {
    const table = (definition: TableDefinition) => {
      const found = state.tables.get(definition);
      if (found === undefined) throw new Error(`No table ${definition.name}`);
      return found;
    };
    const ingestQueue = state.queues.get(INGEST_QUEUE);
    const webhookQueue = state.queues.get(WEBHOOK_QUEUE);
    if (ingestQueue === undefined || webhookQueue === undefined) throw new Error('Queues missing');
    const api = new ConsoleApi(this, 'ConsoleApi', {
      deployment: config.deployment,
      tables: {
        messages: table(MESSAGES_TABLE),
        senders: table(SENDERS_TABLE),
        registry: table(REGISTRY_TABLE),
        alerts: table(ALERTS_TABLE),
      },
      queues: {
        ingest: ingestQueue.queue,
        ingestDeadLetters: ingestQueue.deadLetter,
        webhook: webhookQueue.queue,
        webhookDeadLetters: webhookQueue.deadLetter,
      },
      subscriberQueueArns,
      key: state.key,
      logRetention,
      messageRetentionDays: config.retention.messageDays,
      registryRetentionDays: config.retention.registryDays,
      sizing: { read: config.functions.consoleRead, change: config.functions.consoleChange },
    });
    // The sign-in needs the console's address (callbacks, the invitation), and the pages need the
    // sign-in's token endpoint (their CSP): the address is filled in once the pages exist.
    let consoleUrl: string | undefined;
    const identity = new ConsoleIdentity(this, 'ConsoleSignIn', {
      deployment: config.deployment,
      identity: config.console.identity,
      consoleUrl: Lazy.string({ produce: () => consoleUrl }),
      ...(config.account !== undefined && { account: config.account }),
    });
    const hosting = new ConsoleHosting(this, 'Console', {
      deployment: config.deployment,
      api: api.api,
      signInOrigin: identity.tokenOrigin,
      ...(config.console.domainName !== undefined && { domainName: config.console.domainName }),
      ...(config.console.certificateArn !== undefined && { certificateArn: config.console.certificateArn }),
      logKey: state.key,
      logRetention,
    });
    consoleUrl = hosting.url;
    for (const fn of Object.values(api.functions)) {
      fn.fn.addEnvironment(CONSOLE_GROUPS_CLAIM_ENV, identity.claims.groupsClaim);
      fn.fn.addEnvironment(CONSOLE_USERNAME_CLAIM_ENV, identity.claims.usernameClaim);
    }
    api.addRoutes(identity.authorizer);
    hosting.deploy(identity.authConfig, state.key, logRetention);
    if (config.console.domainName === undefined) {
      Annotations.of(this).addWarning(
        'The operator console has no domain of its own (console.domainName and console.certificateArn): at its *.cloudfront.net address CloudFront cannot require TLS 1.2',
      );
    }
    return { api, hosting, identity };
  }
}
