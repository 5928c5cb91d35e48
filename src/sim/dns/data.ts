/**
 * The cluster data CoreDNS's `kubernetes` plugin answers from, indexed once per ClusterState: Services with
 * their ready endpoint addresses (taken from EndpointSlices, as CoreDNS does), namespaces, pod IPs and the
 * reverse indexes. Built in one pass; queries (./resolver.ts) then cost a few map lookups.
 */
import type { ServiceEndpoints, SimEndpointPort, SimEndpointSlice } from '../endpoints.js';
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
  const epsBySvc = new Map<string, DnsEndpoint[]>();
  for (const slice of input.endpointSlices) {
    const key = `${slice.namespace}/${slice.serviceName}`.toLowerCase();
    let list = epsBySvc.get(key);
    if (!list) epsBySvc.set(key, (list = []));
    addEndpoints(list, slice);
  }

  const services = new Map<string, DnsService>();
  const byClusterIP = new Map<string, DnsService[]>();
  const byEndpointIP = new Map<string, { service: DnsService; label: string }[]>();
  for (const svc of sortServices(input.services)) {
    const key = `${svc.namespace}/${svc.name}`.toLowerCase();
    const entry = dnsService(svc, epsBySvc.get(key) ?? []);
    services.set(key, entry);
    for (const ip of entry.vips) push(byClusterIP, ip, entry);
    const seen = new Set<string>();
    for (const e of entry.endpoints) {
      // The same address in two slices of one Service gives one PTR (coredns reverse_test.go).
      const k = `${e.ip}\u0000${e.label}`;
      if (seen.has(k)) continue;
      seen.add(k);
      push(byEndpointIP, e.ip, { service: entry, label: e.label });
    }
  }
  return { ...dnsBasics(input, options, services), services, byClusterIP, byEndpointIP };
}

/**
 * {@link buildDnsData}, run when a field is first read. `check` reads no DNS data (its DNS problems need the
 * zone name only), while the state it builds carries the data for the queries that do.
 */
export function lazyDnsData(input: DnsInput, options: DnsOptions = {}): DnsData {
  let data: DnsData | undefined;
  const out = {} as DnsData;
  for (const k of Object.keys(DNS_DATA_FIELDS) as (keyof DnsData)[]) {
    Object.defineProperty(out, k, { enumerable: true, get: () => (data ??= buildDnsData(input, options))[k] });
  }
  return out;
}

/** Every field of DnsData (the Record type makes a missing one a compile error), for {@link lazyDnsData}. */
const DNS_DATA_FIELDS: Readonly<Record<keyof DnsData, true>> = {
  zone: true,
  ttl: true,
  serial: true,
  pods: true,
  namespaces: true,
  services: true,
  byClusterIP: true,
  byEndpointIP: true,
  podIPs: true,
  nsAddrs: true,
};

/**
 * {@link buildDnsData} for one query: a Service's entry (and its endpoints) is made when a name asks for it;
 * the reverse indexes and a walk of all Services (the zone file) build the whole data first. Same answers.
 */
export function dnsDataOnDemand(input: Omit<DnsInput, 'endpointSlices'> & { readonly endpoints: ServiceEndpoints }, options: DnsOptions = {}): DnsData {
  // Services by lower-case key, in the order buildDnsData meets them: the last one gives the entry, and the
  // endpoints of all of them are the entry's (their slices are keyed alike).
  const sorted = sortServices(input.services);
  const byLower = new Map<string, SimService[]>();
  for (const svc of sorted) push(byLower, `${svc.namespace}/${svc.name}`.toLowerCase(), svc);
  let whole: DnsData | undefined;
  const all = (): DnsData => {
    if (whole) return whole;
    const slices: SimEndpointSlice[] = [];
    let last = '';
    for (const svc of sorted) {
      const k = `${svc.namespace}/${svc.name}`;
      // Duplicates (same namespace and name) are adjacent; slicesOf already gives all of theirs.
      if (k !== last) slices.push(...input.endpoints.slicesOf(svc.namespace, svc.name));
      last = k;
    }
    return (whole = buildDnsData({ ...input, endpointSlices: slices }, options));
  };
  const made = new Map<string, DnsService | undefined>();
  const one = (key: string): DnsService | undefined => {
    if (whole) return whole.services.get(key);
    if (made.has(key)) return made.get(key);
    const svcs = byLower.get(key);
    let entry: DnsService | undefined;
    if (svcs) {
      const endpoints: DnsEndpoint[] = [];
      let last = '';
      for (const svc of svcs) {
        const k = `${svc.namespace}/${svc.name}`;
        if (k !== last) for (const slice of input.endpoints.slicesOf(svc.namespace, svc.name)) addEndpoints(endpoints, slice);
        last = k;
      }
      entry = dnsService(svcs[svcs.length - 1] as SimService, endpoints);
    }
    made.set(key, entry);
    return entry;
  };
  const services = new OnDemandMap(byLower, one, () => all().services);
  return {
    ...dnsBasics(input, options, services),
    services,
    get byClusterIP() {
      return all().byClusterIP;
    },
    get byEndpointIP() {
      return all().byEndpointIP;
    },
  };
}

