/** Hand-built inputs for the NetworkPolicy tests: pods, namespaces and policy Resources without the loader. */
import { parse } from 'yaml';
import type { Labels, PodSpec } from '../../../src/model/kinds.js';
import type { Resource, SourceDocument } from '../../../src/model/resource.js';
import { splitApiVersion } from '../../../src/model/resource.js';
import type { SimNamespace, SimPod, SimService, SimServicePort } from '../../../src/sim/types.js';

function source(file: string, index: number): SourceDocument {
  return { file, index, startLine: 1, locate: () => ({ file, line: 1, column: 1 }) };
}

/** A Resource for a raw object (a NetworkPolicy, a Deployment standing in as a pod's origin…). */
export function resource(raw: Record<string, unknown>, file = 'test.yaml', index = 0): Resource {
  const apiVersion = typeof raw.apiVersion === 'string' ? raw.apiVersion : 'v1';
  const { group, version } = splitApiVersion(apiVersion);
  const meta = (raw.metadata ?? {}) as { name?: string; namespace?: string };
  const kind = typeof raw.kind === 'string' ? raw.kind : '';
  const namespace = kind === 'Namespace' ? undefined : (meta.namespace ?? 'default');
  const name = meta.name ?? '';
  return {
    apiVersion,
    group,
    version,
    kind,
    namespace,
    name,
    key: `${group}/${kind}/${namespace ?? ''}/${name}`,
    raw,
    source: source(file, index),
    pointerPrefix: '',
  };
}

/** Resources from a multi-document YAML text. */
export function resources(yaml: string, file = 'test.yaml'): Resource[] {
  return yaml
    .split(/^---\s*$/m)
    .map((d) => parse(d) as unknown)
    .filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object')
    .map((d, i) => resource(d, file, i));
}

export interface PortDecl {
  readonly name?: string;
  readonly port: number;
  readonly protocol?: string;
}

export interface PodOpts {
  readonly ip?: string;
  readonly ports?: readonly PortDecl[];
  readonly hostNetwork?: boolean;
  /** Workload that made the pod: kind/name (default: the pod itself). */
  readonly workload?: { readonly kind: string; readonly name: string };
}

export function pod(namespace: string, name: string, labels: Labels, opts: PodOpts = {}): SimPod {
  const spec: PodSpec = {
    containers: [
      {
        name: 'c',
        ports: (opts.ports ?? []).map((p) => ({
          containerPort: p.port,
          ...(p.name ? { name: p.name } : {}),
          ...(p.protocol ? { protocol: p.protocol } : {}),
        })),
      },
    ],
    ...(opts.hostNetwork ? { hostNetwork: true } : {}),
  };
  const wl = opts.workload ?? { kind: 'Pod', name };
  const origin = resource({
    apiVersion: wl.kind === 'Pod' ? 'v1' : 'apps/v1',
    kind: wl.kind,
    metadata: { name: wl.name, namespace },
  });
  return {
    namespace,
    name,
    uid: `${namespace}-${name}`,
    labels,
    annotations: {},
    spec,
    origin: { resource: origin, templatePointer: wl.kind === 'Pod' ? '' : '/spec/template' },
    phase: 'Running',
    nodeName: 'node-1',
    ...(opts.ip ? { podIP: opts.ip } : {}),
    hostIP: '192.168.0.10',
    hostNetwork: opts.hostNetwork ?? false,
    ready: true,
    priority: 0,
  };
}

export function namespaces(defs: Readonly<Record<string, Labels>>): Map<string, SimNamespace> {
  const m = new Map<string, SimNamespace>();
  for (const [name, labels] of Object.entries(defs)) m.set(name, { name, labels: { ...labels, 'kubernetes.io/metadata.name': name } });
  return m;
}

export function service(namespace: string, name: string, selector: Labels, ports: readonly SimServicePort[]): SimService {
  return {
    namespace,
    name,
    resource: resource({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace } }),
    type: 'ClusterIP',
    selector,
    clusterIP: '10.96.0.10',
    clusterIPs: ['10.96.0.10'],
    headless: false,
    ports,
    externalIPs: [],
    loadBalancerIPs: [],
    loadBalancerSourceRanges: [],
    externalTrafficPolicy: 'Cluster',
    internalTrafficPolicy: 'Cluster',
    sessionAffinity: 'None',
    sessionAffinityTimeoutSeconds: 10800,
    publishNotReadyAddresses: false,
  };
}
