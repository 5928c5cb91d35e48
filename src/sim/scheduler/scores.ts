/**
 * Default scoring plugins and weights (pkg/scheduler/apis/config/v1/default_plugins.go): TaintToleration 3,
 * NodeAffinity 2, PodTopologySpread 2, InterPodAffinity 2, NodeResourcesFit 1 (LeastAllocated over cpu and
 * memory, weight 1 each), NodeResourcesBalancedAllocation 1, ImageLocality 1 (always 0 here: no images are
 * known to be on any node). MaxNodeScore is 100.
 */
import type { NodeInfo, PodInfo } from './framework.js';
import { countIntolerablePreferNoSchedule } from './taints.js';
import { preferredScore } from './node-affinity.js';

export const MAX_NODE_SCORE = 100;

export const SCORE_WEIGHTS = {
  NodeResourcesFit: 1,
  NodeResourcesBalancedAllocation: 1,
  TaintToleration: 3,
  NodeAffinity: 2,
  PodTopologySpread: 2,
  InterPodAffinity: 2,
  ImageLocality: 1,
} as const;

export type ScorePlugin = keyof typeof SCORE_WEIGHTS;

/** noderesources/least_allocated.go `leastRequestedScore`, integer arithmetic as upstream. */
function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** LeastAllocated over cpu and memory with the non-zero requests (100m / 200Mi defaults). */
export function leastAllocatedScore(pod: PodInfo, n: NodeInfo): number {
  const t = pod.template;
  let sum = 0;
  let weights = 0;
  if (n.allocCpu > 0) {
    sum += leastRequested(n.nonZeroCpu + t.nonZeroCpu, n.allocCpu);
    weights++;
  }
  if (n.allocMemory > 0) {
    sum += leastRequested(n.nonZeroMemory + t.nonZeroMemory, n.allocMemory);
    weights++;
  }
  return weights === 0 ? 0 : Math.floor(sum / weights);
}

/**
 * noderesources/balanced_allocation.go `balancedResourceScorer` with the actual requests (useRequested):
 * fractions capped at 1; with two resources std = |f1 - f2| / 2; score = int64((1 - std) * 100).
 */
export function balancedAllocationScore(pod: PodInfo, n: NodeInfo): number {
  const t = pod.template;
  const hasCpu = n.allocCpu > 0;
  const hasMem = n.allocMemory > 0;
  if (!hasCpu || !hasMem) return MAX_NODE_SCORE;
  const fc = Math.min(1, (n.reqCpu + t.cpu) / n.allocCpu);
  const fm = Math.min(1, (n.reqMemory + t.memory) / n.allocMemory);
  return Math.trunc((1 - Math.abs((fc - fm) / 2)) * MAX_NODE_SCORE);
}

/** framework/plugins/helper/normalize_score.go `DefaultNormalizeScore`. */
export function defaultNormalize(scores: number[], reverse: boolean): number[] {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) return scores.map(() => (reverse ? MAX_NODE_SCORE : 0));
  return scores.map((s) => {
    const v = Math.trunc((MAX_NODE_SCORE * s) / max);
    return reverse ? MAX_NODE_SCORE - v : v;
  });
}

export function taintTolerationScores(pod: PodInfo, feasible: readonly NodeInfo[]): number[] {
  return defaultNormalize(
    feasible.map((n) => (n.taints.length === 0 ? 0 : countIntolerablePreferNoSchedule(n.taints, pod.template.tolerations))),
    true,
  );
}

/** NodeAffinity Score; skipped (undefined) when the pod has no preferred terms (node_affinity.go PreScore). */
export function nodeAffinityScores(pod: PodInfo, feasible: readonly NodeInfo[]): number[] | undefined {
  const c = pod.template.nodeConstraints;
  if (c.preferred.length === 0) return undefined;
  return defaultNormalize(feasible.map((n) => preferredScore(c, n.name, n.labels)), false);
}
