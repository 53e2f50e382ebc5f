// The rules single values must keep: names, ids, ARNs, facilities, CIDRs and webhook URLs. Address
// rules come from functions/core/net, the same the hub applies when it calls a webhook.
import {
  cidrWithin,
  isLocalHostName,
  nonPublicReason,
  parseAddress,
  parseCidr,
} from '../../functions/core/net/index.ts';
import { AdtEventName } from '../../functions/core/normalise/events.ts';

export const DEPLOYMENT = /^[a-z][a-z0-9-]{1,20}$/;

export const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export const ACCOUNT = /^\d{12}$/;

export const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export const SENDER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const SUBSCRIBER_ID = /^[A-Za-z0-9_-]+$/;

export const KEY_HASH = /^[0-9a-f]{64}$/;

export const ODS_CODE = /^[A-Z0-9]{3,10}$/;

/** Secrets Manager's own rule for names, and a secret ARN. */
export const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

export const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:[A-Za-z0-9/_+=.@-]+$/;

export const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):[A-Za-z0-9_-]{1,256}$/;

export const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):(\d{12}):certificate\/[0-9a-f-]{36}$/;

/** HL7 delimiters and control characters cannot be part of an MSH-4 value. */
export const FACILITY = /^[^|^~\\&\s\x00-\x1f](?:[^|^~\\&\x00-\x1f]{0,225}[^|^~\\&\s\x00-\x1f])?$/;

export const EVENT_NAMES = new Set<string>(Object.values(AdtEventName));

export const MAX_QUEUE_NAME = 80;

/** Why a CIDR is not one the configuration can use (undefined when it is); IPv4 only when asked. */
export function cidrProblem(text: string, ipv4Only: boolean): string | undefined {
  const says = ipv4Only ? 'an IPv4 CIDR, e.g. 192.0.2.0/24' : 'a CIDR, e.g. 192.0.2.0/24';
  const parsed = parseCidr(text, { requirePrefix: true });
  if (!parsed.ok) {
    if (parsed.problem.startsWith('has host bits set')) return `${parsed.problem} (got '${text}')`;
    const prefix = /a prefix of at most \d+/.exec(parsed.problem)?.[0];
    return `must be ${says}${prefix === undefined ? '' : `: ${prefix}`} (got '${text}')`;
  }
  if (ipv4Only && parsed.cidr.version !== 4) return `must be ${says} (got '${text}')`;
  return undefined;
}

/** Why a URL is not a webhook the hub may call on AWS (undefined when it is). */
export function httpsUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be an https:// URL (got '${value}')`;
  }
  if (url.protocol !== 'https:') return `must be an https:// URL (got '${value}')`;
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  const host = url.hostname;
  const address = parseAddress(host);
  const reason = isLocalHostName(host)
    ? 'loopback'
    : address === undefined
      ? undefined
      : nonPublicReason(address);
  if (reason !== undefined) {
    return `must be a public host: the hub never calls loopback, private or link-local addresses (got '${host}')`;
  }
  return undefined;
}

/** Whether CIDR `inner` lies inside `outer` (false for anything that does not parse). */
export function cidrInside(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  return a.ok && b.ok && cidrWithin(a.cidr, b.cidr);
}
