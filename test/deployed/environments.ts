// The whole environment a deployed function or container gets: what its template gives it, what
// the platform adds (Lambda's runtime variables, ECS's credentials), and, spelled out here, the
// only differences the local run makes. Nothing else reaches the process: not the test runner's
// environment, not a NODE_PATH.
import type { Emulators } from '../../local/clients.ts';
import type { Resource } from './template.ts';

/** Credentials the platform would give (Lambda: the role's, in the environment). The emulators take any. */
const CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'verify',
  AWS_SECRET_ACCESS_KEY: 'verify',
  AWS_SESSION_TOKEN: 'verify',
};

/** A variable no code reads: if it is read, the code enumerated its environment. */
export const SENTINEL = 'VERIFY_DEPLOYED_SENTINEL';

/**
 * The local run's only differences from the deployed environment, each for a reason:
 * the SDK's endpoints are the emulators (the SDK's own AWS_ENDPOINT_URL_<SERVICE> variables,
 * docs/local-hub.md), and the test's webhook receiver is on loopback, which the hub refuses on AWS.
 */
export function lambdaDifferences(emulators: Emulators): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: emulators.sqsEndpoint,
    ADT_HUB_ALLOW_LOOPBACK_WEBHOOKS: 'true',
  };
}

/** The MLLP container's differences: the emulators, and any free port (2575 may be taken here). */
export function containerDifferences(emulators: Emulators): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: emulators.sqsEndpoint,
    MLLP_PORT: '0',
  };
}

/** Variables read by the runtime itself, not by the bundle: never "unread". */
export const RUNTIME_OWNED = ['NODE_OPTIONS'];

/** What Lambda sets in every nodejs22.x execution environment, from the function's properties. */
export function lambdaRuntimeVariables(
  logicalId: string,
  fn: Resource,
  taskRoot: string,
  region: string,
): Record<string, string> {
  const properties = fn.Properties ?? {};
  const name = `verify-${logicalId}`;
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${String(properties.Runtime)}`,
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(properties.MemorySize ?? 128),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
    AWS_LAMBDA_LOG_FORMAT: String(
      (properties.LoggingConfig as { LogFormat?: string } | undefined)?.LogFormat ?? 'Text',
    ),
    LAMBDA_TASK_ROOT: taskRoot,
    _HANDLER: String(properties.Handler),
    ...CREDENTIALS,
  };
}

/** What ECS gives a task besides its definition's environment: credentials (from the task role). */
export function containerRuntimeVariables(): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', ...CREDENTIALS };
}

/**
 * The template's environment with the platform's and the local differences added. A template
 * variable that one of those would override is refused: the run would no longer be the deployed shape.
 */
export function combine(
  label: string,
  template: Record<string, string>,
  runtime: Record<string, string>,
  differences: Record<string, string>,
): Record<string, string> {
  const clash = Object.keys(template).filter((name) => name in runtime || name in differences);
  const allowed = clash.filter((name) => name === 'AWS_REGION' && template[name] === runtime[name]);
  const refused = clash.filter(
    (name) => !allowed.includes(name) && !(name in differences && name === 'MLLP_PORT'),
  );
  if (refused.length > 0)
    throw new Error(`${label}: the template sets ${refused.join(', ')}, which the local run would override`);
  return { ...runtime, ...template, ...differences, [SENTINEL]: '1' };
}
