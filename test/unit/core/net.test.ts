// Address rules (functions/core/net): one parser for every place the hub judges an address, and
// which addresses are not public — each special-purpose range with an address inside it and one
// just outside, and the IPv6 spellings that carry an IPv4 address.
import { describe, expect, it } from 'vitest';
import {
  type Cidr,
  cidrContains,
  cidrWithin,
  isPublicAddress,
  NetworkList,
  NON_PUBLIC_RANGES,
  nonPublicReason,
  parseAddress,
  parseCidr,
} from '../../../functions/core/net/index.ts';

/** 16 bytes from eight 16-bit groups. */
function v6(...words: number[]): number[] {
  return words.flatMap((word) => [word >> 8, word & 0xff]);
}

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`${text} ${parsed.problem}`);
  return parsed.cidr;
}

describe('parseAddress', () => {
  it.each([
    { text: '192.0.2.1', version: 4, bytes: [192, 0, 2, 1] },
    { text: ' 10.0.0.1 ', version: 4, bytes: [10, 0, 0, 1] },
    { text: '0.0.0.0', version: 4, bytes: [0, 0, 0, 0] },
    { text: '255.255.255.255', version: 4, bytes: [255, 255, 255, 255] },
    { text: '::', version: 6, bytes: v6(0, 0, 0, 0, 0, 0, 0, 0) },
    { text: '::1', version: 6, bytes: v6(0, 0, 0, 0, 0, 0, 0, 1) },
    { text: '2001:db8::1', version: 6, bytes: v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1) },
    { text: '2001:db8::', version: 6, bytes: v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0) },
    { text: '2001:db8:0:1:2::9', version: 6, bytes: v6(0x2001, 0xdb8, 0, 1, 2, 0, 0, 9) },
    { text: '1:2:3:4:5:6:7:8', version: 6, bytes: v6(1, 2, 3, 4, 5, 6, 7, 8) },
    { text: 'FE80::ABCD', version: 6, bytes: v6(0xfe80, 0, 0, 0, 0, 0, 0, 0xabcd) },
    { text: '[2001:db8::1]', version: 6, bytes: v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1) },
    { text: 'fe80::1%eth0', version: 6, bytes: v6(0xfe80, 0, 0, 0, 0, 0, 0, 1) },
    { text: '[fe80::1%25eth0]', version: 6, bytes: v6(0xfe80, 0, 0, 0, 0, 0, 0, 1) },
    // IPv4-mapped, in either spelling, is the IPv4 address it carries.
    { text: '::ffff:10.0.0.1', version: 4, bytes: [10, 0, 0, 1] },
    { text: '::ffff:a00:1', version: 4, bytes: [10, 0, 0, 1] },
    { text: '::FFFF:7F00:1', version: 4, bytes: [127, 0, 0, 1] },
    { text: '[::ffff:169.254.169.254]', version: 4, bytes: [169, 254, 169, 254] },
    { text: '0:0:0:0:0:ffff:c000:201', version: 4, bytes: [192, 0, 2, 1] },
    // A dotted tail elsewhere stays IPv6.
    { text: '::10.0.0.1', version: 6, bytes: v6(0, 0, 0, 0, 0, 0, 0x0a00, 1) },
    { text: '64:ff9b::10.0.0.1', version: 6, bytes: v6(0x64, 0xff9b, 0, 0, 0, 0, 0x0a00, 1) },
    { text: '::ffff:0:a00:1', version: 6, bytes: v6(0, 0, 0, 0, 0xffff, 0, 0x0a00, 1) },
  ])('reads $text as IPv$version', ({ text, version, bytes }) => {
    expect(parseAddress(text)).toEqual({ version, bytes });
  });

  it.each([
    '',
    'example.org',
    'localhost',
    '256.1.1.1',
    '10.0.0',
    '10.0.0.1.2',
    '1.2.3.04',
    '0x7f.0.0.1',
    '2130706433',
    '10.0.0.1/8',
    '[10.0.0.1',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '2001:db8:::1',
    '2001::db8::1',
    '::g',
    '12345::1',
  ])('reads %j as no address', (text) => {
    expect(parseAddress(text)).toBeUndefined();
  });
});

