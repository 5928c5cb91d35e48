/**
 * Hand-built dry-run inputs for the endpoints, DNS and routing tests: SimService/SimPod/SimNode values as
 * the scheduler/ipam step produces them, without going through it.
 */
import type { Container, PodSpec } from '../../src/model/kinds.js';
import type { Location } from '../../src/model/location.js';
import type { Resource } from '../../src/model/resource.js';
import { splitApiVersion } from '../../src/model/resource.js';
import type { SimNamespace, SimNode, SimPod, SimService, SimServicePort } from '../../src/sim/types.js';

/** A Resource around a raw object; every pointer locates to line 1 of `file`. */
export function resource(raw: Record<string, unknown>, file = 'test.yaml', line = 1): Resource {
  const apiVersion = String(raw.apiVersion ?? 'v1');
  const { group, version } = splitApiVersion(apiVersion);
  const kind = String(raw.kind ?? '');
  const meta = (raw.metadata ?? {}) as { name?: string; namespace?: string };
  const clusterScoped = ['Node', 'Namespace', 'IngressClass'].includes(kind);
  const namespace = clusterScoped ? undefined : (meta.namespace ?? 'default');
  const name = meta.name ?? '';
  const loc = (): Location => ({ file, line, column: 1 });
  return {
    apiVersion,
    group,
    version,
    kind,
    namespace,
    name,
    key: `${group}/${kind}/${namespace ?? ''}/${name}`,
    raw,
    source: { file, index: 0, startLine: line, locate: loc },
    pointerPrefix: '',
  };
}

export interface ServiceInit {
  name: string;
  namespace?: string;
  type?: SimService['type'];
  selector?: Record<string, string>;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: Partial<SimServicePort>[];
  externalName?: string;
  externalIPs?: string[];
  loadBalancerIPs?: string[];
  loadBalancerSourceRanges?: string[];
  externalTrafficPolicy?: 'Cluster' | 'Local';
  internalTrafficPolicy?: 'Cluster' | 'Local';
  sessionAffinity?: 'None' | 'ClientIP';
  publishNotReadyAddresses?: boolean;
  healthCheckNodePort?: number;
  labels?: Record<string, string>;
  ipFamilies?: string[];
}

export function service(init: ServiceInit): SimService {
  const namespace = init.namespace ?? 'default';
  const ports: SimServicePort[] = (init.ports ?? []).map((p) => ({
    protocol: 'TCP',
    port: 80,
    targetPort: p.port ?? 80,
    ...p,
  })) as SimServicePort[];
  const headless = init.clusterIP === 'None';
  const raw = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: init.name, namespace, ...(init.labels ? { labels: init.labels } : {}) },
    spec: { ...(init.selector ? { selector: init.selector } : {}), ...(init.ipFamilies ? { ipFamilies: init.ipFamilies } : {}) },
  };
  const clusterIPs = init.clusterIPs ?? (init.clusterIP && init.clusterIP !== 'None' ? [init.clusterIP] : []);
  const s: SimService = {
    namespace,
    name: init.name,
    resource: resource(raw),
    type: init.type ?? 'ClusterIP',
    ...(init.selector ? { selector: init.selector } : {}),
    ...(init.clusterIP ? { clusterIP: init.clusterIP } : {}),
    clusterIPs,
    headless,
    ports,
    externalIPs: init.externalIPs ?? [],
    ...(init.externalName ? { externalName: init.externalName } : {}),
    loadBalancerIPs: init.loadBalancerIPs ?? [],
    loadBalancerSourceRanges: init.loadBalancerSourceRanges ?? [],
    externalTrafficPolicy: init.externalTrafficPolicy ?? 'Cluster',
    internalTrafficPolicy: init.internalTrafficPolicy ?? 'Cluster',
    ...(init.healthCheckNodePort ? { healthCheckNodePort: init.healthCheckNodePort } : {}),
    sessionAffinity: init.sessionAffinity ?? 'None',
    sessionAffinityTimeoutSeconds: 10800,
    publishNotReadyAddresses: init.publishNotReadyAddresses ?? false,
  };
  return s;
}

export interface PodInit {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  ip?: string;
  node?: string;
  ready?: boolean;
  phase?: SimPod['phase'];
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  sidecarPorts?: { name?: string; containerPort: number; protocol?: string }[];
  hostname?: string;
  subdomain?: string;
  hostNetwork?: boolean;
  dnsPolicy?: string;
  dnsConfig?: PodSpec['dnsConfig'];
  owner?: Record<string, unknown>;
  reason?: string;
}

export function pod(init: PodInit): SimPod {
  const namespace = init.namespace ?? 'default';
  const containers: Container[] = [{ name: 'main', image: 'x', ...(init.ports ? { ports: init.ports } : {}) }];
  const spec: PodSpec = {
    containers,
    ...(init.sidecarPorts ? { initContainers: [{ name: 'sidecar', image: 'y', restartPolicy: 'Always', ports: init.sidecarPorts }] } : {}),
    ...(init.hostname ? { hostname: init.hostname } : {}),
    ...(init.subdomain ? { subdomain: init.subdomain } : {}),
    ...(init.hostNetwork ? { hostNetwork: true } : {}),
    ...(init.dnsPolicy ? { dnsPolicy: init.dnsPolicy } : {}),
    ...(init.dnsConfig ? { dnsConfig: init.dnsConfig } : {}),
  };
  const phase = init.phase ?? (init.ip ? 'Running' : 'Pending');
  const ownerRaw = init.owner ?? { apiVersion: 'v1', kind: 'Pod', metadata: { name: init.name, namespace }, spec };
  return {
    namespace,
    name: init.name,
    uid: `uid-${namespace}-${init.name}`,
    labels: init.labels ?? {},
    annotations: {},
    spec,
    origin: { resource: resource(ownerRaw), templatePointer: '' },
    phase,
    ...(init.node ? { nodeName: init.node } : {}),
    ...(init.ip ? { podIP: init.ip } : {}),
    hostNetwork: init.hostNetwork ?? false,
    ready: init.ready ?? (phase === 'Running' && init.ip !== undefined),
    ...(init.reason ? { reason: init.reason } : {}),
    priority: 0,
  };
}

export function node(name: string, internalIP: string, labels: Record<string, string> = {}): SimNode {
  return {
    name,
    labels: { 'kubernetes.io/hostname': name, ...labels },
    taints: [],
    unschedulable: false,
    allocatable: new Map(),
    addresses: [{ type: 'InternalIP', address: internalIP }],
    internalIP,
    podCIDR: '10.244.0.0/24',
  };
}

export function namespaces(...names: string[]): Map<string, SimNamespace> {
  return new Map(names.map((n) => [n, { name: n, labels: { 'kubernetes.io/metadata.name': n } }]));
}
