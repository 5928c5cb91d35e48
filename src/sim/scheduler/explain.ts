/**
 * `--explain`: the filter and score results of one pod on every node, in the spirit of
 * kube-scheduler-simulator's `filter-result` / `score-result` annotations. It re-runs the scheduling steps
 * (not the later dry-run steps) to get at the scheduler's per-node view, which ClusterState does not keep.
 */
import type { Model } from '../../model/model.js';
import { namespacesOf } from '../namespaces.js';
import { runScheduling, type ExplainResult, type SchedulingOptions } from '../run.js';

/** `ref` is `namespace/name` or `name` (namespace `default`). undefined when no such pod was made. */
export function explainPod(model: Model, options: SchedulingOptions, ref: string): ExplainResult | undefined {
  const slash = ref.indexOf('/');
  const namespace = slash < 0 ? 'default' : ref.slice(0, slash);
  const name = slash < 0 ? ref : ref.slice(slash + 1);
  return runScheduling(model, namespacesOf(model), options).explain(namespace, name);
}
