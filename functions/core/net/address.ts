// IP addresses and CIDRs as bytes (pure): one parser for every place the hub judges an address —
// the webhook SSRF guard, the configuration checker and the MLLP listener's sender networks.
// IPv4-mapped IPv6 (`::ffff:10.0.0.1`, also written `::ffff:a00:1`) is read as the IPv4 address it
// carries, so that a rule about 10.0.0.0/8 cannot be stepped around by spelling it in IPv6.
import { isIPv4, isIPv6 } from 'node:net';

export interface IpAddress {
  version: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: readonly number[];
}

export interface Cidr extends IpAddress {
  prefix: number;
}

function ipv4Bytes(text: string): number[] | undefined {
  if (!isIPv4(text)) return undefined;
  return text.split('.').map(Number);
}

function ipv6Bytes(text: string): number[] | undefined {
  // Zone ids (`fe80::1%eth0`) name an interface, not an address.
  let address = text.replace(/%.*$/, '');
  if (!isIPv6(address)) return undefined;
  // A dotted IPv4 tail (`::ffff:10.0.0.1`) is the last two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted?.[1] !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Bytes(dotted[1]) ?? [];
    address = `${address.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [left = '', right] = address.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const leftGroups = groups(left);
  const rightGroups = right === undefined ? [] : groups(right);
  const missing = 8 - leftGroups.length - rightGroups.length;
  if (missing < 0 || (right === undefined && missing !== 0)) return undefined;
  const words = [...leftGroups, ...Array<string>(missing).fill('0'), ...rightGroups].map((group) =>
    Number.parseInt(group, 16),
  );
  return words.flatMap((word) => [word >> 8, word & 0xff]);
}

const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** An address, IPv4-mapped IPv6 read as its IPv4; `[::1]` brackets allowed; undefined if not an IP. */
export function parseAddress(text: string): IpAddress | undefined {
  const host = text.trim().replace(/^\[(.*)\]$/, '$1');
  const v4 = ipv4Bytes(host);
  if (v4 !== undefined) return { version: 4, bytes: v4 };
  const v6 = ipv6Bytes(host);
  if (v6 === undefined) return undefined;
  if (MAPPED_PREFIX.every((byte, i) => v6[i] === byte)) return { version: 4, bytes: v6.slice(12) };
  return { version: 6, bytes: v6 };
}

/** The address as text: dotted IPv4 (also for a mapped one), compressed IPv6 otherwise. */
export function formatAddress(address: IpAddress): string {
  if (address.version === 4) return address.bytes.join('.');
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2)
    words.push((((address.bytes[i] ?? 0) << 8) | (address.bytes[i + 1] ?? 0)).toString(16));
  // The longest run of two or more zero groups becomes `::`.
  const joined = `:${words.join(':')}:`;
  const runs = joined.match(/(?::0)+:/g)?.filter((run) => run.length > 4) ?? [];
  const longest = runs.reduce((a, b) => (b.length > a.length ? b : a), '');
  if (longest === '') return words.join(':');
  return joined.replace(longest, '::').replace(/^:(?!:)|(?<!:):$/g, '');
}

function hostBitsSet(bytes: readonly number[], prefix: number): boolean {
  return bytes.some((byte, i) => {
    const kept = Math.max(0, Math.min(8, prefix - i * 8));
    return (byte & (0xff >> kept)) !== 0;
  });
}

function masked(bytes: readonly number[], prefix: number): number[] {
  return bytes.map((byte, i) => {
    const kept = Math.max(0, Math.min(8, prefix - i * 8));
    return byte & ((0xff << (8 - kept)) & 0xff);
  });
}

export type CidrResult = { ok: true; cidr: Cidr } | { ok: false; problem: string };

/**
 * `a.b.c.d/n` or `addr/n`; a bare address is a single host (/32, /128) unless `requirePrefix`.
 * A CIDR with host bits set is refused with the network it probably meant.
 */
export function parseCidr(text: string, options: { requirePrefix?: boolean } = {}): CidrResult {
  const [addressText = '', bits, ...rest] = text.split('/');
  const address = parseAddress(addressText);
  const example = 'e.g. 192.0.2.0/24';
  if (address === undefined || rest.length > 0) return { ok: false, problem: `is not a CIDR, ${example}` };
  const max = address.version === 4 ? 32 : 128;
  if (bits === undefined) {
    if (options.requirePrefix) return { ok: false, problem: `needs a prefix length, ${example}` };
    return { ok: true, cidr: { ...address, prefix: max } };
  }
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max)
    return { ok: false, problem: `must have a prefix of at most ${max}` };
  const prefix = Number(bits);
  if (hostBitsSet(address.bytes, prefix)) {
    const network = formatAddress({ ...address, bytes: masked(address.bytes, prefix) });
    return { ok: false, problem: `has host bits set: did you mean ${network}/${prefix}?` };
  }
  return { ok: true, cidr: { ...address, prefix } };
}

/** Whether `address` lies in `cidr` (an IPv4 rule also covers IPv4-mapped IPv6). */
export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  if (cidr.version !== address.version) return false;
  const a = masked(cidr.bytes, cidr.prefix);
  const b = masked(address.bytes, cidr.prefix);
  return a.every((byte, i) => byte === b[i]);
}

/** Whether CIDR `inner` lies wholly inside `outer`. */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return inner.prefix >= outer.prefix && cidrContains(outer, inner);
}

/** A list of networks, checked once: which one (if any) holds an address. */
export class NetworkList {
  private readonly cidrs: Cidr[];

  /** Throws on a CIDR that does not parse (validate first with parseCidr for messages). */
  constructor(cidrs: readonly string[]) {
    this.cidrs = cidrs.map((text) => {
      const parsed = parseCidr(text);
      if (!parsed.ok) throw new Error(`'${text}' ${parsed.problem}`);
      return parsed.cidr;
    });
  }

  get size(): number {
    return this.cidrs.length;
  }

  has(addressText: string): boolean {
    const address = parseAddress(addressText);
    return address !== undefined && this.cidrs.some((cidr) => cidrContains(cidr, address));
  }
}
