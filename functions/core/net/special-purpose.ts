// Addresses the hub must never call on AWS (a webhook is a public HTTPS endpoint): every range of
// IANA's special-purpose registries that is not globally reachable, and the IPv6 forms that carry
// an IPv4 address inside (NAT64, 6to4, Teredo, IPv4-compatible), since they can reach any of it.
import { cidrContains, type IpAddress, parseAddress, parseCidr } from './address.ts';

/** Range → why it is refused, as the error says it. */
export const NON_PUBLIC_RANGES: Readonly<Record<string, string>> = {
  '0.0.0.0/8': 'this network',
  '10.0.0.0/8': 'private',
  '100.64.0.0/10': 'shared address space (carrier-grade NAT)',
  '127.0.0.0/8': 'loopback',
  '169.254.0.0/16': 'link-local (and cloud metadata)',
  '172.16.0.0/12': 'private',
  '192.0.0.0/24': 'IETF protocol assignments',
  '192.0.2.0/24': 'documentation',
  '192.88.99.0/24': '6to4 relay anycast',
  '192.168.0.0/16': 'private',
  '198.18.0.0/15': 'benchmarking',
  '198.51.100.0/24': 'documentation',
  '203.0.113.0/24': 'documentation',
  '224.0.0.0/4': 'multicast',
  '240.0.0.0/4': 'reserved',
  '::/128': 'unspecified',
  '::1/128': 'loopback',
  '::/96': 'IPv4-compatible (deprecated)',
  '64:ff9b::/96': 'NAT64 (reaches IPv4 addresses)',
  '64:ff9b:1::/48': 'local NAT64',
  '100::/64': 'discard-only',
  '2001::/23': 'IETF protocol assignments (Teredo among them)',
  '2001:db8::/32': 'documentation',
  '2002::/16': '6to4 (reaches IPv4 addresses)',
  '3fff::/20': 'documentation',
  'fc00::/7': 'unique local (private)',
  'fe80::/10': 'link-local',
  'fec0::/10': 'site-local (deprecated)',
  'ff00::/8': 'multicast',
};

const RANGES = Object.entries(NON_PUBLIC_RANGES).map(([text, reason]) => {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`bad built-in range ${text}`);
  return { cidr: parsed.cidr, reason };
});

const GLOBAL_UNICAST = (() => {
  const parsed = parseCidr('2000::/3');
  if (!parsed.ok) throw new Error('bad built-in range 2000::/3');
  return parsed.cidr;
})();

const LOOPBACK = ['127.0.0.0/8', '::1/128'].map((text) => {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`bad built-in range ${text}`);
  return parsed.cidr;
});

function asAddress(address: string | IpAddress): IpAddress | undefined {
  return typeof address === 'string' ? parseAddress(address) : address;
}

/** Why an address is not a public one (e.g. `private`), or undefined when it is. Not an IP: undefined. */
export function nonPublicReason(address: string | IpAddress): string | undefined {
  const parsed = asAddress(address);
  if (parsed === undefined) return undefined;
  const reason = RANGES.find(({ cidr }) => cidrContains(cidr, parsed))?.reason;
  if (reason !== undefined) return reason;
  // Only 2000::/3 is global unicast; the rest of IPv6 is reserved or local.
  return parsed.version === 6 && !cidrContains(GLOBAL_UNICAST, parsed) ? 'not global unicast' : undefined;
}

export function isPublicAddress(address: string | IpAddress): boolean {
  const parsed = asAddress(address);
  return parsed !== undefined && nonPublicReason(parsed) === undefined;
}

export function isLoopbackAddress(address: string | IpAddress): boolean {
  const parsed = asAddress(address);
  return parsed !== undefined && LOOPBACK.some((cidr) => cidrContains(cidr, parsed));
}

/** Host names that always mean this machine. */
export function isLocalHostName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost');
}
