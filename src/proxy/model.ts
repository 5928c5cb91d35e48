/**
 * kube-proxy's view of the cluster for one node and one IP family: service ports with their endpoints,
 * categorised for Cluster and Local traffic policy. Mirrors kubernetes/kubernetes:pkg/proxy/serviceport.go
 * (which Services and IPs are used), pkg/proxy/endpointslicecache.go (slices -> endpoints) and
 * pkg/proxy/topology.go (CategorizeEndpoints), v1.33.
 */
import type { EndpointSlice } from '../model/kinds.js';
import { asArray, asBoolean, asInteger, asObject, asObjects, asString, asStringMap, get } from '../model/guards.js';
import type { SimNode, SimService } from '../sim/types.js';
import type { IPFamily, ParsedIP } from './ip.js';
import { cidrContains, formatCIDR, joinHostPort, parseCIDR, parseIP, formatIP } from './ip.js';
import { endpointChainName, serviceChainNames } from './hash.js';

/** The Service fields kube-proxy reads (a SimService is one). */
export type ProxyService = Pick<
  SimService,
  | 'namespace'
  | 'name'
  | 'type'
  | 'clusterIP'
  | 'clusterIPs'
  | 'ports'
  | 'externalIPs'
  | 'loadBalancerIPs'
  | 'loadBalancerSourceRanges'
  | 'externalTrafficPolicy'
  | 'internalTrafficPolicy'
  | 'healthCheckNodePort'
  | 'sessionAffinity'
  | 'sessionAffinityTimeoutSeconds'
>;

/** The node facts kube-proxy reads (a SimNode is one), plus the addresses on its interfaces. */
export interface ProxyNode extends Pick<SimNode, 'name' | 'labels' | 'addresses' | 'internalIP'> {
  readonly podCIDR?: string;
  /**
   * Addresses bound to the node's interfaces (kube-proxy lists them for nodePortAddresses). Default: the
   * node's addresses plus loopback.
   */
  readonly interfaceAddresses?: readonly string[];
}

export interface ProxyEndpoint {
  readonly ip: string;
  readonly port: number;
  /** `ip:port` (Go net.JoinHostPort). */
  readonly key: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly local: boolean;
  readonly nodeName?: string;
  readonly zoneHints: readonly string[];
  readonly nodeHints: readonly string[];
  /** KUBE-SEP-… chain name ('' when built without iptables chain names). */
  readonly chain: string;
}

export interface ProxyServicePort {
  readonly namespace: string;
  readonly name: string;
  readonly portName: string;
  /** `ns/name` or `ns/name:port` (proxy.ServicePortName.String()). */
  readonly spn: string;
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  readonly clusterIP: string;
  readonly port: number;
  readonly nodePort: number;
  readonly externalIPs: readonly string[];
  readonly loadBalancerVIPs: readonly string[];
  readonly sourceRanges: readonly string[];
  readonly externalPolicyLocal: boolean;
  readonly internalPolicyLocal: boolean;
  readonly healthCheckNodePort: number;
  readonly sessionAffinity: boolean;
  readonly stickySeconds: number;
  readonly chains: { readonly svc: string; readonly svl: string; readonly ext: string; readonly fw: string };
  /** All endpoints of the port, sorted by `ip:port`. */
  readonly endpoints: readonly ProxyEndpoint[];
  readonly clusterEndpoints: readonly ProxyEndpoint[];
  readonly localEndpoints: readonly ProxyEndpoint[];
  readonly allReachable: readonly ProxyEndpoint[];
  readonly hasEndpoints: boolean;
}

export function externallyAccessible(sp: Pick<ProxyServicePort, 'nodePort' | 'loadBalancerVIPs' | 'externalIPs'>): boolean {
  return sp.nodePort !== 0 || sp.loadBalancerVIPs.length > 0 || sp.externalIPs.length > 0;
}
export function usesClusterEndpoints(sp: ProxyServicePort): boolean {
  return !sp.internalPolicyLocal || externallyAccessible(sp);
}
export function usesLocalEndpoints(sp: ProxyServicePort): boolean {
  return sp.internalPolicyLocal || (sp.externalPolicyLocal && externallyAccessible(sp));
}

