// The CDK app's configuration: one JSON file per deployment (config/<deployment>.json, or any file
// given with `-c config=PATH`), checked whole at synth time, so a typo fails `cdk synth` naming the
// file and the field instead of failing a deployment, or being ignored. Plain TypeScript: no
// aws-cdk-lib here, so the rules are unit-tested without synthesising anything.
import { existsSync, readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdtEventName } from '../functions/core/normalise/events.ts';
import { DEFAULT_EVENTS } from '../functions/core/routing/types.ts';
import { subscriberQueueName } from '../functions/platform/resources.ts';

/** London: where the hub keeps patient data unless a file says otherwise. */
export const DEFAULT_REGION = 'eu-west-2';
export const DEFAULT_DEPLOYMENT = 'prod';

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
export type LogRetentionDays = (typeof LOG_RETENTION_DAYS)[number];

export interface SenderConfig {
  /** The sender id: in the sender's items, logs and `adt-hub trace`. */
  id: string;
  name?: string;
  /** MSH-4 facilities it may send for, or `["*"]` for any. */
  facilities: string[];
  /** SHA-256 of the sender's key, 64 lower-case hex digits: the key itself is never configured. */
  keyHash: string;
  /** CIDRs it connects from over MLLP (the listener knows MLLP senders by network). */
  networks?: string[];
}

export type SubscriberDeliveryConfig =
  | {
      kind: 'webhook';
      /** https:// only. */
      url: string;
      /** Name (or ARN) of the Secrets Manager secret holding its `whsec_…` Standard Webhooks secret. */
      secretName: string;
    }
  | {
      kind: 'sqs';
      /** Accounts that may read the subscriber's queue (besides the hub's own); empty when none. */
      consumerAccounts: string[];
    };

export interface SubscriberConfig {
  /** Its id: the registry's key and part of its queue's name. */
  id: string;
  name: string;
  /** The events it receives; DEFAULT_EVENTS when the file lists none. */
  events: AdtEventName[];
  /** ODS code of a GP practice: it also hears about everyone registered there (PD1-3). */
  practice?: string;
  delivery: SubscriberDeliveryConfig;
}

/** The MLLP listener on AWS (lib/constructs/mllp-service.ts); validated here, wired by the hub stack. */
export interface MllpConfig {
  /** ACM certificate for the load balancer's TLS listener, in the deployment's region. */
  certificateArn: string;
  /** IPv4 CIDRs that may connect. */
  allowedCidrs: string[];
  internetFacing?: boolean;
  minTasks?: number;
  maxTasks?: number;
}

export interface HubConfig {
  /** Names the stacks, tables and queues: `adt-hub-<deployment>-…`. */
  deployment: string;
  region: string;
  /** The target account; when absent the stacks take the CLI's (CDK_DEFAULT_ACCOUNT). */
  account?: string;
  /** Subscribed to the alarm topic. */
  alarmEmail?: string;
  /** An SNS topic of the operations team's own (paging, chat) that every alarm also notifies. */
  alarmTopicArn?: string;
  retention: {
    /** Days a received HL7 message is kept (DynamoDB TTL). */
    messageDays: number;
    /** Days the functions' logs are kept. */
    logDays: LogRetentionDays;
  };
  senders: SenderConfig[];
  subscribers: SubscriberConfig[];
  mllp?: MllpConfig;
  /** Where it came from: the file as named, or `context` when there was no file. */
  source: string;
}

export interface ConfigProblem {
  /** Field path, e.g. `subscribers[1].delivery.url`; empty for the whole document. */
  path: string;
  message: string;
}

