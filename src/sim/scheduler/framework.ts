/**
 * The scheduler's in-memory cluster: one NodeInfo per node with running resource vectors, host ports and the
 * pods on it, plus label indexes for pod (anti-)affinity and spread counting. Mirrors the role of
 * kubernetes/kubernetes:pkg/scheduler/framework/types.go `NodeInfo` / `PodInfo`.
 */
import type { Labels, Taint, Toleration } from '../../model/kinds.js';
import type { JsonObject } from '../../model/guards.js';
import { asObjects, asString, get } from '../../model/guards.js';
import type { SimNode } from '../types.js';
import { readNodeConstraints, type NodeConstraints } from './node-affinity.js';
import { readTolerations } from './taints.js';
import { podAggregate, podHostPorts, podNonZeroRequests, type HostPort } from './resources.js';
import { readAffinityTerms, type AffinityTerm, type WeightedAffinityTerm } from './interpod.js';
import { readSpreadConstraints, type SpreadConstraint } from './spread.js';

/** Filter status codes (framework/interface.go): U may be helped by preemption, UU may not. */
export type StatusCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface Status {
  readonly code: StatusCode;
  readonly plugin: string;
  readonly reasons: readonly string[];
}

/** Everything about a pod's spec the scheduler needs, compiled once and shared by a workload's replicas. */
export interface TemplateInfo {
  readonly tolerations: readonly Toleration[];
  readonly nodeConstraints: NodeConstraints;
  readonly nodeName?: string;
  readonly cpu: number;
  readonly memory: number;
  readonly ephemeral: number;
  readonly scalars: readonly (readonly [string, number])[];
  readonly nonZeroCpu: number;
  readonly nonZeroMemory: number;
  readonly hostPorts: readonly HostPort[];
  readonly spread: readonly SpreadConstraint[];
  readonly affinity: readonly AffinityTerm[];
  readonly antiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedAffinityTerm[];
  /** Cache of the state-independent filters (NodeUnschedulable .. NodeAffinity) per node index: null = pass. */
  readonly staticStatus: (Status | null | undefined)[];
  /** Per-scheduler id (groups replicas in the affinity indexes). */
  readonly id: number;
  /** PodTopologySpread's node eligibility, computed once per template (./spread.ts). */
  spreadStatic?: unknown;
}

/** A pod as the scheduler sees it. */
export interface PodInfo {
  readonly id: number;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly priority: number;
  /** `preemptionPolicy: Never`. */
  readonly preemptNever: boolean;
  readonly template: TemplateInfo;
  /** Selector (as label map requirements) for the system default spread constraints; empty: none. */
  readonly defaultSpreadSelector?: Labels;
  /** Node index once placed. */
  node: number;
}

/**
 * Compilations of pod specs, one cache per Scheduler (node indexes in the caches are that scheduler's). A
 * compilation reads only the spec's scheduling view, so specs with equal views share one (the pods of
 * workloads written from one pattern differ in images, env and names, not in what the scheduler reads).
 */
export class TemplateCache {
  private readonly cache = new WeakMap<JsonObject, TemplateInfo>();
  private readonly byView = new Map<string, TemplateInfo>();
  private next = 0;
  get(spec: JsonObject): TemplateInfo {
    let t = this.cache.get(spec);
    if (t) return t;
    const view = schedulingView(spec);
    const key = viewKey(view);
    t = key === undefined ? undefined : this.byView.get(key);
    if (!t) {
      t = compileTemplate(view, this.next++);
      if (key !== undefined) this.byView.set(key, t);
    }
    this.cache.set(spec, t);
    return t;
  }
}

/** The fields of a pod spec the scheduler reads (compileTemplate is given nothing else). */
function schedulingView(spec: JsonObject): JsonObject {
  // Containers: resources (requests), ports (host ports); init containers also restartPolicy (sidecars).
  const container = (c: JsonObject): JsonObject => ({ resources: c.resources, ports: c.ports, restartPolicy: c.restartPolicy });
  return {
    containers: asObjects(spec.containers).map(container),
    initContainers: asObjects(spec.initContainers).map(container),
    resources: spec.resources,
    overhead: spec.overhead,
    tolerations: spec.tolerations,
    nodeSelector: spec.nodeSelector,
    nodeName: spec.nodeName,
    affinity: spec.affinity,
    topologySpreadConstraints: spec.topologySpreadConstraints,
  };
}

/**
 * The view's JSON text, when it identifies the content: JSON writes NaN, Infinity and null alike (and cannot
 * write cycles), so a view whose text has a `null` anywhere is compiled on its own.
 */
function viewKey(view: JsonObject): string | undefined {
  let text: string;
  try {
    text = JSON.stringify(view);
  } catch {
    return undefined;
  }
  return text.includes('null') ? undefined : text;
}

