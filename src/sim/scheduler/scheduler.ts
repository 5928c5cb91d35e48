/**
 * One scheduling cycle per pod, as kube-scheduler runs it (pkg/scheduler/schedule_one.go): PreFilter, Filter
 * over every node (upstream samples `percentageOfNodesToScore`; a dry run evaluates all nodes, which changes
 * which node wins in large clusters but never whether one fits), PostFilter (DefaultPreemption) when none
 * fits, then Score and pick the highest total. Upstream breaks ties at random (selectHost's reservoir
 * sampling); here the lowest node name wins, so the same input always gives the same placement.
 */
import type { Labels } from '../../model/kinds.js';
import type { JsonObject } from '../../model/guards.js';
import type { SimNode } from '../types.js';
import type { Selector } from '../../model/selector.js';
import { NodeInfo, PodIndex, TemplateCache, type PodInfo, type Status, type TemplateInfo } from './framework.js';
import { nodePortsFilter, resourcesFitFilter, staticFilters } from './filters.js';
import { buildTopologyIndex, spreadFilter, spreadPreFilter, SpreadScorer, type SpreadState, type TopologyIndex } from './spread.js';
import { interPodFilter, interPodPreFilter, interPodScores, type InterPodState, type NamespaceLabels } from './interpod.js';
import { fitErrorText, NO_NODES_AVAILABLE } from './fit-error.js';
import { balancedAllocationScore, leastAllocatedScore, nodeAffinityScores, SCORE_WEIGHTS, taintTolerationScores, type ScorePlugin } from './scores.js';
import { mapSelector } from './selectors.js';

/** A pod handed to the scheduler. */
export interface PodToSchedule {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  /** The (defaulted) pod spec; replicas of one workload should share the object so its compilation is reused. */
  readonly spec: JsonObject;
  readonly priority: number;
  readonly preemptionPolicy?: string;
  /** Labels a Service/ReplicaSet/StatefulSet selecting the pod selects by (system default spread). */
  readonly defaultSpreadSelector?: Labels;
}

/** Extra filter hook (VolumeBinding), run after NodeResourcesFit. */
export interface VolumeCheck {
  /** PreFilter rejection message (e.g. `pod has unbound immediate PersistentVolumeClaims`). */
  readonly preFilterMessage?: string;
  filter(node: SimNode): Status | null;
}

export interface Victim {
  readonly handle: PodHandle;
  readonly namespace: string;
  readonly name: string;
  readonly priority: number;
}

export interface ScheduleResult {
  /** Chosen node name; undefined when unschedulable. */
  readonly node?: string;
  /** The FitError text when unschedulable. */
  readonly message?: string;
  /** Pods evicted to make room (the pod would preempt them). */
  readonly victims?: readonly Victim[];
}

export interface NodeExplanation {
  readonly node: string;
  /** Filter results per plugin in order, up to the first failure: `passed` or the reasons. */
  readonly filters: readonly { readonly plugin: string; readonly result: string }[];
  readonly feasible: boolean;
  /** Normalised score per plugin (before weights) and the weighted total, for feasible nodes. */
  readonly scores?: Readonly<Partial<Record<ScorePlugin, number>>>;
  readonly total?: number;
}

/** Opaque handle of a pod inside the scheduler. */
export type PodHandle = number;

export class Scheduler {
  readonly nodes: NodeInfo[];
  private readonly byName = new Map<string, NodeInfo>();
  private readonly index = new PodIndex();
  private readonly pods: PodInfo[] = [];

