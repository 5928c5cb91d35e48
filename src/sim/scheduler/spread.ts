/**
 * PodTopologySpread filter and score:
 * kubernetes/kubernetes:pkg/scheduler/framework/plugins/podtopologyspread/{common,filtering,scoring}.go.
 */
import type { Labels } from '../../model/kinds.js';
import { asArray, asInteger, asObjects, asString } from '../../model/guards.js';
import { parseSelector, isSelectorError, type Selector } from '../../model/selector.js';
import { compileSelector, equalities } from './selectors.js';
import type { NodeInfo, PodIndex, PodInfo, Status } from './framework.js';
import { nodeMatchesConstraints } from './node-affinity.js';
import { firstUntoleratedTaint } from './taints.js';

export const ERR_SPREAD = "node(s) didn't match pod topology spread constraints";
export const ERR_SPREAD_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";

export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  readonly selector: Selector;
  readonly minDomains: number;
  readonly honorNodeAffinity: boolean;
  readonly honorNodeTaints: boolean;
  readonly matchLabelKeys: readonly string[];
}

export function readSpreadConstraints(v: unknown): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of asObjects(v)) {
    const topologyKey = asString(c.topologyKey);
    const maxSkew = asInteger(c.maxSkew);
    if (!topologyKey || maxSkew === undefined || maxSkew < 1) continue;
    out.push({
      maxSkew,
      topologyKey,
      whenUnsatisfiable: asString(c.whenUnsatisfiable) === 'ScheduleAnyway' ? 'ScheduleAnyway' : 'DoNotSchedule',
      selector: compileSelector(c.labelSelector),
      // minDomains defaults to 1 (common.go).
      minDomains: asInteger(c.minDomains) ?? 1,
      // Inclusion policies default to nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore (common.go).
      honorNodeAffinity: asString(c.nodeAffinityPolicy) !== 'Ignore',
      honorNodeTaints: asString(c.nodeTaintsPolicy) === 'Honor',
      matchLabelKeys: asArray(c.matchLabelKeys).filter((k): k is string => typeof k === 'string'),
    });
  }
  return out;
}

/** matchLabelKeys: the pod's own values for those keys are ANDed into the selector (common.go). */
function effectiveSelector(c: SpreadConstraint, podLabels: Labels): Selector {
  if (c.matchLabelKeys.length === 0) return c.selector;
  const extra = c.matchLabelKeys.filter((k) => k in podLabels).map((k) => `${k} in (${podLabels[k]})`);
  if (extra.length === 0) return c.selector;
  const base = c.selector.toString();
  const parsed = parseSelector([base, ...extra].filter((s) => s !== '').join(','));
  return isSelectorError(parsed) ? c.selector : parsed;
}

interface ConstraintState {
  readonly c: SpreadConstraint;
  readonly topo: TopologyIndex;
  /** Domain id -> matching pods on eligible nodes (absent: 0). */
  readonly counts: Map<number, number>;
  readonly minMatch: number;
  readonly selfMatch: number;
}

export interface SpreadState {
  readonly constraints: readonly ConstraintState[];
}

function inclusionPasses(c: SpreadConstraint, pod: PodInfo, node: NodeInfo): boolean {
  const t = pod.template;
  if (c.honorNodeAffinity && !nodeMatchesConstraints(t.nodeConstraints, node.name, node.labels)) return false;
  if (c.honorNodeTaints && firstUntoleratedTaint(node.taints, t.tolerations) !== undefined) return false;
  return true;
}

/** Which nodes count for each DoNotSchedule constraint, and how many domains they span: static per template. */
interface SpreadStatic {
  readonly constraints: readonly SpreadConstraint[];
  readonly topo: readonly TopologyIndex[];
  /** Per constraint: node index -> 1 when the node has every constraint's key and passes the inclusion policies. */
  readonly eligible: readonly Uint8Array[];
  /** Per constraint: number of distinct domains among eligible nodes. */
  readonly domains: readonly number[];
}