/** Compiles a pod spec. */
function compileTemplate(spec: JsonObject, id: number): TemplateInfo {
  const req = podAggregate(spec, 'requests');
  const nz = podNonZeroRequests(spec);
  const scalars: [string, number][] = [];
  for (const [k, v] of req) if (k !== 'cpu' && k !== 'memory' && k !== 'ephemeral-storage' && k !== 'pods' && v > 0) scalars.push([k, v]);
  scalars.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const pa = get(spec, 'affinity', 'podAffinity');
  const paa = get(spec, 'affinity', 'podAntiAffinity');
  const t: TemplateInfo = {
    tolerations: readTolerations(spec.tolerations),
    nodeConstraints: readNodeConstraints(spec),
    nodeName: asString(spec.nodeName) || undefined,
    cpu: req.get('cpu') ?? 0,
    memory: req.get('memory') ?? 0,
    ephemeral: req.get('ephemeral-storage') ?? 0,
    scalars,
    nonZeroCpu: nz.cpu,
    nonZeroMemory: nz.memory,
    hostPorts: podHostPorts(spec),
    spread: readSpreadConstraints(spec.topologySpreadConstraints),
    affinity: readAffinityTerms(get(pa, 'requiredDuringSchedulingIgnoredDuringExecution')),
    antiAffinity: readAffinityTerms(get(paa, 'requiredDuringSchedulingIgnoredDuringExecution')),
    preferredAffinity: readWeighted(get(pa, 'preferredDuringSchedulingIgnoredDuringExecution')),
    preferredAntiAffinity: readWeighted(get(paa, 'preferredDuringSchedulingIgnoredDuringExecution')),
    staticStatus: [],
    id,
  };
  return t;
}

function readWeighted(v: unknown): WeightedAffinityTerm[] {
  const out: WeightedAffinityTerm[] = [];
  for (const w of asObjects(v)) {
    const weight = typeof w.weight === 'number' ? w.weight : 0;
    const [term] = readAffinityTerms([w.podAffinityTerm]);
    if (term && weight !== 0) out.push({ weight, term });
  }
  return out;
}

/** A node with its running totals. */
export class NodeInfo {
  readonly name: string;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  readonly unschedulable: boolean;
  readonly allocCpu: number;
  readonly allocMemory: number;
  readonly allocEphemeral: number;
  readonly allocPods: number;
  readonly allocScalars: ReadonlyMap<string, number>;
  /** Has a PreferNoSchedule taint (TaintToleration scoring can only then differ between nodes). */
  readonly hasPreferNoSchedule: boolean;
  reqCpu = 0;
  reqMemory = 0;
  reqEphemeral = 0;
  readonly reqScalars = new Map<string, number>();
  nonZeroCpu = 0;
  nonZeroMemory = 0;
  readonly pods: PodInfo[] = [];
  readonly ports: HostPort[] = [];
  /** Pods on this node with any (anti-)affinity term: the only ones the affinity scorer must visit. */
  readonly podsWithAffinity: PodInfo[] = [];
  /** Bumped on every add and remove: results computed from this node's totals are valid while it holds. */
  version = 0;
  /**
   * The weighted NodeResourcesFit + BalancedAllocation score last computed here, for which template and at
   * which version: replicas (and specs of equal content) scored while the node is unchanged reuse it.
   */
  resourceScore = 0;
  resourceScoreTemplate: TemplateInfo | undefined = undefined;
  resourceScoreVersion = -1;

  constructor(
    readonly index: number,
    readonly node: SimNode,
    allocatable: ReadonlyMap<string, number>,
  ) {
    this.name = node.name;
    this.labels = node.labels;
    this.taints = node.taints;
    this.unschedulable = node.unschedulable;
    this.hasPreferNoSchedule = node.taints.some((t) => t.effect === 'PreferNoSchedule');
    this.allocCpu = allocatable.get('cpu') ?? 0;
    this.allocMemory = allocatable.get('memory') ?? 0;
    this.allocEphemeral = allocatable.get('ephemeral-storage') ?? 0;
    this.allocPods = allocatable.get('pods') ?? 0;
    const scalars = new Map<string, number>();
    for (const [k, v] of allocatable) if (k !== 'cpu' && k !== 'memory' && k !== 'ephemeral-storage' && k !== 'pods') scalars.set(k, v);
    this.allocScalars = scalars;
  }

  add(p: PodInfo): void {
    const t = p.template;
    this.pods.push(p);
    this.reqCpu += t.cpu;
    this.reqMemory += t.memory;
    this.reqEphemeral += t.ephemeral;
    for (const [k, v] of t.scalars) this.reqScalars.set(k, (this.reqScalars.get(k) ?? 0) + v);
    this.nonZeroCpu += t.nonZeroCpu;
    this.nonZeroMemory += t.nonZeroMemory;
    for (const hp of t.hostPorts) this.ports.push(hp);
    if (hasAffinity(t)) this.podsWithAffinity.push(p);
    p.node = this.index;
    this.version++;
  }