describe('parseCidr', () => {
  it.each([
    { text: '10.0.0.0/8', version: 4, bytes: [10, 0, 0, 0], prefix: 8 },
    { text: '192.168.0.0/23', version: 4, bytes: [192, 168, 0, 0], prefix: 23 },
    { text: '0.0.0.0/0', version: 4, bytes: [0, 0, 0, 0], prefix: 0 },
    { text: '2001:db8::/32', version: 6, bytes: v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0), prefix: 32 },
    { text: '::/0', version: 6, bytes: v6(0, 0, 0, 0, 0, 0, 0, 0), prefix: 0 },
    // A bare address is a single host.
    { text: '192.0.2.7', version: 4, bytes: [192, 0, 2, 7], prefix: 32 },
    { text: '2001:db8::7', version: 6, bytes: v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 7), prefix: 128 },
  ])('reads $text', ({ text, version, bytes, prefix }) => {
    expect(parseCidr(text)).toEqual({ ok: true, cidr: { version, bytes, prefix } });
  });

  it.each([
    { text: '10.0.0.1/8', problem: 'has host bits set: did you mean 10.0.0.0/8?' },
    { text: '192.168.1.77/20', problem: 'has host bits set: did you mean 192.168.0.0/20?' },
    { text: '172.16.5.4/12', problem: 'has host bits set: did you mean 172.16.0.0/12?' },
    { text: '2001:db8::1/32', problem: 'has host bits set: did you mean 2001:db8::/32?' },
    { text: 'fe80::1/10', problem: 'has host bits set: did you mean fe80::/10?' },
    { text: '2001:db8:0:1::1/64', problem: 'has host bits set: did you mean 2001:db8:0:1::/64?' },
    { text: '10.0.0.0/33', problem: 'must have a prefix of at most 32' },
    { text: '2001:db8::/129', problem: 'must have a prefix of at most 128' },
    { text: '10.0.0.0/x', problem: 'must have a prefix of at most 32' },
    { text: '10.0.0.0/-1', problem: 'must have a prefix of at most 32' },
    { text: '10.0.0.0/8/8', problem: 'is not a CIDR, e.g. 192.0.2.0/24' },
    { text: 'example.org/8', problem: 'is not a CIDR, e.g. 192.0.2.0/24' },
    { text: '', problem: 'is not a CIDR, e.g. 192.0.2.0/24' },
  ])('refuses $text: $problem', ({ text, problem }) => {
    expect(parseCidr(text)).toEqual({ ok: false, problem });
  });

  it('asks for a prefix when one is required', () => {
    expect(parseCidr('192.0.2.7', { requirePrefix: true })).toEqual({
      ok: false,
      problem: 'needs a prefix length, e.g. 192.0.2.0/24',
    });
    expect(parseCidr('192.0.2.0/24', { requirePrefix: true }).ok).toBe(true);
  });
});

describe('cidrContains', () => {
  it.each([
    { range: '10.0.0.0/8', address: '10.255.1.2', contains: true },
    { range: '10.0.0.0/8', address: '11.0.0.0', contains: false },
    { range: '10.0.0.0/8', address: '::ffff:10.1.2.3', contains: true },
    { range: '10.0.0.0/8', address: '::a01:203', contains: false },
    { range: '192.168.0.0/23', address: '192.168.1.255', contains: true },
    { range: '192.168.0.0/23', address: '192.168.2.0', contains: false },
    { range: '0.0.0.0/0', address: '255.255.255.255', contains: true },
    { range: '0.0.0.0/0', address: '::1', contains: false },
    { range: '::/0', address: '10.0.0.1', contains: false },
    { range: '::/0', address: '2606:4700::1111', contains: true },
    { range: '2001:db8::/32', address: '2001:db8:ffff::1', contains: true },
    { range: '2001:db8::/32', address: '2001:db9::', contains: false },
    { range: 'fe80::/10', address: 'febf:ffff::1', contains: true },
    { range: 'fe80::/10', address: 'fec0::', contains: false },
    { range: '192.0.2.7', address: '192.0.2.7', contains: true },
    { range: '192.0.2.7', address: '192.0.2.8', contains: false },
  ])('$range holds $address: $contains', ({ range, address, contains }) => {
    const parsed = parseAddress(address);
    expect(parsed).toBeDefined();
    expect(cidrContains(cidr(range), parsed as NonNullable<typeof parsed>)).toBe(contains);
  });
});

