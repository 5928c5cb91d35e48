/**
 * The whole cluster zone as an RFC 1035 master file: every name the resolver answers positively, with the
 * records it answers. Names are enumerated the way CoreDNS's zone transfer walks Services
 * (coredns/coredns:plugin/kubernetes/xfr.go; expected output in xfr_test.go), plus the names CoreDNS answers
 * at query time beyond that walk: the apex NS and its glue, `dns-version`, endpoint names under Services with
 * a ClusterIP, the bare-name SRV of headless Services, and pod records for the pods of the dry run (with
 * `pods insecure` CoreDNS would answer any dashed IP; a file can only list the known ones).
 *
 * Every record is produced by ./resolver.ts, so the file and `k8s-lint dns` cannot disagree. What a plain
 * authoritative server answers differently for names *not* in this file (e.g. `_tcp.<svc>…` is an empty
 * non-terminal to NSD but NXDOMAIN to CoreDNS) is outside the file's promise.
 */
import type { DnsData } from './data.js';
import { dashedIP, isV6 } from './ip.js';
import type { DnsRecord, RRType } from './records.js';
import { resolve, soaRecord, sortIPs } from './resolver.js';

export interface ZoneName {
  readonly name: string;
  readonly types: readonly RRType[];
  /**
   * For endpoint and pod names: the addresses the resolver answers there (one A/AAAA each), written
   * straight into the file — the common case made cheap; the NSD round trip checks it equals the resolver.
   */
  readonly addresses?: readonly string[];
}

/** Every (name, type) the zone holds, in file order. */
export function zoneNames(data: DnsData): ZoneName[] {
  const z = data.zone + '.';
  const out: ZoneName[] = [
    { name: z, types: ['SOA', 'NS'] },
    { name: `dns-version.${z}`, types: ['TXT'] },
    { name: `ns.dns.${z}`, types: [...new Set(data.nsAddrs.map((ip): RRType => (isV6(ip) ? 'AAAA' : 'A')))] },
  ];
  const keys = [...data.services.keys()].sort();
  for (const key of keys) {
    const s = data.services.get(key);
    if (!s) continue;
    const base = `${s.name}.${s.namespace}.svc.${z}`;
    if (s.svc.type === 'ExternalName') {
      out.push({ name: base, types: ['CNAME'] });
      continue;
    }
    const headless = s.vips.length === 0;
    if (headless && s.endpoints.length === 0) continue;
    const ips = headless ? s.endpoints.map((e) => e.ip) : s.vips;
    out.push({ name: base, types: [...addrTypes(ips), 'SRV'] });
    const portNames = new Map<string, string>();
    if (headless) {
      for (const e of s.endpoints) for (const p of e.ports) if (p.name) portNames.set(`_${p.name.toLowerCase()}._${p.protocol.toLowerCase()}`, '');
    } else {
      for (const p of s.svc.ports) if (p.name) portNames.set(`_${p.name.toLowerCase()}._${p.protocol.toLowerCase()}`, '');
    }
    for (const pn of [...portNames.keys()].sort()) out.push({ name: `${pn}.${base}`, types: ['SRV'] });
    const labels = new Map<string, string[]>();
    for (const e of s.endpoints) {
      const list = labels.get(e.label) ?? [];
      list.push(e.ip);
      labels.set(e.label, list);
    }
    for (const label of [...labels.keys()].sort()) {
      const addresses = sortIPs([...new Set(labels.get(label) ?? [])]);
      out.push({ name: `${label}.${base}`, types: addrTypes(addresses), addresses });
    }
  }
  if (data.pods !== 'disabled') {
    for (const ns of [...data.podIPs.keys()].sort()) {
      for (const ip of [...(data.podIPs.get(ns) ?? [])].sort()) out.push({ name: `${dashedIP(ip)}.${ns}.pod.${z}`, types: addrTypes([ip]), addresses: [ip] });
    }
  }
  return out;
}

/**
 * Input is untrusted: a name made of anything but the characters of host names, addresses and SRV/SOA data
 * could break out of its line in the master file. Such records are left out.
 */
const SAFE = /^[A-Za-z0-9._:* _-]*$/;
function pushSafe(out: DnsRecord[], r: DnsRecord): void {
  if (safe(r)) out.push(r);
}

function safe(r: DnsRecord): boolean {
  return SAFE.test(r.name) && (r.type === 'TXT' ? /^"[0-9.]*"$/.test(r.data) : SAFE.test(r.data));
}

function addrTypes(ips: readonly string[]): RRType[] {
  const t: RRType[] = [];
  if (ips.some((ip) => !isV6(ip))) t.push('A');
  if (ips.some((ip) => isV6(ip))) t.push('AAAA');
  return t;
}

/** The records of the zone, SOA first, each from the resolver's answer for its own name. */
export function zoneRecords(data: DnsData): DnsRecord[] {
  const out: DnsRecord[] = [soaRecord(data)];
  for (const { name, types, addresses } of zoneNames(data)) {
    if (addresses) {
      for (const type of types) for (const ip of addresses) if (isV6(ip) === (type === 'AAAA')) pushSafe(out, { name, ttl: data.ttl, type, data: ip });
      continue;
    }
    for (const type of types) {
      if (type === 'SOA') continue;
      const resp = resolve(data, name, type);
      for (const r of resp.answer) if (r.name.toLowerCase() === name && r.type === type && safe(r)) out.push(r);
    }
  }
  // Names are enumerated once each and every response is already free of duplicates.
  return out;
}

/** The master file text: `$ORIGIN`, `$TTL`, then one record per line with absolute owner names. */
export function zoneFile(data: DnsData): string {
  const z = data.zone + '.';
  const lines = [
    `; Cluster DNS zone ${z} as computed by k8s-lint's dry run (CoreDNS kubernetes plugin, kubeadm Corefile).`,
    `$ORIGIN ${z}`,
    `$TTL ${data.ttl}`,
  ];
  for (const r of zoneRecords(data)) lines.push(`${r.name}\t${r.ttl}\tIN\t${r.type}\t${r.data}`);
  return lines.join('\n') + '\n';
}
