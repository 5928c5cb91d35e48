/**
 * What routing reads from the dry run, indexed once: Services, their EndpointSlices, nodes, pods, the
 * Ingresses, and the LoadBalancer addresses (status, else the deprecated spec.loadBalancerIP, else allocated
 * from the `--lb-pool`, as a MetalLB-style pool would hand them out: in Service order, lowest free first).
 */
import { Netmask } from 'netmask';
import type { Resource } from '../../model/resource.js';
import { asString, get } from '../../model/guards.js';
import type { ServiceEndpoints, SimEndpoint, SimEndpointPort, SimEndpointSlice } from '../endpoints.js';
import type { SimProblem } from '../state.js';
import type { SimNode, SimPod, SimService, SimServicePort } from '../types.js';
import type { IngressSet } from './ingress.js';
import { normalizeIngresses } from './ingress.js';

export const DEFAULT_LB_POOL = '198.51.100.0/24';

/**
 * Nodes with this label are not load-balancer backends (the service controller's node predicate,
 * kubernetes/cloud-provider controllers/service/controller.go; kubeadm labels control-plane nodes with it).
 */
export const LABEL_EXCLUDE_FROM_LB = 'node.kubernetes.io/exclude-from-external-load-balancers';

/** Nodes a cloud load balancer sends traffic to. */
export function loadBalancerNodes(nodes: readonly SimNode[]): SimNode[] {
  return nodes.filter((n) => n.labels[LABEL_EXCLUDE_FROM_LB] === undefined);
}

export interface RoutingInput {
  readonly services: readonly SimService[];
  /** All slices, or the endpoints step on demand (one query reads the slices of the Services it reaches). */
  readonly endpointSlices: readonly SimEndpointSlice[] | ServiceEndpoints;
  readonly nodes: readonly SimNode[];
  readonly pods: readonly SimPod[];
  /** Input objects: Ingress and IngressClass are read from here. */
  readonly resources: readonly Resource[];
}

export interface RoutingOptions {
  /** CIDR LoadBalancer addresses are allocated from when a Service has none in its status (`--lb-pool`). */
  readonly lbPool?: string;
}

export interface RoutingContext {
  readonly services: readonly SimService[];
  readonly byKey: ReadonlyMap<string, SimService>;
  /** EndpointSlices by `namespace/name` of their Service. */
  readonly slices: { get(serviceKey: string): readonly SimEndpointSlice[] | undefined };
  readonly nodes: readonly SimNode[];
  readonly pods: readonly SimPod[];
  readonly podsByKey: ReadonlyMap<string, SimPod>;
  readonly ingress: IngressSet;
  /** LoadBalancer addresses per `namespace/name`, and where each list came from. */
  readonly lbIPs: ReadonlyMap<string, { readonly ips: readonly string[]; readonly source: 'status' | 'spec' | 'pool' | 'none' }>;
  readonly problems: readonly SimProblem[];
}

export function serviceKey(s: { namespace: string; name: string }): string {
  return `${s.namespace}/${s.name}`;
}

export function buildRoutingContext(input: RoutingInput, options: RoutingOptions = {}): RoutingContext {
  const services = [...input.services].sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
  const byKey = new Map(services.map((s) => [serviceKey(s), s]));
  const eps = input.endpointSlices;
  let slices: RoutingContext['slices'];
  if (isSliceList(eps)) {
    const map = new Map<string, SimEndpointSlice[]>();
    for (const s of eps) {
      const k = `${s.namespace}/${s.serviceName}`;
      const list = map.get(k);
      if (list) list.push(s);
      else map.set(k, [s]);
    }
    slices = map;
  } else {
    // Namespace names cannot hold a slash: the first one ends the namespace.
    slices = { get: (key) => eps.slicesOf(key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)) };
  }
  // Indexed when first read: only backends of a traced or LoadBalancer-Local Service look pods up by name.
  let podsByKey: Map<string, SimPod> | undefined;
  const { lbIPs, problems } = allocateLoadBalancerIPs(services, options.lbPool ?? DEFAULT_LB_POOL);
  return {
    services,
    byKey,
    slices,
    nodes: input.nodes,
    pods: input.pods,
    get podsByKey() {
      return (podsByKey ??= new Map(input.pods.map((p) => [`${p.namespace}/${p.name}`, p])));
    },
    ingress: normalizeIngresses(input.resources),
    lbIPs,
    problems,
  };
}

function isSliceList(x: RoutingInput['endpointSlices']): x is readonly SimEndpointSlice[] {
  return Array.isArray(x);
}