function spreadStatic(pod: PodInfo, nodes: readonly NodeInfo[], topology: (key: string) => TopologyIndex): SpreadStatic | undefined {
  const t = pod.template;
  if (t.spreadStatic !== undefined) return t.spreadStatic as SpreadStatic | undefined;
  const cs = t.spread.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
  if (cs.length === 0) {
    t.spreadStatic = undefined;
    return undefined;
  }
  const topo = cs.map((c) => topology(c.topologyKey));
  const eligible = cs.map(() => new Uint8Array(nodes.length));
  const domains = cs.map(() => 0);
  cs.forEach((c, i) => {
    const tp = topo[i] as TopologyIndex;
    const seen = new Uint8Array(tp.size);
    const el = eligible[i] as Uint8Array;
    for (const n of nodes) {
      // calPreFilterState: only nodes with every constraint's key and passing the inclusion policies count.
      if (topo.some((x) => x.ids[n.index] === x.missing) || !inclusionPasses(c, pod, n)) continue;
      el[n.index] = 1;
      const d = tp.ids[n.index] as number;
      if (!seen[d]) {
        seen[d] = 1;
        domains[i] = (domains[i] as number) + 1;
      }
    }
  });
  const st: SpreadStatic = { constraints: cs, topo, eligible, domains };
  t.spreadStatic = st;
  return st;
}

