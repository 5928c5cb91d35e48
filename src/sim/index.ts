/**
 * The dry run: each step a pure function of the previous state, in control-plane order:
 * cluster profile -> workloads -> pods -> admission -> scheduler -> ipam -> endpoints -> dns -> routing -> netpol.
 */
import type { Model } from '../model/model.js';
import type { ClusterState } from './state.js';
import { namespacesOf } from './namespaces.js';
import { netpolProblems, netpolStep } from './netpol/index.js';
import type { NetpolOptions } from './netpol/index.js';
import { runScheduling, type SchedulingOptions } from './run.js';
import { servicesStep } from './services.js';
import type { ServicesOptions } from './services.js';

/** Options of the dry run: every step's options (cluster, CIDRs, --cronjobs, cluster domain, LB pool, …). */
export interface SimOptions extends SchedulingOptions, ServicesOptions, NetpolOptions {
  /** Default namespace for namespaced objects without one. */
  readonly namespace?: string;
}

export type { SchedulingOptions };

/** Runs the dry run over a model and returns the one ClusterState every query and rule reads. */
export function simulate(model: Model, options: SimOptions = {}): ClusterState {
  const scheduled = scheduledState(model, options);
  // endpoints -> dns -> routing (./services.ts), then NetworkPolicy reachability.
  const routed = servicesStep(model, scheduled, options);
  const netpol = netpolStep(model, routed, options);
  return { ...routed, netpol, problems: [...routed.problems, ...netpolProblems(netpol)] };
}

/** Namespaces, nodes, pods placed by the scheduler with their IPs, Services with ClusterIPs and NodePorts. */
export function scheduledState(model: Model, options: SimOptions = {}): ClusterState {
  const namespaces = namespacesOf(model);
  const s = runScheduling(model, namespaces, options);
  return { namespaces, nodes: s.nodes, pods: s.pods, services: s.services, problems: s.problems, scheduling: s.summary };
}