describe('cidrWithin', () => {
  it.each([
    { inner: '10.1.0.0/16', outer: '10.0.0.0/8', within: true },
    { inner: '10.0.0.0/8', outer: '10.0.0.0/8', within: true },
    { inner: '10.9.8.7', outer: '10.0.0.0/8', within: true },
    { inner: '10.0.0.0/8', outer: '10.1.0.0/16', within: false },
    { inner: '11.0.0.0/16', outer: '10.0.0.0/8', within: false },
    { inner: '10.0.0.0/7', outer: '10.0.0.0/8', within: false },
    { inner: '2001:db8:1::/48', outer: '2001:db8::/32', within: true },
    { inner: '2001:db9::/48', outer: '2001:db8::/32', within: false },
    { inner: '10.0.0.0/8', outer: '::/0', within: false },
  ])('$inner lies within $outer: $within', ({ inner, outer, within }) => {
    expect(cidrWithin(cidr(inner), cidr(outer))).toBe(within);
  });
});

describe('NetworkList', () => {
  const list = new NetworkList(['10.0.0.0/8', '2001:db8::/32', '192.0.2.7']);

  it.each([
    { address: '10.9.9.9', has: true },
    { address: '::ffff:10.9.9.9', has: true },
    { address: '::ffff:a09:909', has: true },
    { address: '[2001:db8::5]', has: true },
    { address: '192.0.2.7', has: true },
    { address: '192.0.2.8', has: false },
    { address: '11.0.0.1', has: false },
    { address: '2001:db9::1', has: false },
    { address: 'not an address', has: false },
  ])('holds $address: $has', ({ address, has }) => {
    expect(list.has(address)).toBe(has);
  });

  it('counts its networks, and an empty list holds nothing', () => {
    expect(list.size).toBe(3);
    expect(new NetworkList([]).has('10.0.0.1')).toBe(false);
  });

  it('refuses a network that does not parse, saying why', () => {
    expect(() => new NetworkList(['10.0.0.0/8', '10.0.0.1/8'])).toThrow(
      "'10.0.0.1/8' has host bits set: did you mean 10.0.0.0/8?",
    );
  });
});