/** A read-only map whose values are made on first `get`; iterating it reads the whole map instead. */
class OnDemandMap<V> implements ReadonlyMap<string, V> {
  constructor(
    private readonly keySet: ReadonlyMap<string, unknown>,
    private readonly one: (key: string) => V | undefined,
    private readonly whole: () => ReadonlyMap<string, V>,
  ) {}
  get size(): number {
    return this.keySet.size;
  }
  get(key: string): V | undefined {
    return this.keySet.has(key) ? this.one(key) : undefined;
  }
  has(key: string): boolean {
    return this.keySet.has(key);
  }
  forEach(fn: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    this.whole().forEach((v, k) => fn(v, k, this));
  }
  entries(): MapIterator<[string, V]> {
    return this.whole().entries();
  }
  keys(): MapIterator<string> {
    return this.whole().keys();
  }
  values(): MapIterator<V> {
    return this.whole().values();
  }
  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.whole().entries();
  }
}

/** What does not depend on endpoints: zone, namespaces, pod IPs and the DNS Service's own address. */
function dnsBasics(
  input: Omit<DnsInput, 'endpointSlices'>,
  options: DnsOptions,
  services: ReadonlyMap<string, DnsService>,
): Omit<DnsData, 'services' | 'byClusterIP' | 'byEndpointIP'> {
  const zone = (options.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN).toLowerCase().replace(/\.$/, '');
  const namespaces = new Set<string>();
  for (const n of input.namespaces.keys()) namespaces.add(n.toLowerCase());
  for (const s of input.services) namespaces.add(s.namespace.toLowerCase());
  for (const p of input.pods) namespaces.add(p.namespace.toLowerCase());

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

  return { zone, ttl: options.ttl ?? DEFAULT_TTL, serial: options.serial ?? 1, pods: options.pods ?? 'insecure', namespaces, podIPs, nsAddrs };
}

/**
 * CoreDNS keeps an endpoint when conditions.ready is true or nil (object/endpoint.go endpointsliceReady);
 * our slices always carry a boolean, and hand-written ones without conditions were read as ready.
 */
function addEndpoints(list: DnsEndpoint[], slice: SimEndpointSlice): void {
  for (const e of slice.endpoints) {
    if (!e.conditions.ready) continue;
    for (const raw of e.addresses) {
      const ip = canonicalIP(raw);
      if (!isIPv4Fast(ip) && !(ip.includes(':') && isIPv6(ip))) continue;
      list.push({ ip, label: (e.hostname ?? dashedIP(ip)).toLowerCase(), ports: slice.ports });
    }
  }
}

function dnsService(svc: SimService, endpoints: readonly DnsEndpoint[]): DnsService {
  const vips =
    svc.type === 'ExternalName' || svc.headless
      ? []
      : [...new Set((svc.clusterIPs.length > 0 ? svc.clusterIPs : svc.clusterIP ? [svc.clusterIP] : []).filter((ip) => isIPv4Fast(ip) || isIPv6(ip)).map(canonicalIP))];
  return { svc, namespace: svc.namespace.toLowerCase(), name: svc.name.toLowerCase(), vips, endpoints: svc.type === 'ExternalName' ? [] : endpoints };
}

function sortServices(services: readonly SimService[]): SimService[] {
  return [...services].sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
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
