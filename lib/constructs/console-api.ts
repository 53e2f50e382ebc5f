// The console's JSON API on AWS: an HTTP API of its own (the ingest API keeps its contract), one
// route per console route, every one behind the JWT authorizer, served by two functions from the
// same code: `read` (every GET, the audited reveal, the roster preview) and `change` (review
// decisions, redrive, subscribers, roster imports), each granted exactly lib/console-access.ts.
import { Duration } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ROUTES, type RouteAccess } from '../../functions/console-api/routes.ts';
import {
  ALERTS_TABLE,
  CONSOLE_ACCESS_ENV,
  DEPLOYMENT_ENV,
  INGEST_DLQ_ENV,
  INGEST_QUEUE,
  MESSAGE_RETENTION_DAYS_ENV,
  MESSAGES_TABLE,
  REGISTRY_RETENTION_DAYS_ENV,
  REGISTRY_TABLE,
  SENDERS_TABLE,
  WEBHOOK_DLQ_ENV,
  WEBHOOK_QUEUE,
} from '../../functions/platform/resources.ts';
import type { FunctionSizing } from '../config/types.ts';
import {
  AUDIT_APPEND,
  AUDIT_NEVER,
  AUDIT_PARTITION,
  CONSOLE_GRANTS,
  CONSOLE_KEY_ACTIONS,
  type ConsoleResource,
} from '../console-access.ts';
import { logAndThrottleApi } from './api-access-logs.ts';
import { HubFunction } from './hub-function.ts';

export interface ConsoleApiProps {
  deployment: string;
  tables: { messages: Table; senders: Table; registry: Table; alerts: Table };
  queues: { ingest: Queue; ingestDeadLetters: Queue; webhook: Queue; webhookDeadLetters: Queue };
  /** ARNs of the SQS subscribers' own queues: a redrive or a review decision may send to them. */
  subscriberQueueArns: string[];
  /** Encrypts the tables, the queues and the log groups. */
  key: IKey;
  logRetention: RetentionDays;
  messageRetentionDays: number;
  registryRetentionDays: number;
  /** Each function's reserved concurrency and memory (functions.consoleRead, functions.consoleChange). */
  sizing: Record<RouteAccess, FunctionSizing>;
}

/** `/messages/:key/reveal` → `/api/messages/{key}/reveal`: the HTTP API's own path syntax. */
export function apiRoutePath(pattern: string): string {
  return `/api${pattern.replace(/:([A-Za-z]+)/g, '{$1}')}`;
}

export class ConsoleApi extends Construct {
  readonly api: HttpApi;
  readonly functions: Record<RouteAccess, HubFunction>;

  constructor(scope: Construct, id: string, props: ConsoleApiProps) {
    super(scope, id);
    const { tables, queues } = props;
    const resources: Record<ConsoleResource, string[]> = {
      messages: [tables.messages.tableArn],
      senders: [tables.senders.tableArn],
      registry: [tables.registry.tableArn],
      alerts: [tables.alerts.tableArn],
      ingestQueue: [queues.ingest.queueArn],
      ingestDeadLetters: [queues.ingestDeadLetters.queueArn],
      webhookQueue: [queues.webhook.queueArn],
      webhookDeadLetters: [queues.webhookDeadLetters.queueArn],
      subscriberQueues: props.subscriberQueueArns,
    };
    const environment = {
      [DEPLOYMENT_ENV]: props.deployment,
      [MESSAGES_TABLE.envVar]: tables.messages.tableName,
      [SENDERS_TABLE.envVar]: tables.senders.tableName,
      [REGISTRY_TABLE.envVar]: tables.registry.tableName,
      [ALERTS_TABLE.envVar]: tables.alerts.tableName,
      [INGEST_QUEUE.envVar]: queues.ingest.queueUrl,
      [INGEST_DLQ_ENV]: queues.ingestDeadLetters.queueUrl,
      [WEBHOOK_QUEUE.envVar]: queues.webhook.queueUrl,
      [WEBHOOK_DLQ_ENV]: queues.webhookDeadLetters.queueUrl,
      // A review decision stores what the process step would: with the same retention.
      [MESSAGE_RETENTION_DAYS_ENV]: String(props.messageRetentionDays),
      [REGISTRY_RETENTION_DAYS_ENV]: String(props.registryRetentionDays),
    };

    const make = (access: RouteAccess, name: string, description: string) => {
      const fn = new HubFunction(this, name, {
        handler: 'console-api',
        description,
        environment: { ...environment, [CONSOLE_ACCESS_ENV]: access },
        // Under API Gateway's 30 s; a roster import of tens of thousands of rows takes a few seconds.
        timeout: Duration.seconds(29),
        memorySize: props.sizing[access].memoryMiB,
        logKey: props.key,
        logRetention: props.logRetention,
        reservedConcurrency: props.sizing[access].reservedConcurrency,
      });
      for (const [resource, actions] of Object.entries(CONSOLE_GRANTS[access])) {
        const arns = resources[resource as ConsoleResource];
        if (arns.length === 0) continue;
        fn.fn.addToRolePolicy(new PolicyStatement({ actions: [...actions], resources: arns }));
      }
      fn.fn.addToRolePolicy(
        new PolicyStatement({ actions: [...CONSOLE_KEY_ACTIONS], resources: [props.key.keyArn] }),
      );
      // The audit trail is append-only for both: no entry can be changed or deleted.
      fn.fn.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.DENY,
          actions: [...AUDIT_NEVER],
          resources: [tables.registry.tableArn],
          conditions: { 'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': [AUDIT_PARTITION] } },
        }),
      );
      return fn;
    };
    const read = make('read', 'Read', 'Console API: pages, reveals (audited) and roster previews');
    // Reading writes one thing: audit entries (a reveal, a sign-in), in the audit partition only.
    read.fn.addToRolePolicy(
      new PolicyStatement({
        actions: [...AUDIT_APPEND],
        resources: [tables.registry.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [AUDIT_PARTITION] } },
      }),
    );
    const change = make(
      'change',
      'Change',
      'Console API: review decisions, redrive, subscribers and roster imports (audited)',
    );
    this.functions = { read, change };

    this.api = new HttpApi(this, 'Api', {
      description: `ADT Hub ${props.deployment}: the operator console's API (behind sign-in)`,
    });
    // Access logs: request id, caller's IP, route, status and the token's subject; never a query
    // string (a search may be by NHS number) or a body.
    logAndThrottleApi(this, 'AccessLogs', this.api, {
      key: props.key,
      extraFields: {
        subject: '$context.authorizer.claims.sub',
        authorizerError: '$context.authorizer.error',
      },
      throttle: { burst: 50, rate: 25 },
    });
  }

  /** One route per console route, each behind the authorizer, to the function its access names. */
  addRoutes(authorizer: IHttpRouteAuthorizer): void {
    const integrations: Record<RouteAccess, HttpLambdaIntegration> = {
      read: new HttpLambdaIntegration('Read', this.functions.read.fn),
      change: new HttpLambdaIntegration('Change', this.functions.change.fn),
    };
    for (const route of ROUTES) {
      this.api.addRoutes({
        path: apiRoutePath(route.pattern),
        methods: [route.method === 'GET' ? HttpMethod.GET : HttpMethod.POST],
        integration: integrations[route.access],
        authorizer,
      });
    }
  }
}
