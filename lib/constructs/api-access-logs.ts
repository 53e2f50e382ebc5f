// An HTTP API's access logs and throttling, the same for the ingest API and the console's: request
// id, caller's IP, route, status and latency, in a log group kept a year and encrypted; never a
// query string (a search may be by NHS number) or a body.
import { RemovalPolicy } from 'aws-cdk-lib';
import type { CfnStage, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export function logAndThrottleApi(
  scope: Construct,
  id: string,
  api: HttpApi,
  options: {
    key: IKey;
    /** Fields beside the common ones, e.g. the token's subject. */
    extraFields?: Record<string, string>;
    throttle: { burst: number; rate: number };
  },
): void {
  const accessLogs = new LogGroup(scope, id, {
    retention: RetentionDays.ONE_YEAR,
    encryptionKey: options.key,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const stage = api.defaultStage?.node.defaultChild as CfnStage;
  stage.accessLogSettings = {
    destinationArn: accessLogs.logGroupArn,
    format: JSON.stringify({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      time: '$context.requestTime',
      route: '$context.routeKey',
      status: '$context.status',
      ...options.extraFields,
      latencyMs: '$context.integrationLatency',
    }),
  };
  stage.defaultRouteSettings = {
    throttlingBurstLimit: options.throttle.burst,
    throttlingRateLimit: options.throttle.rate,
  };
}
