/**
 * The dry run: each step a pure function of the previous state, in control-plane order:
 * cluster profile -> workloads -> pods -> admission -> scheduler -> ipam -> endpoints -> dns -> routing -> netpol.
 */
import type { Model } from '../model/model.js';
import type { ClusterState } from './state.js';
import { netpolProblems, netpolStep } from './netpol/index.js';
import type { NetpolOptions } from './netpol/index.js';
import { servicesStep } from './services.js';
import type { ServicesOptions } from './services.js';

export interface SimOptions extends ServicesOptions, NetpolOptions {
  /** Default namespace for namespaced objects without one. */
  readonly namespace?: string;
}

export function simulate(model: Model, options: SimOptions = {}): ClusterState {
  // Until the scheduler/ipam steps land the state before endpoints is empty.
  const scheduled: ClusterState = { namespaces: new Map(), nodes: [], pods: [], services: [], problems: [] };
  // endpoints -> dns -> routing (./services.ts), then NetworkPolicy reachability.
  const routed = servicesStep(model, scheduled, options);
  const netpol = netpolStep(model, routed, options);
  return { ...routed, netpol, problems: [...routed.problems, ...netpolProblems(netpol)] };
}
