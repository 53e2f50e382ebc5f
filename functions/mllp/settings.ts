// The MLLP listener's own settings and its senders: one schema for a sender list, used by the
// container at start-up and by the CDK construct at synth time, so that what synth accepts the
// listener accepts too. Networks are checked by the hub's one set of address rules (core/net).
import * as z from 'zod/mini';
import { parseCidr } from '../core/net/index.ts';
import { readVariables, SettingsError, wholeNumber } from '../platform/settings.ts';
import type { Sender } from '../use-cases/ports/index.ts';

/** The environment the listener reads (besides the ingest wiring's table and queue). */
export const MLLP_ENV = {
  port: 'MLLP_PORT',
  senders: 'MLLP_SENDERS',
  idleTimeoutSeconds: 'MLLP_IDLE_TIMEOUT_SECONDS',
  /** CIDRs the load balancer's health checks come from (closed quietly, not logged as refused). */
  probeNetworks: 'MLLP_PROBE_NETWORKS',
} as const;

export const DEFAULT_MLLP_PORT = 2575;
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 600;

/** A sender of MLLP messages: known by its source networks, or (locally) its TLS client certificate. */
export interface MllpSender extends Sender {
  name?: string;
  /** Source networks (CIDR, e.g. `10.20.0.0/16`, or single addresses) it may connect from. */
  networks?: string[];
  /** Or the CN of the TLS client certificate it presents (the local hub; on AWS TLS ends earlier). */
  certificateCn?: string;
}

const NOT_EMPTY = 'must be a non-empty string';
const text = z.pipe(z.string({ error: NOT_EMPTY }), z.string().check(z.trim(), z.minLength(1, NOT_EMPTY)));
const cidr = z.string().check(
  z.refine((value) => parseCidr(value).ok, {
    error: (issue) => `'${String(issue.input)}' is not a CIDR (e.g. 10.20.0.0/16)`,
  }),
);
const FACILITIES = 'must be a non-empty array of MSH-4 facility codes';
const NETWORKS = 'must be a non-empty array of CIDRs (e.g. 10.20.0.0/16)';

/** A sender as configured on AWS, where TLS ends at the load balancer: known by its networks. */
const senderSchema = z.strictObject({
  senderId: text,
  name: z.optional(z.string({ error: 'must be a string' })),
  facilities: z.array(text, { error: FACILITIES }).check(z.minLength(1, FACILITIES)),
  networks: z.array(cidr, { error: NETWORKS }).check(z.minLength(1, NETWORKS)),
});

const SENDERS = 'must be a non-empty JSON array of senders';
const sendersSchema = z.array(z.unknown(), { error: SENDERS }).check(z.minLength(1, SENDERS));

export type MllpSenderConfig = z.output<typeof senderSchema>;

function problemOf(where: string, issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    if (issue.keys.includes('certificateCn'))
      return `${where}.certificateCn: TLS ends at the load balancer on AWS; use networks`;
    return `${where} has an unknown field '${issue.keys[0]}'`;
  }
  const [field, index] = issue.path;
  if (field === undefined) return `${where} must be an object {senderId, name?, facilities, networks}`;
  const path = `${where}.${String(field)}`;
  return index === undefined ? `${path} ${issue.message}` : `${path}: ${issue.message}`;
}

/**
 * `MLLP_SENDERS`: a JSON array of `{senderId, name?, facilities: string[], networks: string[]}`.
 * Throws an Error whose message is one line saying what is wrong and where.
 */
export function parseMllpSenders(json: string): MllpSenderConfig[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`${MLLP_ENV.senders} is not JSON (${(error as Error).message})`);
  }
  const list = sendersSchema.safeParse(value);
  if (!list.success) throw new Error(`${MLLP_ENV.senders} ${list.error.issues[0]?.message}`);
  const seen = new Set<string>();
  return list.data.map((entry, index) => {
    const where = `${MLLP_ENV.senders}[${index}]`;
    const parsed = senderSchema.safeParse(entry);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      throw new Error(issue === undefined ? `${where} is not a sender` : problemOf(where, issue));
    }
    const sender = parsed.data;
    if (seen.has(sender.senderId)) throw new Error(`${where}.senderId '${sender.senderId}' is listed twice`);
    seen.add(sender.senderId);
    return sender;
  });
}

const probeNetworks = z.pipe(
  z.string(),
  z.pipe(
    z.transform((value: string) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    ),
    z.array(cidr),
  ),
);

const MLLP_VARIABLES = {
  // 0: any free port (tests); the port is logged once listening.
  port: { variable: MLLP_ENV.port, schema: wholeNumber(0, 65_535), default: DEFAULT_MLLP_PORT },
  idleTimeoutSeconds: {
    variable: MLLP_ENV.idleTimeoutSeconds,
    schema: wholeNumber(1, 86_400),
    default: DEFAULT_IDLE_TIMEOUT_SECONDS,
  },
  probeNetworks: { variable: MLLP_ENV.probeNetworks, schema: probeNetworks, default: [] as string[] },
};

export interface MllpSettings {
  port: number;
  idleTimeoutSeconds: number;
  senders: MllpSenderConfig[];
  probeNetworks: string[];
}

/** The listener's own settings from the environment; throws one line naming each variable that is wrong. */
export function readMllpSettings(
  env: Readonly<Record<string, string | undefined>> = process.env,
): MllpSettings {
  const problems: string[] = [];
  let values: Omit<MllpSettings, 'senders'> | undefined;
  try {
    values = readVariables(MLLP_VARIABLES, ['port', 'idleTimeoutSeconds', 'probeNetworks'], env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    problems.push(...error.problems);
  }
  let senders: MllpSenderConfig[] = [];
  const json = env[MLLP_ENV.senders];
  if (json === undefined || json === '') problems.push(`${MLLP_ENV.senders} is not set`);
  else {
    try {
      senders = parseMllpSenders(json);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (values === undefined || problems.length > 0) throw new Error(problems.join('; '));
  return { ...values, senders };
}