/** PreFilter: counts per domain of the DoNotSchedule constraints (filtering.go `calPreFilterState`). */
export function spreadPreFilter(pod: PodInfo, nodes: readonly NodeInfo[], index: PodIndex, topology: (key: string) => TopologyIndex): SpreadState | undefined {
  const st = spreadStatic(pod, nodes, topology);
  if (!st) return undefined;
  const states: ConstraintState[] = [];
  st.constraints.forEach((c, i) => {
    const selector = effectiveSelector(c, pod.labels);
    const tp = st.topo[i] as TopologyIndex;
    const el = st.eligible[i] as Uint8Array;
    const counts = new Map<number, number>();
    for (const p of index.candidates(pod.namespace, equalities(selector))) {
      if (p.node < 0 || !el[p.node] || !selector.matches(p.labels)) continue;
      const d = tp.ids[p.node] as number;
      counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    const domains = st.domains[i] as number;
    // Global minimum over eligible domains (a domain without matching pods counts 0); fewer domains than
    // minDomains makes it 0 (filtering.go minMatchNum).
    let minMatch = 0;
    if (domains >= c.minDomains && counts.size >= domains) {
      minMatch = Infinity;
      for (const v of counts.values()) if (v < minMatch) minMatch = v;
    }
    states.push({ c, topo: tp, counts, minMatch, selfMatch: selector.matches(pod.labels) ? 1 : 0 });
  });
  return { constraints: states };
}

/** Filter: `existing matching num + self match - global minimum <= maxSkew` per constraint. */
export function spreadFilter(state: SpreadState | undefined, node: NodeInfo): Status | null {
  if (!state) return null;
  for (const s of state.constraints)
    if (s.topo.ids[node.index] === s.topo.missing) return { code: 'UnschedulableAndUnresolvable', plugin: 'PodTopologySpread', reasons: [ERR_SPREAD_LABEL] };
  for (const s of state.constraints) {
    const matchNum = s.counts.get(s.topo.ids[node.index] as number) ?? 0;
    if (matchNum + s.selfMatch - s.minMatch > s.c.maxSkew) return { code: 'Unschedulable', plugin: 'PodTopologySpread', reasons: [ERR_SPREAD] };
  }
  return null;
}

/** System default constraints (podtopologyspread/plugin.go `systemDefaultConstraints`), scoring only. */
const SYSTEM_DEFAULTS: readonly { topologyKey: string; maxSkew: number }[] = [
  { topologyKey: 'kubernetes.io/hostname', maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 5 },
];

/** Node -> domain id for one topology key, shared by every pod (node labels never change). */
export interface TopologyIndex {
  /** Domain id per node index; `missing` for nodes without the key. */
  readonly ids: Int32Array;
  /** Number of domains, the missing-key domain included (it is id `missing`). */
  readonly size: number;
  readonly missing: number;
}

export function buildTopologyIndex(nodes: readonly NodeInfo[], key: string): TopologyIndex {
  const ids = new Int32Array(nodes.length);
  const byValue = new Map<string, number>();
  for (const n of nodes) {
    const v = n.labels[key];
    if (v === undefined) continue;
    let id = byValue.get(v);
    if (id === undefined) byValue.set(v, (id = byValue.size));
    ids[n.index] = id;
  }
  const missing = byValue.size;
  for (const n of nodes) if (n.labels[key] === undefined) ids[n.index] = missing;
  return { ids, size: missing + 1, missing };
}

/** A constraint as PodTopologySpread Score reads it, with its topology index resolved. */
interface ScoreConstraint {
  readonly maxSkew: number;
  readonly selector: Selector;
  readonly equalities: readonly (readonly [string, string])[];
  readonly honorNodeAffinity: boolean;
  readonly honorNodeTaints: boolean;
  readonly topo: TopologyIndex;
  /** Hostname domains are the nodes themselves: counted sparsely, weighted by the number of scored nodes. */
  readonly isHost: boolean;
}

const HOSTNAME = 'kubernetes.io/hostname';

/**
 * PodTopologySpread Score (scoring.go): for each ScheduleAnyway constraint (or the system defaults when the
 * pod declares none and a Service/ReplicaSet/StatefulSet selects it), `count * log(domains + 2) +
 * (maxSkew - 1)`; normalised as `100 * (max + min - score) / max`; ignored nodes (missing keys) score 0.
 * One per Scheduler: it resolves each pod's constraints once per template (or per default selector) and keeps
 * its scratch arrays between pods, since scoring runs once per pod over every feasible node.
 */
export class SpreadScorer {
  private readonly defaults = new WeakMap<Selector, readonly ScoreConstraint[]>();
  private readonly declared = new WeakMap<readonly SpreadConstraint[], readonly ScoreConstraint[]>();
  /** Per feasible position: 1 when the node lacks a declared constraint's key (scored 0, not normalised). */
  private ignored = new Uint8Array(0);
  /** Per feasible position: the node index. */
  private nodeAt = new Int32Array(0);
  /** Per feasible position: the rounded raw score, and the normalised one (the result). */
  private raw = new Float64Array(0);
  private out = new Float64Array(0);
  /** Domain id -> stamp of the last constraint that saw it among the scored nodes (distinct-domain counting). */
  private seen = new Int32Array(0);
  private stamp = 0;
  /** Per constraint: matching pods by domain (by node index for hostname), and the entries set; zeroed after each pod. */
  private readonly counts: Float64Array[] = [];
  private readonly touched: number[][] = [];
  private readonly allFeasibleWeights = new WeakMap<readonly ScoreConstraint[], readonly number[]>();

  constructor(
    private readonly allNodes: readonly NodeInfo[],
    private readonly topology: (key: string) => TopologyIndex,
  ) {}

  private resolve(c: { topologyKey: string; maxSkew: number; honorNodeAffinity: boolean; honorNodeTaints: boolean }, selector: Selector): ScoreConstraint {
    return {
      maxSkew: c.maxSkew,
      selector,
      equalities: equalities(selector),
      honorNodeAffinity: c.honorNodeAffinity,
      honorNodeTaints: c.honorNodeTaints,
      topo: this.topology(c.topologyKey),
      isHost: c.topologyKey === HOSTNAME,
    };
  }

  /** The pod's scoring constraints and whether nodes must have every key (declared ones), or undefined. */
  private constraintsOf(pod: PodInfo, defaultSelector: Selector | undefined): { cs: readonly ScoreConstraint[]; requireAll: boolean } | undefined {
    const declared = pod.template.spread;
    if (declared.length > 0) {
      const anyway = declared.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway');
      // matchLabelKeys make the selector depend on the pod's labels: resolved per pod, else once per template.
      if (anyway.some((c) => c.matchLabelKeys.length > 0)) return { cs: anyway.map((c) => this.resolve(c, effectiveSelector(c, pod.labels))), requireAll: true };
      let cs = this.declared.get(declared);
      if (!cs) this.declared.set(declared, (cs = anyway.map((c) => this.resolve(c, c.selector))));
      return { cs, requireAll: true };
    }
    if (!defaultSelector || defaultSelector.requirements.length === 0) return undefined;
    let cs = this.defaults.get(defaultSelector);
    if (!cs) this.defaults.set(defaultSelector, (cs = SYSTEM_DEFAULTS.map((d) => this.resolve({ ...d, honorNodeAffinity: true, honorNodeTaints: false }, defaultSelector))));
    return { cs, requireAll: false };
  }

  private grow(F: number): void {
    const size = Math.max(F, this.allNodes.length);
    if (this.raw.length >= size) return;
    this.ignored = new Uint8Array(size);
    this.raw = new Float64Array(size);
    this.out = new Float64Array(size);
    this.nodeAt = new Int32Array(size);
    this.seen = new Int32Array(size + 1);
  }

  /** Normalised scores per feasible node (a scratch array valid until the next call), or undefined when the plugin is skipped for this pod. */
  scores(pod: PodInfo, feasible: readonly NodeInfo[], index: PodIndex, defaultSelector: Selector | undefined): Float64Array | undefined {
    const resolved = this.constraintsOf(pod, defaultSelector);
    if (!resolved) return undefined;
    const { cs, requireAll } = resolved;
    const nc = cs.length;
    if (nc === 0) return undefined;
    const F = feasible.length;
    this.grow(F);
    const weights = this.weights(cs, requireAll, feasible);
    // Matching pods per domain (per node for hostname), over nodes that pass the inclusion policies (PreScore).
    for (let i = 0; i < nc; i++) this.count(i, pod, cs, requireAll, index);
    // score = sum over constraints of count * weight + (maxSkew - 1), for the keys the node has, then the
    // hostname counts times their weights (scoring.go Score). Constraint by constraint over all nodes: each
    // node's additions happen in the same order as node by node, so the sums are the same.
    const { ignored, raw, nodeAt } = this;
    for (let f = 0; f < F; f++) {
      const ni = (feasible[f] as NodeInfo).index;
      nodeAt[f] = ni;
      ignored[f] = requireAll && !hasAllKeys(cs, ni) ? 1 : 0;
      raw[f] = 0;
    }
    for (let i = 0; i < nc; i++) {
      const c = cs[i] as ScoreConstraint;
      const { ids, missing } = c.topo;
      const counts = this.counts[i] as Float64Array;
      const w = weights[i] as number;
      const skew = c.maxSkew - 1;
      // Two loops rather than a test per node: a hostname constraint adds its counts in the next pass.
      if (c.isHost) {
        for (let f = 0; f < F; f++) if (!ignored[f] && ids[nodeAt[f] as number] !== missing) raw[f] = (raw[f] as number) + skew;
        continue;
      }
      for (let f = 0; f < F; f++) {
        if (ignored[f]) continue;
        const d = ids[nodeAt[f] as number] as number;
        if (d !== missing) raw[f] = (raw[f] as number) + (counts[d] as number) * w + skew;
      }
    }
    for (let i = 0; i < nc; i++) {
      const c = cs[i] as ScoreConstraint;
      if (!c.isHost || (this.touched[i] as number[]).length === 0) continue;
      const counts = this.counts[i] as Float64Array;
      const w = weights[i] as number;
      for (let f = 0; f < F; f++) {
        const cnt = counts[nodeAt[f] as number] as number;
        if (cnt > 0 && !ignored[f]) raw[f] = (raw[f] as number) + cnt * w;
      }
    }
    // Rounded; the extremes over the scored nodes.
    let min = Infinity;
    let max = 0;
    for (let f = 0; f < F; f++) {
      if (ignored[f]) continue;
      const r = Math.round(raw[f] as number);
      raw[f] = r;
      if (r < min) min = r;
      if (r > max) max = r;
    }
    for (let i = 0; i < nc; i++) this.clearCounts(i);
    const out = this.out;
    for (let f = 0; f < F; f++) {
      if (ignored[f]) out[f] = 0;
      else if (max === 0) out[f] = 100;
      else out[f] = Math.trunc((100 * (max + min - (raw[f] as number))) / max);
    }
    return out;
  }

  /**
   * topologyNormalizingWeight = log(size + 2) per constraint: size is the number of distinct domains among the
   * scored nodes (scoring.go initPreScoreState; a missing key counts as the "" domain), for hostname the number
   * of scored nodes. With every node feasible (the common case) it only depends on the constraints: cached.
   */
  private weights(cs: readonly ScoreConstraint[], requireAll: boolean, feasible: readonly NodeInfo[]): readonly number[] {
    const F = feasible.length;
    const all = F === this.allNodes.length;
    if (all) {
      const cached = this.allFeasibleWeights.get(cs);
      if (cached) return cached;
    }
    const seen = this.seen;
    let scored = 0;
    for (let f = 0; f < F; f++) if (!requireAll || hasAllKeys(cs, (feasible[f] as NodeInfo).index)) scored++;
    const weights = cs.map((c) => {
      if (c.isHost) return Math.log(scored + 2);
      const stamp = ++this.stamp;
      let size = 0;
      for (let f = 0; f < F; f++) {
        const ni = (feasible[f] as NodeInfo).index;
        if (requireAll && !hasAllKeys(cs, ni)) continue;
        const d = c.topo.ids[ni] as number;
        if (seen[d] !== stamp) {
          seen[d] = stamp;
          size++;
        }
      }
      return Math.log(size + 2);
    });
    if (all) this.allFeasibleWeights.set(cs, weights);
    return weights;
  }

  /** Counts constraint i's matching pods into counts[i]: by domain, or by node for hostname. */
  private count(i: number, pod: PodInfo, cs: readonly ScoreConstraint[], requireAll: boolean, index: PodIndex): void {
    const c = cs[i] as ScoreConstraint;
    const size = Math.max(c.topo.size, this.allNodes.length);
    let counts = this.counts[i];
    if (!counts || counts.length < size) this.counts[i] = counts = new Float64Array(size);
    const touched = (this.touched[i] ??= []);
    const t = pod.template;
    for (const p of index.candidates(pod.namespace, c.equalities)) {
      if (p.node < 0 || !c.selector.matches(p.labels)) continue;
      const n = this.allNodes[p.node] as NodeInfo;
      if (requireAll && !hasAllKeys(cs, n.index)) continue;
      if (c.honorNodeAffinity && !nodeMatchesConstraints(t.nodeConstraints, n.name, n.labels)) continue;
      if (c.honorNodeTaints && firstUntoleratedTaint(n.taints, t.tolerations) !== undefined) continue;
      const d = c.topo.ids[n.index] as number;
      if (d === c.topo.missing) continue;
      const at = c.isHost ? n.index : d;
      if (counts[at] === 0) touched.push(at);
      counts[at] = (counts[at] as number) + 1;
    }
  }

  private clearCounts(i: number): void {
    const counts = this.counts[i] as Float64Array;
    const touched = this.touched[i] as number[];
    for (const at of touched) counts[at] = 0;
    touched.length = 0;
  }
}

function hasAllKeys(cs: readonly ScoreConstraint[], nodeIndex: number): boolean {
  for (let i = 0; i < cs.length; i++) {
    const t = (cs[i] as ScoreConstraint).topo;
    if (t.ids[nodeIndex] === t.missing) return false;
  }
  return true;
}
