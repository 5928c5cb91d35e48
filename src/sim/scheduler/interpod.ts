/**
 * InterPodAffinity filter and score:
 * kubernetes/kubernetes:pkg/scheduler/framework/plugins/interpodaffinity/{filtering,scoring}.go.
 */
import type { Labels } from '../../model/kinds.js';
import { asArray, asObjects, asString } from '../../model/guards.js';
import type { Selector } from '../../model/selector.js';
import { compileSelector, equalities } from './selectors.js';
import type { NodeInfo, PodIndex, PodInfo, Status } from './framework.js';

export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

export interface AffinityTerm {
  readonly selector: Selector;
  /** Explicit namespaces; with no namespaceSelector and none listed, the owning pod's namespace. */
  readonly namespaces: readonly string[];
  readonly namespaceSelector?: Selector;
  readonly topologyKey: string;
}

export interface WeightedAffinityTerm {
  readonly weight: number;
  readonly term: AffinityTerm;
}

export function readAffinityTerms(v: unknown): AffinityTerm[] {
  const out: AffinityTerm[] = [];
  for (const t of asObjects(v)) {
    const topologyKey = asString(t.topologyKey);
    if (!topologyKey) continue;
    out.push({
      selector: compileSelector(t.labelSelector),
      namespaces: asArray(t.namespaces).filter((n): n is string => typeof n === 'string'),
      namespaceSelector: t.namespaceSelector === undefined || t.namespaceSelector === null ? undefined : compileSelector(t.namespaceSelector),
      topologyKey,
    });
  }
  return out;
}

/** Namespace labels by name (kubernetes.io/metadata.name included). */
export type NamespaceLabels = ReadonlyMap<string, Labels>;

/** AffinityTerm.Matches (framework/types.go): namespace in the term's set (or selector) and labels match. */
export function termMatchesPod(term: AffinityTerm, ownerNamespace: string, pod: { namespace: string; labels: Labels }, nsLabels: NamespaceLabels): boolean {
  if (!termCoversNamespace(term, ownerNamespace, pod.namespace, nsLabels)) return false;
  return term.selector.matches(pod.labels);
}

function termCoversNamespace(term: AffinityTerm, ownerNamespace: string, ns: string, nsLabels: NamespaceLabels): boolean {
  if (term.namespaces.length === 0 && term.namespaceSelector === undefined) return ns === ownerNamespace;
  if (term.namespaces.includes(ns)) return true;
  return term.namespaceSelector !== undefined && term.namespaceSelector.matches(nsLabels.get(ns) ?? { 'kubernetes.io/metadata.name': ns });
}

/** Existing pods a term may match, through the label index. */
function* candidatesFor(term: AffinityTerm, ownerNamespace: string, index: PodIndex, nsLabels: NamespaceLabels): Iterable<PodInfo> {
  const eq = equalities(term.selector);
  for (const ns of index.namespaces()) {
    if (!termCoversNamespace(term, ownerNamespace, ns, nsLabels)) continue;
    for (const p of index.candidates(ns, eq)) if (p.node >= 0 && term.selector.matches(p.labels)) yield p;
  }
}

const pairKey = (k: string, v: string): string => k + '\u0000' + v;

export interface InterPodState {
  readonly affinityCounts: Map<string, number>;
  readonly antiCounts: Map<string, number>;
  readonly existingAntiCounts: Map<string, number>;
  readonly matchesOwnTerms: boolean;
}

/** PreFilter (filtering.go): counts per topology pair for the three checks. */
export function interPodPreFilter(pod: PodInfo, nodes: readonly NodeInfo[], index: PodIndex, nsLabels: NamespaceLabels): InterPodState | undefined {
  const t = pod.template;
  const existingAntiCounts = new Map<string, number>();
  for (const g of index.withAntiAffinity.values()) {
    for (const term of g.template.antiAffinity) {
      // The term is the same for every replica of the group: match it once.
      if (!termMatchesPod(term, g.namespace, pod, nsLabels)) continue;
      for (const e of g.pods) {
        if (e.node < 0) continue;
        const v = (nodes[e.node] as NodeInfo).labels[term.topologyKey];
        if (v !== undefined) existingAntiCounts.set(pairKey(term.topologyKey, v), (existingAntiCounts.get(pairKey(term.topologyKey, v)) ?? 0) + 1);
      }
    }
  }
  if (t.affinity.length === 0 && t.antiAffinity.length === 0 && existingAntiCounts.size === 0) return undefined;
  const affinityCounts = new Map<string, number>();
  if (t.affinity.length > 0) {
    const [first, ...rest] = t.affinity as [AffinityTerm, ...AffinityTerm[]];
    // An existing pod counts only when it matches every required affinity term (updateWithAffinityTerms).
    for (const e of candidatesFor(first, pod.namespace, index, nsLabels)) {
      if (!rest.every((term) => termMatchesPod(term, pod.namespace, e, nsLabels))) continue;
      const n = nodes[e.node] as NodeInfo;
      for (const term of t.affinity) {
        const v = n.labels[term.topologyKey];
        if (v !== undefined) affinityCounts.set(pairKey(term.topologyKey, v), (affinityCounts.get(pairKey(term.topologyKey, v)) ?? 0) + 1);
      }
    }
  }
  const antiCounts = new Map<string, number>();
  for (const term of t.antiAffinity) {
    for (const e of candidatesFor(term, pod.namespace, index, nsLabels)) {
      const v = (nodes[e.node] as NodeInfo).labels[term.topologyKey];
      if (v !== undefined) antiCounts.set(pairKey(term.topologyKey, v), (antiCounts.get(pairKey(term.topologyKey, v)) ?? 0) + 1);
    }
  }
  const matchesOwnTerms = t.affinity.every((term) => termMatchesPod(term, pod.namespace, pod, nsLabels));
  return { affinityCounts, antiCounts, existingAntiCounts, matchesOwnTerms };
}

