/**
 * The cluster the dry run schedules onto: Node objects from the input and from `--cluster` files (including
 * `kubectl get nodes -o yaml` Lists), `--nodes` shorthands, or the embedded default profile when none is given.
 * Node conditions become the node-lifecycle taints (kubernetes/kubernetes:pkg/controller/nodelifecycle
 * `nodeConditionToTaintKeyStatusMap`, plus the NoExecute taints of taint-based eviction), and
 * `spec.unschedulable` the `node.kubernetes.io/unschedulable:NoSchedule` taint.
 */
import type { Labels, Taint } from '../model/kinds.js';
import { asObject, asObjects, asString, asStringMap, get, isObject } from '../model/guards.js';
import { Quantity } from '../model/quantity.js';
import type { Resource } from '../model/resource.js';
import type { NodeAddress } from './types.js';
import type { SimProblem } from './state.js';
import { readTaints } from './scheduler/taints.js';

/** A node before address allocation (ipam gives podCIDR and, when absent, an InternalIP). */
export interface NodeDraft {
  readonly name: string;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  readonly unschedulable: boolean;
  readonly allocatable: ReadonlyMap<string, Quantity>;
  readonly addresses: readonly NodeAddress[];
  readonly internalIP?: string;
  readonly podCIDR?: string;
  readonly resource?: Resource;
}

export type ClusterSource = 'input' | 'cluster' | 'shorthand' | 'default';

export interface ClusterResult {
  readonly nodes: readonly NodeDraft[];
  readonly sources: readonly ClusterSource[];
  readonly problems: readonly SimProblem[];
}

/** kubelet's default `maxPods`, used when a Node lists no `pods` allocatable. */
export const DEFAULT_MAX_PODS = 110;

const CONDITION_TAINTS: readonly { type: string; status: string; key: string; noExecute: boolean }[] = [
  { type: 'Ready', status: 'False', key: 'node.kubernetes.io/not-ready', noExecute: true },
  { type: 'Ready', status: 'Unknown', key: 'node.kubernetes.io/unreachable', noExecute: true },
  { type: 'MemoryPressure', status: 'True', key: 'node.kubernetes.io/memory-pressure', noExecute: false },
  { type: 'DiskPressure', status: 'True', key: 'node.kubernetes.io/disk-pressure', noExecute: false },
  { type: 'NetworkUnavailable', status: 'True', key: 'node.kubernetes.io/network-unavailable', noExecute: false },
  { type: 'PIDPressure', status: 'True', key: 'node.kubernetes.io/pid-pressure', noExecute: false },
];

function quantities(list: unknown): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  const obj = asObject(list);
  if (!obj) return out;
  for (const [k, v] of Object.entries(obj)) {
    const q = Quantity.tryParse(v);
    if (q) out.set(k, q);
  }
  return out;
}