function ipsOfFamily(list: readonly string[], family: IPFamily): string[] {
  const out: string[] = [];
  for (const s of list) {
    const ip = parseIP(s);
    if (ip && ip.family === family) out.push(formatIP(ip));
  }
  return out;
}

/** The cluster IP of this family: from clusterIPs, else the legacy clusterIP. */
function clusterIPOf(svc: ProxyService, family: IPFamily): string | undefined {
  const candidates = svc.clusterIPs.length > 0 ? svc.clusterIPs : svc.clusterIP !== undefined ? [svc.clusterIP] : [];
  for (const c of candidates) {
    const ip = parseIP(c);
    if (ip && ip.family === family) return formatIP(ip);
  }
  return undefined;
}

const NONE: readonly string[] = [];

function hintNames(hints: unknown, field: string): readonly string[] {
  return asObjects(get(hints, field))
    .map((z) => asString(z['name']))
    .filter((z): z is string => z !== undefined);
}

interface RawEndpoint {
  readonly ip: string;
  readonly port: number;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly nodeName?: string;
  readonly zoneHints: readonly string[];
  readonly nodeHints: readonly string[];
}

/** Endpoints per `ns/service/portName/protocol`, from the slices of this family (endpointslicecache.go). */
function endpointsFromSlices(slices: readonly EndpointSlice[], family: IPFamily): Map<string, RawEndpoint[]> {
  const byPort = new Map<string, Map<string, RawEndpoint>>();
  for (const slice of slices) {
    const addressType = asString(get(slice, 'addressType'));
    if (addressType !== family) continue;
    const namespace = asString(get(slice, 'metadata', 'namespace')) ?? 'default';
    const svcName = asStringMap(get(slice, 'metadata', 'labels'))['kubernetes.io/service-name'];
    if (svcName === undefined || svcName === '') continue;
    for (const p of asObjects(get(slice, 'ports'))) {
      const portName = asString(p['name']);
      const portNum = asInteger(p['port']);
      // A port with a nil name or port is skipped (endpointslicecache.go); "" is the unnamed port.
      if (portName === undefined || portNum === undefined || portNum === 0) continue;
      const protocol = asString(p['protocol']) ?? 'TCP';
      const key = `${namespace}/${svcName}/${portName}/${protocol}`;
      let eps = byPort.get(key);
      if (!eps) byPort.set(key, (eps = new Map()));
      for (const ep of asObjects(get(slice, 'endpoints'))) {
        const first = asString(asArray(ep['addresses'])[0]);
        if (first === undefined) continue;
        const parsed = parseIP(first);
        if (!parsed) continue;
        const ip = formatIP(parsed);
        const cond = asObject(ep['conditions']) ?? {};
        // A nil ready/serving counts as true, a nil terminating as false (endpointslicecache.go).
        const ready = asBoolean(cond['ready']) ?? true;
        const serving = asBoolean(cond['serving']) ?? true;
        const terminating = asBoolean(cond['terminating']) ?? false;
        const nodeName = asString(ep['nodeName']);
        const hints = ep['hints'];
        const zoneHints = hints === undefined ? NONE : hintNames(hints, 'forZones');
        const nodeHints = hints === undefined ? NONE : hintNames(hints, 'forNodes');
        const raw: RawEndpoint = { ip, port: portNum, ready, serving, terminating, zoneHints, nodeHints, ...(nodeName !== undefined ? { nodeName } : {}) };
        const k = joinHostPort(ip, portNum);
        const prev = eps.get(k);
        // The same ip:port in several slices: a non-terminating copy wins.
        if (!prev || !raw.terminating) eps.set(k, raw);
      }
    }
  }
  const out = new Map<string, RawEndpoint[]>();
  for (const [k, m] of byPort) out.set(k, [...m.values()]);
  return out;
}

