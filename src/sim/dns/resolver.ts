/**
 * One DNS query answered as CoreDNS's `kubernetes` plugin answers it with kubeadm's default Corefile
 * (`kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough in-addr.arpa ip6.arpa; ttl 30 }`,
 * then `forward . /etc/resolv.conf`).
 *
 * Name parsing follows coredns/coredns:plugin/kubernetes/parse.go (parseRequest); records follow
 * kubernetes/dns:docs/specification.md (schema 1.1.0) and, where CoreDNS goes beyond the spec, CoreDNS:
 * endpoint names under non-headless Services, the bare-name SRV, `ns.dns.<zone>`, pod records, the
 * NXDOMAIN/NODATA split (plugin/backend_lookup.go, handler.go; tests handler_test.go, xfr_test.go).
 */
import type { DnsData, DnsEndpoint, DnsService } from './data.js';
import { DNS_SCHEMA_VERSION } from './data.js';
import { ipFromDashed, ipFromReverse, isIPv4, isIPv6, isV6 } from './ip.js';
import type { DnsRecord, DnsResponse, RRType } from './records.js';
import { compareRecords, dedupeRecords } from './records.js';

/** A domain name CoreDNS would take as a CNAME target: dot-separated labels of letters, digits, `-` and `_`. */
const HOST_NAME = /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*$/;

/** TTL CoreDNS gives the `dns-version` TXT record (kubernetes.go). */
const DNS_VERSION_TTL = 28800;

/** Answers one query. `name` may omit the trailing dot; case is kept in owner names as CoreDNS echoes it. */
export function resolve(data: DnsData, name: string, type: RRType): DnsResponse {
  const qname = name.endsWith('.') ? name : name + '.';
  const lower = qname.toLowerCase();
  const q = { name: qname, type };
  const zoneFqdn = data.zone + '.';

  if (lower.endsWith('.in-addr.arpa.') || lower.endsWith('.ip6.arpa.') || lower === 'in-addr.arpa.' || lower === 'ip6.arpa.') {
    return reverse(data, q, lower);
  }
  if (lower === zoneFqdn) return apex(data, q);
  if (!lower.endsWith('.' + zoneFqdn)) {
    return { question: q, rcode: 'NOERROR', answer: [], authority: [], additional: [], forwarded: true, note: `${qname} is outside the cluster zone ${zoneFqdn}: CoreDNS forwards it upstream (forward . /etc/resolv.conf); the dry run cannot know the answer` };
  }
  const labels = lower.slice(0, -(zoneFqdn.length + 1)).split('.');
  // Names built from objects are lower case, with the zone spelled as the query spelled it
  // (coredns handler_case_test.go TestPreserveCase).
  const ctx: Ctx = { data, q, zoneFqdn, zoneOut: qname.slice(qname.length - zoneFqdn.length) };

  if (labels.length === 1 && labels[0] === 'dns-version') {
    // spec §2.2: a TXT record with the schema version. Other types do not parse (NXDOMAIN).
    if (type === 'TXT') return positive(ctx, [rr(qname, DNS_VERSION_TTL, 'TXT', `"${DNS_SCHEMA_VERSION}"`)]);
    return nxdomain(ctx, 'dns-version only has a TXT record');
  }
  if (labels.length === 2 && labels[0] === 'ns' && labels[1] === 'dns') {
    // ns.go: `ns.dns.<zone>` answers the addresses of the DNS Service itself (isDefaultNS).
    const recs = nsGlue(data, qname).filter((r) => r.type === type);
    if (type === 'A' || type === 'AAAA') return recs.length > 0 ? positive(ctx, recs) : nodata(ctx, 'the DNS Service has no address of this family');
    return nxdomain(ctx, 'ns.dns only has address records');
  }

  const kind = labels[labels.length - 1];
  if (kind !== 'svc' && kind !== 'pod') return nxdomain(ctx, `the label left of the zone must be svc or pod (coredns parse.go), not ${kind}`);
  // `svc.<zone>` and `pod.<zone>` are empty non-terminals (coredns handler_test.go).
  if (labels.length === 1) return nodata(ctx, `${kind}.${zoneFqdn} exists but holds no records`);
  const ns = labels[labels.length - 2] as string;
  if (!data.namespaces.has(ns)) return nxdomain(ctx, `namespace ${ns} does not exist`);
  if (labels.length === 2) return nodata(ctx, `namespace ${ns} exists but its name holds no records`);

  if (kind === 'pod') return podQuery(ctx, labels, ns);

  const svcName = labels[labels.length - 3] as string;
  const entry = data.services.get(`${ns}/${svcName}`);
  if (!entry) return nxdomain(ctx, `no Service ${svcName} in namespace ${ns}`);
  const rest = labels.slice(0, -3);
  if (rest.length === 0) return serviceQuery(ctx, entry);
  if (entry.svc.type === 'ExternalName') return nxdomain(ctx, `${ns}/${svcName} is an ExternalName Service: no names exist below it`);
  if (rest.length === 1) return endpointQuery(ctx, entry, rest[0] as string);
  if (rest.length === 2) return portQuery(ctx, entry, (rest[0] as string).replace(/^_/, ''), (rest[1] as string).replace(/^_/, ''));
  return nxdomain(ctx, 'too many labels left of the Service name (coredns parse.go)');
}