/** Every problem found in one configuration, one per line: `<source>: <path>: <message>`. */
export class HubConfigError extends Error {
  override readonly name = 'HubConfigError';
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      problems.map((p) => [source, p.path, p.message].filter((part) => part !== '').join(': ')).join('\n'),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Field rules

const DEPLOYMENT = /^[a-z][a-z0-9-]{1,20}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ACCOUNT = /^\d{12}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const SENDER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SUBSCRIBER_ID = /^[A-Za-z0-9_-]+$/;
const KEY_HASH = /^[0-9a-f]{64}$/;
const ODS_CODE = /^[A-Z0-9]{3,10}$/;
/** Secrets Manager's own rule for names, and a secret ARN. */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:[A-Za-z0-9/_+=.@-]+$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):[A-Za-z0-9_-]{1,256}$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):(\d{12}):certificate\/[0-9a-f-]{36}$/;
/** HL7 delimiters and control characters cannot be part of an MSH-4 value. */
const FACILITY = /^[^|^~\\&\s\x00-\x1f](?:[^|^~\\&\x00-\x1f]{0,225}[^|^~\\&\s\x00-\x1f])?$/;
const EVENT_NAMES = new Set<string>(Object.values(AdtEventName));
const MAX_QUEUE_NAME = 80;

type Json = Record<string, unknown>;

/** Walks one document, collecting problems with their paths instead of stopping at the first. */
class Checker {
  readonly problems: ConfigProblem[] = [];

  fail(path: string, message: string): undefined {
    this.problems.push({ path, message });
    return undefined;
  }

