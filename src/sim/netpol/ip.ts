/**
 * IPv4 and IPv6 addresses as bigints, CIDRs as inclusive ranges, and disjoint "atoms" of the address space.
 *
 * We use our own bigint arithmetic rather than `netmask` because `netmask` is IPv4-only and NetworkPolicy
 * ipBlocks may be IPv6 (kubernetes/api:networking/v1/types.go IPBlock: "Valid examples are "192.168.1.0/24"
 * or "2001:db8::/64""). CIDRs are parsed non-strictly — host bits are masked off — because the upstream e2e
 * suite writes `<podIP>/4` verbatim (kubernetes/kubernetes:test/e2e/network/netpol/network_policy.go).
 */

export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

/** An inclusive range of one family. */
export interface IpRange {
  readonly family: IpFamily;
  readonly lo: bigint;
  readonly hi: bigint;
}

const MAX: Readonly<Record<IpFamily, bigint>> = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n };
const BITS: Readonly<Record<IpFamily, number>> = { 4: 32, 6: 128 };

/** The whole space of a family. */
export function fullRange(family: IpFamily): IpRange {
  return { family, lo: 0n, hi: MAX[family] };
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseV6(s: string): bigint | undefined {
  if (s.includes('%')) return undefined;
  let head = s;
  let tailV4: bigint | undefined;
  // An embedded IPv4 tail (`::ffff:10.0.0.1`) counts as the last two groups.
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    tailV4 = parseV4(s.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = s.slice(0, lastColon + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (x: string): string[] => (x === '' ? [] : x.split(':'));
  const left = groups(halves[0] as string);
  const right = halves.length === 2 ? groups(halves[1] as string) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let v = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  if (tailV4 !== undefined) v = (v & ~0xffffffffn) | tailV4;
  return v;
}

/** Parses an IPv4 or IPv6 address; undefined when it is not one. */
export function parseIp(s: string): IpAddress | undefined {
  const t = s.trim();
  if (t.includes(':')) {
    const v = parseV6(t);
    return v === undefined ? undefined : { family: 6, value: v };
  }
  const v = parseV4(t);
  return v === undefined ? undefined : { family: 4, value: v };
}

/** Parses `addr/len` into the range it covers, masking host bits (non-strict, as upstream e2e needs). */
export function parseCidr(s: string): IpRange | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(s.slice(0, slash));
  const lenText = s.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(lenText)) return undefined;
  const len = Number(lenText);
  const bits = BITS[ip.family];
  if (len > bits) return undefined;
  const hostBits = BigInt(bits - len);
  const lo = (ip.value >> hostBits) << hostBits;
  const hi = lo | ((1n << hostBits) - 1n);
  return { family: ip.family, lo, hi };
}

export function rangeContains(r: IpRange, ip: IpAddress): boolean {
  return r.family === ip.family && r.lo <= ip.value && ip.value <= r.hi;
}

/** True when `inner` lies within `outer`. */
export function rangeWithin(inner: IpRange, outer: IpRange): boolean {
  return inner.family === outer.family && outer.lo <= inner.lo && inner.hi <= outer.hi;
}

function formatV4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
}

function formatV6(v: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (length >= 2) of zero groups, the first on ties.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return hex.slice(0, best).join(':') + '::' + hex.slice(best + bestLen).join(':');
}

export function formatIp(family: IpFamily, v: bigint): string {
  return family === 4 ? formatV4(v) : formatV6(v);
}

/** `lo-hi` as netpol-analyzer prints IP atoms (`0.0.0.0-9.255.255.255`); one address alone when lo = hi. */
export function formatRange(r: IpRange): string {
  return r.lo === r.hi ? formatIp(r.family, r.lo) : `${formatIp(r.family, r.lo)}-${formatIp(r.family, r.hi)}`;
}

/**
 * Splits each family's whole space into disjoint, ordered atoms at every boundary of the given ranges:
 * every given range is then exactly a union of atoms (netpol-analyzer's "disjoint IP blocks").
 */
export function atomize(ranges: readonly IpRange[], families: readonly IpFamily[]): IpRange[] {
  const out: IpRange[] = [];
  for (const family of families) {
    const cuts = new Set<bigint>([0n, MAX[family] + 1n]);
    for (const r of ranges) {
      if (r.family !== family) continue;
      cuts.add(r.lo);
      cuts.add(r.hi + 1n);
    }
    const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 0; i + 1 < sorted.length; i++) {
      out.push({ family, lo: sorted[i] as bigint, hi: (sorted[i + 1] as bigint) - 1n });
    }
  }
  return out;
}