interface Ctx {
  readonly data: DnsData;
  readonly q: { readonly name: string; readonly type: RRType };
  /** Lower-case zone with trailing dot, for parsing. */
  readonly zoneFqdn: string;
  /** The zone as the query spelled it, for the names the answer builds. */
  readonly zoneOut: string;
}

function rr(name: string, ttl: number, type: RRType, data: string): DnsRecord {
  return { name, ttl, type, data };
}

/** `<zone>. <ttl> IN SOA ns.dns.<zone>. hostmaster.<zone>. <serial> 7200 1800 86400 <ttl>` (kubernetes_apex_test.go). */
export function soaRecord(data: DnsData, zoneAsAsked?: string): DnsRecord {
  const z = zoneAsAsked ?? data.zone + '.';
  return rr(z, data.ttl, 'SOA', `ns.dns.${z} hostmaster.${z} ${data.serial} 7200 1800 86400 ${data.ttl}`);
}

function nsGlue(data: DnsData, owner: string): DnsRecord[] {
  return data.nsAddrs.map((ip) => rr(owner, data.ttl, isV6(ip) ? 'AAAA' : 'A', ip));
}

function positive(ctx: Ctx, answer: DnsRecord[], additional: DnsRecord[] = [], note?: string): DnsResponse {
  const out: DnsResponse = {
    question: ctx.q,
    rcode: 'NOERROR',
    answer: dedupeRecords(answer),
    authority: [],
    additional: additional.length < 2 ? additional : dedupeRecords(additional).sort(compareRecords),
  };
  return note === undefined ? out : { ...out, note };
}

function nodata(ctx: Ctx, note: string): DnsResponse {
  return { question: ctx.q, rcode: 'NOERROR', answer: [], authority: [soaRecord(ctx.data, ctx.zoneOut)], additional: [], note };
}

function nxdomain(ctx: Ctx, note: string): DnsResponse {
  return { question: ctx.q, rcode: 'NXDOMAIN', answer: [], authority: [soaRecord(ctx.data, ctx.zoneOut)], additional: [], note };
}

function apex(data: DnsData, q: { name: string; type: RRType }): DnsResponse {
  const ctx: Ctx = { data, q, zoneFqdn: data.zone + '.', zoneOut: q.name };
  if (q.type === 'SOA') return positive(ctx, [soaRecord(data, q.name)]);
  if (q.type === 'NS') {
    return positive(ctx, [rr(q.name, data.ttl, 'NS', `ns.dns.${q.name}`)], nsGlue(data, `ns.dns.${q.name}`));
  }
  return nodata(ctx, 'the zone apex only has SOA and NS records');
}