/** Each non-public range: addresses inside it, and addresses just outside with what they are. */
const RANGE_TABLE: { range: string; inside: string[]; outside: [string, string | undefined][] }[] = [
  { range: '0.0.0.0/8', inside: ['0.0.0.0', '0.255.255.255'], outside: [['1.0.0.0', undefined]] },
  {
    range: '10.0.0.0/8',
    inside: ['10.0.0.0', '10.255.255.255'],
    outside: [
      ['9.255.255.255', undefined],
      ['11.0.0.0', undefined],
    ],
  },
  {
    range: '100.64.0.0/10',
    inside: ['100.64.0.0', '100.127.255.255'],
    outside: [
      ['100.63.255.255', undefined],
      ['100.128.0.0', undefined],
    ],
  },
  {
    range: '127.0.0.0/8',
    inside: ['127.0.0.1', '127.255.255.254'],
    outside: [
      ['126.255.255.255', undefined],
      ['128.0.0.0', undefined],
    ],
  },
  {
    range: '169.254.0.0/16',
    inside: ['169.254.169.254', '169.254.0.0'],
    outside: [
      ['169.253.255.255', undefined],
      ['169.255.0.0', undefined],
    ],
  },
  {
    range: '172.16.0.0/12',
    inside: ['172.16.0.0', '172.31.255.255'],
    outside: [
      ['172.15.255.255', undefined],
      ['172.32.0.0', undefined],
    ],
  },
  {
    range: '192.0.0.0/24',
    inside: ['192.0.0.8', '192.0.0.255'],
    outside: [
      ['191.255.255.255', undefined],
      ['192.0.1.0', undefined],
    ],
  },
  {
    range: '192.0.2.0/24',
    inside: ['192.0.2.1'],
    outside: [
      ['192.0.1.255', undefined],
      ['192.0.3.0', undefined],
    ],
  },
  {
    range: '192.88.99.0/24',
    inside: ['192.88.99.1'],
    outside: [
      ['192.88.98.255', undefined],
      ['192.88.100.0', undefined],
    ],
  },
  {
    range: '192.168.0.0/16',
    inside: ['192.168.0.0', '192.168.255.255'],
    outside: [
      ['192.167.255.255', undefined],
      ['192.169.0.0', undefined],
    ],
  },
  {
    range: '198.18.0.0/15',
    inside: ['198.18.0.1', '198.19.255.255'],
    outside: [
      ['198.17.255.255', undefined],
      ['198.20.0.0', undefined],
    ],
  },
  {
    range: '198.51.100.0/24',
    inside: ['198.51.100.7'],
    outside: [
      ['198.51.99.255', undefined],
      ['198.51.101.0', undefined],
    ],
  },
  {
    range: '203.0.113.0/24',
    inside: ['203.0.113.9'],
    outside: [
      ['203.0.112.255', undefined],
      ['203.0.114.0', undefined],
    ],
  },
  {
    range: '224.0.0.0/4',
    inside: ['224.0.0.1', '239.255.255.255'],
    outside: [['223.255.255.255', undefined]],
  },
  { range: '240.0.0.0/4', inside: ['240.0.0.1', '255.255.255.255'], outside: [] },
  { range: '::/128', inside: ['::'], outside: [['::1', 'loopback']] },
  { range: '::1/128', inside: ['::1', '[::1]'], outside: [['::2', 'IPv4-compatible (deprecated)']] },
  {
    range: '::/96',
    inside: ['::2', '::10.0.0.1', '::a00:1', '::8.8.8.8'],
    outside: [['::1:0:0', 'not global unicast']],
  },
  {
    range: '64:ff9b::/96',
    inside: ['64:ff9b::a00:1', '64:ff9b::10.0.0.1', '64:ff9b::808:808'],
    outside: [['64:ff9b::1:0:0', 'not global unicast']],
  },
  {
    range: '64:ff9b:1::/48',
    inside: ['64:ff9b:1::1', '64:ff9b:1:ffff::1'],
    outside: [['64:ff9b:2::1', 'not global unicast']],
  },
  {
    range: '100::/64',
    inside: ['100::1', '100::ffff:ffff:ffff:ffff'],
    outside: [['100:0:0:1::1', 'not global unicast']],
  },
  {
    range: '2001::/23',
    inside: ['2001::1', '2001:0:4136:e378::1', '2001:1ff:ffff::1'],
    outside: [
      ['2001:200::1', undefined],
      ['2000:ffff::1', undefined],
    ],
  },
  {
    range: '2001:db8::/32',
    inside: ['2001:db8::1', '2001:db8:ffff:ffff::1'],
    outside: [
      ['2001:db7:ffff::1', undefined],
      ['2001:db9::1', undefined],
    ],
  },
  {
    range: '2002::/16',
    inside: ['2002:a00:1::1', '2002:ffff::1'],
    outside: [
      ['2001:ffff::1', undefined],
      ['2003::1', undefined],
    ],
  },
  {
    range: '3fff::/20',
    inside: ['3fff::1', '3fff:fff:ffff::1'],
    outside: [
      ['3ffe:ffff::1', undefined],
      ['3fff:1000::1', undefined],
    ],
  },
  {
    range: 'fc00::/7',
    inside: ['fc00::1', 'fd12:3456::1', 'fdff:ffff::1'],
    outside: [
      ['fbff::1', 'not global unicast'],
      ['fe00::1', 'not global unicast'],
    ],
  },
  {
    range: 'fe80::/10',
    inside: ['fe80::1', 'fe80::1%eth0', 'febf::1', 'febf:ffff::1'],
    outside: [
      ['fe7f::1', 'not global unicast'],
      ['fec0::1', 'site-local (deprecated)'],
    ],
  },
  { range: 'fec0::/10', inside: ['fec0::1', 'feff::1'], outside: [['ff00::1', 'multicast']] },
  {
    range: 'ff00::/8',
    inside: ['ff02::1', 'ff0e::101', 'ffff::1'],
    outside: [['feff::1', 'site-local (deprecated)']],
  },
];

