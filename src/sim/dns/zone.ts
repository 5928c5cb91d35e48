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
  const out: ZoneName[] = [];
  walkZone(data, (name, types, addresses) => out.push(addresses ? { name, types, addresses } : { name, types }));
  return out;
}

const A: readonly RRType[] = ['A'];
const AAAA: readonly RRType[] = ['AAAA'];
const A_AAAA: readonly RRType[] = ['A', 'AAAA'];

/**
 * The zone's names in file order, handed to `visit` one by one (no intermediate list: the zone of a large
 * cluster has hundreds of thousands of names). `addresses` is given for endpoint and pod names.
 */
function walkZone(data: DnsData, visit: (name: string, types: readonly RRType[], addresses?: readonly string[]) => void): void {
  const z = data.zone + '.';
  visit(z, ['SOA', 'NS']);
  visit(`dns-version.${z}`, ['TXT']);
  visit(`ns.dns.${z}`, [...new Set(data.nsAddrs.map((ip): RRType => (isV6(ip) ? 'AAAA' : 'A')))]);
  const keys = [...data.services.keys()].sort();
  for (const key of keys) {
    const s = data.services.get(key);
    if (!s) continue;
    const base = `${s.name}.${s.namespace}.svc.${z}`;
    if (s.svc.type === 'ExternalName') {
      visit(base, ['CNAME']);
      continue;
    }
    const headless = s.vips.length === 0;
    if (headless && s.endpoints.length === 0) continue;
    visit(base, [...addrTypes(headless ? s.endpoints.map((e) => e.ip) : s.vips), 'SRV']);
    const portNames = new Set<string>();
    if (headless) {
      for (const e of s.endpoints) for (const p of e.ports) if (p.name) portNames.add(`_${p.name.toLowerCase()}._${p.protocol.toLowerCase()}`);
    } else {
      for (const p of s.svc.ports) if (p.name) portNames.add(`_${p.name.toLowerCase()}._${p.protocol.toLowerCase()}`);
    }
    for (const pn of [...portNames].sort()) visit(`${pn}.${base}`, ['SRV']);
    const labels = new Map<string, string[]>();
    for (const e of s.endpoints) {
      const list = labels.get(e.label);
      if (list) list.push(e.ip);
      else labels.set(e.label, [e.ip]);
    }
    for (const label of [...labels.keys()].sort()) {
      const ips = labels.get(label) as string[];
      // One address per label is the common case (a label is the dashed IP unless a hostname is set).
      const addresses = ips.length === 1 ? ips : sortIPs([...new Set(ips)]);
      visit(`${label}.${base}`, addrTypes(addresses), addresses);
    }
  }
  if (data.pods !== 'disabled') {
    for (const ns of [...data.podIPs.keys()].sort()) {
      const tail = `.${ns}.pod.${z}`;
      for (const ip of [...(data.podIPs.get(ns) ?? [])].sort()) visit(dashedIP(ip) + tail, isV6(ip) ? AAAA : A, [ip]);
    }
  }
}

/**
 * Input is untrusted: a name made of anything but the characters of host names, addresses and SRV/SOA data
 * could break out of its line in the master file. Such records are left out.
 */
const SAFE = /^[A-Za-z0-9._:* _-]*$/;

function safe(r: DnsRecord): boolean {
  return SAFE.test(r.name) && (r.type === 'TXT' ? /^"[0-9.]*"$/.test(r.data) : SAFE.test(r.data));
}

function addrTypes(ips: readonly string[]): readonly RRType[] {
  let v4 = false;
  let v6 = false;
  for (const ip of ips) {
    if (isV6(ip)) v6 = true;
    else v4 = true;
  }
  return v4 && v6 ? A_AAAA : v4 ? A : v6 ? AAAA : [];
}

/**
 * The zone's records in file order, SOA first, each from the resolver's answer for its own name, except the
 * endpoint and pod names, which carry their addresses.
 */
function walkRecords(data: DnsData, emit: (name: string, ttl: number, type: RRType, rdata: string) => void): void {
  const soa = soaRecord(data);
  emit(soa.name, soa.ttl, soa.type, soa.data);
  walkZone(data, (name, types, addresses) => {
    if (addresses) {
      if (!SAFE.test(name)) return;
      // Pod IPs may come from a Pod's status in the input: checked like any other record data.
      for (const type of types) for (const ip of addresses) if (isV6(ip) === (type === 'AAAA') && SAFE.test(ip)) emit(name, data.ttl, type, ip);
      return;
    }
    for (const type of types) {
      if (type === 'SOA') continue;
      const resp = resolve(data, name, type);
      for (const r of resp.answer) if (r.name.toLowerCase() === name && r.type === type && safe(r)) emit(r.name, r.ttl, r.type, r.data);
    }
  });
  // Names are enumerated once each and every response is already free of duplicates.
}

/** The records of the zone, SOA first, each from the resolver's answer for its own name. */
export function zoneRecords(data: DnsData): DnsRecord[] {
  const out: DnsRecord[] = [];
  walkRecords(data, (name, ttl, type, rdata) => out.push({ name, ttl, type, data: rdata }));
  return out;
}

/** The master file text: `$ORIGIN`, `$TTL`, then one record per line with absolute owner names. */
export function zoneFile(data: DnsData): string {
  const z = data.zone + '.';
  let text = `; Cluster DNS zone ${z} as computed by k8s-lint's dry run (CoreDNS kubernetes plugin, kubeadm Corefile).\n$ORIGIN ${z}\n$TTL ${data.ttl}\n`;
  // One string built by appending (V8 ropes, flattened once) instead of a line array and a join.
  walkRecords(data, (name, ttl, type, rdata) => {
    text += name + '\t' + ttl + '\tIN\t' + type + '\t' + rdata + '\n';
  });
  return text;
}