// Addresses in DnsData are validated and canonical, so the family is the presence of a colon.
const V4 = (ip: string): boolean => !isV6(ip);

function familyOf(type: RRType): ((ip: string) => boolean) | undefined {
  return type === 'A' ? V4 : type === 'AAAA' ? isV6 : undefined;
}

function svcFqdn(ctx: Ctx, s: DnsService): string {
  return `${s.name}.${s.namespace}.svc.${ctx.zoneOut}`;
}

/** SRV weight: floor(100 / N), at least 1, N counted before duplicates collapse (plugin/backend_lookup.go). */
function weight(n: number): number {
  return Math.max(1, Math.floor(100 / Math.max(1, n)));
}

function addressRecords(owner: string, ttl: number, ips: readonly string[]): DnsRecord[] {
  return ips.map((ip) => rr(owner, ttl, isV6(ip) ? 'AAAA' : 'A', ip));
}

function serviceQuery(ctx: Ctx, s: DnsService): DnsResponse {
  const { data, q } = ctx;
  const what = `${s.svc.namespace}/${s.svc.name}`;
  if (s.svc.type === 'ExternalName') return externalNameQuery(ctx, s);
  const headless = s.vips.length === 0;
  if (headless && s.endpoints.length === 0) {
    // spec §2.4.1; coredns/ci `svc-unready`: a headless Service without ready endpoints does not exist.
    return nxdomain(ctx, `${what} is headless and has no ready endpoint addresses`);
  }
  const fam = familyOf(q.type);
  if (fam) {
    const ips = headless ? unique(s.endpoints.map((e) => e.ip)) : s.vips;
    const mine = ips.filter(fam);
    if (mine.length === 0) return nodata(ctx, `${what} has no ${q.type === 'A' ? 'IPv4' : 'IPv6'} address`);
    const note = headless ? `headless Service ${what}: one record per ready endpoint address` : `ClusterIP of Service ${what}${s.endpoints.length === 0 ? ' (answered even though it has no ready endpoints)' : ''}`;
    return positive(ctx, addressRecords(q.name, data.ttl, sortIPs(mine)), [], note);
  }
  if (q.type === 'SRV') {
    // CoreDNS answers SRV on the bare Service name with every numbered port (handler_test.go, xfr_test.go).
    const { answer, additional } = headless ? headlessSrv(ctx, s, () => true) : vipSrv(ctx, s, s.svc.ports.map((p) => p.port));
    if (answer.length === 0) return nodata(ctx, `${what} has no ports`);
    return positive(ctx, answer, additional, `SRV for every port of ${what}`);
  }
  return nodata(ctx, `${what} exists but has no ${q.type} record`);
}

function vipSrv(ctx: Ctx, s: DnsService, ports: readonly number[]): { answer: DnsRecord[]; additional: DnsRecord[] } {
  const target = svcFqdn(ctx, s);
  const w = weight(ports.length * s.vips.length);
  const answer = ports.map((port) => rr(ctx.q.name, ctx.data.ttl, 'SRV', `0 ${w} ${port} ${target}`));
  return { answer, additional: addressRecords(target, ctx.data.ttl, s.vips) };
}

function headlessSrv(ctx: Ctx, s: DnsService, pick: (p: DnsEndpoint['ports'][number]) => boolean): { answer: DnsRecord[]; additional: DnsRecord[] } {
  const pairs: { target: string; port: number; ip: string }[] = [];
  const base = `${s.name}.${s.namespace}.svc.${ctx.zoneOut}`;
  for (const e of s.endpoints) for (const p of e.ports) if (pick(p)) pairs.push({ target: `${e.label}.${base}`, port: p.port, ip: e.ip });
  const w = weight(pairs.length);
  const sorted = [...pairs].sort((a, b) => cmpStr(a.target, b.target) || a.port - b.port);
  return {
    answer: sorted.map((p) => rr(ctx.q.name, ctx.data.ttl, 'SRV', `0 ${w} ${p.port} ${p.target}`)),
    additional: sorted.map((p) => rr(p.target, ctx.data.ttl, isV6(p.ip) ? 'AAAA' : 'A', p.ip)),
  };
}

