// Where the configuration comes from: a file named on the command line, the deployment's own file
// in config/, or defaults.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ConfigProblem, HubConfigError } from './checker.ts';
import { DEPLOYMENT } from './rules.ts';
import { DEFAULT_DEPLOYMENT, type HubConfig } from './types.ts';
import { validateHubConfig } from './validate.ts';

/** The CDK context values the app reads (`-c config=PATH`, `-c deployment=NAME`, `-c alarmEmail=…`). */
export interface ConfigContext {
  config?: unknown;
  deployment?: unknown;
  alarmEmail?: unknown;
}

export interface ConfigFiles {
  exists(path: string): boolean;
  read(path: string): string;
}

const nodeFiles: ConfigFiles = {
  exists: (path) => existsSync(path),
  read: (path) => readFileSync(path, 'utf8'),
};

/** The repository root: `config/<deployment>.json` is looked for here, wherever cdk runs from. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The deployment's configuration:
 * 1. `-c config=PATH` (relative to the working directory) when given: that file, which must exist;
 * 2. otherwise `config/<deployment>.json` in the repository when it exists (deployment from
 *    `-c deployment=NAME`, default `prod`);
 * 3. otherwise defaults: the context's deployment and alarmEmail, no senders, no subscribers.
 * With a file, the file is the whole configuration: `-c deployment` and `-c alarmEmail` may repeat
 * its values but not differ from them (a deployment must not pick up another's senders).
 */
export function loadHubConfig(
  context: ConfigContext,
  files: ConfigFiles = nodeFiles,
  root: string = REPO_ROOT,
): HubConfig {
  let path: string;
  let source: string;
  if (context.config !== undefined) {
    if (typeof context.config !== 'string' || context.config === '') {
      throw new HubConfigError('context', [{ path: 'config', message: 'must be the path of a JSON file' }]);
    }
    path = context.config;
    source = context.config;
    if (!files.exists(path)) {
      throw new HubConfigError(source, [{ path: '', message: 'no such file (from -c config=…)' }]);
    }
  } else {
    const deployment = context.deployment ?? DEFAULT_DEPLOYMENT;
    // Checked before it names a file.
    if (typeof deployment !== 'string' || !DEPLOYMENT.test(deployment)) {
      validateHubConfig({ deployment, alarmEmail: context.alarmEmail }, 'context', {
        alarmDestination: 'optional',
      });
      throw new Error('unreachable: a bad deployment name passed validation');
    }
    source = `config/${deployment}.json`;
    path = join(root, source);
    if (!files.exists(path)) {
      return validateHubConfig(
        { deployment, ...(context.alarmEmail !== undefined && { alarmEmail: context.alarmEmail }) },
        'context',
        { alarmDestination: 'optional' },
      );
    }
  }

  let raw: unknown;
  try {
    raw = JSON.parse(files.read(path));
  } catch (error) {
    throw new HubConfigError(source, [
      { path: '', message: `is not valid JSON (${(error as Error).message})` },
    ]);
  }
  const config = validateHubConfig(raw, source);
  const conflicts: ConfigProblem[] = [];
  if (context.deployment !== undefined && context.deployment !== config.deployment) {
    conflicts.push({
      path: 'deployment',
      message: `is '${config.deployment}' but -c deployment=${String(context.deployment)}: use the file of that deployment`,
    });
  }
  if (context.alarmEmail !== undefined && context.alarmEmail !== config.alarmEmail) {
    conflicts.push({
      path: 'alarmEmail',
      message: `is ${config.alarmEmail === undefined ? 'not set' : `'${config.alarmEmail}'`} but -c alarmEmail=${String(context.alarmEmail)}: set it in the file`,
    });
  }
  if (conflicts.length > 0) throw new HubConfigError(source, conflicts);
  return config;
}
