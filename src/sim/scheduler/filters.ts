/**
 * The default Filter plugins, in kube-scheduler's default order
 * (kubernetes/kubernetes:pkg/scheduler/apis/config/v1/default_plugins.go): the first failing plugin's status
 * is the node's only recorded result (framework/runtime/framework.go `RunFilterPlugins`).
 */
import type { NodeInfo, PodInfo, Status } from './framework.js';
import { nodeMatchesConstraints } from './node-affinity.js';
import { firstUntoleratedTaint, tolerated, UNSCHEDULABLE_TAINT, untoleratedTaintReason } from './taints.js';
import { hostPortConflicts } from './resources.js';

export const ERR_UNSCHEDULABLE = 'node(s) were unschedulable';
export const ERR_NODE_NAME = "node(s) didn't match the requested node name";
export const ERR_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const ERR_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
export const ERR_TOO_MANY_PODS = 'Too many pods';

/** The plugin names in filter order, for --explain. */
export const FILTER_PLUGINS = [
  'NodeUnschedulable',
  'NodeName',
  'TaintToleration',
  'NodeAffinity',
  'NodePorts',
  'NodeResourcesFit',
  'VolumeBinding',
  'PodTopologySpread',
  'InterPodAffinity',
] as const;

/**
 * NodeUnschedulable, NodeName, TaintToleration and NodeAffinity: they depend only on the pod spec and the
 * node, so their result is cached per pod template and node.
 */
export function staticFilters(pod: PodInfo, node: NodeInfo, nodeCount: number): Status | null {
  const t = pod.template;
  // A packed array sized once: holes at random indexes would put the array in (slow) dictionary mode.
  if (t.staticStatus.length < nodeCount) for (let i = t.staticStatus.length; i < nodeCount; i++) t.staticStatus.push(undefined);
  const cached = t.staticStatus[node.index];
  if (cached !== undefined) return cached;
  const s = computeStatic(pod, node);
  t.staticStatus[node.index] = s;
  return s;
}

function computeStatic(pod: PodInfo, node: NodeInfo): Status | null {
  const t = pod.template;
  // nodeunschedulable.go: a cordoned node admits only pods tolerating node.kubernetes.io/unschedulable:NoSchedule.
  if (node.unschedulable && !tolerated(t.tolerations, UNSCHEDULABLE_TAINT))
    return { code: 'UnschedulableAndUnresolvable', plugin: 'NodeUnschedulable', reasons: [ERR_UNSCHEDULABLE] };
  if (t.nodeName !== undefined && t.nodeName !== node.name)
    return { code: 'UnschedulableAndUnresolvable', plugin: 'NodeName', reasons: [ERR_NODE_NAME] };
  if (node.taints.length > 0) {
    const taint = firstUntoleratedTaint(node.taints, t.tolerations);
    if (taint) return { code: 'UnschedulableAndUnresolvable', plugin: 'TaintToleration', reasons: [untoleratedTaintReason(taint)] };
  }
  if (!nodeMatchesConstraints(t.nodeConstraints, node.name, node.labels))
    return { code: 'UnschedulableAndUnresolvable', plugin: 'NodeAffinity', reasons: [ERR_NODE_AFFINITY] };
  return null;
}

export function nodePortsFilter(pod: PodInfo, node: NodeInfo): Status | null {
  const wanted = pod.template.hostPorts;
  if (wanted.length === 0 || node.ports.length === 0) return null;
  return hostPortConflicts(node.ports, wanted) ? { code: 'Unschedulable', plugin: 'NodePorts', reasons: [ERR_NODE_PORTS] } : null;
}

/**
 * NodeResourcesFit (noderesources/fit.go `fitsRequest`): pods, then cpu, memory, ephemeral-storage and each
 * extended resource; every shortage is its own reason; a request above the node's whole allocatable is
 * unresolvable (preemption cannot help).
 */
export function resourcesFitFilter(pod: PodInfo, node: NodeInfo): Status | null {
  const t = pod.template;
  let reasons: string[] | undefined;
  let unresolvable = false;
  if (node.pods.length + 1 > node.allocPods) reasons = [ERR_TOO_MANY_PODS];
  if (t.cpu === 0 && t.memory === 0 && t.ephemeral === 0 && t.scalars.length === 0) {
    return reasons ? { code: 'Unschedulable', plugin: 'NodeResourcesFit', reasons } : null;
  }
  if (t.cpu > 0 && t.cpu > node.allocCpu - node.reqCpu) {
    (reasons ??= []).push('Insufficient cpu');
    if (t.cpu > node.allocCpu) unresolvable = true;
  }
  if (t.memory > 0 && t.memory > node.allocMemory - node.reqMemory) {
    (reasons ??= []).push('Insufficient memory');
    if (t.memory > node.allocMemory) unresolvable = true;
  }
  if (t.ephemeral > 0 && t.ephemeral > node.allocEphemeral - node.reqEphemeral) {
    (reasons ??= []).push('Insufficient ephemeral-storage');
    if (t.ephemeral > node.allocEphemeral) unresolvable = true;
  }
  for (const [name, amount] of t.scalars) {
    const alloc = node.allocScalars.get(name) ?? 0;
    if (amount > alloc - (node.reqScalars.get(name) ?? 0)) {
      (reasons ??= []).push(`Insufficient ${name}`);
      if (amount > alloc) unresolvable = true;
    }
  }
  if (!reasons) return null;
  return { code: unresolvable ? 'UnschedulableAndUnresolvable' : 'Unschedulable', plugin: 'NodeResourcesFit', reasons };
}
