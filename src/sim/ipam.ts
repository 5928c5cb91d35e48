/**
 * Address and port allocation, IPv4 (address arithmetic with `netmask`):
 *
 * - Node podCIDRs: kube-controller-manager's range allocator (pkg/controller/nodeipam/ipam/cidrset/cidr_set.go
 *   `AllocateNext`): sequential /24s from `--cluster-cidr`, skipping those already used by nodes'
 *   `spec.podCIDR` and those overlapping the service CIDR.
 * - Pod IPs: CNI host-local IPAM inside the node's podCIDR: the gateway `.1` is reserved, the first pod gets `.2`,
 *   sequentially, skipping addresses already used; hostNetwork pods use the node IP.
 * - Service ClusterIPs: kube-apiserver's allocator (pkg/registry/core/service/ipallocator): the network and broadcast
 *   addresses are never used, `default/kubernetes` gets index 1, explicit IPs are honoured, dynamic ones come from
 *   the upper band first, then the lower (static) band (KEP-3070 `calculateRangeOffset`). Upstream starts each band
 *   at a random offset; here ascending from the band's start, for determinism.
 * - NodePorts: the port allocator (pkg/registry/core/service/portallocator, KEP-3668): explicit ports anywhere in
 *   the range; dynamic ones from the upper band first (for 30000-32767: 30086-32767), ascending, then the lower.
 */
import { ip2long, long2ip, Netmask } from 'netmask';
import type { Labels } from '../model/kinds.js';
import { asArray, asBoolean, asInteger, asObject, asObjects, asString, asStringMap, get } from '../model/guards.js';
import type { Model } from '../model/model.js';
import type { Resource } from '../model/resource.js';
import type { SimNode, SimService, SimServicePort } from './types.js';
import type { SimProblem } from './state.js';
import type { NodeDraft } from './cluster.js';

export interface IpamOptions {
  /** `--cluster-cidr`, default 10.244.0.0/16. */
  readonly clusterCIDR?: string;
  /** Node podCIDR mask size, default 24 (kube-controller-manager `--node-cidr-mask-size`). */
  readonly nodeCIDRMaskSize?: number;
  /** `--service-cidr`, default 10.96.0.0/12 (kubeadm's default). */
  readonly serviceCIDR?: string;
  /** `--service-node-port-range`, default 30000-32767. */
  readonly nodePortRange?: string;
  /** Network node InternalIPs are taken from when a Node has none, default 172.18.0.0/16 (kind's). */
  readonly nodeNetwork?: string;
}

export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';
export const DEFAULT_NODE_PORT_RANGE = '30000-32767';
export const DEFAULT_NODE_NETWORK = '172.18.0.0/16';

function block(cidr: string): Netmask | undefined {
  try {
    return new Netmask(cidr);
  } catch {
    return undefined;
  }
}

function isIPv4(s: string): boolean {
  return /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((p) => Number(p) <= 255);
}

export interface NodeAllocation {
  readonly nodes: SimNode[];
  readonly problems: SimProblem[];
}

