// Each section of the document checked on its own: retention, senders, subscribers, MLLP.

import type { AdtEventName } from '../../functions/core/normalise/events.ts';
import { DEFAULT_EVENTS } from '../../functions/core/routing/types.ts';
import { subscriberQueueName } from '../../functions/platform/resources.ts';
import { type Checker, type Json, join_ } from './checker.ts';
import {
  ACCOUNT,
  CERTIFICATE_ARN,
  cidrProblem,
  EVENT_NAMES,
  FACILITY,
  httpsUrlProblem,
  KEY_HASH,
  MAX_QUEUE_NAME,
  ODS_CODE,
  SECRET_ARN,
  SECRET_NAME,
  SENDER_ID,
  SUBSCRIBER_ID,
} from './rules.ts';
import {
  DEFAULT_ACCOUNT_CONCURRENCY,
  DEFAULT_FUNCTION_SIZING,
  FUNCTION_NAMES,
  type FunctionName,
  type FunctionSizing,
  type HubConfig,
  LOG_RETENTION_DAYS,
  type LogRetentionDays,
  type MllpListenerConfig,
  type SenderConfig,
  type SubscriberConfig,
  type SubscriberDeliveryConfig,
} from './types.ts';

export function retentionOf(check: Checker, value: unknown): HubConfig['retention'] {
  const retention = { messageDays: 30, registryDays: 365, logDays: 90 as LogRetentionDays };
  if (value === undefined) return retention;
  const doc = check.object(value, 'retention', ['messageDays', 'registryDays', 'logDays']);
  if (doc === undefined) return retention;
  if (doc.messageDays !== undefined) {
    retention.messageDays = check.integer(doc.messageDays, 'retention.messageDays', 1, 3653) ?? 30;
  }
  if (doc.registryDays !== undefined) {
    // At least the readmission window (30 days) and a review's life, so matching keeps its memory.
    retention.registryDays = check.integer(doc.registryDays, 'retention.registryDays', 31, 3653) ?? 365;
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

/** Functions behind an SQS event source, whose maximum concurrency is at least 2. */
const QUEUE_CONSUMERS: ReadonlySet<FunctionName> = new Set(['process', 'deliverWebhook']);

/** Lambda's memory range, in MiB. */
const MEMORY_MIB = { min: 128, max: 10_240 };

/**
 * `functions`: each function's reserved concurrency and memory, and the account's quota. The queue
 * consumers need at least 2: their SQS event source's maximum concurrency (at least 2, Lambda's
 * minimum) is kept within the reservation.
 */
export function functionsOf(check: Checker, value: unknown): HubConfig['functions'] {
  const functions: HubConfig['functions'] = {
    ...(Object.fromEntries(
      FUNCTION_NAMES.map((name) => [name, { ...DEFAULT_FUNCTION_SIZING[name] }]),
    ) as Record<FunctionName, FunctionSizing>),
    accountConcurrencyQuota: DEFAULT_ACCOUNT_CONCURRENCY,
  };
  if (value === undefined) return functions;
  const doc = check.object(value, 'functions', [...FUNCTION_NAMES, 'accountConcurrencyQuota']);
  if (doc === undefined) return functions;
  for (const name of FUNCTION_NAMES) {
    if (doc[name] === undefined) continue;
    const path = `functions.${name}`;
    const entry = check.object(doc[name], path, ['reservedConcurrency', 'memoryMiB']);
    if (entry === undefined) continue;
    const sizing: FunctionSizing = functions[name];
    if (entry.reservedConcurrency !== undefined) {
      const least = QUEUE_CONSUMERS.has(name) ? 2 : 1;
      sizing.reservedConcurrency =
        check.integer(entry.reservedConcurrency, `${path}.reservedConcurrency`, least, 10_000) ??
        sizing.reservedConcurrency;
    }
    if (entry.memoryMiB !== undefined) {
      sizing.memoryMiB =
        check.integer(entry.memoryMiB, `${path}.memoryMiB`, MEMORY_MIB.min, MEMORY_MIB.max) ??
        sizing.memoryMiB;
    }
  }
  if (doc.accountConcurrencyQuota !== undefined) {
    functions.accountConcurrencyQuota =
      check.integer(doc.accountConcurrencyQuota, 'functions.accountConcurrencyQuota', 10, 1_000_000) ??
      DEFAULT_ACCOUNT_CONCURRENCY;
  }
  return functions;
}

export function sendersOf(check: Checker, value: unknown): SenderConfig[] {
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

export function subscribersOf(
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

export function mllpOf(
  check: Checker,
  value: unknown,
  region: string | undefined,
  account: string | undefined,
): MllpListenerConfig | undefined {
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
