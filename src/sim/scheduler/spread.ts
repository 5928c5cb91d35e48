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

/**
 * Score (scoring.go): for each ScheduleAnyway constraint (or the system defaults when the pod declares none
 * and a Service/ReplicaSet/StatefulSet selects it), `count * log(domains + 2) + (maxSkew - 1)`; normalised as
 * `100 * (max + min - score) / max`; ignored nodes (missing keys) score 0. Returns undefined when skipped.
 */
let scratch = new Int32Array(0);

/** A zeroed scratch array of node positions, reused across calls (callers reset what they set). */
function positions(n: number): Int32Array {
  if (scratch.length < n) scratch = new Int32Array(n);
  return scratch;
}

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

export function spreadScores(
  pod: PodInfo,
  feasible: readonly NodeInfo[],
  allNodes: readonly NodeInfo[],
  index: PodIndex,
  defaultSelector: Selector | undefined,
  topology: (key: string) => TopologyIndex,
): number[] | undefined {
  const declared = pod.template.spread;
  let cs: { topologyKey: string; maxSkew: number; selector: Selector; honorNodeAffinity: boolean; honorNodeTaints: boolean }[];
  let requireAll: boolean;
  if (declared.length > 0) {
    cs = declared.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway').map((c) => ({ ...c, selector: effectiveSelector(c, pod.labels) }));
    requireAll = true;
  } else {
    if (!defaultSelector || defaultSelector.requirements.length === 0) return undefined;
    cs = SYSTEM_DEFAULTS.map((d) => ({ ...d, selector: defaultSelector, honorNodeAffinity: true, honorNodeTaints: false }));
    requireAll = false;
  }
  const nc = cs.length;
  if (nc === 0) return undefined;
  const HOST = 'kubernetes.io/hostname';
  const topo = cs.map((c) => topology(c.topologyKey));
  const hasAll = (nodeIndex: number): boolean => {
    for (let i = 0; i < nc; i++) {
      const t = topo[i] as TopologyIndex;
      if (t.ids[nodeIndex] === t.missing) return false;
    }
    return true;
  };
  const F = feasible.length;
  const ignored = new Uint8Array(F);
  let ignoredCount = 0;
  const isHost = cs.map((c) => c.topologyKey === HOST);
  // Domains of the candidate nodes (scoring.go initPreScoreState); a missing key counts as the "" domain.
  // Hostname domains are the nodes themselves: no per-domain array is needed for them.
  const present = topo.map((t, i) => (isHost[i] ? new Uint8Array(0) : new Uint8Array(t.size)));
  const sizes = new Array<number>(nc).fill(0);
  for (let f = 0; f < F; f++) {
    const ni = (feasible[f] as NodeInfo).index;
    if (requireAll && !hasAll(ni)) {
      ignored[f] = 1;
      ignoredCount++;
      continue;
    }
    for (let i = 0; i < nc; i++) {
      if (isHost[i]) continue;
      const d = (topo[i] as TopologyIndex).ids[ni] as number;
      const pr = present[i] as Uint8Array;
      if (!pr[d]) {
        pr[d] = 1;
        sizes[i] = (sizes[i] as number) + 1;
      }
    }
  }
  // topologyNormalizingWeight = log(size + 2); for hostname the size is the number of scored nodes.
  const weights = cs.map((_, i) => Math.log((isHost[i] ? F - ignoredCount : (sizes[i] as number)) + 2));
  // Matching pods per domain, over nodes that pass the inclusion policies (scoring.go PreScore): dense for
  // ordinary keys (few domains), sparse for hostname (one domain per node, few of them with matching pods).
  const dense = topo.map((t, i) => (isHost[i] ? new Float64Array(0) : new Float64Array(t.size)));
  const sparse = cs.map(() => new Map<number, number>());
  for (let i = 0; i < nc; i++) {
    const c = cs[i] as (typeof cs)[number];
    const t = topo[i] as TopologyIndex;
    for (const p of index.candidates(pod.namespace, equalities(c.selector))) {
      if (p.node < 0 || !c.selector.matches(p.labels)) continue;
      const n = allNodes[p.node] as NodeInfo;
      if (requireAll && !hasAll(n.index)) continue;
      if (c.honorNodeAffinity && !nodeMatchesConstraints(pod.template.nodeConstraints, n.name, n.labels)) continue;
      if (c.honorNodeTaints && firstUntoleratedTaint(n.taints, pod.template.tolerations) !== undefined) continue;
      const d = t.ids[n.index] as number;
      if (d === t.missing) continue;
      if (isHost[i]) (sparse[i] as Map<number, number>).set(n.index, ((sparse[i] as Map<number, number>).get(n.index) ?? 0) + 1);
      else (dense[i] as Float64Array)[d] = ((dense[i] as Float64Array)[d] as number) + 1;
    }
  }
  // score = sum over constraints of count * weight + (maxSkew - 1), for the keys the node has (scoring.go Score).
  const raw = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    if (ignored[f]) continue;
    const ni = (feasible[f] as NodeInfo).index;
    let score = 0;
    for (let i = 0; i < nc; i++) {
      const t = topo[i] as TopologyIndex;
      const d = t.ids[ni] as number;
      if (d === t.missing) continue;
      if (!isHost[i]) score += ((dense[i] as Float64Array)[d] as number) * (weights[i] as number);
      score += (cs[i] as (typeof cs)[number]).maxSkew - 1;
    }
    raw[f] = score;
  }
  for (let i = 0; i < nc; i++) {
    const m = sparse[i] as Map<number, number>;
    if (m.size === 0) continue;
    const pos = positions(allNodes.length);
    for (let f = 0; f < F; f++) pos[(feasible[f] as NodeInfo).index] = f + 1;
    for (const [ni, cnt] of m) {
      const f = (pos[ni] as number) - 1;
      if (f >= 0 && !ignored[f]) raw[f] = (raw[f] as number) + cnt * (weights[i] as number);
    }
    for (let f = 0; f < F; f++) pos[(feasible[f] as NodeInfo).index] = 0;
  }
  let min = Infinity;
  let max = 0;
  for (let f = 0; f < F; f++) {
    if (ignored[f]) continue;
    const r = Math.round(raw[f] as number);
    raw[f] = r;
    if (r < min) min = r;
    if (r > max) max = r;
  }
  const out = new Array<number>(F);
  for (let f = 0; f < F; f++) {
    if (ignored[f]) out[f] = 0;
    else if (max === 0) out[f] = 100;
    else out[f] = Math.trunc((100 * (max + min - (raw[f] as number))) / max);
  }
  return out;
}
