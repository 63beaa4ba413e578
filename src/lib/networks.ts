// Lists of client networks ("10.0.0.0/8, 127.0.0.1, ::1") as node's BlockList, for allow-lists and trusted proxies.
// Example: parseNetworkList('10.0.0.0/8,::1').check('10.1.2.3') === true
import { BlockList, isIP } from 'node:net';

/** Parses a comma-separated list of addresses and CIDR ranges; throws a RangeError naming the first bad entry. */
export function parseNetworkList(text: string): BlockList {
  const list = new BlockList();
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [address = '', prefixText, ...extra] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new RangeError(`not an IP address or CIDR range: ${JSON.stringify(entry)}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefixText === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const prefix = Number(prefixText);
    if (extra.length > 0 || !/^\d{1,3}$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) throw new RangeError(`not a CIDR range: ${JSON.stringify(entry)}`);
    list.addSubnet(address, prefix, type);
  }
  return list;
}

/** True when the address (IPv4, IPv6 or IPv4-mapped IPv6) is in the list. */
export function inNetworkList(list: BlockList, address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return list.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return false;
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client network a request counts against: an IPv4 address as is (IPv4-mapped IPv6 too), an IPv6 address as
 * its /64, since one home or office gets a whole /64 and could otherwise rotate addresses for ever.
 */
export function clientNetwork(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIP(address) !== 6) return address.toLowerCase();
  const halves = address.toLowerCase().split('%')[0]!.split('::');
  const left = halves[0] ? halves[0].split(':') : [];
  const right = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
  const groupsIn = (parts: string[]) => parts.reduce((n, part) => n + (part.includes('.') ? 2 : 1), 0);
  const zeros = halves.length > 1 ? Array(8 - groupsIn(left) - groupsIn(right)).fill('0') : [];
  const groups = [...left, ...zeros, ...right].slice(0, 4).map((group) => parseInt(group, 16).toString(16));
  return `${groups.join(':')}::/64`;
}