/** Gives every node a podCIDR and an InternalIP. Nodes keep `spec.podCIDR` and their addresses. */
export function allocateNodeAddresses(drafts: readonly NodeDraft[], options: IpamOptions = {}): NodeAllocation {
  const problems: SimProblem[] = [];
  // Malformed ranges fall back to the defaults (the CLI rejects them before; the API may not).
  const cluster = block(options.clusterCIDR ?? DEFAULT_CLUSTER_CIDR) ?? (block(DEFAULT_CLUSTER_CIDR) as Netmask);
  const service = block(options.serviceCIDR ?? DEFAULT_SERVICE_CIDR) ?? block(DEFAULT_SERVICE_CIDR);
  const maskSize = Math.min(32, Math.max(cluster.bitmask, options.nodeCIDRMaskSize ?? 24));
  const subnetSize = 2 ** (32 - maskSize);
  const count = maskSize >= cluster.bitmask ? 2 ** (maskSize - cluster.bitmask) : 0;
  const used = new Set<number>();
  for (const d of drafts) {
    const b = d.podCIDR ? block(d.podCIDR) : undefined;
    if (b && cluster.contains(b.base)) used.add(Math.floor((((ip2long(b.base) - cluster.netLong) >>> 0) / subnetSize)));
  }
  let next = 0;
  const nodeNet = block(options.nodeNetwork ?? DEFAULT_NODE_NETWORK) ?? (block(DEFAULT_NODE_NETWORK) as Netmask);
  const usedIPs = new Set(drafts.map((d) => d.internalIP).filter((x): x is string => !!x));
  let nextIP = ((nodeNet.netLong + 2) >>> 0);
  const nodes = drafts.map((d): SimNode => {
    let podCIDR = d.podCIDR ?? '';
    if (!d.podCIDR) {
      // CidrSet.AllocateNext: scan from nextCandidate, skipping used subnets and those overlapping the service range.
      for (; next < count; next++) {
        if (used.has(next)) continue;
        const base = long2ip((cluster.netLong + next * subnetSize) >>> 0);
        const sub = new Netmask(`${base}/${maskSize}`);
        if (service && (service.contains(sub.base) || sub.contains(service.base))) continue;
        podCIDR = sub.toString();
        used.add(next++);
        break;
      }
      if (!podCIDR && d.resource)
        problems.push({ code: 'podcidr-exhausted', resource: d.resource, pointer: '/spec/podCIDR', message: `failed to allocate cidr from cluster cidr at idx:0: CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range` });
    }
    let internalIP = d.internalIP;
    if (!internalIP) {
      while (usedIPs.has(long2ip(nextIP))) nextIP++;
      internalIP = long2ip(nextIP++);
      usedIPs.add(internalIP);
    }
    const addresses = d.addresses.length > 0 ? d.addresses : [{ type: 'InternalIP', address: internalIP }, { type: 'Hostname', address: d.name }];
    return { name: d.name, labels: d.labels, taints: d.taints, unschedulable: d.unschedulable, allocatable: d.allocatable, addresses, internalIP, podCIDR, resource: d.resource };
  });
  return { nodes, problems };
}

/** host-local style allocator for one node's podCIDR. */
export class PodIPAllocator {
  private readonly used = new Set<number>();
  private readonly nextByNode = new Map<string, number>();
  private readonly blocks = new Map<string, Netmask | undefined>();

  constructor(private readonly nodes: ReadonlyMap<string, SimNode>) {}

  /** Marks an address as taken (a running pod's status.podIP). */
  reserve(ip: string): void {
    if (isIPv4(ip)) this.used.add(ip2long(ip));
  }

  private blockOf(node: SimNode): Netmask | undefined {
    if (!this.blocks.has(node.name)) this.blocks.set(node.name, node.podCIDR ? block(node.podCIDR) : undefined);
    return this.blocks.get(node.name);
  }

  /** Next free IP on the node, or an error text as host-local prints it. */
  allocate(nodeName: string): { ip: string } | { error: string } {
    const node = this.nodes.get(nodeName);
    const b = node ? this.blockOf(node) : undefined;
    if (!node || !b) return { error: `failed to allocate for range 0: node "${nodeName}" has no podCIDR` };
    const first = (b.netLong + 2) >>> 0;
    const last = (ip2long(b.broadcast ?? b.last) - 1) >>> 0;
    let cur = this.nextByNode.get(nodeName) ?? first;
    for (let tried = 0; tried <= last - first; tried++) {
      if (cur > last) cur = first;
      if (!this.used.has(cur)) {
        this.used.add(cur);
        this.nextByNode.set(nodeName, cur + 1);
        return { ip: long2ip(cur) };
      }
      cur++;
    }
    // CNI host-local's message when the range set is exhausted (range-start .1, gateway excluded).
    return { error: `failed to allocate for range 0: no IP addresses available in range set: ${long2ip((b.netLong + 1) >>> 0)}-${long2ip(last)}` };
  }
}

