/**
 * The dry run: each step a pure function of the previous state, in control-plane order:
 * cluster profile -> workloads -> pods -> admission -> scheduler -> ipam -> endpoints -> dns -> routing -> netpol.
 */
import type { Model } from '../model/model.js';
import type { ClusterState } from './state.js';

export interface SimOptions {
  /** Default namespace for namespaced objects without one. */
  readonly namespace?: string;
}

export function simulate(_model: Model, _options: SimOptions = {}): ClusterState {
  // Steps are added by the dry-run issues; until then the state is empty.
  return { namespaces: new Map(), nodes: [], pods: [], services: [], problems: [] };
}
