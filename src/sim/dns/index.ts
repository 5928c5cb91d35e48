/**
 * Cluster DNS on paper: records as CoreDNS's `kubernetes` plugin serves them, the queries a pod's resolver
 * makes, the zone as a master file, and the `dns` command's text and JSON output.
 */
import type { SimPod } from '../types.js';
import { buildDnsData, clusterDnsAddress } from './data.js';
import type { DnsData, DnsInput, DnsOptions } from './data.js';
import type { DnsRecord, DnsResponse, RRType } from './records.js';
import { formatRecord } from './records.js';
import { resolve } from './resolver.js';
import type { NodeResolvConf, ResolvConf } from './resolvconf.js';
import { buildResolvConf, expandQuery, formatResolvConf } from './resolvconf.js';
import { reverseName } from './ip.js';

export { buildDnsData, clusterDnsAddress, DEFAULT_CLUSTER_DOMAIN, DEFAULT_TTL, DEFAULT_CLUSTER_DNS_IP, DNS_SCHEMA_VERSION } from './data.js';
export type { DnsData, DnsInput, DnsOptions, DnsService, DnsEndpoint, PodsMode } from './data.js';
export { resolve, soaRecord, sortIPs } from './resolver.js';
export { formatRecord, compareRecords, QUERY_TYPES } from './records.js';
export type { DnsRecord, DnsResponse, RRType, Rcode } from './records.js';
export { zoneFile, zoneNames, zoneRecords } from './zone.js';
export type { ZoneName } from './zone.js';
export { buildResolvConf, expandQuery, formatResolvConf, ndotsOf } from './resolvconf.js';
export type { ResolvConf, ResolvOption, ResolvConfOptions, NodeResolvConf } from './resolvconf.js';
export { dashedIP, reverseName, ipFromReverse, ipFromDashed, canonicalIP } from './ip.js';

/** One query of a pod's search-list walk and what it got. */
export interface DnsTry {
  readonly name: string;
  readonly response: DnsResponse;
}

/** The answer to `k8s-lint dns NAME [--from ns/pod]`. */
export interface DnsLookup {
  /** The pod asking, when `--from` was given. */
  readonly from?: { readonly namespace: string; readonly name: string };
  readonly resolvConf?: ResolvConf;
  /** Every query tried, in order (one entry without `--from`). */
  readonly tries: readonly DnsTry[];
  /** Index in `tries` of the query that answered, or undefined when none did. */
  readonly answeredBy?: number;
  /** The response shown: the answering one, else the last tried. */
  readonly response: DnsResponse;
}

export interface LookupOptions {
  readonly type?: RRType;
  readonly from?: SimPod;
  readonly node?: NodeResolvConf;
}

/**
 * Resolves a name. Without a pod, the name is asked as given (absolute). With a pod, its resolv.conf is built
 * and each expanded candidate is asked in order until one answers with records (NXDOMAIN and NODATA move on,
 * as glibc does); candidates outside the cluster zone go upstream and cannot be answered by the dry run.
 */
export function lookup(data: DnsData, rawName: string, options: LookupOptions = {}): DnsLookup {
  // An address asks for its PTR record, as `dig -x` does.
  const reversed = reverseName(rawName.replace(/\.$/, ''));
  const name = reversed ?? rawName;
  const type = reversed ? 'PTR' : (options.type ?? 'A');
  if (!options.from) {
    const response = resolve(data, name, type);
    return { tries: [{ name: response.question.name, response }], ...(response.answer.length > 0 ? { answeredBy: 0 } : {}), response };
  }
  const pod = options.from;
  const conf = buildResolvConf(pod, { clusterDomain: data.zone, clusterDns: [clusterDnsAddress(data)], ...(options.node ? { node: options.node } : {}) });
  const usesCluster = conf.policy === 'ClusterFirst' || conf.policy === 'ClusterFirstWithHostNet';
  const tries: DnsTry[] = [];
  let answeredBy: number | undefined;
  for (const candidate of expandQuery(name, conf)) {
    const response: DnsResponse = usesCluster
      ? resolve(data, candidate, type)
      : { question: { name: candidate, type }, rcode: 'NOERROR', answer: [], authority: [], additional: [], forwarded: true, note: `dnsPolicy ${conf.policy}: the query goes to ${conf.nameservers.join(', ') || "the node's resolvers"}, not to cluster DNS` };
    tries.push({ name: candidate, response });
    if (response.answer.length > 0) {
      answeredBy = tries.length - 1;
      break;
    }
  }
  const response = (answeredBy !== undefined ? tries[answeredBy] : tries[tries.length - 1])?.response ?? resolve(data, name, type);
  return { from: { namespace: pod.namespace, name: pod.name }, resolvConf: conf, tries, ...(answeredBy !== undefined ? { answeredBy } : {}), response };
}

