/**
 * NetworkPolicy reachability (networking.k8s.io/v1): "can A reach B, on which ports, and which policy
 * decides?". The step compiles the policies once into a {@link NetpolState}; queries read it:
 * {@link reach} for one pair, the workload matrix and its formats for every pair, {@link diffMatrices} for
 * what a change adds or removes.
 */
import type { Model } from '../../model/model.js';
import type { ClusterState } from '../state.js';
import { isAdminPolicy } from './admin.js';
import { netpolInputsOf } from './provisional.js';
import { compileNetpol } from './state.js';
import type { NetpolOptions, NetpolState } from './state.js';

export { compileNetpol } from './state.js';
export type { NetpolInput, NetpolOptions, NetpolState } from './state.js';
export { compilePolicies, compilePolicy, policyName } from './compile.js';
export type { CompiledPolicy, CompiledRule, Direction, Peer, PortMatch } from './compile.js';
export { computeClassMatrix, classConnSet } from './engine.js';
export type { ClassMatrix } from './engine.js';
export { judgeClasses, verdictText } from './explain.js';
export type { ConnectionVerdict, RuleRef, SideExplanation, Verdict } from './explain.js';
export { reach, formatReachText } from './reach.js';
export type { PairReport, PortGroup, ReachOptions, ReachResult } from './reach.js';
export { resolveTarget } from './targets.js';
export type { Target } from './targets.js';
export { formatConnSet, parsePortSpec } from './ports.js';
export type { ConnSet, Protocol } from './ports.js';
export { entryText, workloadMatrix } from './workloads.js';
export type { IpBlockPodMode } from './match.js';
export type { MatrixEntry, MatrixNode, WorkloadMatrix } from './workloads.js';
export { formatMatrix, MATRIX_FORMATS } from './format.js';
export type { MatrixFormat } from './format.js';
export { diffMatrices, formatDiff } from './diff.js';
export type { DiffEntry } from './diff.js';
export { netpolProblems } from './problems.js';
export { compileAdminPolicies, isAdminPolicy } from './admin.js';
export type { AdminAction, AdminPolicy, AdminRule, AdminTier } from './admin.js';
export { reachInput } from './reach.js';
export { exposure, formatExposure } from './exposure.js';
export type { ExposureLine, ExposureResult } from './exposure.js';

/**
 * The netpol step of the dry run: compiles the model's NetworkPolicies against the state's pods,
 * namespaces and Services (stand-ins read from the model while those steps are not in place).
 * Pure; the lead wires it into `simulate()` as `state.netpol`.
 */
export function netpolStep(model: Model, state: ClusterState, options: NetpolOptions & { namespace?: string } = {}): NetpolState {
  const inputs = netpolInputsOf(model, state);
  return compileNetpol(
    { ...inputs, resources: model.resources.filter((r) => r.kind === 'NetworkPolicy' || isAdminPolicy(r)), ...(options.namespace ? { defaultNamespace: options.namespace } : {}) },
    options,
  );
}