/** LoadBalancer addresses: status first, then spec.loadBalancerIP, then the lowest free address of the pool. */
export function allocateLoadBalancerIPs(
  services: readonly SimService[],
  pool: string,
): { lbIPs: Map<string, { ips: string[]; source: 'status' | 'spec' | 'pool' | 'none' }>; problems: SimProblem[] } {
  const lbIPs = new Map<string, { ips: string[]; source: 'status' | 'spec' | 'pool' | 'none' }>();
  const problems: SimProblem[] = [];
  const used = new Set<string>();
  const pending: SimService[] = [];
  for (const s of services) {
    if (s.type !== 'LoadBalancer') continue;
    const fromStatus = s.loadBalancerIPs.length > 0 ? [...s.loadBalancerIPs] : ingressIPs(s.resource);
    if (fromStatus.length > 0) {
      lbIPs.set(serviceKey(s), { ips: fromStatus, source: 'status' });
      fromStatus.forEach((ip) => used.add(ip));
      continue;
    }
    const requested = asString(get(s.resource.raw, 'spec', 'loadBalancerIP'));
    if (requested) {
      lbIPs.set(serviceKey(s), { ips: [requested], source: 'spec' });
      used.add(requested);
      continue;
    }
    pending.push(s);
  }
  let block: Netmask | undefined;
  try {
    block = new Netmask(pool);
  } catch {
    block = undefined;
  }
  let cursor = block ? ipToInt(block.first) : 0;
  const last = block ? ipToInt(block.last) : -1;
  for (const s of pending) {
    while (cursor <= last && used.has(intToIp(cursor))) cursor++;
    if (cursor > last) {
      lbIPs.set(serviceKey(s), { ips: [], source: 'none' });
      problems.push({ code: 'lb-pool-exhausted', resource: s.resource, pointer: '/spec/type', message: `no LoadBalancer address left in ${pool} for Service ${s.namespace}/${s.name}: it stays <pending>`, data: { pool } });
      continue;
    }
    const ip = intToIp(cursor++);
    used.add(ip);
    lbIPs.set(serviceKey(s), { ips: [ip], source: 'pool' });
  }
  return { lbIPs, problems };
}

function ingressIPs(r: Resource): string[] {
  const list = get(r.raw, 'status', 'loadBalancer', 'ingress');
  if (!Array.isArray(list)) return [];
  return list.map((x) => asString(get(x, 'ip'))).filter((x): x is string => x !== undefined);
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

// ---------------------------------------------------------------------------------------------------------
// Endpoints of one Service port

export interface Backend {
  readonly ip: string;
  readonly port: number;
  readonly ready: boolean;
  readonly nodeName?: string;
  readonly pod?: SimPod;
  readonly podName?: string;
  readonly slice: SimEndpointSlice;
}

/**
 * The endpoints kube-proxy uses for one Service port: slice ports are matched by the Service port's name
 * and protocol (pkg/proxy/endpointslicecache.go keys ports by name); only ready endpoints are used.
 */
export function backendsFor(ctx: RoutingContext, svc: SimService, port: SimServicePort): Backend[] {
  const out: Backend[] = [];
  eachReadyEndpoint(ctx, svc, port, (slice, sp, e) => {
    const pod = e.targetRef ? ctx.podsByKey.get(`${e.targetRef.namespace}/${e.targetRef.name}`) : undefined;
    for (const ip of e.addresses) out.push({ ip, port: sp.port, ready: e.conditions.ready, nodeName: e.nodeName, pod, podName: e.targetRef?.name, slice });
  });
  return out;
}

/**
 * How many endpoints {@link backendsFor} gives for one Service port, and the nodes they run on (sorted), without
 * building them: what the routing table shows for every port of every Service.
 */
export function readyEndpoints(ctx: RoutingContext, svc: SimService, port: SimServicePort): { readonly count: number; readonly nodes: readonly string[] } {
  let count = 0;
  const nodes = new Set<string>();
  eachReadyEndpoint(ctx, svc, port, (_slice, _sp, e) => {
    count += e.addresses.length;
    if (e.addresses.length > 0) nodes.add(e.nodeName ?? '?');
  });
  return { count, nodes: [...nodes].sort() };
}

/** Each ready endpoint of the slices that carry the Service port (matched by name and protocol). */
function eachReadyEndpoint(ctx: RoutingContext, svc: SimService, port: SimServicePort, fn: (slice: SimEndpointSlice, sp: SimEndpointPort, e: SimEndpoint) => void): void {
  const name = port.name ?? '';
  for (const slice of ctx.slices.get(serviceKey(svc)) ?? []) {
    const sp = slice.ports.find((p) => p.name === name && p.protocol === port.protocol);
    if (!sp) continue;
    for (const e of slice.endpoints) if (e.conditions.ready) fn(slice, sp, e);
  }
}

/** The Service port an Ingress backend names: by number (`port`, never `targetPort`) or by name. */
export function servicePortFor(svc: SimService, port: number | string | undefined): SimServicePort | undefined {
  if (port === undefined) return svc.ports.length === 1 ? svc.ports[0] : undefined;
  return typeof port === 'number' ? svc.ports.find((p) => p.port === port && p.protocol === 'TCP') : svc.ports.find((p) => p.name === port);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