  private nextStartNodeIndex = 0;
  private readonly templates = new TemplateCache();
  /**
   * Unschedulable results since node state last changed, by everything a scheduling cycle reads of the pod.
   * A failed cycle changes no state, so an identical pod (the next replica of the same workload) fails again
   * with the same message: its cycle, preemption attempt included, is skipped. Cleared on every bind.
   */
  private readonly failures = new Map<string, { readonly message: string; readonly candidates: number }>();
  /**
   * JSON of a label map per object, for failure keys: replicas share their labels and selector objects (and
   * nothing writes to a pod's labels), so each is written once, not once per replica.
   */
  private readonly labelsJsonCache = new WeakMap<Labels, string>();
  private readonly labelsJson = (labels: Labels): string => {
    let text = this.labelsJsonCache.get(labels);
    if (text === undefined) this.labelsJsonCache.set(labels, (text = JSON.stringify(labels)));
    return text;
  };
  /** The last failure key built per labels object, and of which pod fields: the next replica's is the same string. */
  private readonly lastFailureKey = new WeakMap<Labels, { readonly pod: PodInfo; readonly key: string }>();
  private readonly spreadScorer: SpreadScorer;
  /** Whether any node has a PreferNoSchedule taint (else TaintToleration scores every node 100). */
  private readonly anyPreferNoSchedule: boolean;
  private readonly feasibleScratch: NodeInfo[] = [];
  private totalsScratch = new Float64Array(0);

