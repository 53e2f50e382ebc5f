// The only CDK App: the stateful stack (tables, queues, keys) and the hub stack (functions, API),
// built from the deployment's configuration (lib/config/) and checked by the cdk-nag packs.
//   npx cdk synth                                   config/prod.json, else defaults (no senders)
//   npx cdk synth -c deployment=NAME                config/NAME.json, else defaults
//   npx cdk synth -c config=PATH                    that file
import { Annotations, App, type Stack, Token, Validations } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, HIPAASecurityChecks, ServerlessChecks } from 'cdk-nag';
import {
  type HubConfig,
  HubConfigError,
  loadHubConfig,
  UNRESERVED_CONCURRENCY_MINIMUM,
} from '../lib/config/index.ts';
import { HubStack } from '../lib/hub-stack.ts';
import { StatefulStack } from '../lib/stateful-stack.ts';

export function buildApp(app: App): { config: HubConfig; state: StatefulStack; hub: HubStack } {
  const config = loadHubConfig({
    config: app.node.tryGetContext('config'),
    deployment: app.node.tryGetContext('deployment'),
    alarmEmail: app.node.tryGetContext('alarmEmail'),
  });
  // The region is the configuration's (default eu-west-2), never the CLI profile's: patient data
  // stays where the file says. The account, when the file names none, is the credentials'.
  const env = { account: config.account ?? process.env.CDK_DEFAULT_ACCOUNT, region: config.region };
  const state = new StatefulStack(app, `AdtHub-${config.deployment}-state`, {
    deployment: config.deployment,
    config,
    env,
  });
  const hub = new HubStack(app, `AdtHub-${config.deployment}-hub`, { config, state, env });
  if (config.source === 'context') {
    // Without a file a deployment has no senders or subscribers: say so, in case the name was mistyped.
    Annotations.of(hub).addWarning(
      `No configuration file (config/${config.deployment}.json or -c config=PATH): deployment '${config.deployment}' gets no senders and no subscribers`,
    );
    if (config.alarmEmail === undefined) {
      Annotations.of(hub).addWarning(
        'No alarm destination (-c alarmEmail=… or a configuration file with alarmEmail or alarmTopicArn): the alarms notify nobody',
      );
    }
  }
  explainConcurrency(config, [state, hub], hub);
  for (const pack of [new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new ServerlessChecks(app)]) {
    Validations.of(app).addPlugins(pack);
  }
  return { config, state, hub };
}

/** Lambda's quota code for concurrent executions (Service Quotas). */
export const CONCURRENCY_QUOTA_CODE = 'L-B99A9384';

/**
 * Says at synth what Lambda concurrency quota the deployment needs: every reservation in the stacks
 * plus the 100 Lambda keeps unreserved. Past the quota the configuration declares (AWS's default
 * 1000; new accounts may start lower), Lambda refuses the functions at deploy time; a warning says so
 * now, and how to ask for more.
 */
export function explainConcurrency(config: HubConfig, stacks: Stack[], on: Stack): number {
  const reservations = stacks
    .flatMap((stack) => stack.node.findAll())
    .filter((construct): construct is CfnFunction => construct instanceof CfnFunction)
    .map((fn) => fn.reservedConcurrentExecutions)
    .filter((value): value is number => typeof value === 'number' && !Token.isUnresolved(value));
  const reserved = reservations.reduce((sum, value) => sum + value, 0);
  const needed = reserved + UNRESERVED_CONCURRENCY_MINIMUM;
  const quota = config.functions.accountConcurrencyQuota;
  Annotations.of(on).addInfo(
    `Reserved concurrency ${reserved} over ${reservations.length} function(s): the account needs a Lambda concurrent executions quota of at least ${needed} in ${config.region} (reserved + the ${UNRESERVED_CONCURRENCY_MINIMUM} Lambda keeps unreserved). Check it with: aws lambda get-account-settings --region ${config.region}`,
  );
  if (needed > quota) {
    Annotations.of(on).addWarning(
      `Reserved concurrency ${reserved} + ${UNRESERVED_CONCURRENCY_MINIMUM} unreserved = ${needed} is more than the account's concurrency quota of ${quota} (functions.accountConcurrencyQuota; AWS's default is 1000, and a new account may start lower): Lambda would refuse the functions when deploying. Ask for more with: aws service-quotas request-service-quota-increase --region ${config.region} --service-code lambda --quota-code ${CONCURRENCY_QUOTA_CODE} --desired-value ${needed}; or lower functions.*.reservedConcurrency`,
    );
  }
  return needed;
}

if (process.argv[1]?.endsWith('hub.ts')) {
  const app = new App();
  try {
    buildApp(app);
  } catch (error) {
    // A configuration mistake is the operator's to fix: its lines, not a stack trace.
    if (!(error instanceof HubConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  app.synth();
}
