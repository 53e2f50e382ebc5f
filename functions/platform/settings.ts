// The hub's settings, read once from the environment by each runtime's composition root and
// checked with zod: a missing or malformed variable fails at start-up, naming the variable, never
// later as an undefined or a NaN. Each function reads only the variables it is given.
// zod/mini: the same checks as zod, a small part of the bundle (every function carries this file).
import * as z from 'zod/mini';
import {
  ALERTS_TABLE,
  CONSOLE_ACCESS_ENV,
  CONSOLE_GROUPS_CLAIM_ENV,
  CONSOLE_USERNAME_CLAIM_ENV,
  DEPLOYMENT_ENV,
  INGEST_DLQ_ENV,
  INGEST_QUEUE,
  MESSAGE_RETENTION_DAYS,
  MESSAGE_RETENTION_DAYS_ENV,
  MESSAGES_TABLE,
  REGISTRY_RETENTION_DAYS,
  REGISTRY_RETENTION_DAYS_ENV,
  REGISTRY_TABLE,
  SENDERS_TABLE,
  WEBHOOK_DLQ_ENV,
  WEBHOOK_QUEUE,
} from './resources.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

const name = z.string().check(z.minLength(1, 'must not be empty'));
const url = z.url({ error: 'must be a URL' });
const claim = z.string().check(z.regex(/^[A-Za-z0-9_:./-]{1,128}$/, 'must be a JWT claim name'));

/** A whole number within bounds, written in an environment variable. */
export function wholeNumber(min: number, max: number) {
  const says = `must be a whole number from ${min} to ${max}`;
  return z.pipe(
    z.string().check(z.regex(/^\d+$/, says)),
    z.pipe(z.transform(Number), z.number().check(z.minimum(min, says), z.maximum(max, says))),
  );
}

export const flag = z.pipe(
  z.enum(['true', 'false'], { error: "must be 'true' or 'false'" }),
  z.transform((value: 'true' | 'false') => value === 'true'),
);

/** A setting: the variable it comes from, its rule, and its default when it has one. */
export interface VariableSpec {
  variable: string;
  schema: z.ZodMiniType;
  default?: unknown;
}

/** Each setting of the hub's functions. */
const VARIABLES = {
  deployment: {
    variable: DEPLOYMENT_ENV,
    schema: z.string().check(z.regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be lower-case letters, digits and -')),
  },
  messagesTable: { variable: MESSAGES_TABLE.envVar, schema: name },
  sendersTable: { variable: SENDERS_TABLE.envVar, schema: name },
  registryTable: { variable: REGISTRY_TABLE.envVar, schema: name },
  alertsTable: { variable: ALERTS_TABLE.envVar, schema: name },
  ingestQueueUrl: { variable: INGEST_QUEUE.envVar, schema: url },
  ingestDeadLetterUrl: { variable: INGEST_DLQ_ENV, schema: url },
  webhookQueueUrl: { variable: WEBHOOK_QUEUE.envVar, schema: url },
  webhookDeadLetterUrl: { variable: WEBHOOK_DLQ_ENV, schema: url },
  retentionDays: {
    variable: MESSAGE_RETENTION_DAYS_ENV,
    schema: wholeNumber(1, 3653),
    default: MESSAGE_RETENTION_DAYS,
  },
  registryRetentionDays: {
    variable: REGISTRY_RETENTION_DAYS_ENV,
    schema: wholeNumber(31, 3653),
    default: REGISTRY_RETENTION_DAYS,
  },
  /** A webhook retry's timeout; the process step's first attempt waits at most 3 s of it. */
  webhookTimeoutMs: {
    variable: 'ADT_HUB_WEBHOOK_TIMEOUT_MS',
    schema: wholeNumber(100, 30_000),
    default: 10_000,
  },
  /** How long an alert is retried before it is dead-lettered. */
  webhookMaxAgeMs: {
    variable: 'ADT_HUB_WEBHOOK_MAX_AGE_MS',
    schema: wholeNumber(1_000, 7 * DAY_MS),
    default: DAY_MS,
  },
  /** The local hub may call webhooks on this machine (tests, the demo receiver); never on AWS. */
  allowLoopbackWebhooks: { variable: 'ADT_HUB_ALLOW_LOOPBACK_WEBHOOKS', schema: flag, default: false },
} as const satisfies Record<string, VariableSpec>;

/**
 * The console functions' own settings (functions/lambda/console-api.ts), read with readVariables:
 * which routes the function serves, and which token claims carry roles and a name.
 */
export const CONSOLE_VARIABLES = {
  access: {
    variable: CONSOLE_ACCESS_ENV,
    schema: z.enum(['read', 'change'], { error: "must be 'read' or 'change'" }),
  },
  /** Cognito's groups, or the OIDC provider's claim (`groups`, `roles`). */
  groupsClaim: { variable: CONSOLE_GROUPS_CLAIM_ENV, schema: claim, default: 'cognito:groups' },
  /** The claim that names a user in the audit trail; the subject (`sub`) when a token lacks it. */
  usernameClaim: { variable: CONSOLE_USERNAME_CLAIM_ENV, schema: claim, default: 'username' },
} as const satisfies Record<string, VariableSpec>;

type Variables = typeof VARIABLES;
export type SettingName = keyof Variables;
export type Settings = { [K in SettingName]: z.output<Variables[K]['schema']> };
type Values<S extends Record<string, VariableSpec>> = { [K in keyof S]: z.output<S[K]['schema']> };

/** Every setting that is wrong, one per line, each naming its variable. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/** The settings named, from the environment; throws SettingsError listing every bad one. */
export function readSettings<K extends SettingName>(
  names: readonly K[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Pick<Settings, K> {
  return readVariables(VARIABLES, names, env) as Pick<Settings, K>;
}

/** Any runtime's own variables (the MLLP listener's, say), read by the same rules. */
export function readVariables<S extends Record<string, VariableSpec>, K extends keyof S>(
  specs: S,
  names: readonly K[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Pick<Values<S>, K> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of names) {
    const spec = specs[key] as VariableSpec;
    const text = env[spec.variable];
    if (text === undefined || text === '') {
      if ('default' in spec) values[key as string] = spec.default;
      else problems.push(`${spec.variable} is not set`);
      continue;
    }
    const parsed = spec.schema.safeParse(text);
    if (parsed.success) values[key as string] = parsed.data;
    else
      problems.push(`${spec.variable} ${parsed.error.issues[0]?.message ?? 'is not valid'} (got '${text}')`);
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return values as Pick<Values<S>, K>;
}

/** The variable a setting comes from (for the CDK app and the local hub, which write them). */
export function variableOf(name: SettingName): string {
  return VARIABLES[name].variable;
}