  /**
   * @param percentageOfNodesToScore kube-scheduler's setting: 0 (default) is adaptive, 100 evaluates every node.
   * @param reuseFailures skip the cycle of a pod identical to one that failed since the last bind (a shortcut
   *   with the same results; off only to test exactly that).
   */
  constructor(
    nodes: readonly SimNode[],
    private readonly nsLabels: NamespaceLabels = new Map(),
    private readonly percentageOfNodesToScore = 0,
    private readonly reuseFailures = true,
  ) {
    const sorted = [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.nodes = sorted.map((n, i) => {
      const alloc = new Map<string, number>();
      for (const [k, q] of n.allocatable) alloc.set(k, Number(k === 'cpu' ? q.milliValue() : q.value()));
      return new NodeInfo(i, n, alloc);
    });
    for (const n of this.nodes) this.byName.set(n.name, n);
    this.anyPreferNoSchedule = this.nodes.some((n) => n.hasPreferNoSchedule);
    this.spreadScorer = new SpreadScorer(this.nodes, (key) => this.topology(key));
  }

  private toPodInfo(p: PodToSchedule): PodInfo {
    const info = new ScheduledPod(this.pods.length, p, this.templates.get(p.spec));
    this.pods.push(info);
    return info;
  }

  /** Binds a pod that is already on a node (spec.nodeName in a snapshot): it occupies the node, unchecked. */
  bind(p: PodToSchedule, nodeName: string): PodHandle | undefined {
    const n = this.byName.get(nodeName);
    if (!n) return undefined;
    const info = this.toPodInfo(p);
    n.add(info);
    this.index.add(info);
    this.failures.clear();
    return info.id;
  }

  /**
   * A pod written with `spec.nodeName` bypasses the scheduler: the kubelet admits it or rejects it with
   * `OutOf<resource>` (pkg/kubelet/lifecycle/predicate.go, InsufficientResourceError), checking resources in
   * NodeResourcesFit's order. Returns the handle, or the rejection.
   */
  kubeletAdmit(p: PodToSchedule, nodeName: string): { handle: PodHandle } | { reason: string; message: string } {
    const n = this.byName.get(nodeName);
    if (!n) return { reason: 'NodeNotFound', message: `node "${nodeName}" not found` };
    const info = this.toPodInfo(p);
    const t = info.template;
    const checks: [string, number, number, number][] = [
      ['pods', 1, n.pods.length, n.allocPods],
      ['cpu', t.cpu, n.reqCpu, n.allocCpu],
      ['memory', t.memory, n.reqMemory, n.allocMemory],
      ['ephemeral-storage', t.ephemeral, n.reqEphemeral, n.allocEphemeral],
      ...t.scalars.map(([k, v]): [string, number, number, number] => [k, v, n.reqScalars.get(k) ?? 0, n.allocScalars.get(k) ?? 0]),
    ];
    for (const [resource, requested, used, capacity] of checks) {
      if (resource !== 'pods' && requested === 0) continue;
      if (requested > capacity - used)
        return { reason: `OutOf${resource}`, message: `Pod was rejected: Node didn't have enough resource: ${resource}, requested: ${requested}, used: ${used}, capacity: ${capacity}` };
    }
    n.add(info);
    this.index.add(info);
    this.failures.clear();
    return { handle: info.id };
  }

  /** Takes a placed pod off its node (for --explain: evaluate it as if it were not there yet). */
  unbind(h: PodHandle): void {
    const p = this.pods[h];
    if (!p || p.node < 0) return;
    (this.nodes[p.node] as NodeInfo).remove(p);
    this.index.remove(p);
    this.failures.clear();
  }

  /** Node a handle is on (undefined if evicted or unknown). */
  nodeOf(h: PodHandle): string | undefined {
    const p = this.pods[h];
    return p && p.node >= 0 ? this.nodes[p.node]?.name : undefined;
  }

  /** Schedules one pod and, when it fits, binds it. */
  schedule(p: PodToSchedule, volumes?: VolumeCheck): ScheduleResult & { handle: PodHandle } {
    const pod = this.toPodInfo(p);
    // Volume checks are per pod (claims differ by ordinal): such pods are never taken from the cache.
    const cacheable = volumes === undefined && this.reuseFailures;
    // The key is only built when there is a failure to find (most cycles follow a bind, which clears them).
    let key = cacheable && this.failures.size > 0 ? this.failureKeyOf(pod) : undefined;
    const known = key === undefined ? undefined : this.failures.get(key);
    if (known) {
      // What the skipped cycle would have done to the search start (a failed cycle visits every candidate).
      if (known.candidates > 0) this.nextStartNodeIndex %= known.candidates;
      return { message: known.message, handle: pod.id };
    }
    const r = this.run(pod, volumes, undefined);
    if (r.node !== undefined) this.failures.clear();
    else if (cacheable && r.message !== undefined) this.failures.set((key ??= this.failureKeyOf(pod)), { message: r.message, candidates: this.candidatesOf(pod).length });
    return { node: r.node, message: r.message, victims: r.victims, handle: pod.id };
  }

  /** {@link failureKey}, reused from the previous pod with the same labels object when the key's other parts match. */
  private failureKeyOf(pod: PodInfo): string {
    // Failed cycles read the pod's namespace and labels only through its own spread constraints and affinity terms
    // and through the required anti-affinity terms of placed pods. Without them, every pod of the template with
    // this priority fails alike, whatever workload it belongs to. (Any bind or unbind clears the failures, so
    // placed pods' terms cannot appear while such a key is stored.)
    if (this.index.withAntiAffinity.size === 0 && !readsPodIdentity(pod.template)) return `*${pod.template.id}\u0000${pod.priority}\u0000${pod.preemptNever}`;
    const last = this.lastFailureKey.get(pod.labels);
    if (last && sameFailureFields(last.pod, pod)) return last.key;
    const key = failureKey(pod, this.labelsJson);
    this.lastFailureKey.set(pod.labels, { pod, key });
    return key;
  }

  /** Evaluates a pod without binding it, recording every node's filter and score results. */
  explain(p: PodToSchedule, volumes?: VolumeCheck): { result: ScheduleResult; nodes: NodeExplanation[] } {
    const pod = this.toPodInfo(p);
    const nodes: NodeExplanation[] = [];
    const result = this.run(pod, volumes, nodes, true);
    return { result, nodes };
  }

  private run(pod: PodInfo, volumes: VolumeCheck | undefined, explain: NodeExplanation[] | undefined, dryRun = false): ScheduleResult {
    const N = this.nodes.length;
    if (N === 0) return { message: NO_NODES_AVAILABLE };
    // Filter results of the evaluated nodes that failed, by node index (a Map: most pods fail on few nodes).
    const failed = new Map<number, Status>();
    if (volumes?.preFilterMessage) {
      const msg = fitErrorText(N, [], volumes.preFilterMessage, this.preemptionMessage(pod));
      return { message: msg };
    }
    const pinned = pod.template.nodeConstraints.pinnedNodes;
    const candidates = this.candidatesOf(pod);
    const spread = spreadPreFilter(pod, this.nodes, this.index, (key) => this.topology(key));
    const inter = interPodPreFilter(pod, this.nodes, this.index, this.nsLabels);
    // Scratch, reused by every cycle: a cycle's feasible nodes are read only within it.
    const feasible = this.feasibleScratch;
    feasible.length = 0;
    // schedule_one.go findNodesThatPassFilters: stop after numFeasibleNodesToFind feasible nodes, starting where
    // the previous cycle stopped (nextStartNodeIndex). Clusters under 100 nodes are always searched in full.
    const C = candidates.length;
    const toFind = explain ? C : numFeasibleNodesToFind(this.percentageOfNodesToScore, C);
    const start = C === 0 ? 0 : this.nextStartNodeIndex % C;
    let processed = 0;
    for (let i = 0; i < C && feasible.length < toFind; i++) {
      const n = candidates[(start + i) % C] as NodeInfo;
      const s = this.filterNode(pod, n, spread, inter, volumes);
      processed++;
      if (s === null) feasible.push(n);
      else failed.set(n.index, s);
      if (explain) explain.push(explainFilters(n.name, s));
    }
    if (!dryRun && C > 0) this.nextStartNodeIndex = (start + processed) % C;
    if (feasible.length === 0) {
      // Nodes outside a PreFilterResult: `node(s) didn't satisfy plugin(s) [NodeAffinity]` (schedule_one.go).
      if (pinned)
        for (const n of this.nodes)
          if (!pinned.has(n.name)) failed.set(n.index, { code: 'UnschedulableAndUnresolvable', plugin: 'NodeAffinity', reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"] });
      const reasons = [...failed.values()].map((s) => s.reasons);
      if (dryRun) return { message: fitErrorText(N, reasons) };
      const pre = this.preempt(pod, failed, volumes);
      if (pre.node !== undefined) return pre;
      return { message: fitErrorText(N, reasons, undefined, pre.message) };
    }
    let best = feasible[0] as NodeInfo;
    if (feasible.length > 1 || explain) {
      const totals = this.score(pod, feasible, explain);
      let bestScore = -Infinity;
      // Ties go to the lowest node name (node indexes follow name order); upstream picks one at random.
      for (let i = 0; i < feasible.length; i++) {
        const n = feasible[i] as NodeInfo;
        const s = totals[i] as number;
        if (s > bestScore || (s === bestScore && n.index < best.index)) {
          bestScore = s;
          best = n;
        }
      }
    }
    if (!dryRun) {
      best.add(pod);
      this.index.add(pod);
    }
    return { node: best.name };
  }

  /** The nodes a pod's cycle searches: those its `metadata.name` node affinity pins it to, else all. */
  private candidatesOf(pod: PodInfo): readonly NodeInfo[] {
    const pinned = pod.template.nodeConstraints.pinnedNodes;
    if (!pinned) return this.nodes;
    return [...pinned].map((name) => this.byName.get(name)).filter((n): n is NodeInfo => n !== undefined).sort((a, b) => a.index - b.index);
  }

  private filterNode(pod: PodInfo, n: NodeInfo, spread: SpreadState | undefined, inter: InterPodState | undefined, volumes: VolumeCheck | undefined): Status | null {
    return (
      staticFilters(pod, n, this.nodes.length) ??
      nodePortsFilter(pod, n) ??
      resourcesFitFilter(pod, n) ??
      (volumes ? volumes.filter(n.node) : null) ??
      spreadFilter(spread, n) ??
      interPodFilter(inter, pod, n)
    );
  }

  /** Weighted total per feasible node, in a scratch array valid until the next call. */
  private score(pod: PodInfo, feasible: readonly NodeInfo[], explain: NodeExplanation[] | undefined): Float64Array {
    const F = feasible.length;
    const w = SCORE_WEIGHTS;
    if (this.totalsScratch.length < F) this.totalsScratch = new Float64Array(this.nodes.length);
    const totals = this.totalsScratch;
    // BalancedAllocation skips best-effort pods (no cpu or memory request), so they do not pile onto one node
    // (balanced_allocation.go PreScore `isBestEffortPod`, kubernetes/kubernetes#129138).
    const t = pod.template;
    const balanced = t.cpu !== 0 || t.memory !== 0;
    // LeastAllocated + BalancedAllocation, the per-node part, in one pass; kept on the node for the next pod of
    // the same template while the node does not change (only the node the last pod went to has changed).
    for (let i = 0; i < F; i++) {
      const n = feasible[i] as NodeInfo;
      if (n.resourceScoreTemplate !== t || n.resourceScoreVersion !== n.version) {
        n.resourceScore = w.NodeResourcesFit * leastAllocatedScore(pod, n) + (balanced ? w.NodeResourcesBalancedAllocation * balancedAllocationScore(pod, n) : 0);
        n.resourceScoreTemplate = t;
        n.resourceScoreVersion = n.version;
      }
      totals[i] = n.resourceScore;
    }
    // TaintToleration is constant (100) unless a feasible node has a PreferNoSchedule taint.
    let anyPrefer = false;
    if (this.anyPreferNoSchedule) for (let i = 0; i < F && !anyPrefer; i++) anyPrefer = (feasible[i] as NodeInfo).hasPreferNoSchedule;
    const taint = anyPrefer || explain ? taintTolerationScores(pod, feasible) : undefined;
    const affinity = nodeAffinityScores(pod, feasible);
    const spread = this.spreadScorer.scores(pod, feasible, this.index, this.defaultSelector(pod));
    const inter = interPodScores(pod, feasible, this.nodes, this.index, this.nsLabels);
    // Plugin by plugin, each skipped when it does not score this pod: every score is an integer, so the sums
    // are exact in any order. Without scores, TaintToleration gives every node 100 (nothing untolerated).
    addWeighted(totals, F, w.TaintToleration, taint, 100);
    addWeighted(totals, F, w.NodeAffinity, affinity);
    addWeighted(totals, F, w.PodTopologySpread, spread);
    addWeighted(totals, F, w.InterPodAffinity, inter);
    if (explain) {
      const byName = new Map(explain.map((e, i) => [e.node, i]));
      feasible.forEach((n, i) => {
        const at = byName.get(n.name);
        if (at === undefined) return;
        const scores: Partial<Record<ScorePlugin, number>> = {
          NodeResourcesFit: leastAllocatedScore(pod, n),
          ...(balanced ? { NodeResourcesBalancedAllocation: balancedAllocationScore(pod, n) } : {}),
          TaintToleration: taint ? (taint[i] as number) : 100,
          ImageLocality: 0,
        };
        if (affinity) scores.NodeAffinity = affinity[i] as number;
        if (spread) scores.PodTopologySpread = spread[i] as number;
        if (inter) scores.InterPodAffinity = inter[i] as number;
        explain[at] = { ...(explain[at] as NodeExplanation), scores, total: totals[i] as number };
      });
    }
    return totals;
  }

  private readonly selectorCache = new WeakMap<Labels, Selector>();
  private readonly topologies = new Map<string, TopologyIndex>();

  private topology(key: string): TopologyIndex {
    let t = this.topologies.get(key);
    if (!t) this.topologies.set(key, (t = buildTopologyIndex(this.nodes, key)));
    return t;
  }

  /** The system default spread selector, compiled once per workload (replicas share the labels object). */
  private defaultSelector(pod: PodInfo): Selector | undefined {
    const l = pod.defaultSpreadSelector;
    if (!l) return undefined;
    let s = this.selectorCache.get(l);
    if (!s) {
      s = mapSelector(l);
      this.selectorCache.set(l, s);
    }
    return s.requirements.length > 0 ? s : undefined;
  }

  /**
   * DefaultPreemption PostFilter (framework/preemption/preemption.go `Preempt`, `findCandidates`,
   * `SelectVictimsOnNode`; defaultpreemption/default_preemption.go). Returns a node when preemption makes room
   * (victims evicted, pod bound), else the `preemption: ...` message.
   */
  private preempt(pod: PodInfo, failed: ReadonlyMap<number, Status>, volumes: VolumeCheck | undefined): ScheduleResult {
    if (pod.preemptNever) return { message: 'preemption: not eligible due to preemptionPolicy=Never.' };
    const N = this.nodes.length;
    const out: string[][] = [];
    const candidates: { node: NodeInfo; victims: PodInfo[] }[] = [];
    for (const n of this.nodes) {
      const s = failed.get(n.index);
      if (!s || s.code === 'UnschedulableAndUnresolvable') {
        out.push(['Preemption is not helpful for scheduling']);
        continue;
      }
      const lower = n.pods.filter((p) => p.priority < pod.priority);
      if (lower.length === 0) {
        out.push(['No preemption victims found for incoming pod']);
        continue;
      }
      for (const v of lower) {
        n.remove(v);
        this.index.remove(v);
      }
      const fits = (): Status | null => this.filterNode(pod, n, spreadPreFilter(pod, this.nodes, this.index, (key) => this.topology(key)), interPodPreFilter(pod, this.nodes, this.index, this.nsLabels), volumes);
      const st = fits();
      if (st !== null) {
        for (const v of lower) {
          n.add(v);
          this.index.add(v);
        }
        out.push([...st.reasons]);
        continue;
      }
      // Reprieve as many as possible, most important first (priority, then earlier creation).
      const victims: PodInfo[] = [];
      const ordered = [...lower].sort((a, b) => b.priority - a.priority || a.id - b.id);
      for (const v of ordered) {
        n.add(v);
        this.index.add(v);
        if (fits() !== null) {
          n.remove(v);
          this.index.remove(v);
          victims.push(v);
        }
      }
      for (const v of victims) {
        n.add(v);
        this.index.add(v);
      }
      candidates.push({ node: n, victims });
    }
    if (candidates.length === 0) return { message: 'preemption: ' + fitErrorText(N, out) };
    // pickOneNodeForPreemption: lowest highest-victim priority, then smallest priority sum, then fewest victims;
    // then the lowest node name (upstream: latest start time, then the first candidate).
    const key = (c: { victims: PodInfo[] }): number[] => [
      Math.max(...c.victims.map((v) => v.priority)),
      c.victims.reduce((s, v) => s + v.priority, 0),
      c.victims.length,
    ];
    candidates.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      for (let i = 0; i < ka.length; i++) if ((ka[i] as number) !== (kb[i] as number)) return (ka[i] as number) - (kb[i] as number);
      return a.node.index - b.node.index;
    });
    const chosen = candidates[0] as { node: NodeInfo; victims: PodInfo[] };
    for (const v of chosen.victims) {
      chosen.node.remove(v);
      this.index.remove(v);
    }
    chosen.node.add(pod);
    this.index.add(pod);
    return {
      node: chosen.node.name,
      victims: chosen.victims.map((v) => ({ handle: v.id, namespace: v.namespace, name: v.name, priority: v.priority })),
    };
  }

  private preemptionMessage(pod: PodInfo): string {
    // A PreFilter rejection marks every node unresolvable: preemption cannot help anywhere.
    if (pod.preemptNever) return 'preemption: not eligible due to preemptionPolicy=Never.';
    return 'preemption: ' + fitErrorText(this.nodes.length, this.nodes.map(() => ['Preemption is not helpful for scheduling']));
  }

  /** Requested and allocatable per node, for the report. */
  usage(): { node: string; cpu: [number, number]; memory: [number, number]; pods: [number, number] }[] {
    return this.nodes.map((n) => ({ node: n.name, cpu: [n.reqCpu, n.allocCpu], memory: [n.reqMemory, n.allocMemory], pods: [n.pods.length, n.allocPods] }));
  }
}

/**
 * A pod as the scheduler sees it. The default spread selector is read from the pod when first asked for: only
 * scoring (and the failure key of a pod whose own filters read its labels) needs it, and on a full cluster
 * most cycles fail before scoring, so a selector the caller computes on demand is then never computed.
 */
class ScheduledPod implements PodInfo {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly priority: number;
  readonly preemptNever: boolean;
  node = -1;
  /** The selector once read (null: the pod has none), undefined before. */
  private spreadSelector: Labels | null | undefined = undefined;

