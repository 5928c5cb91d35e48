/**
 * Address helpers for DNS names: dashed endpoint labels, reverse (PTR) names and their parsing.
 * Forms from kubernetes/dns:docs/specification.md §2.3.3/§2.4.3 and coredns/coredns:plugin/kubernetes
 * (kubernetes.go endpointHostname, reverse.go; plugin/pkg/dnsutil/reverse.go).
 */
import { isIPv4, isIPv6 } from 'node:net';

export { isIPv4, isIPv6 };

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** True for a dotted-quad IPv4 address (cheaper than node:net's isIPv4 on hot paths). */
export function isIPv4Fast(ip: string): boolean {
  return IPV4.test(ip);
}

/** Family of an address already known to be valid: IPv6 when it has a colon. */
export function isV6(ip: string): boolean {
  return ip.includes(':');
}

/** The 8 groups of an IPv6 address as 4-digit lower-case hex, or undefined when it is not IPv6. */
export function expandIPv6(ip: string): string[] | undefined {
  if (!isIPv6(ip)) return undefined;
  let text = ip.toLowerCase();
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const o = (v4[1] as string).split('.').map(Number);
    text = text.slice(0, v4.index) + (((o[0] as number) << 8) | (o[1] as number)).toString(16) + ':' + (((o[2] as number) << 8) | (o[3] as number)).toString(16);
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => g.padStart(4, '0'));
}

/** Canonical (RFC 5952) text of an IPv6 address, as Go's net.IP.String prints it. */
export function canonicalIPv6(ip: string): string {
  const groups = expandIPv6(ip);
  if (!groups) return ip;
  const g = groups.map((x) => x.replace(/^0+(?=.)/, ''));
  // Longest run of at least two zero groups becomes `::` (first one on ties).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return g.join(':');
  return g.slice(0, best).join(':') + '::' + g.slice(best + bestLen).join(':');
}

/** Canonical text of an IP (IPv6 compressed, IPv4 unchanged). */
export function canonicalIP(ip: string): string {
  return ip.includes(':') && isIPv6(ip) ? canonicalIPv6(ip) : ip;
}

/**
 * The label CoreDNS gives an endpoint without hostname (endpointHostname): IPv4 dots and IPv6 colons become
 * dashes; an IPv6 result ending in `-` gets a `0` appended (`fd00::` -> `fd00--0`).
 */
export function dashedIP(ip: string): string {
  if (isIPv4(ip)) return ip.replace(/\./g, '-');
  const d = canonicalIPv6(ip).replace(/:/g, '-');
  return d.endsWith('-') ? d + '0' : d;
}

/** `d.c.b.a.in-addr.arpa.` or the 32 reversed nibbles under `ip6.arpa.`. */
export function reverseName(ip: string): string | undefined {
  if (isIPv4(ip)) return ip.split('.').reverse().join('.') + '.in-addr.arpa.';
  const groups = expandIPv6(ip);
  if (!groups) return undefined;
  return groups.join('').split('').reverse().join('.') + '.ip6.arpa.';
}

/** The IP a full reverse name stands for (lower-case fqdn input), or undefined for partial/invalid names. */
export function ipFromReverse(name: string): string | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n.endsWith('.in-addr.arpa')) {
    const parts = n.slice(0, -'.in-addr.arpa'.length).split('.');
    if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
    const ip = parts.reverse().map(Number).join('.');
    return isIPv4(ip) ? ip : undefined;
  }
  if (n.endsWith('.ip6.arpa')) {
    const nibbles = n.slice(0, -'.ip6.arpa'.length).split('.');
    if (nibbles.length !== 32 || !nibbles.every((x) => /^[0-9a-f]$/.test(x))) return undefined;
    const hex = nibbles.reverse().join('');
    const groups: string[] = [];
    for (let i = 0; i < 32; i += 4) groups.push(hex.slice(i, i + 4));
    return canonicalIPv6(groups.join(':'));
  }
  return undefined;
}

/**
 * The IP written in a pod record label (coredns kubernetes.go findPods): exactly three `-` and no `--` is
 * IPv4 (dashes become dots); anything else is read as IPv6 (dashes become colons).
 */
export function ipFromDashed(label: string): string | undefined {
  const dashes = (label.match(/-/g) ?? []).length;
  if (dashes === 3 && !label.includes('--')) {
    const ip = label.replace(/-/g, '.');
    return isIPv4(ip) ? ip : undefined;
  }
  const ip = label.replace(/-/g, ':');
  return isIPv6(ip) ? canonicalIPv6(ip) : undefined;
}