/** KEP-3070 / KEP-3668 `calculateRangeOffset`: min(max(16, size/step), max), 0 when the range is smaller than 16. */
export function rangeOffset(size: number, step: number, max: number): number {
  if (size < 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / step)), max);
}

/** A range split in its static (lower) and dynamic (upper) bands, handing out values upper band first. */
class BandAllocator {
  private readonly used = new Set<number>();
  private nextUpper: number;
  private nextLower: number;
  constructor(
    readonly first: number,
    readonly last: number,
    readonly offset: number,
  ) {
    this.nextUpper = first + offset;
    this.nextLower = first;
  }
  has(v: number): boolean {
    return this.used.has(v);
  }
  inRange(v: number): boolean {
    return v >= this.first && v <= this.last;
  }
  take(v: number): void {
    this.used.add(v);
  }
  next(): number | undefined {
    while (this.nextUpper <= this.last) {
      const v = this.nextUpper++;
      if (!this.used.has(v)) return this.used.add(v), v;
    }
    while (this.nextLower < this.first + this.offset) {
      const v = this.nextLower++;
      if (!this.used.has(v)) return this.used.add(v), v;
    }
    return undefined;
  }
}

function parsePortRange(s: string): { base: number; last: number } | undefined {
  const m = /^(\d+)-(\d+)$/.exec(s.trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  const last = Number(m[2]);
  return base <= last && last <= 65535 ? { base, last } : undefined;
}

const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;

export interface ServiceAllocation {
  readonly services: SimService[];
  readonly problems: SimProblem[];
}

function protocolOf(v: unknown): 'TCP' | 'UDP' | 'SCTP' {
  return v === 'UDP' || v === 'SCTP' ? v : 'TCP';
}

/** Services with their ClusterIPs, NodePorts and health-check NodePorts allocated, in input order. */
const NO_EXPLICIT_PORTS: ReadonlyMap<number, number> = new Map();

export function allocateServices(model: Model, options: IpamOptions = {}): ServiceAllocation {
  const problems: SimProblem[] = [];
  const svcCIDR = options.serviceCIDR !== undefined && block(options.serviceCIDR) ? options.serviceCIDR : DEFAULT_SERVICE_CIDR;
  const net = block(svcCIDR) as Netmask;
  // Usable addresses exclude the network and broadcast addresses (ipallocator.go).
  const ipFirst = (net.netLong + 1) >>> 0;
  const ipLast = (ip2long(net.broadcast ?? net.last) - 1) >>> 0;
  const ipSize = 2 ** (32 - net.bitmask);
  const ips = new BandAllocator(ipFirst, ipLast, rangeOffset(ipSize, 16, 256));
  const range = parsePortRange(options.nodePortRange ?? DEFAULT_NODE_PORT_RANGE) ?? { base: 30000, last: 32767 };
  const ports = new BandAllocator(range.base, range.last, rangeOffset(range.last - range.base + 1, 32, 128));
  const rangeText = `${range.base}-${range.last}`;

  const resources = model.byKind('Service').filter((r) => r.group === '');
  const kubernetesSvc = resources.find((r) => r.namespace === 'default' && r.name === 'kubernetes');
  // The `kubernetes` Service always holds index 1 of the range.
  const kubeIP = ipFirst;
  ips.take(kubeIP);
  const invalid = (r: Resource, field: string, value: string, detail: string): string => `Service "${r.name}" is invalid: ${field}: Invalid value: ${value}: ${detail}`;

  // Pass 1: explicit ClusterIPs and NodePorts, in input order, so dynamic values never steal them.
  const clusterIPOf = new Map<Resource, string | undefined>();
  const explicitPorts = new Map<Resource, Map<number, number>>();
  for (const r of resources) {
    const spec = asObject(r.raw.spec) ?? {};
    const type = asString(spec.type) ?? 'ClusterIP';
    if (type === 'ExternalName') continue;
    const requested = asString(spec.clusterIP) ?? asString(asArray(spec.clusterIPs)[0]);
    if (requested === 'None') {
      clusterIPOf.set(r, 'None');
    } else if (requested) {
      const pointer = spec.clusterIP !== undefined ? '/spec/clusterIP' : '/spec/clusterIPs/0';
      const value = `[]string{"${requested}"}`;
      if (r === kubernetesSvc && requested === long2ip(kubeIP)) clusterIPOf.set(r, requested);
      else if (!isIPv4(requested) || !net.contains(requested) || ip2long(requested) < ipFirst || ip2long(requested) > ipLast) {
        problems.push({ code: 'clusterip-out-of-range', resource: r, pointer, message: invalid(r, 'spec.clusterIPs', value, `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${svcCIDR}`), data: { ip: requested } });
        clusterIPOf.set(r, undefined);
      } else if (ips.has(ip2long(requested))) {
        problems.push({ code: 'clusterip-conflict', resource: r, pointer, message: invalid(r, 'spec.clusterIPs', value, `failed to allocate IP ${requested}: provided IP is already allocated`), data: { ip: requested } });
        clusterIPOf.set(r, undefined);
      } else {
        ips.take(ip2long(requested));
        clusterIPOf.set(r, requested);
      }
    }
    // Made for the Services that ask for a port (most ask for none).
    let taken: Map<number, number> | undefined;
    let sameService: Set<string> | undefined;
    asObjects(spec.ports).forEach((p, i) => {
      const np = asInteger(p.nodePort);
      if (np === undefined || np === 0) return;
      taken ??= new Map();
      sameService ??= new Set();
      // A port whose explicit value failed gets none (the API server would reject the Service).
      taken.set(i, -1);
      const pointer = `/spec/ports/${i}/nodePort`;
      if (!ports.inRange(np)) {
        problems.push({ code: 'nodeport-out-of-range', resource: r, pointer, message: invalid(r, `spec.ports[${i}].nodePort`, String(np), `provided port is not in the valid range. The range of valid ports is ${rangeText}`), data: { port: np } });
      } else if (sameService.has(`${np}/${protocolOf(p.protocol)}`)) {
        // Validation: a Service may reuse a nodePort only for another protocol (core validation "Duplicate value").
        problems.push({ code: 'nodeport-conflict', resource: r, pointer, message: `Service "${r.name}" is invalid: spec.ports[${i}].nodePort: Duplicate value: ${np}`, data: { port: np } });
      } else if (ports.has(np) && !sameService.has(`${np}/*`)) {
        problems.push({ code: 'nodeport-conflict', resource: r, pointer, message: invalid(r, `spec.ports[${i}].nodePort`, String(np), 'provided port is already allocated'), data: { port: np } });
      } else {
        ports.take(np);
        taken.set(i, np);
        sameService.add(`${np}/${protocolOf(p.protocol)}`).add(`${np}/*`);
      }
    });
    const hc = asInteger(spec.healthCheckNodePort);
    if (hc !== undefined && hc !== 0) {
      if (!ports.inRange(hc) || ports.has(hc))
        problems.push({ code: 'nodeport-conflict', resource: r, pointer: '/spec/healthCheckNodePort', message: `failed to allocate requested HealthCheck NodePort ${hc}: ${ports.inRange(hc) ? 'provided port is already allocated' : `provided port is not in the valid range. The range of valid ports is ${rangeText}`}`, data: { port: hc } });
      else {
        ports.take(hc);
        (taken ??= new Map()).set(-1, hc);
      }
    }
    if (taken) explicitPorts.set(r, taken);
  }

  // Pass 2: dynamic values, in input order.
  const services: SimService[] = [];
  for (const r of resources) {
    const spec = asObject(r.raw.spec) ?? {};
    const typeRaw = asString(spec.type) ?? 'ClusterIP';
    const type = (SERVICE_TYPES as readonly string[]).includes(typeRaw) ? (typeRaw as SimService['type']) : 'ClusterIP';
    let clusterIP: string | undefined;
    if (type !== 'ExternalName') {
      if (clusterIPOf.has(r)) clusterIP = clusterIPOf.get(r);
      else if (r === kubernetesSvc) clusterIP = long2ip(kubeIP);
      else {
        const v = ips.next();
        if (v === undefined) problems.push({ code: 'ip-exhausted', resource: r, pointer: '/spec/clusterIP', message: `Internal error occurred: failed to allocate a serviceIP: range is full` });
        else clusterIP = long2ip(v);
      }
    }
    const taken = explicitPorts.get(r) ?? NO_EXPLICIT_PORTS;
    const wantsNodePorts = type === 'NodePort' || (type === 'LoadBalancer' && asBoolean(spec.allocateLoadBalancerNodePorts) !== false);
    const simPorts: SimServicePort[] = asObjects(spec.ports).map((p, i) => {
      let nodePort = taken.get(i);
      if (nodePort === -1) nodePort = undefined;
      else if (nodePort === undefined && wantsNodePorts) {
        nodePort = ports.next();
        if (nodePort === undefined) problems.push({ code: 'nodeport-exhausted', resource: r, pointer: `/spec/ports/${i}`, message: `Internal error occurred: failed to allocate a nodePort: range is full` });
      }
      const port = asInteger(p.port) ?? 0;
      const tp = p.targetPort;
      return {
        name: asString(p.name),
        protocol: protocolOf(p.protocol),
        port,
        targetPort: typeof tp === 'number' || (typeof tp === 'string' && tp !== '') ? (tp as number | string) : port,
        nodePort,
        appProtocol: asString(p.appProtocol),
      };
    });
    const etp = asString(spec.externalTrafficPolicy) === 'Local' ? 'Local' : 'Cluster';
    let healthCheckNodePort = taken.get(-1);
    if (healthCheckNodePort === undefined && type === 'LoadBalancer' && etp === 'Local') healthCheckNodePort = ports.next();
    const selector = spec.selector === undefined || spec.selector === null ? undefined : (asStringMap(spec.selector) as Labels);
    const lbIPs = asObjects(get(r.raw, 'status', 'loadBalancer', 'ingress'))
      .map((i) => asString(i.ip))
      .filter((x): x is string => !!x);
    const lbIP = asString(spec.loadBalancerIP);
    services.push({
      namespace: r.namespace ?? 'default',
      name: r.name,
      resource: r,
      type,
      selector: selector && Object.keys(selector).length === 0 ? undefined : selector,
      clusterIP,
      clusterIPs: clusterIP && clusterIP !== 'None' ? [clusterIP] : [],
      headless: clusterIP === 'None',
      ports: simPorts,
      externalIPs: asArray(spec.externalIPs).filter((x): x is string => typeof x === 'string'),
      externalName: asString(spec.externalName),
      loadBalancerIPs: lbIPs.length > 0 ? lbIPs : type === 'LoadBalancer' && lbIP ? [lbIP] : [],
      loadBalancerSourceRanges: asArray(spec.loadBalancerSourceRanges).filter((x): x is string => typeof x === 'string'),
      externalTrafficPolicy: etp,
      internalTrafficPolicy: asString(spec.internalTrafficPolicy) === 'Local' ? 'Local' : 'Cluster',
      healthCheckNodePort,
      sessionAffinity: asString(spec.sessionAffinity) === 'ClientIP' ? 'ClientIP' : 'None',
      // Default ClientIP timeout: 10800 s (core/v1 defaults.go DefaultClientIPServiceAffinitySeconds).
      sessionAffinityTimeoutSeconds: asInteger(get(spec, 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds')) ?? 10800,
      publishNotReadyAddresses: spec.publishNotReadyAddresses === true,
    });
  }
  return { services, problems };
}
