/**
 * A pod's /etc/resolv.conf as kubelet writes it, and the queries a stub resolver makes from it.
 *
 * kubelet: kubernetes/kubernetes:pkg/kubelet/network/dns/dns.go (getPodDNSType, GetPodDNS,
 * appendDNSConfig, mergeDNSOptions, formDNSSearchFitsLimits, formDNSNameserversFitsLimits); limits from
 * pkg/apis/core/validation (MaxDNSNameservers=3, MaxDNSSearchPaths=32, MaxDNSSearchListChars=2048 with the GA
 * ExpandedDNSConfig). Resolver: resolv.conf(5) and glibc res_nsearch (search list before the absolute name
 * when the name has fewer than `ndots` dots; a NXDOMAIN or NODATA answer moves on to the next candidate).
 */
import type { SimPod } from '../types.js';
import { asArray, asObjects, asString } from '../../model/guards.js';

export interface ResolvOption {
  readonly name: string;
  readonly value?: string;
}

export interface ResolvConf {
  /** The dnsPolicy in effect (`ClusterFirst` on a hostNetwork pod becomes `Default`). */
  readonly policy: 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly ResolvOption[];
  /** What kubelet would say about it (dropped entries, unknown node configuration). */
  readonly notes: readonly string[];
}

export interface NodeResolvConf {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly ResolvOption[];
}

export interface ResolvConfOptions {
  readonly clusterDomain: string;
  /** kubelet `--cluster-dns`. */
  readonly clusterDns: readonly string[];
  /** The node's resolv.conf (kubelet `--resolv-conf`); unknown to a dry run unless given. */
  readonly node?: NodeResolvConf;
}

const MAX_NAMESERVERS = 3;
const MAX_SEARCH_PATHS = 32;
const MAX_SEARCH_CHARS = 2048;
const MAX_DOMAIN_LENGTH = 253;

export function buildResolvConf(pod: Pick<SimPod, 'namespace' | 'spec' | 'hostNetwork'>, opts: ResolvConfOptions): ResolvConf {
  const notes: string[] = [];
  const declared = asString(pod.spec.dnsPolicy) ?? 'ClusterFirst';
  let policy: ResolvConf['policy'];
  switch (declared) {
    case 'None':
    case 'Default':
    case 'ClusterFirstWithHostNet':
      policy = declared;
      break;
    default:
      // getPodDNSType: ClusterFirst on the host network falls back to Default.
      policy = pod.hostNetwork ? 'Default' : 'ClusterFirst';
      if (pod.hostNetwork) notes.push('dnsPolicy ClusterFirst on a hostNetwork pod behaves as Default (use ClusterFirstWithHostNet for cluster DNS)');
  }
  let nameservers: string[] = [];
  let searches: string[] = [];
  let options: ResolvOption[] = [];
  const node = opts.node;
  if (policy === 'ClusterFirst' || policy === 'ClusterFirstWithHostNet') {
    if (opts.clusterDns.length === 0) {
      notes.push('kubelet has no --cluster-dns: it falls back to Default (MissingClusterDNS event)');
      policy = 'Default';
    } else {
      nameservers = [...opts.clusterDns];
      const d = opts.clusterDomain.replace(/\.$/, '');
      searches = dedupe([`${pod.namespace}.svc.${d}`, `svc.${d}`, d, ...(node?.searches ?? [])]);
      options = [{ name: 'ndots', value: '5' }];
    }
  }
  if (policy === 'Default') {
    if (node) {
      nameservers = [...node.nameservers];
      searches = [...node.searches];
      options = [...node.options];
    } else {
      notes.push("the node's /etc/resolv.conf is not known to the dry run: no nameserver or search list from it");
    }
  }
  // appendDNSConfig / mergeDNSOptions: dnsConfig is appended (duplicates dropped); options merge by name.
  const cfg = pod.spec.dnsConfig;
  if (cfg !== undefined && cfg !== null && typeof cfg === 'object') {
    nameservers = dedupe([...nameservers, ...asArray(cfg.nameservers).filter((s): s is string => typeof s === 'string')]);
    searches = dedupe([...searches, ...asArray(cfg.searches).filter((s): s is string => typeof s === 'string')]);
    for (const o of asObjects(cfg.options)) {
      const name = asString(o.name);
      if (!name) continue;
      const value = asString(o.value);
      const merged: ResolvOption = value !== undefined ? { name, value } : { name };
      const i = options.findIndex((x) => x.name === name);
      // Upstream merges through a map (order not defined); we keep the base order and append new names.
      if (i >= 0) options[i] = merged;
      else options.push(merged);
    }
  }
  if (nameservers.length > MAX_NAMESERVERS) {
    notes.push(`Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${nameservers.slice(0, MAX_NAMESERVERS).join(' ')}`);
    nameservers = nameservers.slice(0, MAX_NAMESERVERS);
  }
  const tooLong = searches.filter((s) => s.length > MAX_DOMAIN_LENGTH);
  if (tooLong.length > 0) notes.push(`search domains longer than ${MAX_DOMAIN_LENGTH} characters were dropped`);
  searches = searches.filter((s) => s.length <= MAX_DOMAIN_LENGTH);
  let limited = searches.slice(0, MAX_SEARCH_PATHS);
  while (limited.join(' ').length > MAX_SEARCH_CHARS) limited = limited.slice(0, -1);
  if (limited.length < searches.length) notes.push(`Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${limited.join(' ')}`);
  return { policy, nameservers, searches: limited, options, notes };
}

/** The file text kubelet writes. */
export function formatResolvConf(c: ResolvConf): string {
  const lines: string[] = [];
  for (const ns of c.nameservers) lines.push(`nameserver ${ns}`);
  if (c.searches.length > 0) lines.push(`search ${c.searches.join(' ')}`);
  if (c.options.length > 0) lines.push(`options ${c.options.map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : o.name)).join(' ')}`);
  return lines.join('\n') + '\n';
}

/** `ndots` in effect: the option's value, else resolv.conf(5)'s default of 1 (capped at 15). */
export function ndotsOf(c: Pick<ResolvConf, 'options'>): number {
  const o = [...c.options].reverse().find((x) => x.name === 'ndots');
  const n = o?.value !== undefined ? Number.parseInt(o.value, 10) : 1;
  return Number.isFinite(n) ? Math.min(Math.max(n, 0), 15) : 1;
}

/**
 * Fully qualified names a stub resolver tries, in order: a trailing dot means absolute only; fewer than
 * `ndots` dots tries each search domain first and the name as given last; otherwise the name first.
 */
export function expandQuery(name: string, c: Pick<ResolvConf, 'options' | 'searches'>): string[] {
  if (name.endsWith('.')) return [name];
  const dots = (name.match(/\./g) ?? []).length;
  const withSearch = c.searches.map((s) => `${name}.${s.replace(/\.$/, '')}.`);
  return dedupe(dots >= ndotsOf(c) ? [`${name}.`, ...withSearch] : [...withSearch, `${name}.`]);
}

function dedupe(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
