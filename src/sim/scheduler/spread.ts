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
  readonly selector: Selector;
  /** Domain value -> matching pod count, for domains of eligible nodes. */
  readonly counts: Map<string, number>;
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

function hasAllKeys(labels: Labels, cs: readonly SpreadConstraint[]): boolean {
  for (const c of cs) if (!Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) return false;
  return true;
}

function countMatching(index: PodIndex, namespace: string, selector: Selector, nodes: readonly NodeInfo[], domainOf: (n: NodeInfo) => string | undefined, counts: Map<string, number>): void {
  for (const p of index.candidates(namespace, equalities(selector))) {
    if (p.node < 0 || !selector.matches(p.labels)) continue;
    const d = domainOf(nodes[p.node] as NodeInfo);
    if (d !== undefined && counts.has(d)) counts.set(d, (counts.get(d) ?? 0) + 1);
  }
}

/** PreFilter: counts per domain of the DoNotSchedule constraints (filtering.go `calPreFilterState`). */
export function spreadPreFilter(pod: PodInfo, nodes: readonly NodeInfo[], index: PodIndex): SpreadState | undefined {
  const cs = pod.template.spread.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
  if (cs.length === 0) return undefined;
  const states: ConstraintState[] = [];
  for (const c of cs) {
    const selector = effectiveSelector(c, pod.labels);
    const counts = new Map<string, number>();
    const eligible = new Uint8Array(nodes.length);
    for (const n of nodes) {
      if (!hasAllKeys(n.labels, cs) || !inclusionPasses(c, pod, n)) continue;
      eligible[n.index] = 1;
      const d = n.labels[c.topologyKey] as string;
      if (!counts.has(d)) counts.set(d, 0);
    }
    countMatching(index, pod.namespace, selector, nodes, (n) => (eligible[n.index] ? n.labels[c.topologyKey] : undefined), counts);
    // Global minimum over eligible domains; fewer domains than minDomains makes it 0 (filtering.go minMatchNum).
    let minMatch = counts.size < c.minDomains ? 0 : Infinity;
    if (minMatch !== 0) for (const v of counts.values()) if (v < minMatch) minMatch = v;
    if (minMatch === Infinity) minMatch = 0;
    states.push({ c, selector, counts, minMatch, selfMatch: selector.matches(pod.labels) ? 1 : 0 });
  }
  return { constraints: states };
}

/** Filter: `existing matching num + self match - global minimum <= maxSkew` per constraint. */
export function spreadFilter(state: SpreadState | undefined, node: NodeInfo): Status | null {
  if (!state) return null;
  for (const s of state.constraints) {
    const value = node.labels[s.c.topologyKey];
    if (value === undefined || !Object.prototype.hasOwnProperty.call(node.labels, s.c.topologyKey))
      return { code: 'UnschedulableAndUnresolvable', plugin: 'PodTopologySpread', reasons: [ERR_SPREAD_LABEL] };
  }
  for (const s of state.constraints) {
    const matchNum = s.counts.get(node.labels[s.c.topologyKey] as string) ?? 0;
    if (matchNum + s.selfMatch - s.minMatch > s.c.maxSkew)
      return { code: 'Unschedulable', plugin: 'PodTopologySpread', reasons: [ERR_SPREAD] };
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
export function spreadScores(pod: PodInfo, feasible: readonly NodeInfo[], allNodes: readonly NodeInfo[], index: PodIndex, defaultSelector: Selector | undefined): number[] | undefined {
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
  if (cs.length === 0) return undefined;
  const HOST = 'kubernetes.io/hostname';
  const ignored = new Uint8Array(allNodes.length);
  const pairCounts = cs.map(() => new Map<string, number>());
  const topoSize = cs.map(() => 0);
  let ignoredCount = 0;
  for (const n of feasible) {
    if (requireAll && !cs.every((c) => Object.prototype.hasOwnProperty.call(n.labels, c.topologyKey))) {
      ignored[n.index] = 1;
      ignoredCount++;
      continue;
    }
    cs.forEach((c, i) => {
      if (c.topologyKey === HOST) return;
      const v = n.labels[c.topologyKey] ?? '';
      const m = pairCounts[i] as Map<string, number>;
      if (!m.has(v)) {
        m.set(v, 0);
        topoSize[i] = (topoSize[i] as number) + 1;
      }
    });
  }
  const weights = cs.map((c, i) => Math.log((c.topologyKey === HOST ? feasible.length - ignoredCount : (topoSize[i] as number)) + 2));
  // Per-domain counts over every node that passes the inclusion policies (scoring.go PreScore).
  const perNode = cs.map(() => new Map<number, number>());
  cs.forEach((c, i) => {
    const m = pairCounts[i] as Map<string, number>;
    for (const p of index.candidates(pod.namespace, equalities(c.selector))) {
      if (p.node < 0 || !c.selector.matches(p.labels)) continue;
      const n = allNodes[p.node] as NodeInfo;
      if (requireAll && !cs.every((cc) => Object.prototype.hasOwnProperty.call(n.labels, cc.topologyKey))) continue;
      if (c.honorNodeAffinity && !nodeMatchesConstraints(pod.template.nodeConstraints, n.name, n.labels)) continue;
      if (c.honorNodeTaints && firstUntoleratedTaint(n.taints, pod.template.tolerations) !== undefined) continue;
      if (c.topologyKey === HOST) {
        const pm = perNode[i] as Map<number, number>;
        pm.set(n.index, (pm.get(n.index) ?? 0) + 1);
        continue;
      }
      const v = n.labels[c.topologyKey];
      if (v !== undefined && m.has(v)) m.set(v, (m.get(v) ?? 0) + 1);
    }
  });
  const raw = feasible.map((n) => {
    if (ignored[n.index]) return 0;
    let score = 0;
    cs.forEach((c, i) => {
      const v = n.labels[c.topologyKey];
      if (v === undefined) return;
      const cnt = c.topologyKey === HOST ? ((perNode[i] as Map<number, number>).get(n.index) ?? 0) : ((pairCounts[i] as Map<string, number>).get(v) ?? 0);
      score += cnt * (weights[i] as number) + (c.maxSkew - 1);
    });
    return Math.round(score);
  });
  let min = Infinity;
  let max = 0;
  feasible.forEach((n, i) => {
    if (ignored[n.index]) return;
    min = Math.min(min, raw[i] as number);
    max = Math.max(max, raw[i] as number);
  });
  return feasible.map((n, i) => {
    if (ignored[n.index]) return 0;
    if (max === 0) return 100;
    return Math.trunc((100 * (max + min - (raw[i] as number))) / max);
  });
}