  /** A JSON object with only the known fields; unknown ones are reported (typos must not pass). */
  object(value: unknown, path: string, fields: readonly string[]): Json | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return this.fail(path, 'must be a JSON object');
    }
    for (const key of Object.keys(value)) {
      if (fields.includes(key)) continue;
      const near = fields.find((field) => field.toLowerCase() === key.toLowerCase());
      this.fail(
        join_(path, key),
        near !== undefined
          ? `unknown field (did you mean '${near}'?)`
          : `unknown field (expected one of: ${fields.join(', ')})`,
      );
    }
    return value as Json;
  }

  string(value: unknown, path: string, rule: RegExp, says: string): string | undefined {
    if (typeof value !== 'string') return this.fail(path, `must be a string: ${says}`);
    if (!rule.test(value)) return this.fail(path, `must be ${says} (got '${value}')`);
    return value;
  }

  required(object: Json, key: string, path: string, says: string): unknown {
    if (object[key] === undefined) this.fail(join_(path, key), `is required: ${says}`);
    return object[key];
  }

  array(value: unknown, path: string, nonEmpty: boolean): unknown[] | undefined {
    if (!Array.isArray(value)) return this.fail(path, 'must be a JSON array');
    if (nonEmpty && value.length === 0) return this.fail(path, 'must list at least one value');
    return value;
  }

  /** Reports repeated values, naming the first place each was seen. */
  unique(values: readonly (string | undefined)[], path: (index: number) => string): void {
    const seen = new Map<string, number>();
    values.forEach((value, index) => {
      if (value === undefined) return;
      const first = seen.get(value);
      if (first === undefined) seen.set(value, index);
      else this.fail(path(index), `must be unique: '${value}' is already ${path(first)}`);
    });
  }

  integer(value: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return this.fail(path, `must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
    }
    return value;
  }
}

function join_(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** IPv4 `a.b.c.d/n` with no host bits set, or IPv6 `addr/n`. */
function cidrProblem(cidr: string, ipv4Only: boolean): string | undefined {
  const [address = '', bits, ...rest] = cidr.split('/');
  const says = ipv4Only ? 'an IPv4 CIDR, e.g. 192.0.2.0/24' : 'a CIDR, e.g. 192.0.2.0/24';
  if (bits === undefined || rest.length > 0 || !/^\d{1,3}$/.test(bits))
    return `must be ${says} (got '${cidr}')`;
  const prefix = Number(bits);
  if (isIPv4(address)) {
    if (prefix > 32) return `must be ${says}: a prefix of at most 32 (got '${cidr}')`;
    const value = address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
    const hostBits = prefix === 32 ? 0 : value % 2 ** (32 - prefix);
    if (hostBits !== 0) {
      const network = value - hostBits;
      const text = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.');
      return `has host bits set: did you mean ${text}/${prefix}? (got '${cidr}')`;
    }
    return undefined;
  }
  if (!ipv4Only && isIPv6(address)) {
    return prefix > 128 ? `must be ${says}: a prefix of at most 128 (got '${cidr}')` : undefined;
  }
  return `must be ${says} (got '${cidr}')`;
}

/** Loopback, private, link-local and unspecified addresses: never a webhook's host on AWS. */
function internalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIPv4(host)) {
    const [a = 0, b = 0] = host.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b < 128) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b < 32) ||
      (a === 192 && b === 168)
    );
  }
  if (isIPv6(host)) {
    return (
      host === '::' ||
      host === '::1' ||
      /^f[cd]/.test(host) ||
      /^fe[89ab]/.test(host) ||
      host.startsWith('::ffff:')
    );
  }
  return false;
}

function httpsUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be an https:// URL (got '${value}')`;
  }
  if (url.protocol !== 'https:') return `must be an https:// URL (got '${value}')`;
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  if (internalHost(url.hostname)) {
    return `must be a public host: the hub never calls loopback, private or link-local addresses (got '${url.hostname}')`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The document

const TOP_FIELDS = [
  'deployment',
  'region',
  'account',
  'alarmEmail',
  'alarmTopicArn',
  'retention',
  'senders',
  'subscribers',
  'mllp',
] as const;

/**
 * Checks a parsed configuration document and fills in the defaults. Throws one HubConfigError
 * listing every problem, each as `<source>: <field path>: <what is wrong>`.
 */
export function validateHubConfig(raw: unknown, source: string): HubConfig {
  const check = new Checker();
  const doc = check.object(raw, '', TOP_FIELDS);
  if (doc === undefined) throw new HubConfigError(source, check.problems);

  const deployment =
    doc.deployment === undefined
      ? check.fail('deployment', 'is required: the deployment name, e.g. "prod"')
      : check.string(
          doc.deployment,
          'deployment',
          DEPLOYMENT,
          '2-21 lower-case letters, digits or hyphens, starting with a letter',
        );
  const region =
    doc.region === undefined
      ? DEFAULT_REGION
      : check.string(doc.region, 'region', REGION, 'an AWS region name, e.g. eu-west-2');
  const account =
    doc.account === undefined
      ? undefined
      : check.string(doc.account, 'account', ACCOUNT, 'a 12-digit AWS account id, as a string');
  const alarmEmail =
    doc.alarmEmail === undefined
      ? undefined
      : check.string(doc.alarmEmail, 'alarmEmail', EMAIL, 'an e-mail address');
  let alarmTopicArn =
    doc.alarmTopicArn === undefined
      ? undefined
      : check.string(doc.alarmTopicArn, 'alarmTopicArn', TOPIC_ARN, 'an SNS topic ARN');
  const topicRegion = TOPIC_ARN.exec(alarmTopicArn ?? '')?.[1];
  if (alarmTopicArn !== undefined && region !== undefined && topicRegion !== region) {
    // CloudWatch alarms notify topics in their own region only.
    alarmTopicArn = check.fail(
      'alarmTopicArn',
      `must be a topic in the deployment's region ${region} (it is in ${topicRegion})`,
    );
  }

  const retention = retentionOf(check, doc.retention);
  const senders = sendersOf(check, doc.senders);
  const subscribers = subscribersOf(check, doc.subscribers, deployment, region);
  const mllp = doc.mllp === undefined ? undefined : mllpOf(check, doc.mllp, region, account);
  if (doc.mllp !== undefined) {
    const listed = Array.isArray(doc.senders) ? doc.senders : [];
    if (listed.length === 0) {
      check.fail('mllp', 'there are no senders: the MLLP listener would accept nobody');
    } else if (!listed.some((entry) => typeof entry === 'object' && entry !== null && 'networks' in entry)) {
      check.fail('mllp', 'no sender lists networks: the MLLP listener knows senders only by their networks');
    }
  }
  // A sender's network the load balancer does not admit would be refused without a word.
  if (mllp !== undefined) {
    for (const [index, sender] of senders.entries()) {
      for (const [n, network] of (sender.networks ?? []).entries()) {
        if (!mllp.allowedCidrs.some((allowed) => ipv4CidrWithin(network, allowed))) {
          check.fail(
            `senders[${index}].networks[${n}]`,
            `'${network}' is not inside mllp.allowedCidrs (${mllp.allowedCidrs.join(', ')}): the load balancer would not let it connect`,
          );
        }
      }
    }
  }

  if (check.problems.length > 0) throw new HubConfigError(source, check.problems);
  return {
    deployment: deployment as string,
    region: region as string,
    ...(account !== undefined && { account }),
    ...(alarmEmail !== undefined && { alarmEmail }),
    ...(alarmTopicArn !== undefined && { alarmTopicArn }),
    retention,
    senders,
    subscribers,
    ...(mllp !== undefined && { mllp }),
    source,
  };
}

function retentionOf(check: Checker, value: unknown): HubConfig['retention'] {
  const retention = { messageDays: 30, logDays: 90 as LogRetentionDays };
  if (value === undefined) return retention;
  const doc = check.object(value, 'retention', ['messageDays', 'logDays']);
  if (doc === undefined) return retention;
  if (doc.messageDays !== undefined) {
    retention.messageDays = check.integer(doc.messageDays, 'retention.messageDays', 1, 3653) ?? 30;
  }
  if (doc.logDays !== undefined) {
    if (LOG_RETENTION_DAYS.includes(doc.logDays as LogRetentionDays)) {
      retention.logDays = doc.logDays as LogRetentionDays;
    } else {
      check.fail(
        'retention.logDays',
        `must be one of CloudWatch Logs' periods: ${LOG_RETENTION_DAYS.join(', ')} (got ${JSON.stringify(doc.logDays)})`,
      );
    }
  }
  return retention;
}

function sendersOf(check: Checker, value: unknown): SenderConfig[] {
  if (value === undefined) return [];
  const list = check.array(value, 'senders', false) ?? [];
  const senders: (SenderConfig | undefined)[] = list.map((entry, index) => {
    const path = join_('senders', index);
    const doc = check.object(entry, path, ['id', 'name', 'facilities', 'keyHash', 'networks']);
    if (doc === undefined) return undefined;
    const idValue = check.required(doc, 'id', path, 'the sender id');
    const id =
      idValue === undefined
        ? undefined
        : check.string(idValue, `${path}.id`, SENDER_ID, 'letters, digits, dot, underscore or hyphen (1-64)');
    const name = doc.name === undefined ? undefined : nameOf(check, doc.name, `${path}.name`);
    const facilities = facilitiesOf(check, check.required(doc, 'facilities', path, 'MSH-4 values'), path);
    const hashValue = check.required(
      doc,
      'keyHash',
      path,
      "the SHA-256 of the sender's key, 64 lower-case hex digits",
    );
    const keyHash =
      hashValue === undefined
        ? undefined
        : check.string(
            hashValue,
            `${path}.keyHash`,
            KEY_HASH,
            "the SHA-256 of the sender's key as 64 lower-case hex digits (see docs/deploy.md), not the key",
          );
    const networks =
      doc.networks === undefined ? undefined : networksOf(check, doc.networks, `${path}.networks`);
    if (id === undefined || facilities === undefined || keyHash === undefined) return undefined;
    return {
      id,
      ...(name !== undefined && { name }),
      facilities,
      keyHash,
      ...(networks !== undefined && { networks }),
    };
  });
  check.unique(
    list.map((entry) => stringField(entry, 'id')),
    (index) => `senders[${index}].id`,
  );
  check.unique(
    list.map((entry) => stringField(entry, 'keyHash')),
    (index) => `senders[${index}].keyHash`,
  );
  return senders.filter((sender): sender is SenderConfig => sender !== undefined);
}

function stringField(entry: unknown, key: string): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const value = (entry as Json)[key];
  return typeof value === 'string' ? value : undefined;
}

function nameOf(check: Checker, value: unknown, path: string): string | undefined {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200) {
    return check.fail(path, 'must be a non-empty string of at most 200 characters');
  }
  return value;
}