/** canUseTopology (pkg/proxy/topology.go): every ready endpoint has zone hints, one for this node's zone. */
function topologyFilter(eps: readonly ProxyEndpoint[], node: ProxyNode): ((ep: ProxyEndpoint) => boolean) | undefined {
  const zone = node.labels['topology.kubernetes.io/zone'];
  if (zone === undefined) return undefined;
  let hasForZone = false;
  for (const ep of eps) {
    if (!ep.ready) continue;
    if (ep.zoneHints.length === 0) return undefined;
    if (ep.zoneHints.includes(zone)) hasForZone = true;
  }
  if (!hasForZone) return undefined;
  return (ep) => ep.zoneHints.includes(zone);
}

function byKey(a: ProxyEndpoint, b: ProxyEndpoint): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** CategorizeEndpoints (pkg/proxy/topology.go). */
function categorize(sp: Omit<ProxyServicePort, 'clusterEndpoints' | 'localEndpoints' | 'allReachable' | 'hasEndpoints'>, node: ProxyNode) {
  const full = sp as ProxyServicePort;
  let clusterEndpoints: ProxyEndpoint[] = [];
  let localEndpoints: ProxyEndpoint[] = [];
  let hasEndpoints = false;
  const eps = sp.endpoints;
  if (usesClusterEndpoints(full)) {
    const topo = topologyFilter(eps, node);
    clusterEndpoints = eps.filter((ep) => ep.ready && (!topo || topo(ep)));
    if (clusterEndpoints.length === 0) clusterEndpoints = eps.filter((ep) => ep.serving && ep.terminating);
    if (clusterEndpoints.length > 0) hasEndpoints = true;
  }
  if (!usesLocalEndpoints(full)) return { clusterEndpoints, localEndpoints, allReachable: clusterEndpoints, hasEndpoints };
  let localReady = false;
  let localServingTerminating = false;
  for (const ep of eps) {
    if (ep.ready) {
      hasEndpoints = true;
      if (ep.local) localReady = true;
    } else if (ep.serving && ep.terminating) {
      hasEndpoints = true;
      if (ep.local) localServingTerminating = true;
    }
  }
  if (localReady) localEndpoints = eps.filter((ep) => ep.local && ep.ready);
  else if (localServingTerminating) localEndpoints = eps.filter((ep) => ep.local && ep.serving && ep.terminating);
  if (!usesClusterEndpoints(full)) return { clusterEndpoints, localEndpoints, allReachable: localEndpoints, hasEndpoints };
  const merged = new Map<string, ProxyEndpoint>();
  for (const ep of clusterEndpoints) merged.set(ep.key, ep);
  for (const ep of localEndpoints) merged.set(ep.key, ep);
  return { clusterEndpoints, localEndpoints, allReachable: [...merged.values()].sort(byKey), hasEndpoints };
}

export interface ProxyInputs {
  readonly services: readonly ProxyService[];
  readonly endpointSlices: readonly EndpointSlice[];
  readonly node: ProxyNode;
}

/** The node IP kube-proxy uses for this family (the first node address of the family, InternalIP first). */
export function nodeIPOf(node: ProxyNode, family: IPFamily): string | undefined {
  const own = parseIP(node.internalIP);
  if (own && own.family === family) return formatIP(own);
  const sorted = [...node.addresses].sort((a, b) => Number(b.type === 'InternalIP') - Number(a.type === 'InternalIP'));
  for (const a of sorted) {
    const ip = parseIP(a.address);
    if (ip && ip.family === family) return formatIP(ip);
  }
  return undefined;
}

export function familyOfNode(node: ProxyNode): IPFamily {
  return parseIP(node.internalIP)?.family ?? 'IPv4';
}

/**
 * Builds kube-proxy's service-port map for one node and family. Services without a cluster IP of the family,
 * headless and ExternalName Services are skipped (serviceport.go). The result is sorted by service port name
 * then protocol, so everything downstream is deterministic.
 */
