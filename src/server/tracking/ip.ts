import { isIPv4, isIPv6 } from 'node:net';
import { memo } from '../core/memo';

/** An address as a number, with its family. */
export type ParsedIp = { family: 4 | 6; value: bigint };

const MAPPED_V4 = 0xffffn << 32n;

function v4Value(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function v6Value(text: string): bigint {
  let t = text;
  // A dotted quad at the end (`::ffff:192.0.2.1`) stands for the last two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (dotted) {
    const v = v4Value(dotted[1]);
    t = `${t.slice(0, dotted.index)}${(v >> 16n).toString(16)}:${(v & 0xffffn).toString(16)}`;
  }
  // isIPv6 has already checked the shape: at most one `::`, eight groups in all.
  const [left, right] = t.split('::');
  const l = left ? left.split(':') : [];
  const r = right ? right.split(':') : [];
  const groups = right === undefined ? l : [...l, ...new Array<string>(8 - l.length - r.length).fill('0'), ...r];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/**
 * Parses a client address as Node reports it. An IPv4 client of a server listening on `::` shows up as
 * `::ffff:192.0.2.1`; the range lists name the IPv4 address, so mapped addresses come back as IPv4.
 */
export const parseIp: (input: string) => ParsedIp | null = memo((input) => {
  const text = input.trim().replace(/%[^%]*$/, '');
  if (isIPv4(text)) return { family: 4, value: v4Value(text) };
  if (!isIPv6(text)) return null;
  const value = v6Value(text.toLowerCase());
  if (value >> 32n === 0xffffn) return { family: 4, value: value - MAPPED_V4 };
  return { family: 6, value };
});

/** Parses `192.0.2.0/24`, `2001:db8::/32` or a bare address (one address); host bits are ignored. */
export function parseCidr(text: string): { family: 4 | 6; start: bigint; end: bigint } | { error: string } {
  const [addr, bitsText, ...rest] = text.trim().split('/');
  const written = isIPv4(addr) ? 4 : isIPv6(addr) ? 6 : 0;
  if (!written) return { error: 'is not an IPv4 or IPv6 address' };
  if (rest.length) return { error: 'has more than one "/"' };
  const width = written === 4 ? 32 : 128;
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText))
    return { error: `has a prefix length "${bitsText}" that is not a number` };
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (bits > width) return { error: `has a prefix length /${bits}, more than ${width}` };
  const value = written === 4 ? v4Value(addr) : v6Value(addr.toLowerCase());
  const hostBits = BigInt(width - bits);
  const start = (value >> hostBits) << hostBits;
  const end = start + (1n << hostBits) - 1n;
  // An IPv4-mapped IPv6 range covers the IPv4 addresses it maps, and client addresses are unmapped by parseIp.
  if (written === 6 && start >> 32n === 0xffffn && end >> 32n === 0xffffn)
    return { family: 4, start: start - MAPPED_V4, end: end - MAPPED_V4 };
  return { family: written, start, end };
}

type Range = { start: bigint; end: bigint; label: string };

function sortAndMerge(ranges: Range[]): Range[] {
  ranges.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: Range[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && last.label === r.label && r.start <= last.end + 1n) {
      if (r.end > last.end) last.end = r.end;
    } else if (last && r.start <= last.end) {
      // Overlap between two owners: the earlier range keeps the shared part, the rest goes to the later one.
      if (r.end > last.end) out.push({ start: last.end + 1n, end: r.end, label: r.label });
    } else out.push({ ...r });
  }
  return out;
}

function find(ranges: Range[], value: bigint): string | null {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid];
    if (value < r.start) hi = mid - 1;
    else if (value > r.end) lo = mid + 1;
    else return r.label;
  }
  return null;
}

/**
 * A set of IPv4 and IPv6 ranges, each labelled with its owner, answered by binary search over sorted, merged
 * ranges. node:net's BlockList checks its rules one after the other: with Apple's ~300k egress ranges that is
 * about 17 ms per lookup on this machine, where a binary search takes microseconds.
 */
export class CidrSet {
  /** How many entries were given (before merging). */
  readonly size: number;
  private readonly v4: Range[];
  private readonly v6: Range[];

  constructor(entries: Iterable<{ cidr: string; label: string }>) {
    const v4: Range[] = [];
    const v6: Range[] = [];
    let size = 0;
    for (const { cidr, label } of entries) {
      const parsed = parseCidr(cidr);
      if ('error' in parsed) throw new Error(`"${cidr}" ${parsed.error}`);
      (parsed.family === 4 ? v4 : v6).push({ start: parsed.start, end: parsed.end, label });
      size++;
    }
    this.size = size;
    this.v4 = sortAndMerge(v4);
    this.v6 = sortAndMerge(v6);
  }

  /** The label of the range holding the address; null when none does or when it is not an address. */
  lookup(address: string): string | null {
    const ip = parseIp(address);
    if (!ip) return null;
    return find(ip.family === 4 ? this.v4 : this.v6, ip.value);
  }
}

/**
 * The address cut to its network (IPv4 /24, IPv6 /48) for storage: enough to read why an event got its label
 * (which provider, which region), not enough to single out a household. Null for anything that is not an address.
 */
export function truncateIp(address: string): string | null {
  const ip = parseIp(address);
  if (!ip) return null;
  if (ip.family === 4) {
    const v = Number(ip.value >> 8n);
    return `${v >>> 16}.${(v >>> 8) & 255}.${v & 255}.0`;
  }
  const top = ip.value >> 80n;
  const groups = [top >> 32n, (top >> 16n) & 0xffffn, top & 0xffffn].map((g) => g.toString(16));
  return `${groups.join(':')}::`;
}