function facilitiesOf(check: Checker, value: unknown, path: string): string[] | undefined {
  if (value === undefined) return undefined;
  const where = `${path}.facilities`;
  const list = check.array(value, where, true);
  if (list === undefined) return undefined;
  const facilities = list.map((facility, index) =>
    check.string(
      facility,
      join_(where, index),
      FACILITY,
      'an MSH-4 facility (no HL7 delimiters | ^ ~ \\ &), or *',
    ),
  );
  check.unique(
    list.map((facility) => (typeof facility === 'string' ? facility : undefined)),
    (index) => join_(where, index),
  );
  if (list.includes('*') && list.length > 1) {
    return check.fail(where, "'*' allows any facility: list it alone");
  }
  return facilities.every((facility) => facility !== undefined) ? (facilities as string[]) : undefined;
}

/** Whether IPv4 CIDR `inner` lies inside `outer` (false for anything not IPv4). */
export function ipv4CidrWithin(inner: string, outer: string): boolean {
  const parse = (cidr: string) => {
    const [address = '', bits = '32'] = cidr.split('/');
    if (!isIPv4(address)) return undefined;
    const value = address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
    return { value, bits: Number(bits) };
  };
  const a = parse(inner);
  const b = parse(outer);
  if (a === undefined || b === undefined || a.bits < b.bits) return false;
  const size = 2 ** (32 - b.bits);
  return Math.floor(a.value / size) === Math.floor(b.value / size);
}

