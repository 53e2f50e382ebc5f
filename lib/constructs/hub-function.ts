// The house Lambda function: Node.js 22 on arm64, bundled locally by esbuild (ES module, minified,
// with source maps, the pinned AWS SDK inside), JSON logs into its own log group with a retention, and bind helpers that set an
// environment variable and its IAM grant together.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDefinition, TableDefinition } from '../../functions/platform/resources.ts';

/**
 * How every function of ours is bundled: local esbuild, Node 22, an ES module (index.mjs), minified,
 * with source maps. The AWS SDK is bundled in at the version package.json pins, the one the tests
 * and `npm run verify:deployed` run, not taken from the runtime: Lambda no longer documents which
 * SDK version its nodejs22.x runtime ships, and it changes under a deployed function. Bundled as
 * ESM it is smaller and starts faster than the CommonJS bundle with the SDK left out
 * (`npm run bench:bundle`; docs/deploy.md, "The AWS SDK in the bundles").
 */
export const HOUSE_BUNDLING = {
  target: 'node22',
  format: OutputFormat.ESM,
  // The packages' ES module builds, which esbuild can tree-shake.
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  // Nothing left to the runtime: the bundle needs no node_modules.
  externalModules: [],
  // A CommonJS dependency that calls require() for a Node built-in still can, inside an ES module.
  banner:
    "import{createRequire as __adtHubRequire}from'node:module';const require=__adtHubRequire(import.meta.url);",
};

/** The DynamoDB item actions a function may be granted on a table. */
export type TableAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem';

const TABLE_WRITES: ReadonlySet<TableAction> = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
]);

export interface HubFunctionProps {
  /** The entry point under functions/lambda/, without `.ts`. */
  handler: string;
  description: string;
  environment: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  logRetention?: RetentionDays;
  /** Encrypts the log group. */
  logKey: IKey;
  /** Reserved concurrency: a ceiling, so one function cannot starve the account or DynamoDB. */
  reservedConcurrency: number;
}

export class HubFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: HubFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: new URL(`../../functions/lambda/${props.handler}.ts`, import.meta.url).pathname,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      tracing: Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'adt-hub',
        ...props.environment,
      },
      bundling: HOUSE_BUNDLING,
    });
    acknowledgeHouseDefaults(this);
  }

  /**
   * The item actions a function's adapters make on one table, on the table alone (no index: none
   * of the functions queries one), and the key that encrypts it, with the table's name in the
   * environment. Each call names its actions, as the adapters use them (test/infra/grants.test.ts
   * keeps the list beside the adapter methods that need each): least privilege, named resources.
   */
  bindTable(definition: TableDefinition, table: Table, actions: readonly TableAction[]): this {
    this.fn.addEnvironment(definition.envVar, table.tableName);
    this.fn.addToRolePolicy(
      new PolicyStatement({
        actions: actions.map((action) => `dynamodb:${action}`),
        resources: [table.tableArn],
      }),
    );
    const writes = actions.some((action) => TABLE_WRITES.has(action));
    if (table.encryptionKey !== undefined) this.useKey(table.encryptionKey, writes ? 'readWrite' : 'read');
    return this;
  }

  /** Sending to a queue (and encrypting for it), its URL in the environment. */
  bindQueue(envVar: string, queue: Queue): this {
    this.fn.addEnvironment(envVar, queue.queueUrl);
    this.fn.addToRolePolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
    );
    if (queue.encryptionMasterKey !== undefined) this.useKey(queue.encryptionMasterKey, 'readWrite');
    return this;
  }

  private useKey(key: IKey, access: 'read' | 'readWrite'): void {
    const actions =
      access === 'read'
        ? ['kms:Decrypt', 'kms:DescribeKey']
        : ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'];
    this.fn.addToRolePolicy(new PolicyStatement({ actions, resources: [key.keyArn] }));
  }

  bindQueueDefinition(definition: QueueDefinition, queue: Queue): this {
    return this.bindQueue(definition.envVar, queue);
  }

  /**
   * For the consumer of a queue that paces its own retries by changing a message's visibility: the
   * queue's URL for that call (the event source's consume grant already allows the action).
   */
  pacesRetriesOn(definition: QueueDefinition, queue: Queue): this {
    this.fn.addEnvironment(definition.envVar, queue.queueUrl);
    return this;
  }
}

/** Findings every house function has, each for a reason that holds for all of them. */
function acknowledgeHouseDefaults(scope: Construct): void {
  const acknowledge = (id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });
  acknowledge(
    'AwsSolutions::AwsSolutions-L1',
    'The hub targets nodejs22.x, the runtime it is built and tested for (local Node 20/22); a move to a newer runtime is a deliberate upgrade, not an automatic one.',
  );
  acknowledge(
    'Serverless::Serverless-LambdaLatestVersion',
    'As AwsSolutions-L1: nodejs22.x is the tested runtime.',
  );
  acknowledge(
    'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch logs; no data access comes from a managed policy.',
  );
  acknowledge(
    'HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy',
    'The inline policy is the one CDK generates from grants on named tables, queues and the key: least privilege, owned by this function, nothing to share.',
  );
  acknowledge(
    'HIPAA.Security::HIPAA.Security-LambdaDLQ',
    'Never invoked asynchronously: HTTP ingest answers its caller (who retries), and the queue consumers leave failures on their SQS queue, whose redrive policy moves them to a DLQ.',
  );
  acknowledge(
    'Serverless::Serverless-LambdaDLQ',
    'As HIPAA LambdaDLQ: no asynchronous invocation; SQS redrive policies hold failures.',
  );
  acknowledge(
    'HIPAA.Security::HIPAA.Security-LambdaInsideVPC',
    'The functions reach only AWS APIs over TLS (DynamoDB, SQS, KMS, all with IAM auth) and, for webhooks, the public HTTPS endpoints subscribers register, checked against private and metadata addresses; a VPC would add NAT cost and cold-start latency without protecting data further.',
  );
  acknowledge(
    'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    'Only the X-Ray actions (PutTraceSegments, PutTelemetryRecords) that active tracing adds, which do not support resource-level permissions. Every data action names its table, index, queue or key.',
  );
}