/** Reads one Node object. */
export function nodeFromResource(r: Resource): NodeDraft {
  const raw = r.raw;
  const labels: Record<string, string> = { ...asStringMap(get(raw, 'metadata', 'labels')) };
  // The kubelet always registers the hostname label; hand-written Nodes often omit it.
  if (!('kubernetes.io/hostname' in labels)) labels['kubernetes.io/hostname'] = r.name;
  const taints = [...readTaints(get(raw, 'spec', 'taints'))];
  const has = (key: string, effect: string): boolean => taints.some((t) => t.key === key && t.effect === effect);
  const unschedulable = get(raw, 'spec', 'unschedulable') === true;
  if (unschedulable && !has('node.kubernetes.io/unschedulable', 'NoSchedule'))
    taints.push({ key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' });
  for (const c of asObjects(get(raw, 'status', 'conditions'))) {
    for (const m of CONDITION_TAINTS) {
      if (asString(c.type) !== m.type || asString(c.status) !== m.status) continue;
      if (!has(m.key, 'NoSchedule')) taints.push({ key: m.key, value: '', effect: 'NoSchedule' });
      if (m.noExecute && !has(m.key, 'NoExecute')) taints.push({ key: m.key, value: '', effect: 'NoExecute' });
    }
  }
  const status = asObject(raw.status);
  let allocatable = quantities(status?.allocatable);
  if (allocatable.size === 0) allocatable = quantities(status?.capacity);
  if (allocatable.size === 0) allocatable = workerAllocatable(4, '16Gi');
  if (!allocatable.has('pods')) allocatable.set('pods', Quantity.fromValue(DEFAULT_MAX_PODS));
  const addresses: NodeAddress[] = [];
  for (const a of asObjects(status?.addresses)) {
    const type = asString(a.type);
    const address = asString(a.address);
    if (type && address) addresses.push({ type, address });
  }
  const podCIDR = asString(get(raw, 'spec', 'podCIDR'));
  return {
    name: r.name,
    labels,
    taints,
    unschedulable,
    allocatable,
    addresses,
    internalIP: addresses.find((a) => a.type === 'InternalIP')?.address,
    podCIDR,
    resource: r,
  };
}

function workerAllocatable(cpu: number | string, memory: string, pods = DEFAULT_MAX_PODS): Map<string, Quantity> {
  return new Map([
    ['cpu', Quantity.parse(cpu)],
    ['memory', Quantity.parse(memory)],
    ['pods', Quantity.fromValue(pods)],
    ['ephemeral-storage', Quantity.parse('100Gi')],
  ]);
}

const ZONES = ['zone-a', 'zone-b', 'zone-c'];

function syntheticNode(name: string, zone: string, cpu: string, memory: string, extra: Labels = {}, taints: Taint[] = []): NodeDraft {
  return {
    name,
    labels: {
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/hostname': name,
      'topology.kubernetes.io/region': 'region-1',
      'topology.kubernetes.io/zone': zone,
      ...extra,
    },
    taints,
    unschedulable: false,
    allocatable: workerAllocatable(cpu, memory),
    addresses: [],
  };
}

/**
 * The embedded default profile (documented in README, printed by `k8s-lint schedule --show-cluster`):
 * one control-plane node tainted `node-role.kubernetes.io/control-plane:NoSchedule` and three workers with
 * 4 CPU, 16Gi and 110 pods each, in zones zone-a, zone-b and zone-c.
 */
export function defaultProfile(): NodeDraft[] {
  return [
    syntheticNode('control-plane', 'zone-a', '4', '16Gi', { 'node-role.kubernetes.io/control-plane': '' }, [
      { key: 'node-role.kubernetes.io/control-plane', value: '', effect: 'NoSchedule' },
    ]),
    ...[1, 2, 3].map((i) => syntheticNode(`worker-${i}`, ZONES[(i - 1) % 3] as string, '4', '16Gi')),
  ];
}

const SHORTHAND = /^(\d+)x(\d+(?:\.\d+)?m?)cpu(\d+(?:\.\d+)?(?:Ki|Mi|Gi|Ti|k|M|G|T)?)$/;

/** Parses `--nodes 5x8cpu32Gi` (count x cpu `cpu` memory); undefined when malformed. */
export function parseNodesShorthand(s: string): { count: number; cpu: string; memory: string } | undefined {
  const m = SHORTHAND.exec(s.trim());
  if (!m) return undefined;
  const count = Number(m[1]);
  if (!Number.isSafeInteger(count) || count < 1 || count > 100_000) return undefined;
  return { count, cpu: m[2] as string, memory: m[3] as string };
}

/** Nodes from `--nodes` shorthands: `node-1`, `node-2`, ... round-robin over three zones. */
export function shorthandNodes(specs: readonly string[]): { nodes: NodeDraft[]; errors: string[] } {
  const nodes: NodeDraft[] = [];
  const errors: string[] = [];
  for (const s of specs) {
    const p = parseNodesShorthand(s);
    if (!p) {
      errors.push(`invalid --nodes value "${s}": expected <count>x<cpu>cpu<memory>, e.g. 5x8cpu32Gi`);
      continue;
    }
    for (let i = 0; i < p.count; i++) {
      const n = nodes.length + 1;
      nodes.push(syntheticNode(`node-${n}`, ZONES[(n - 1) % 3] as string, p.cpu, p.memory));
    }
  }
  return { nodes, errors };
}

export interface ClusterOptions {
  /** Node objects read from `--cluster` files. Non-Node objects are ignored. */
  readonly clusterResources?: readonly Resource[];
  /** `--nodes` shorthands. */
  readonly nodes?: readonly string[];
}

/** Gathers the nodes: input Nodes, then `--cluster` Nodes, then `--nodes`; the default profile when none. */
export function buildCluster(inputNodes: readonly Resource[], options: ClusterOptions = {}): ClusterResult {
  const problems: SimProblem[] = [];
  const seen = new Map<string, NodeDraft>();
  const sources = new Set<ClusterSource>();
  const add = (n: NodeDraft, source: ClusterSource): void => {
    const first = seen.get(n.name);
    if (first) {
      if (n.resource)
        problems.push({ code: 'duplicate-node', resource: n.resource, pointer: '/metadata/name', message: `node "${n.name}" is defined more than once; the first definition is used` });
      return;
    }
    seen.set(n.name, n);
    sources.add(source);
  };
  for (const r of inputNodes) add(nodeFromResource(r), 'input');
  for (const r of options.clusterResources ?? []) if (r.kind === 'Node' && isObject(r.raw)) add(nodeFromResource(r), 'cluster');
  for (const n of shorthandNodes(options.nodes ?? []).nodes) add(n, 'shorthand');
  if (seen.size === 0) for (const n of defaultProfile()) add(n, 'default');
  return { nodes: [...seen.values()], sources: [...sources], problems };
}