describe('nonPublicReason and isPublicAddress', () => {
  it('have an example for every non-public range', () => {
    expect(RANGE_TABLE.map((row) => row.range).sort()).toEqual(Object.keys(NON_PUBLIC_RANGES).sort());
  });

  it.each(
    RANGE_TABLE.flatMap(({ range, inside }) =>
      inside.map((address) => ({ range, address, reason: NON_PUBLIC_RANGES[range] })),
    ),
  )('refuse $address as $reason ($range)', ({ address, reason }) => {
    expect(reason).toBeDefined();
    expect(nonPublicReason(address)).toBe(reason);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(
    RANGE_TABLE.flatMap(({ range, outside }) =>
      outside.map(([address, reason]) => ({ range, address, reason: reason ?? 'public' })),
    ),
  )('take $address, just outside $range, as $reason', ({ address, reason }) => {
    expect(nonPublicReason(address) ?? 'public').toBe(reason);
    expect(isPublicAddress(address)).toBe(reason === 'public');
  });

  it.each([
    { address: '::ffff:10.0.0.1', reason: 'private' },
    { address: '::ffff:a00:1', reason: 'private' },
    { address: '[::ffff:192.168.1.1]', reason: 'private' },
    { address: '::ffff:ac10:1', reason: 'private' },
    { address: '::ffff:127.0.0.1', reason: 'loopback' },
    { address: '::ffff:7f00:1', reason: 'loopback' },
    { address: '::ffff:169.254.169.254', reason: 'link-local (and cloud metadata)' },
    { address: '::ffff:a9fe:a9fe', reason: 'link-local (and cloud metadata)' },
    { address: '::ffff:0.0.0.0', reason: 'this network' },
    { address: '::ffff:100.64.0.1', reason: 'shared address space (carrier-grade NAT)' },
    { address: '64:ff9b::a00:1', reason: 'NAT64 (reaches IPv4 addresses)' },
    { address: '::ffff:0:a00:1', reason: 'not global unicast' },
    { address: '5f00::1', reason: 'not global unicast' },
    { address: '4000::1', reason: 'not global unicast' },
    { address: 'c000::1', reason: 'not global unicast' },
  ])('refuse $address, an IPv6 spelling of a non-public address, as $reason', ({ address, reason }) => {
    expect(nonPublicReason(address)).toBe(reason);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.215.14',
    '::ffff:8.8.8.8',
    '::ffff:5db8:d70e',
    '2606:4700::1111',
    '[2606:4700::1111]',
    '2a00:1450:4009:81f::200e',
    '2001:4860:4860::8888',
  ])('take %s as public', (address) => {
    expect(nonPublicReason(address)).toBeUndefined();
    expect(isPublicAddress(address)).toBe(true);
  });

  it('take a parsed address as well as text', () => {
    expect(nonPublicReason({ version: 4, bytes: [10, 1, 2, 3] })).toBe('private');
    expect(isPublicAddress({ version: 4, bytes: [8, 8, 4, 4] })).toBe(true);
  });

  it.each(['example.org', 'localhost', '', '10.0.0.1/8'])(
    'give no reason, and no public address, for %j',
    (text) => {
      expect(nonPublicReason(text)).toBeUndefined();
      expect(isPublicAddress(text)).toBe(false);
    },
  );
});