  constructor(
    readonly id: number,
    private readonly source: PodToSchedule,
    readonly template: TemplateInfo,
  ) {
    this.namespace = source.namespace;
    this.name = source.name;
    this.labels = source.labels;
    this.priority = source.priority;
    this.preemptNever = source.preemptionPolicy === 'Never';
  }

  get defaultSpreadSelector(): Labels | undefined {
    if (this.spreadSelector === undefined) this.spreadSelector = this.source.defaultSpreadSelector ?? null;
    return this.spreadSelector ?? undefined;
  }
}

/** Adds `weight` times each plugin score to the totals, or times `absent` per node when the plugin gave no scores. */
function addWeighted(totals: Float64Array, count: number, weight: number, scores: ArrayLike<number> | undefined, absent = 0): void {
  if (scores === undefined) {
    if (absent === 0) return;
    for (let i = 0; i < count; i++) totals[i] = (totals[i] as number) + weight * absent;
    return;
  }
  for (let i = 0; i < count; i++) totals[i] = (totals[i] as number) + weight * (scores[i] as number);
}

/** Everything a scheduling cycle reads of the pod itself (its name only appears in nothing it decides). */
function failureKey(pod: PodInfo, json: (labels: Labels) => string): string {
  const spread = pod.defaultSpreadSelector ? json(pod.defaultSpreadSelector) : '';
  return `${pod.template.id}\u0000${pod.namespace}\u0000${pod.priority}\u0000${pod.preemptNever}\u0000${json(pod.labels)}\u0000${spread}`;
}

/** Whether a template's own filters read the pod's labels or namespace: topology spread constraints, required (anti-)affinity. */
function readsPodIdentity(t: PodInfo['template']): boolean {
  return t.spread.length > 0 || t.affinity.length > 0 || t.antiAffinity.length > 0;
}

/** Whether two pods give the same {@link failureKey}, given they share their labels object. */
function sameFailureFields(a: PodInfo, b: PodInfo): boolean {
  return a.template === b.template && a.namespace === b.namespace && a.priority === b.priority && a.preemptNever === b.preemptNever && a.defaultSpreadSelector === b.defaultSpreadSelector;
}

/**
 * schedule_one.go `numFeasibleNodesToFind`: every node under 100 nodes; else `percentage` of them (adaptive
 * default `50 - nodes/125`, at least 5%), and never fewer than 100.
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  const MIN_FEASIBLE_NODES_TO_FIND = 100;
  const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentageOfNodesToScore >= 100) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage <= 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * percentage) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

function explainFilters(node: string, s: Status | null): NodeExplanation {
  const filters: { plugin: string; result: string }[] = [];
  const order = ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'VolumeBinding', 'PodTopologySpread', 'InterPodAffinity'];
  for (const p of order) {
    if (s && s.plugin === p) {
      filters.push({ plugin: p, result: s.reasons.join(', ') });
      break;
    }
    filters.push({ plugin: p, result: 'passed' });
  }
  return { node, filters, feasible: s === null };
}
