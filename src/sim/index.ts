/**
 * The dry run: each step a pure function of the previous state, in control-plane order:
 * cluster profile -> workloads -> pods -> admission -> scheduler -> ipam -> endpoints -> dns -> routing -> netpol.
 */
import type { Model } from '../model/model.js';
import type { ClusterState } from './state.js';
import { servicesStep } from './services.js';
import type { ServicesOptions } from './services.js';

export interface SimOptions extends ServicesOptions {
  /** Default namespace for namespaced objects without one. */
  readonly namespace?: string;
}

export function simulate(model: Model, options: SimOptions = {}): ClusterState {
  // Steps are added by the dry-run issues; until the scheduler/ipam steps land the state before
  // endpoints is empty.
  const scheduled: ClusterState = { namespaces: new Map(), nodes: [], pods: [], services: [], problems: [] };
  // endpoints -> dns -> routing (./services.ts).
  return servicesStep(model, scheduled, options);
}