function networksOf(check: Checker, value: unknown, path: string): string[] | undefined {
  const list = check.array(value, path, true);
  if (list === undefined) return undefined;
  const networks = list.map((cidr, index) => {
    if (typeof cidr !== 'string')
      return check.fail(join_(path, index), 'must be a CIDR string, e.g. 192.0.2.0/24');
    const problem = cidrProblem(cidr, false);
    return problem === undefined ? cidr : check.fail(join_(path, index), problem);
  });
  return networks.every((cidr) => cidr !== undefined) ? (networks as string[]) : undefined;
}

function subscribersOf(
  check: Checker,
  value: unknown,
  deployment: string | undefined,
  region: string | undefined,
): SubscriberConfig[] {
  if (value === undefined) return [];
  const list = check.array(value, 'subscribers', false) ?? [];
  // The longest name derived from the id is its dead-letter queue's, `…-dlq.fifo`.
  const maxId =
    deployment === undefined
      ? undefined
      : MAX_QUEUE_NAME - subscriberQueueName(deployment, '').length - '-dlq'.length;
  const subscribers = list.map((entry, index): SubscriberConfig | undefined => {
    const path = join_('subscribers', index);
    const doc = check.object(entry, path, ['id', 'name', 'events', 'practice', 'delivery']);
    if (doc === undefined) return undefined;
    const idValue = check.required(doc, 'id', path, 'the subscriber id');
    let id =
      idValue === undefined
        ? undefined
        : check.string(idValue, `${path}.id`, SUBSCRIBER_ID, 'letters, digits, underscore or hyphen');
    if (id !== undefined && maxId !== undefined && id.length > maxId) {
      id = check.fail(
        `${path}.id`,
        `is too long for its queue names in deployment '${deployment}' (at most ${maxId} characters)`,
      );
    }
    const nameValue = check.required(doc, 'name', path, 'a name people recognise');
    const name = nameValue === undefined ? undefined : nameOf(check, nameValue, `${path}.name`);
    const events =
      doc.events === undefined ? [...DEFAULT_EVENTS] : eventsOf(check, doc.events, `${path}.events`);
    const practice =
      doc.practice === undefined
        ? undefined
        : check.string(
            doc.practice,
            `${path}.practice`,
            ODS_CODE,
            'an ODS code: 3-10 upper-case letters or digits',
          );
    const delivery = deliveryOf(
      check,
      check.required(doc, 'delivery', path, 'webhook or sqs'),
      `${path}.delivery`,
      region,
    );
    if (id === undefined || name === undefined || events === undefined || delivery === undefined)
      return undefined;
    if (doc.practice !== undefined && practice === undefined) return undefined;
    return { id, name, events, ...(practice !== undefined && { practice }), delivery };
  });
  check.unique(
    list.map((entry) => stringField(entry, 'id')),
    (index) => `subscribers[${index}].id`,
  );
  return subscribers.filter((subscriber): subscriber is SubscriberConfig => subscriber !== undefined);
}

