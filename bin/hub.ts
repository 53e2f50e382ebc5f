// The only CDK App: the stateful stack (tables, queues, keys) and the hub stack (functions, API),
// checked by the cdk-nag packs. `npx cdk synth -c deployment=NAME` (default `prod`).
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, ServerlessChecks } from 'cdk-nag';
import { HubStack } from '../lib/hub-stack.ts';
import { StatefulStack } from '../lib/stateful-stack.ts';

export function buildApp(app: App): { state: StatefulStack; hub: HubStack } {
  const deployment = String(app.node.tryGetContext('deployment') ?? 'prod');
  if (!/^[a-z][a-z0-9-]{1,20}$/.test(deployment)) {
    throw new Error(
      `context deployment must be 2-21 lower-case letters, digits or hyphens (got '${deployment}')`,
    );
  }
  const env = {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-2',
  };
  const state = new StatefulStack(app, `AdtHub-${deployment}-state`, { deployment, env });
  const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
  if (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) {
    throw new Error(`context alarmEmail is not an e-mail address (got '${alarmEmail}')`);
  }
  const hub = new HubStack(app, `AdtHub-${deployment}-hub`, { deployment, state, env, alarmEmail });
  for (const pack of [new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new ServerlessChecks(app)]) {
    Validations.of(app).addPlugins(pack);
  }
  return { state, hub };
}

if (process.argv[1]?.endsWith('hub.ts')) {
  const app = new App();
  buildApp(app);
  app.synth();
}