export function buildServicePorts(inputs: ProxyInputs, family: IPFamily, options: { readonly iptablesChainNames?: boolean } = {}): ProxyServicePort[] {
  // The KUBE-SEP names cost a sha256 per endpoint; the nftables and IPVS modes do not use them.
  const withChains = options.iptablesChainNames ?? true;
  const endpointMap = endpointsFromSlices(inputs.endpointSlices, family);
  const out: ProxyServicePort[] = [];
  for (const svc of inputs.services) {
    if (svc.type === 'ExternalName') continue;
    const clusterIP = clusterIPOf(svc, family);
    if (clusterIP === undefined) continue;
    const externalIPs = ipsOfFamily(svc.externalIPs, family);
    const loadBalancerVIPs = ipsOfFamily(svc.loadBalancerIPs, family);
    const sourceRanges: string[] = [];
    for (const r of svc.loadBalancerSourceRanges) {
      const c = parseCIDR(r.trim());
      if (c && c.ip.family === family) sourceRanges.push(formatCIDR(c));
    }
    const accessible = svc.type === 'LoadBalancer' || svc.type === 'NodePort' || (svc.type === 'ClusterIP' && svc.externalIPs.length > 0);
    const externalPolicyLocal = accessible && svc.externalTrafficPolicy === 'Local';
    const internalPolicyLocal = svc.internalTrafficPolicy === 'Local';
    const healthCheckNodePort = svc.type === 'LoadBalancer' && externalPolicyLocal ? (svc.healthCheckNodePort ?? 0) : 0;
    for (const p of svc.ports) {
      const portName = p.name ?? '';
      const spn = `${svc.namespace}/${svc.name}${portName === '' ? '' : ':' + portName}`;
      const protocol = p.protocol.toLowerCase() as 'tcp' | 'udp' | 'sctp';
      const chains = serviceChainNames(spn, protocol);
      const raw = endpointMap.get(`${svc.namespace}/${svc.name}/${portName}/${p.protocol}`) ?? [];
      const endpoints: ProxyEndpoint[] = raw
        .map((r): ProxyEndpoint => {
          const key = joinHostPort(r.ip, r.port);
          return {
            ip: r.ip,
            port: r.port,
            key,
            ready: r.ready,
            serving: r.serving,
            terminating: r.terminating,
            local: r.nodeName !== undefined && r.nodeName === inputs.node.name,
            ...(r.nodeName !== undefined ? { nodeName: r.nodeName } : {}),
            zoneHints: r.zoneHints,
            nodeHints: r.nodeHints,
            chain: withChains ? endpointChainName(spn, protocol, key) : '',
          };
        })
        .sort(byKey);
      const base = {
        namespace: svc.namespace,
        name: svc.name,
        portName,
        spn,
        protocol,
        clusterIP,
        port: p.port,
        nodePort: p.nodePort ?? 0,
        externalIPs,
        loadBalancerVIPs,
        sourceRanges,
        externalPolicyLocal,
        internalPolicyLocal,
        healthCheckNodePort,
        sessionAffinity: svc.sessionAffinity === 'ClientIP',
        stickySeconds: svc.sessionAffinityTimeoutSeconds,
        chains,
        endpoints,
      };
      // Object.assign onto the fresh object: two object spreads per service port showed in the 10k profile.
      out.push(Object.assign(base, categorize(base, inputs.node)));
    }
  }
  return out.sort((a, b) => (a.spn < b.spn ? -1 : a.spn > b.spn ? 1 : a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
}

/**
 * Local-traffic detector (pkg/proxy/util/localdetector.go): the match args for "from a local pod" and its
 * negation, for iptables and for nftables. Interface matches use `iifname` in nftables (by name, so an
 * interface that does not exist yet is fine), as since kubernetes/kubernetes PR #134024 (v1.35; backported as #134118 to 1.34 and #134099/#134117 to v1.33.6);
 * earlier releases wrote `iif`, which nft rejects for a missing interface.
 */
export interface LocalDetector {
  readonly ifLocal: readonly string[];
  readonly ifNotLocal: readonly string[];
  readonly ifLocalNFT: readonly string[];
  readonly ifNotLocalNFT: readonly string[];
}

export function localDetector(
  cfg: { detectLocalMode: string; clusterCIDR: string; bridgeInterface: string; interfaceNamePrefix: string },
  node: ProxyNode,
  family: IPFamily,
): LocalDetector | undefined {
  const cidrOf = (list: string): string | undefined => {
    for (const s of list.split(',')) {
      const c = parseCIDR(s.trim());
      if (c && c.ip.family === family) return formatCIDR(c);
    }
    return undefined;
  };
  // NewDetectLocalByCIDR: the nft family word follows the CIDR's family.
  const byCIDR = (c: string): LocalDetector => {
    const ipX = family === 'IPv6' ? 'ip6' : 'ip';
    return { ifLocal: ['-s', c], ifNotLocal: ['!', '-s', c], ifLocalNFT: [ipX, 'saddr', c], ifNotLocalNFT: [ipX, 'saddr', '!=', c] };
  };
  switch (cfg.detectLocalMode) {
    case 'ClusterCIDR': {
      const c = cidrOf(cfg.clusterCIDR);
      return c ? byCIDR(c) : undefined;
    }
    case 'NodeCIDR': {
      const c = cidrOf(node.podCIDR ?? '');
      return c ? byCIDR(c) : undefined;
    }
    case 'BridgeInterface': {
      const b = cfg.bridgeInterface;
      return b ? { ifLocal: ['-i', b], ifNotLocal: ['!', '-i', b], ifLocalNFT: ['iifname', b], ifNotLocalNFT: ['iifname', '!=', b] } : undefined;
    }
    case 'InterfaceNamePrefix': {
      const p = cfg.interfaceNamePrefix;
      return p
        ? { ifLocal: ['-i', p + '+'], ifNotLocal: ['!', '-i', p + '+'], ifLocalNFT: ['iifname', p + '*'], ifNotLocalNFT: ['iifname', '!=', p + '*'] }
        : undefined;
    }
    default:
      return undefined;
  }
}

/** NodePortAddresses (pkg/proxy/util/nodeport_addresses.go). */
export interface NodePortAddresses {
  readonly matchAll: boolean;
  readonly containsIPv4Loopback: boolean;
  /** Node IPs matching the CIDRs, sorted (kube-proxy iterates a map; we sort for determinism). */
  readonly nodeIPs: readonly string[];
}

export function nodePortAddresses(list: readonly string[], node: ProxyNode, family: IPFamily): NodePortAddresses {
  const strings: string[] = [];
  for (const s of list) {
    if (s === 'primary') {
      // cmd/kube-proxy turns `primary` into the node's primary IPs as /32 or /128.
      const ip = nodeIPOf(node, family);
      if (ip) strings.push(family === 'IPv4' ? `${ip}/32` : `${ip}/128`);
      continue;
    }
    const c = parseCIDR(s);
    if (c && c.ip.family === family) strings.push(s);
  }
  if (strings.length === 0) strings.push(family === 'IPv4' ? '0.0.0.0/0' : '::/0');
  let containsIPv4Loopback = false;
  let matchAll = false;
  const cidrs = [];
  const loop = parseIP('127.0.0.0') as ParsedIP;
  for (const s of strings) {
    const c = parseCIDR(s);
    if (!c) continue;
    if (c.ip.family === 'IPv4' && (c.ip.bytes[0] === 127 || cidrContains(c, loop))) containsIPv4Loopback = true;
    if (c.prefix === 0) {
      matchAll = true;
      cidrs.length = 0;
      cidrs.push(c);
      break;
    }
    cidrs.push(c);
  }
  const iface = node.interfaceAddresses ?? [...node.addresses.map((a) => a.address), node.internalIP, '127.0.0.1', '::1'];
  const ips = new Set<string>();
  for (const c of cidrs) {
    for (const a of iface) {
      const ip = parseIP(a);
      if (ip && cidrContains(c, ip)) ips.add(formatIP(ip));
    }
  }
  return { matchAll, containsIPv4Loopback, nodeIPs: [...ips].sort() };
}