function eventsOf(check: Checker, value: unknown, path: string): AdtEventName[] | undefined {
  const list = check.array(value, path, true);
  if (list === undefined) return undefined;
  const events = list.map((event, index) =>
    typeof event === 'string' && EVENT_NAMES.has(event)
      ? (event as AdtEventName)
      : check.fail(
          join_(path, index),
          `must be an event name: ${[...EVENT_NAMES].join(', ')} (got ${JSON.stringify(event)})`,
        ),
  );
  check.unique(
    list.map((event) => (typeof event === 'string' ? event : undefined)),
    (index) => join_(path, index),
  );
  return events.every((event) => event !== undefined) ? (events as AdtEventName[]) : undefined;
}

function deliveryOf(
  check: Checker,
  value: unknown,
  path: string,
  region: string | undefined,
): SubscriberDeliveryConfig | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const kind = (value as Json).kind;
    if (kind === 'webhook') {
      const doc = check.object(value, path, ['kind', 'url', 'secretName']);
      if (doc === undefined) return undefined;
      const urlValue = check.required(doc, 'url', path, 'the https:// URL alerts are POSTed to');
      let url: string | undefined;
      if (urlValue !== undefined) {
        const problem = typeof urlValue === 'string' ? httpsUrlProblem(urlValue) : 'must be an https:// URL';
        url = problem === undefined ? (urlValue as string) : check.fail(`${path}.url`, problem);
      }
      const secretName = secretNameOf(
        check,
        check.required(doc, 'secretName', path, 'the Secrets Manager secret holding its whsec_ secret'),
        `${path}.secretName`,
        region,
      );
      return url === undefined || secretName === undefined ? undefined : { kind, url, secretName };
    }
    if (kind === 'sqs') {
      const doc = check.object(value, path, ['kind', 'consumerAccounts']);
      if (doc === undefined) return undefined;
      if (doc.consumerAccounts === undefined) return { kind, consumerAccounts: [] };
      const list = check.array(doc.consumerAccounts, `${path}.consumerAccounts`, false);
      if (list === undefined) return undefined;
      const accounts = list.map((account, index) =>
        check.string(
          account,
          join_(`${path}.consumerAccounts`, index),
          ACCOUNT,
          'a 12-digit AWS account id, as a string',
        ),
      );
      check.unique(
        list.map((account) => (typeof account === 'string' ? account : undefined)),
        (index) => join_(`${path}.consumerAccounts`, index),
      );
      return accounts.every((account) => account !== undefined)
        ? { kind, consumerAccounts: accounts as string[] }
        : undefined;
    }
    return check.fail(`${path}.kind`, `must be 'webhook' or 'sqs' (got ${JSON.stringify(kind)})`);
  }
  return check.fail(path, "must be a JSON object: { kind: 'webhook', url, secretName } or { kind: 'sqs' }");
}

function secretNameOf(
  check: Checker,
  value: unknown,
  path: string,
  region: string | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.startsWith('whsec_')) {
    return check.fail(
      path,
      'looks like the secret itself: store it in Secrets Manager and give the secret’s name here',
    );
  }
  if (typeof value === 'string' && value.startsWith('arn:')) {
    const arn = check.string(value, path, SECRET_ARN, 'a Secrets Manager secret name or ARN');
    const secretRegion = SECRET_ARN.exec(arn ?? '')?.[1];
    if (arn !== undefined && region !== undefined && secretRegion !== region) {
      // The seeder reads it at deploy time, in the deployment's region.
      return check.fail(
        path,
        `must be a secret in the deployment's region ${region} (it is in ${secretRegion})`,
      );
    }
    return arn;
  }
  return check.string(
    value,
    path,
    SECRET_NAME,
    'a Secrets Manager secret name (letters, digits and /_+=.@-)',
  );
}