function externalNameQuery(ctx: Ctx, s: DnsService): DnsResponse {
  const { data, q } = ctx;
  const target = (s.svc.externalName ?? '').replace(/\.$/, '');
  const what = `${s.svc.namespace}/${s.svc.name}`;
  // kubernetes.go: the CNAME is only made when externalName is a hostname, not an IP.
  if (target === '' || isIPv4(target) || isIPv6(target) || !HOST_NAME.test(target)) return nxdomain(ctx, `ExternalName ${JSON.stringify(target)} of ${what} is not a host name: CoreDNS makes no record`);
  const cname = rr(q.name, data.ttl, 'CNAME', target + '.');
  if (q.type === 'CNAME') return positive(ctx, [cname], [], `ExternalName Service ${what}`);
  if (q.type === 'A' || q.type === 'AAAA') {
    const lowerTarget = target.toLowerCase() + '.';
    if (lowerTarget.endsWith('.' + ctx.zoneFqdn) || lowerTarget === ctx.zoneFqdn) {
      // The CNAME comes first, then the target's records, resolved inside the zone (handler_test.go).
      const chased = resolve(data, target + '.', q.type);
      return { ...chased, question: q, answer: [cname, ...chased.answer], note: `ExternalName Service ${what} points inside the cluster zone; CoreDNS resolves the target itself` };
    }
    return { ...positive(ctx, [cname]), note: `ExternalName Service ${what}: CoreDNS asks upstream for ${target}.`, forwarded: true };
  }
  return nodata(ctx, `ExternalName Service ${what} only has a CNAME`);
}

function endpointQuery(ctx: Ctx, s: DnsService, label: string): DnsResponse {
  const what = `${s.svc.namespace}/${s.svc.name}`;
  const matches = s.endpoints.filter((e) => e.label === label);
  if (matches.length === 0) return nxdomain(ctx, `Service ${what} has no ready endpoint named ${label}`);
  const fam = familyOf(ctx.q.type);
  if (!fam) return nodata(ctx, `endpoint ${label} of ${what} only has address records`);
  const ips = sortIPs(unique(matches.map((e) => e.ip)).filter(fam));
  if (ips.length === 0) return nodata(ctx, `endpoint ${label} of ${what} has no address of this family`);
  return positive(ctx, addressRecords(ctx.q.name, ctx.data.ttl, ips), [], `endpoint ${label} of Service ${what}`);
}

function portQuery(ctx: Ctx, s: DnsService, port: string, proto: string): DnsResponse {
  const what = `${s.svc.namespace}/${s.svc.name}`;
  const headless = s.vips.length === 0;
  // Port name and protocol compare case-insensitively; unnamed ports have no such record (spec §2.3.2).
  const matchesPort = (name: string | undefined, protocol: string): boolean => name !== undefined && name !== '' && name.toLowerCase() === port && protocol.toLowerCase() === proto;
  if (headless) {
    if (s.endpoints.length === 0) return nxdomain(ctx, `${what} is headless and has no ready endpoint addresses`);
    const { answer, additional } = headlessSrv(ctx, s, (p) => matchesPort(p.name, p.protocol));
    if (answer.length === 0) return nxdomain(ctx, `no endpoint of ${what} has a port named ${port}/${proto}`);
    return ctx.q.type === 'SRV' ? positive(ctx, answer, additional, `named port ${port}/${proto} of headless Service ${what}`) : nodata(ctx, 'a port name only has SRV records');
  }
  const ports = s.svc.ports.filter((p) => matchesPort(p.name, p.protocol)).map((p) => p.port);
  if (ports.length === 0) return nxdomain(ctx, `Service ${what} has no port named ${port} with protocol ${proto}`);
  if (ctx.q.type !== 'SRV') return nodata(ctx, 'a port name only has SRV records');
  const { answer, additional } = vipSrv(ctx, s, ports);
  return positive(ctx, answer, additional, `named port ${port}/${proto} of Service ${what}`);
}

