// The only CDK App: the stateful stack (tables, queues, keys) and the hub stack (functions, API),
// built from the deployment's configuration (lib/config/) and checked by the cdk-nag packs.
//   npx cdk synth                                   config/prod.json, else defaults (no senders)
//   npx cdk synth -c deployment=NAME                config/NAME.json, else defaults
//   npx cdk synth -c config=PATH                    that file
import { Annotations, App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, ServerlessChecks } from 'cdk-nag';
import { type HubConfig, HubConfigError, loadHubConfig } from '../lib/config/index.ts';
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
  for (const pack of [new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new ServerlessChecks(app)]) {
    Validations.of(app).addPlugins(pack);
  }
  return { config, state, hub };
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