/** Filter: required affinity (UU), required anti-affinity (U), existing pods' anti-affinity (U), in that order. */
export function interPodFilter(state: InterPodState | undefined, pod: PodInfo, node: NodeInfo): Status | null {
  if (!state) return null;
  const t = pod.template;
  // satisfyPodAffinity, with the first-pod exception: no pod anywhere matches and the pod matches its own terms.
  let podsExist = true;
  for (const term of t.affinity) {
    const v = node.labels[term.topologyKey];
    if (v === undefined) return { code: 'UnschedulableAndUnresolvable', plugin: 'InterPodAffinity', reasons: [ERR_AFFINITY] };
    if ((state.affinityCounts.get(pairKey(term.topologyKey, v)) ?? 0) <= 0) podsExist = false;
  }
  if (!podsExist && !(state.affinityCounts.size === 0 && state.matchesOwnTerms))
    return { code: 'UnschedulableAndUnresolvable', plugin: 'InterPodAffinity', reasons: [ERR_AFFINITY] };
  for (const term of t.antiAffinity) {
    const v = node.labels[term.topologyKey];
    if (v !== undefined && (state.antiCounts.get(pairKey(term.topologyKey, v)) ?? 0) > 0)
      return { code: 'Unschedulable', plugin: 'InterPodAffinity', reasons: [ERR_ANTI_AFFINITY] };
  }
  if (state.existingAntiCounts.size > 0) {
    for (const [k, v] of Object.entries(node.labels)) {
      if ((state.existingAntiCounts.get(pairKey(k, v)) ?? 0) > 0)
        return { code: 'Unschedulable', plugin: 'InterPodAffinity', reasons: [ERR_EXISTING_ANTI_AFFINITY] };
    }
  }
  return null;
}

/**
 * Score (scoring.go): preferred terms of the incoming pod against existing pods, existing pods' preferred
 * terms and required affinity (hardPodAffinityWeight 1) against the incoming pod; summed per topology pair,
 * then min-max normalised to 0..100 over the feasible nodes. undefined when skipped.
 */
export function interPodScores(pod: PodInfo, feasible: readonly NodeInfo[], nodes: readonly NodeInfo[], index: PodIndex, nsLabels: NamespaceLabels): number[] | undefined {
  const t = pod.template;
  const hasOwn = t.preferredAffinity.length + t.preferredAntiAffinity.length > 0;
  if (!hasOwn && index.withAffinity.size === 0) return undefined;
  const topo = new Map<string, Map<string, number>>();
  const bump = (key: string, labels: Labels, w: number): void => {
    const v = labels[key];
    if (v === undefined) return;
    let m = topo.get(key);
    if (!m) topo.set(key, (m = new Map()));
    m.set(v, (m.get(v) ?? 0) + w);
  };
  if (hasOwn) {
    for (const { weight, term } of t.preferredAffinity)
      for (const e of candidatesFor(term, pod.namespace, index, nsLabels)) bump(term.topologyKey, (nodes[e.node] as NodeInfo).labels, weight);
    for (const { weight, term } of t.preferredAntiAffinity)
      for (const e of candidatesFor(term, pod.namespace, index, nsLabels)) bump(term.topologyKey, (nodes[e.node] as NodeInfo).labels, -weight);
  }
  for (const g of index.withAffinity.values()) {
    const et = g.template;
    const terms: [AffinityTerm, number][] = [
      ...et.affinity.map((term): [AffinityTerm, number] => [term, 1]),
      ...et.preferredAffinity.map(({ weight, term }): [AffinityTerm, number] => [term, weight]),
      ...et.preferredAntiAffinity.map(({ weight, term }): [AffinityTerm, number] => [term, -weight]),
    ];
    for (const [term, weight] of terms) {
      if (!termMatchesPod(term, g.namespace, pod, nsLabels)) continue;
      for (const e of g.pods) if (e.node >= 0) bump(term.topologyKey, (nodes[e.node] as NodeInfo).labels, weight);
    }
  }
  if (topo.size === 0) return feasible.map(() => 0);
  const raw = feasible.map((n) => {
    let s = 0;
    for (const [key, m] of topo) {
      const v = n.labels[key];
      if (v !== undefined) s += m.get(v) ?? 0;
    }
    return s;
  });
  const min = Math.min(...raw);
  const max = Math.max(...raw);
  const diff = max - min;
  return raw.map((s) => (diff > 0 ? Math.trunc((100 * (s - min)) / diff) : 0));
}
