// Network lists decide who is trusted as a proxy and who skips rate limits: wrong matching or lax parsing is a hole.
import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inNetworkList, parseNetworkList } from '../../src/lib/networks.ts';

/** An IPv4 address as an unsigned 32-bit number. */
const v4 = (address: string) => address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);

/** An IPv6 address (with '::' and a trailing dotted IPv4 allowed) as a 128-bit number. */
function v6(address: string): bigint {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4(dotted[1]!);
    text = `${text.slice(0, dotted.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((n, group) => (n << 16n) | BigInt(parseInt(group, 16)), 0n);
}

const sameV4Prefix = (a: string, b: string, prefix: number) => prefix === 0 || v4(a) >>> (32 - prefix) === v4(b) >>> (32 - prefix);
const sameV6Prefix = (a: string, b: string, prefix: number) => v6(a) >> BigInt(128 - prefix) === v6(b) >> BigInt(128 - prefix);
const isV4Mapped = (address: string) => v6(address) >> 32n === 0xffffn;

/** The RangeError parseNetworkList throws, or undefined when it does not throw one. */
function rangeErrorOf(text: string): RangeError | undefined {
  try {
    parseNetworkList(text);
  } catch (error) {
    if (error instanceof RangeError) return error;
    throw error;
  }
  return undefined;
}

describe('parseNetworkList', () => {
  it('reads addresses and CIDR ranges of both families, ignoring spaces and empty entries', () => {
    const list = parseNetworkList(' 10.9.0.0/16 , 127.0.0.1,, ::1, 2001:db8::/32 ,');
    expect(inNetworkList(list, '10.9.200.7')).toBe(true);
    expect(inNetworkList(list, '10.10.0.1')).toBe(false);
    expect(inNetworkList(list, '127.0.0.1')).toBe(true);
    expect(inNetworkList(list, '127.0.0.2')).toBe(false);
    expect(inNetworkList(list, '::1')).toBe(true);
    expect(inNetworkList(list, '2001:db8:4:5::17')).toBe(true);
    expect(inNetworkList(list, '2001:db9::1')).toBe(false);
  });

  it('makes an empty list from an empty setting', () => {
    for (const text of ['', ' ', ',', ' , ,']) {
      const list = parseNetworkList(text);
      expect(inNetworkList(list, '127.0.0.1')).toBe(false);
      expect(inNetworkList(list, '::1')).toBe(false);
    }
  });

  it('accepts the widest and narrowest prefixes of each family', () => {
    expect(inNetworkList(parseNetworkList('0.0.0.0/0'), '203.0.113.9')).toBe(true);
    expect(inNetworkList(parseNetworkList('203.0.113.9/32'), '203.0.113.9')).toBe(true);
    expect(inNetworkList(parseNetworkList('203.0.113.9/32'), '203.0.113.8')).toBe(false);
    expect(inNetworkList(parseNetworkList('::/0'), '2001:db8::1')).toBe(true);
    expect(inNetworkList(parseNetworkList('2001:db8::1/128'), '2001:db8::1')).toBe(true);
    expect(inNetworkList(parseNetworkList('2001:db8::1/128'), '2001:db8::2')).toBe(false);
  });

  it.each([
    ['localhost', 'not an IP address or CIDR range: "localhost"'],
    ['10.0.0', 'not an IP address or CIDR range: "10.0.0"'],
    ['256.1.1.1', 'not an IP address or CIDR range: "256.1.1.1"'],
    ['10.0.0.0 /8', 'not an IP address or CIDR range: "10.0.0.0 /8"'],
    ['10.0.0.0/33', 'not a CIDR range: "10.0.0.0/33"'],
    ['::1/129', 'not a CIDR range: "::1/129"'],
    ['10.0.0.0/', 'not a CIDR range: "10.0.0.0/"'],
    ['10.0.0.0/-8', 'not a CIDR range: "10.0.0.0/-8"'],
    ['10.0.0.0/255.0.0.0', 'not a CIDR range: "10.0.0.0/255.0.0.0"'],
    ['10.0.0.0/8/16', 'not a CIDR range: "10.0.0.0/8/16"'],
  ])('refuses %j with a RangeError naming it', (entry, message) => {
    expect(() => parseNetworkList(`127.0.0.1, ${entry}, ::1`)).toThrow(new RangeError(message));
  });

  it('matches an IPv4 range exactly by its prefix bits', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), fc.ipV4(), (network, prefix, address) => {
        const list = parseNetworkList(`${network}/${prefix}`);
        const expected = sameV4Prefix(network, address, prefix);
        expect(inNetworkList(list, address)).toBe(expected);
        // Dual-stack servers report IPv4 clients as IPv4-mapped IPv6.
        expect(inNetworkList(list, `::ffff:${address}`)).toBe(expected);
        expect(inNetworkList(list, network)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('matches an IPv6 range exactly by its prefix bits, in every spelling fast-check makes', () => {
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 0, max: 128 }), fc.ipV6(), (network, prefix, address) => {
        // An IPv4-mapped client is checked as IPv4 (see the property above); here both stay plain IPv6.
        fc.pre(!isV4Mapped(address));
        const list = parseNetworkList(`${network}/${prefix}`);
        expect(inNetworkList(list, address)).toBe(sameV6Prefix(network, address, prefix));
        expect(inNetworkList(list, network)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('holds every address it was given, and only those', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.oneof(fc.ipV4(), fc.ipV6()), { minLength: 1, maxLength: 8, selector: (a) => (isIP(a) === 4 ? `4:${v4(a)}` : `6:${v6(a)}`) }), fc.oneof(fc.ipV4(), fc.ipV6()), (addresses, probe) => {
        fc.pre(isIP(probe) === 4 || !isV4Mapped(probe));
        const list = parseNetworkList(addresses.join(', '));
        for (const address of addresses) expect(inNetworkList(list, address)).toBe(true);
        const listed = addresses.some((a) => (isIP(a) === 4 ? isIP(probe) === 4 && v4(a) === v4(probe) : isIP(probe) === 6 && v6(a) === v6(probe)));
        // An IPv4-mapped IPv6 entry also stands for its IPv4 address.
        const mappedListed = isIP(probe) === 4 && addresses.some((a) => isIP(a) === 6 && v6(a) === (0xffffn << 32n) + BigInt(v4(probe)));
        expect(inNetworkList(list, probe)).toBe(listed || mappedListed);
      }),
      { numRuns: 300 },
    );
  });

  it('throws a RangeError naming the first entry that is neither an address nor a range', () => {
    // Not a prefix length in either family; numbers too large for the family are added per family below.
    const badPrefix = fc.constantFrom('', '-1', '+8', ' 8', '8.0', '1e1', '0x8', 'abc', '8/8', '٨');
    const junk = fc.oneof(
      fc.constantFrom('localhost', 'proxy.internal', 'any', '*', '10.0.0', '10.0.0.0.0', '256.0.0.1', '1.2.3.-4', ':::1', '1::2::3', 'fe80::g', '[::1]', '10.0.0.0/8/16'),
      fc.tuple(fc.ipV4(), fc.oneof(fc.integer({ min: 33, max: 999 }).map(String), badPrefix)).map(([a, p]) => `${a}/${p}`),
      fc.tuple(fc.ipV6(), fc.oneof(fc.integer({ min: 129, max: 999 }).map(String), badPrefix)).map(([a, p]) => `${a}/${p}`),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).filter((s) => !s.includes(',') && !s.includes('/') && s.trim() !== '' && isIP(s.trim()) === 0),
    );
    fc.assert(
      fc.property(fc.array(fc.ipV4(), { maxLength: 3 }), junk, fc.array(fc.oneof(fc.ipV6(), junk), { maxLength: 3 }), (before, bad, after) => {
        const error = rangeErrorOf([...before, bad, ...after].join(','));
        expect(error).toBeInstanceOf(RangeError);
        expect(error!.message).toContain(JSON.stringify(bad.trim()));
      }),
      { numRuns: 500 },
    );
  });
});

describe('inNetworkList', () => {
  const list = parseNetworkList('10.9.0.0/16, 2001:db8::/48');

  it('treats IPv4-mapped IPv6 as the IPv4 address, in either case', () => {
    expect(inNetworkList(list, '::ffff:10.9.3.4')).toBe(true);
    expect(inNetworkList(list, '::FFFF:10.9.3.4')).toBe(true);
    expect(inNetworkList(list, '::ffff:10.10.3.4')).toBe(false);
    // The hexadecimal spelling of the same mapped address.
    expect(inNetworkList(list, '::ffff:a09:304')).toBe(true);
  });

  it('says no to anything that is not an address, and never throws', () => {
    for (const text of ['', 'unknown', '10.9.0.0/16', '10.9.3.4:443', '[2001:db8::1]', ' 10.9.3.4', '::ffff:999.9.3.4']) {
      expect(inNetworkList(list, text)).toBe(false);
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const answer = inNetworkList(list, text);
        expect(typeof answer).toBe('boolean');
        if (isIP(text) === 0) expect(answer).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('clientNetwork', () => {
  it('keeps IPv4 addresses and groups IPv6 addresses by /64', async () => {
    const { clientNetwork } = await import('../../src/lib/networks.ts');
    expect(clientNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:DB8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
