// The CDK app's configuration: one JSON file per deployment (config/<deployment>.json, or any file
// given with `-c config=PATH`), checked whole at synth time, so a typo fails `cdk synth` naming the
// file and the field instead of failing a deployment, or being ignored. Plain TypeScript: no
// aws-cdk-lib here, so the rules are unit-tested without synthesising anything.
export { type ConfigProblem, HubConfigError } from './checker.ts';
export { type ConfigContext, type ConfigFiles, loadHubConfig } from './load.ts';
export { cidrInside } from './rules.ts';
export { mllpSenders } from './sections.ts';
export * from './types.ts';
export { validateHubConfig } from './validate.ts';
