/**
 * The dry run: each step a pure function of the previous state, in control-plane order:
 * cluster profile -> workloads -> pods -> admission -> scheduler -> ipam -> endpoints -> dns -> routing -> netpol.
 */
import type { Model } from '../model/model.js';
import type { ClusterState } from './state.js';
import { namespacesOf } from './namespaces.js';
import { runScheduling, type SchedulingOptions } from './run.js';

/** Options of the dry run; the scheduling steps' options (cluster, CIDRs, --cronjobs, …) included. */
export interface SimOptions extends SchedulingOptions {
  /** Default namespace for namespaced objects without one. */
  readonly namespace?: string;
}

export type { SchedulingOptions };

/**
 * Runs the dry run over a model. Part 1 (issue 5): namespaces, nodes, pods placed by the scheduler with their
 * IPs, Services with ClusterIPs and NodePorts, and the problems found on the way.
 */
export function simulate(model: Model, options: SimOptions = {}): ClusterState {
  const namespaces = namespacesOf(model);
  const s = runScheduling(model, namespaces, options);
  return { namespaces, nodes: s.nodes, pods: s.pods, services: s.services, problems: s.problems, scheduling: s.summary };
}