  remove(p: PodInfo): void {
    const i = this.pods.indexOf(p);
    if (i < 0) return;
    const t = p.template;
    this.pods.splice(i, 1);
    this.reqCpu -= t.cpu;
    this.reqMemory -= t.memory;
    this.reqEphemeral -= t.ephemeral;
    for (const [k, v] of t.scalars) this.reqScalars.set(k, (this.reqScalars.get(k) ?? 0) - v);
    this.nonZeroCpu -= t.nonZeroCpu;
    this.nonZeroMemory -= t.nonZeroMemory;
    for (const hp of t.hostPorts) {
      const j = this.ports.indexOf(hp);
      if (j >= 0) this.ports.splice(j, 1);
    }
    const k = this.podsWithAffinity.indexOf(p);
    if (k >= 0) this.podsWithAffinity.splice(k, 1);
    p.node = -1;
    this.version++;
  }
}

export function hasAffinity(t: TemplateInfo): boolean {
  return t.affinity.length + t.antiAffinity.length + t.preferredAffinity.length + t.preferredAntiAffinity.length > 0;
}

/**
 * Pods placed so far, indexed by namespace and `key=value` label so that selectors visit only candidates
 * (the performance guide: label indexes, not all-pairs scans).
 */
export class PodIndex {
  /** Per namespace: all its pods, and by label key, then value (nested, so no `key=value` string is made per pod). */
  private readonly byNs = new Map<string, { all: Set<PodInfo>; byLabel: Map<string, Map<string, Set<PodInfo>>> }>();
  /**
   * Placed pods with required anti-affinity terms (checked against every incoming pod), grouped by template and
   * namespace: replicas share their terms, so a term is matched once per group, not once per pod.
   */
  readonly withAntiAffinity = new Map<string, PodGroup>();
  /** Placed pods with any affinity term (affinity scoring visits these), grouped likewise. */
  readonly withAffinity = new Map<string, PodGroup>();

  add(p: PodInfo): void {
    let ns = this.byNs.get(p.namespace);
    if (!ns) this.byNs.set(p.namespace, (ns = { all: new Set(), byLabel: new Map() }));
    ns.all.add(p);
    for (const k in p.labels) {
      if (!Object.prototype.hasOwnProperty.call(p.labels, k)) continue;
      const v = p.labels[k] as string;
      let values = ns.byLabel.get(k);
      if (!values) ns.byLabel.set(k, (values = new Map()));
      let s = values.get(v);
      if (!s) values.set(v, (s = new Set()));
      s.add(p);
    }
    if (p.template.antiAffinity.length > 0) addToGroup(this.withAntiAffinity, p);
    if (hasAffinity(p.template)) addToGroup(this.withAffinity, p);
  }

  remove(p: PodInfo): void {
    const ns = this.byNs.get(p.namespace);
    if (!ns) return;
    ns.all.delete(p);
    for (const [k, v] of Object.entries(p.labels)) ns.byLabel.get(k)?.get(v)?.delete(p);
    removeFromGroup(this.withAntiAffinity, p);
    removeFromGroup(this.withAffinity, p);
  }

  /** Candidate pods in a namespace for a selector with these equality requirements (smallest posting list). */
  candidates(namespace: string, equalities: readonly (readonly [string, string])[]): Iterable<PodInfo> {
    const ns = this.byNs.get(namespace);
    if (!ns) return [];
    let best: Set<PodInfo> = ns.all;
    for (const [k, v] of equalities) {
      const s = ns.byLabel.get(k)?.get(v);
      if (!s) return [];
      if (s.size < best.size) best = s;
    }
    return best;
  }

  namespaces(): Iterable<string> {
    return this.byNs.keys();
  }
}

/** Pods of one template in one namespace. */
export interface PodGroup {
  readonly template: TemplateInfo;
  readonly namespace: string;
  readonly pods: Set<PodInfo>;
}

function groupKey(p: PodInfo): string {
  return `${p.template.id}\u0000${p.namespace}`;
}

function addToGroup(groups: Map<string, PodGroup>, p: PodInfo): void {
  const k = groupKey(p);
  let g = groups.get(k);
  if (!g) groups.set(k, (g = { template: p.template, namespace: p.namespace, pods: new Set() }));
  g.pods.add(p);
}

function removeFromGroup(groups: Map<string, PodGroup>, p: PodInfo): void {
  const k = groupKey(p);
  const g = groups.get(k);
  if (!g) return;
  g.pods.delete(p);
  if (g.pods.size === 0) groups.delete(k);
}
