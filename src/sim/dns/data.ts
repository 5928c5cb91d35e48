/**
 * The cluster data CoreDNS's `kubernetes` plugin answers from, indexed once per ClusterState: Services with
 * their ready endpoint addresses (taken from EndpointSlices, as CoreDNS does), namespaces, pod IPs and the
 * reverse indexes. Built in one pass; queries (./resolver.ts) then cost a few map lookups.
 */
import type { SimEndpointPort, SimEndpointSlice } from '../endpoints.js';
import type { SimNamespace, SimPod, SimService } from '../types.js';
import { canonicalIP, dashedIP, isIPv4Fast, isIPv6 } from './ip.js';

export type PodsMode = 'insecure' | 'verified' | 'disabled';

export interface DnsOptions {
  /** kubelet `--cluster-domain` / the Corefile zone. Default `cluster.local`. */
  readonly clusterDomain?: string;
  /** Record TTL. The kubeadm Corefile sets `ttl 30` (cmd/kubeadm/app/phases/addons/dns/manifests.go). */
  readonly ttl?: number;
  /** SOA serial. CoreDNS uses the time of the last API change; the dry run has none, so a fixed number. */
  readonly serial?: number;
  /** The `pods` option; kubeadm's Corefile uses `pods insecure`. */
  readonly pods?: PodsMode;
  /**
   * The cluster DNS Service address (kubelet `--cluster-dns`), used when the input has no `kube-dns` Service
   * in `kube-system`. kubeadm's default is the 10th address of the service CIDR, 10.96.0.10.
   */
  readonly clusterDnsIP?: string;
}

export interface DnsInput {
  readonly services: readonly SimService[];
  readonly endpointSlices: readonly SimEndpointSlice[];
  readonly pods: readonly SimPod[];
  readonly namespaces: ReadonlyMap<string, SimNamespace>;
}

/** An endpoint address CoreDNS publishes: ready (or readiness unknown), with its DNS label and ports. */
export interface DnsEndpoint {
  readonly ip: string;
  /** Lower-case endpoint label: `hostname`, else the dashed IP. */
  readonly label: string;
  readonly ports: readonly SimEndpointPort[];
}

export interface DnsService {
  readonly svc: SimService;
  /** Lower-case names. */
  readonly namespace: string;
  readonly name: string;
  /** ClusterIPs (canonical text), empty for headless and ExternalName Services. */
  readonly vips: readonly string[];
  readonly endpoints: readonly DnsEndpoint[];
}

export interface DnsData {
  /** Lower-case zone without trailing dot. */
  readonly zone: string;
  readonly ttl: number;
  readonly serial: number;
  readonly pods: PodsMode;
  readonly namespaces: ReadonlySet<string>;
  /** Keyed `namespace/name`, lower case. */
  readonly services: ReadonlyMap<string, DnsService>;
  readonly byClusterIP: ReadonlyMap<string, readonly DnsService[]>;
  readonly byEndpointIP: ReadonlyMap<string, readonly { readonly service: DnsService; readonly label: string }[]>;
  /** Pod IPs per namespace (for `pods verified`). */
  readonly podIPs: ReadonlyMap<string, ReadonlySet<string>>;
  /** Addresses of the DNS Service itself: the glue of `ns.dns.<zone>`. */
  readonly nsAddrs: readonly string[];
}

export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
export const DEFAULT_TTL = 30;
export const DEFAULT_CLUSTER_DNS_IP = '10.96.0.10';
/** Schema version of the spec the answers follow (kubernetes/dns:docs/specification.md). */
export const DNS_SCHEMA_VERSION = '1.1.0';

export function buildDnsData(input: DnsInput, options: DnsOptions = {}): DnsData {
  const zone = (options.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN).toLowerCase().replace(/\.$/, '');
  const namespaces = new Set<string>();
  for (const n of input.namespaces.keys()) namespaces.add(n.toLowerCase());
  for (const s of input.services) namespaces.add(s.namespace.toLowerCase());
  for (const p of input.pods) namespaces.add(p.namespace.toLowerCase());

  // CoreDNS keeps an endpoint when conditions.ready is true or nil (object/endpoint.go endpointsliceReady);
  // our slices always carry a boolean, and hand-written ones without conditions were read as ready.
  const epsBySvc = new Map<string, DnsEndpoint[]>();
  for (const slice of input.endpointSlices) {
    const key = `${slice.namespace}/${slice.serviceName}`.toLowerCase();
    let list = epsBySvc.get(key);
    if (!list) epsBySvc.set(key, (list = []));
    for (const e of slice.endpoints) {
      if (!e.conditions.ready) continue;
      for (const raw of e.addresses) {
        const ip = canonicalIP(raw);
        if (!isIPv4Fast(ip) && !(ip.includes(':') && isIPv6(ip))) continue;
        list.push({ ip, label: (e.hostname ?? dashedIP(ip)).toLowerCase(), ports: slice.ports });
      }
    }
  }

  const services = new Map<string, DnsService>();
  const byClusterIP = new Map<string, DnsService[]>();
  const byEndpointIP = new Map<string, { service: DnsService; label: string }[]>();
  const sorted = [...input.services].sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
  for (const svc of sorted) {
    const key = `${svc.namespace}/${svc.name}`.toLowerCase();
    const vips =
      svc.type === 'ExternalName' || svc.headless
        ? []
        : [...new Set((svc.clusterIPs.length > 0 ? svc.clusterIPs : svc.clusterIP ? [svc.clusterIP] : []).filter((ip) => isIPv4Fast(ip) || isIPv6(ip)).map(canonicalIP))];
    const endpoints = svc.type === 'ExternalName' ? [] : (epsBySvc.get(key) ?? []);
    const entry: DnsService = { svc, namespace: svc.namespace.toLowerCase(), name: svc.name.toLowerCase(), vips, endpoints };
    services.set(key, entry);
    for (const ip of vips) push(byClusterIP, ip, entry);
    const seen = new Set<string>();
    for (const e of endpoints) {
      // The same address in two slices of one Service gives one PTR (coredns reverse_test.go).
      const k = `${e.ip}\u0000${e.label}`;
      if (seen.has(k)) continue;
      seen.add(k);
      push(byEndpointIP, e.ip, { service: entry, label: e.label });
    }
  }

  const podIPs = new Map<string, Set<string>>();
  for (const p of input.pods) {
    if (p.podIP === undefined) continue;
    const ns = p.namespace.toLowerCase();
    let set = podIPs.get(ns);
    if (!set) podIPs.set(ns, (set = new Set()));
    set.add(canonicalIP(p.podIP));
  }

  // ns.go nsAddrs: the ClusterIP of the Service fronting CoreDNS (kube-dns in kubeadm clusters).
  const kubeDns = services.get('kube-system/kube-dns');
  const nsAddrs = kubeDns && kubeDns.vips.length > 0 ? kubeDns.vips : [options.clusterDnsIP ?? DEFAULT_CLUSTER_DNS_IP];

  return {
    zone,
    ttl: options.ttl ?? DEFAULT_TTL,
    serial: options.serial ?? 1,
    pods: options.pods ?? 'insecure',
    namespaces,
    services,
    byClusterIP,
    byEndpointIP,
    podIPs,
    nsAddrs,
  };
}

/** The cluster DNS server address pods are given (`kube-dns` ClusterIP, else the option). */
export function clusterDnsAddress(data: DnsData): string {
  return data.nsAddrs[0] as string;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
