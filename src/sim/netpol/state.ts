/**
 * The NetworkPolicy step of the dry run: a pure function from pods, namespaces, Services and the policy
 * objects to a NetpolState that every reachability query reads. The class matrix is computed on first use
 * (single `reach A B` queries never need it).
 */
import type { Resource } from '../../model/resource.js';
import type { SimProblem } from '../state.js';
import type { SimNamespace, SimPod, SimService } from '../types.js';
import { compileAdminPolicies } from './admin.js';
import type { AdminPolicy } from './admin.js';
import { compilePolicies } from './compile.js';
import type { CompiledPolicy } from './compile.js';
import { computeClassMatrix } from './engine.js';
import type { ClassMatrix } from './engine.js';
import type { IpBlockPodMode } from './match.js';
import { buildUniverse } from './universe.js';
import type { Universe } from './universe.js';

export interface NetpolInput {
  readonly pods: readonly SimPod[];
  readonly namespaces: ReadonlyMap<string, SimNamespace>;
  /** Every input object (non-NetworkPolicy objects are ignored), or just the NetworkPolicies. */
  readonly resources: readonly Resource[];
  readonly services?: readonly SimService[];
  /** Namespace of namespaced objects without one (default `default`). */
  readonly defaultNamespace?: string;
}

export interface NetpolOptions {
  /** ipBlocks and pod IPs: match (default), not, or `'unknown'` (report what depends on it). See IpBlockPodMode. */
  readonly ipBlockMatchesPods?: IpBlockPodMode;
}

export interface NetpolState {
  readonly options: NetpolOptions;
  readonly policies: readonly CompiledPolicy[];
  /** AdminNetworkPolicies (by priority) then the BaselineAdminNetworkPolicy: the tiers around NetworkPolicy. */
  readonly admin: readonly AdminPolicy[];
  /** Policies per namespace, in input order. */
  readonly policiesByNamespace: ReadonlyMap<string, readonly CompiledPolicy[]>;
  readonly universe: Universe;
  readonly services: readonly SimService[];
  /** Problems from compiling the policies (invalid selectors, CIDRs, ports, apiVersions). */
  readonly problems: readonly SimProblem[];
  /** The class matrix, computed once on first call. */
  matrix(): ClassMatrix;
}

/** Compiles the policies and builds the universe. Pure: the same input gives the same state. */
export function compileNetpol(input: NetpolInput, options: NetpolOptions = {}): NetpolState {
  const compiled = compilePolicies(input.resources, input.defaultNamespace ?? 'default');
  const policies = compiled.policies;
  const problems = [...compiled.problems];
  const admin = compileAdminPolicies(input.resources, problems);
  const universe = buildUniverse(input.pods, input.namespaces, policies, admin.flatMap((a) => [...a.ingressRules, ...a.egressRules]));
  const byNs = new Map<string, CompiledPolicy[]>();
  for (const p of policies) {
    const list = byNs.get(p.namespace) ?? [];
    list.push(p);
    byNs.set(p.namespace, list);
  }
  let cached: ClassMatrix | undefined;
  return {
    options,
    policies,
    policiesByNamespace: byNs,
    admin,
    universe,
    services: input.services ?? [],
    problems,
    matrix() {
      cached ??= computeClassMatrix(universe, policies, options, admin);
      return cached;
    },
  };
}
