/** The function library: every function a rule file may name in `check.function`. */
import type { RuleFunction } from '../types.js';
import { containerPorts, effectiveSecurity, envDuplicates, hostPathMount, probePort, probesIdentical, requestsEqualLimits, sortedKeys, writableHostMount } from './container.js';
import { dryRunProblem, duplicateObject } from './core.js';
import { podSecurity } from './pod-security.js';
import { bindingRole, rbacGrants } from './rbac.js';
import { hpaTarget, pdbReplicas, referenceKey, referencesExist, serviceMonitorSelector, statefulSetService, validName } from './references.js';
import { ingressBackend, networkPolicyPeer, selectedBy, selectorMatchesPods, servicedProbe, serviceTargetPort, workloadSelector } from './selection.js';
import { antiAffinity, hpaManagedReplicas, minReplicas } from './workload.js';

const ALL: readonly RuleFunction[] = [
  dryRunProblem,
  duplicateObject,
  workloadSelector,
  selectorMatchesPods,
  serviceTargetPort,
  ingressBackend,
  networkPolicyPeer,
  selectedBy,
  servicedProbe,
  referencesExist,
  referenceKey,
  hpaTarget,
  statefulSetService,
  serviceMonitorSelector,
  validName,
  pdbReplicas,
  antiAffinity,
  minReplicas,
  hpaManagedReplicas,
  envDuplicates,
  probesIdentical,
  probePort,
  requestsEqualLimits,
  effectiveSecurity,
  writableHostMount,
  hostPathMount,
  containerPorts,
  sortedKeys,
  podSecurity,
  rbacGrants,
  bindingRole,
];

export const FUNCTIONS: ReadonlyMap<string, RuleFunction> = new Map(ALL.map((f) => [f.name, f]));