function mllpOf(
  check: Checker,
  value: unknown,
  region: string | undefined,
  account: string | undefined,
): MllpConfig | undefined {
  const doc = check.object(value, 'mllp', [
    'certificateArn',
    'allowedCidrs',
    'internetFacing',
    'minTasks',
    'maxTasks',
  ]);
  if (doc === undefined) return undefined;
  const certificateValue = check.required(
    doc,
    'certificateArn',
    'mllp',
    'the ACM certificate of its TLS listener',
  );
  let certificateArn: string | undefined;
  if (certificateValue !== undefined) {
    certificateArn = check.string(
      certificateValue,
      'mllp.certificateArn',
      CERTIFICATE_ARN,
      'an ACM certificate ARN',
    );
    const [, certificateRegion, certificateAccount] = CERTIFICATE_ARN.exec(certificateArn ?? '') ?? [];
    if (certificateArn !== undefined && region !== undefined && certificateRegion !== region) {
      certificateArn = check.fail(
        'mllp.certificateArn',
        `must be a certificate in the deployment's region ${region} (it is in ${certificateRegion})`,
      );
    } else if (certificateArn !== undefined && account !== undefined && certificateAccount !== account) {
      certificateArn = check.fail(
        'mllp.certificateArn',
        `must be a certificate in the deployment's account ${account} (it is in ${certificateAccount})`,
      );
    }
  }
  const cidrsValue = check.required(doc, 'allowedCidrs', 'mllp', 'the IPv4 CIDRs that may connect');
  let allowedCidrs: string[] | undefined;
  if (cidrsValue !== undefined) {
    const list = check.array(cidrsValue, 'mllp.allowedCidrs', true);
    const cidrs = (list ?? []).map((cidr, index) => {
      const path = join_('mllp.allowedCidrs', index);
      if (typeof cidr !== 'string') return check.fail(path, 'must be an IPv4 CIDR string, e.g. 192.0.2.0/24');
      const problem = cidrProblem(cidr, true);
      return problem === undefined ? cidr : check.fail(path, problem);
    });
    if (list !== undefined && cidrs.every((cidr) => cidr !== undefined)) allowedCidrs = cidrs as string[];
  }
  let internetFacing: boolean | undefined;
  if (doc.internetFacing !== undefined) {
    if (typeof doc.internetFacing === 'boolean') internetFacing = doc.internetFacing;
    else check.fail('mllp.internetFacing', 'must be true or false');
  }
  const minTasks =
    doc.minTasks === undefined ? undefined : check.integer(doc.minTasks, 'mllp.minTasks', 1, 50);
  const maxTasks =
    doc.maxTasks === undefined ? undefined : check.integer(doc.maxTasks, 'mllp.maxTasks', 1, 50);
  if (minTasks !== undefined && maxTasks !== undefined && maxTasks < minTasks) {
    check.fail('mllp.maxTasks', `must be at least minTasks (${minTasks})`);
  }
  if (certificateArn === undefined || allowedCidrs === undefined) return undefined;
  return {
    certificateArn,
    allowedCidrs,
    ...(internetFacing !== undefined && { internetFacing }),
    ...(minTasks !== undefined && { minTasks }),
    ...(maxTasks !== undefined && { maxTasks }),
  };
}

/** The senders the MLLP listener accepts: those with networks, as it wants them. */
export function mllpSenders(
  config: HubConfig,
): { senderId: string; name?: string; facilities: string[]; networks: string[] }[] {
  return config.senders.flatMap(({ id, name, facilities, networks }) =>
    networks === undefined
      ? []
      : [{ senderId: id, ...(name !== undefined && { name }), facilities, networks }],
  );
}

// ---------------------------------------------------------------------------------------------
// Where the configuration comes from

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
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

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
      validateHubConfig({ deployment, alarmEmail: context.alarmEmail }, 'context');
      throw new Error('unreachable: a bad deployment name passed validation');
    }
    source = `config/${deployment}.json`;
    path = join(root, source);
    if (!files.exists(path)) {
      return validateHubConfig(
        { deployment, ...(context.alarmEmail !== undefined && { alarmEmail: context.alarmEmail }) },
        'context',
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
