/**
 * IP and CIDR handling the way kube-proxy does it: addresses are parsed "sloppily" (IPv4 octets with
 * leading zeros are decimal, as in k8s.io/utils/net ParseIPSloppy) and printed in Go's net.IP.String()
 * form; CIDRs are printed as Go's net.IPNet.String(), i.e. masked to their network address.
 */

export type IPFamily = 'IPv4' | 'IPv6';

/** A parsed address: 4 or 16 bytes. */
export interface ParsedIP {
  readonly family: IPFamily;
  readonly bytes: readonly number[];
}

export interface ParsedCIDR {
  readonly ip: ParsedIP;
  readonly prefix: number;
}

/** Parses an IPv4 address whose octets may carry leading zeros (read as decimal, like ParseIPSloppy). */
function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIPv6(s: string): number[] | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(s) || s.length < 2) return undefined;
  let tail: number[] = [];
  let text = s;
  // An embedded IPv4 tail (::ffff:1.2.3.4).
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = v4;
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const rest = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !rest) return undefined;
  let all: number[];
  if (halves.length === 2) {
    const fill = 8 - head.length - rest.length;
    if (fill < 1) return undefined;
    all = [...head, ...new Array<number>(fill).fill(0), ...rest];
  } else {
    all = head;
  }
  if (all.length !== 8) return undefined;
  const bytes: number[] = [];
  for (const g of all) bytes.push(g >> 8, g & 0xff);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** Parses an address (IPv4 or IPv6); undefined when it is not one. */
export function parseIP(s: string): ParsedIP | undefined {
  const t = s.trim();
  if (t.includes(':')) {
    const b = parseIPv6(t);
    if (!b) return undefined;
    // Go treats ::ffff:a.b.c.d as an IPv4 address.
    if (b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return { family: 'IPv4', bytes: b.slice(12) };
    return { family: 'IPv6', bytes: b };
  }
  const b = parseIPv4(t);
  return b ? { family: 'IPv4', bytes: b } : undefined;
}

/** Go's net.IP.String(): dotted quad, or RFC 5952 compressed lower-case IPv6. */
export function formatIP(ip: ParsedIP): string {
  if (ip.family === 'IPv4') return ip.bytes.join('.');
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push(((ip.bytes[i] ?? 0) << 8) | (ip.bytes[i + 1] ?? 0));
  // Longest run of two or more zero groups, first one on ties (Go's rule).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (n: number | undefined): string => (n ?? 0).toString(16);
  if (bestStart < 0) return g.map(hex).join(':');
  const left = g.slice(0, bestStart).map(hex).join(':');
  const right = g.slice(bestStart + bestLen).map(hex).join(':');
  return `${left}::${right}`;
}

/** Normalises an address string; undefined when invalid. */
export function normalizeIP(s: string): string | undefined {
  const ip = parseIP(s);
  return ip ? formatIP(ip) : undefined;
}

export function ipFamilyOf(s: string): IPFamily | undefined {
  return parseIP(s)?.family;
}

/** Parses `a.b.c.d/n` (sloppy), masking the address to its network like net.ParseCIDR. */
export function parseCIDR(s: string): ParsedCIDR | undefined {
  const t = s.trim();
  const slash = t.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(t.slice(0, slash));
  const prefixText = t.slice(slash + 1);
  if (!ip || !/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bits = ip.bytes.length * 8;
  if (prefix > bits) return undefined;
  const bytes = ip.bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  return { ip: { family: ip.family, bytes }, prefix };
}

/** Go's net.IPNet.String(). */
export function formatCIDR(c: ParsedCIDR): string {
  return `${formatIP(c.ip)}/${c.prefix}`;
}

export function normalizeCIDR(s: string): string | undefined {
  const c = parseCIDR(s);
  return c ? formatCIDR(c) : undefined;
}

export function cidrContains(c: ParsedCIDR, ip: ParsedIP): boolean {
  if (c.ip.family !== ip.family) return false;
  for (let i = 0; i < c.ip.bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, c.prefix - i * 8));
    const mask = (0xff << (8 - keep)) & 0xff;
    if (((ip.bytes[i] ?? 0) & mask) !== (c.ip.bytes[i] ?? 0)) return false;
  }
  return true;
}

/** True when `cidr` (a string) contains `ip` (a string); false when either is invalid. */
export function cidrContainsString(cidr: string, ip: string): boolean {
  const c = parseCIDR(cidr);
  const a = parseIP(ip);
  return c !== undefined && a !== undefined && cidrContains(c, a);
}

export function isLoopback(ip: ParsedIP): boolean {
  if (ip.family === 'IPv4') return ip.bytes[0] === 127;
  return ip.bytes.slice(0, 15).every((b) => b === 0) && ip.bytes[15] === 1;
}

/** Go's net.JoinHostPort: IPv6 hosts are bracketed. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