function podQuery(ctx: Ctx, labels: readonly string[], ns: string): DnsResponse {
  if (labels.length !== 3) return nxdomain(ctx, 'pod names have the form <dashed-ip>.<namespace>.pod.<zone>');
  if (ctx.data.pods === 'disabled') return nxdomain(ctx, 'pod records are disabled (pods disabled)');
  const ip = ipFromDashed(labels[0] as string);
  if (ip === undefined) return nxdomain(ctx, `${labels[0]} is not a dashed IP address`);
  if (ctx.data.pods === 'verified' && !ctx.data.podIPs.get(ns)?.has(ip)) return nxdomain(ctx, `no pod in ${ns} has IP ${ip} (pods verified)`);
  const fam = familyOf(ctx.q.type);
  if (!fam) return nodata(ctx, 'pod names only have address records');
  if (!fam(ip)) return nodata(ctx, 'the pod IP is of the other family');
  const known = ctx.data.podIPs.get(ns)?.has(ip);
  return positive(ctx, [rr(ctx.q.name, ctx.data.ttl, ctx.q.type, ip)], [], known ? `pod IP ${ip} in ${ns}` : `pods insecure: CoreDNS answers the IP written in the name without checking that a pod has it (none does in the dry run)`);
}

function reverse(data: DnsData, q: { name: string; type: RRType }, lower: string): DnsResponse {
  const ctx: Ctx = { data, q, zoneFqdn: data.zone + '.', zoneOut: data.zone + '.' };
  const upstream = (why: string): DnsResponse => ({ question: q, rcode: 'NOERROR', answer: [], authority: [], additional: [], forwarded: true, note: `${why}: kubeadm's Corefile has fallthrough in-addr.arpa ip6.arpa, so CoreDNS forwards it upstream` });
  const ip = ipFromReverse(lower);
  if (q.type !== 'PTR' || ip === undefined) return upstream('not a PTR query for a full address');
  // reverse.go: a ClusterIP answers its Service (first match only); otherwise one PTR per (Service, endpoint).
  const svcs = data.byClusterIP.get(ip);
  if (svcs && svcs.length > 0) {
    const s = svcs[0] as DnsService;
    return positive(ctx, [rr(q.name, data.ttl, 'PTR', svcFqdn(ctx, s))], [], `ClusterIP of Service ${s.svc.namespace}/${s.svc.name}`);
  }
  const eps = data.byEndpointIP.get(ip);
  if (eps && eps.length > 0) {
    const answer = eps.map((e) => rr(q.name, data.ttl, 'PTR', `${e.label}.${svcFqdn(ctx, e.service)}`)).sort(compareRecords);
    return positive(ctx, answer, [], `ready endpoint address of ${eps.map((e) => `${e.service.svc.namespace}/${e.service.svc.name}`).join(', ')}`);
  }
  return upstream(`${ip} is neither a ClusterIP nor a ready endpoint address`);
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

/** Numeric order for IPv4, text order otherwise. */
export function sortIPs(ips: readonly string[]): string[] {
  return [...ips].sort((a, b) => {
    if (!isV6(a) && !isV6(b)) {
      const pa = a.split('.').map(Number);
      const pb = b.split('.').map(Number);
      for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return (pa[i] as number) - (pb[i] as number);
      return 0;
    }
    return cmpStr(a, b);
  });
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