/** JSON form of a response (`--output json`, schema version 1): records in presentation format. */
export interface DnsResponseJson {
  readonly question: { readonly name: string; readonly type: RRType; readonly class: 'IN' };
  readonly rcode: string;
  readonly answer: readonly string[];
  readonly authority: readonly string[];
  readonly additional: readonly string[];
  readonly forwarded?: boolean;
  readonly note?: string;
}

export interface DnsLookupJson extends DnsResponseJson {
  readonly schemaVersion: 1;
  readonly from?: { readonly namespace: string; readonly name: string };
  readonly resolvConf?: { readonly policy: string; readonly nameservers: readonly string[]; readonly searches: readonly string[]; readonly options: readonly string[]; readonly notes: readonly string[] };
  readonly tries?: readonly { readonly name: string; readonly rcode: string; readonly answers: number; readonly forwarded?: boolean }[];
  readonly answeredBy?: string;
}

export function responseToJson(r: DnsResponse): DnsResponseJson {
  const out: DnsResponseJson = {
    question: { name: r.question.name, type: r.question.type, class: 'IN' },
    rcode: r.rcode,
    answer: r.answer.map(formatRecord),
    authority: r.authority.map(formatRecord),
    additional: r.additional.map(formatRecord),
  };
  return { ...out, ...(r.forwarded ? { forwarded: true } : {}), ...(r.note !== undefined ? { note: r.note } : {}) };
}

export function lookupToJson(l: DnsLookup): DnsLookupJson {
  const base: DnsLookupJson = { schemaVersion: 1, ...responseToJson(l.response) };
  if (!l.from || !l.resolvConf) return base;
  const c = l.resolvConf;
  return {
    ...base,
    from: l.from,
    resolvConf: { policy: c.policy, nameservers: c.nameservers, searches: c.searches, options: c.options.map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : o.name)), notes: c.notes },
    tries: l.tries.map((t) => ({ name: t.name, rcode: t.response.rcode, answers: t.response.answer.length, ...(t.response.forwarded ? { forwarded: true } : {}) })),
    ...(l.answeredBy !== undefined ? { answeredBy: l.tries[l.answeredBy]?.name as string } : {}),
  };
}

/** Text output, laid out like dig's sections. */
export function formatLookup(l: DnsLookup): string {
  const out: string[] = [];
  if (l.from && l.resolvConf) {
    out.push(`; resolv.conf of ${l.from.namespace}/${l.from.name} (dnsPolicy ${l.resolvConf.policy}):`);
    for (const line of formatResolvConf(l.resolvConf).trimEnd().split('\n')) if (line) out.push(';   ' + line);
    for (const n of l.resolvConf.notes) out.push(`; note: ${n}`);
    out.push(';', '; queries tried, in order:');
    l.tries.forEach((t, i) => {
      const r = t.response;
      const status = r.forwarded && r.answer.length === 0 ? 'forwarded upstream (unknown to the dry run)' : r.answer.length > 0 ? `${r.rcode}, ${r.answer.length} answer(s)` : r.rcode === 'NOERROR' ? 'NOERROR, no data' : r.rcode;
      out.push(`;   ${i + 1}. ${t.name} ${t.response.question.type} -> ${status}${i === l.answeredBy ? '   <- answers' : ''}`);
    });
    if (l.answeredBy === undefined) out.push('; no query answered inside the cluster');
    out.push(';');
  }
  out.push(...formatResponse(l.response));
  return out.join('\n') + '\n';
}

export function formatResponse(r: DnsResponse): string[] {
  const out: string[] = [];
  out.push(`;; ->>HEADER<<- status: ${r.rcode}${r.forwarded ? ' (forwarded upstream: not answered by cluster DNS)' : ''}`);
  out.push(';; QUESTION SECTION:', `;${r.question.name} IN ${r.question.type}`);
  const section = (title: string, recs: readonly DnsRecord[]): void => {
    if (recs.length === 0) return;
    out.push('', `;; ${title} SECTION:`, ...recs.map(formatRecord));
  };
  section('ANSWER', r.answer);
  section('AUTHORITY', r.authority);
  section('ADDITIONAL', r.additional);
  if (r.note) out.push('', `;; ${r.note}`);
  return out;
}

/** Builds the DNS data of a dry-run state. */
export function dnsDataOf(input: DnsInput, options: DnsOptions = {}): DnsData {
  return buildDnsData(input, options);
}
