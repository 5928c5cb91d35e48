/**
 * What `k8s-lint schedule` prints: per node, the pods placed and cpu/memory/pods requested against
 * allocatable (percentages rounded down, as `kubectl describe node` does); then unschedulable and rejected
 * pods with their messages, workloads left short, preemptions and allocation problems. Pure functions of
 * ClusterState; deterministic byte for byte.
 */
import { Quantity } from '../../model/quantity.js';
import { displayName } from '../../model/resource.js';
import type { ClusterState, SimProblem } from '../state.js';
import type { SimNode, SimPod } from '../types.js';
import { podAggregate } from './resources.js';
import type { ExplainResult } from '../run.js';
import { SCORE_WEIGHTS } from './scores.js';

export interface NodeUsage {
  readonly name: string;
  readonly internalIP: string;
  readonly podCIDR: string;
  readonly cpu: { readonly requested: string; readonly allocatable: string; readonly percent: number };
  readonly memory: { readonly requested: string; readonly allocatable: string; readonly percent: number };
  readonly pods: { readonly requested: number; readonly allocatable: number; readonly percent: number };
  readonly podNames: readonly string[];
}

export interface ScheduleReport {
  readonly clusterSources: readonly string[];
  readonly nodes: readonly NodeUsage[];
  readonly pods: readonly { readonly namespace: string; readonly name: string; readonly phase: string; readonly node?: string; readonly podIP?: string; readonly reason?: string }[];
  readonly workloads: readonly { readonly workload: string; readonly desired: number; readonly running: number }[];
  readonly preemptions: readonly { readonly pod: string; readonly node: string; readonly victims: readonly string[] }[];
  readonly problems: readonly { readonly code: string; readonly resource: string; readonly message: string }[];
}

const percent = (a: number, b: number): number => (b > 0 ? Math.floor((a * 100) / b) : 0);
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function cpuText(milli: number): string {
  return Quantity.fromMilli(milli).toString();
}

function memText(bytes: number): string {
  return Quantity.fromValue(bytes, 'BinarySI').toString();
}

/** Aggregates ClusterState into the report (requests as the scheduler counts them, overhead included). */
/** Problem codes the scheduling steps (cluster, workloads, admission, scheduler, IPAM) produce. */
export const SCHEDULING_PROBLEM_CODES: ReadonlySet<string> = new Set([
  'unschedulable',
  'kubelet-rejected',
  'quota-exceeded',
  'quota-missing-resources',
  'limitrange-violation',
  'priorityclass-not-found',
  'runtimeclass-rejected',
  'preemption',
  'ip-exhausted',
  'podcidr-exhausted',
  'clusterip-conflict',
  'clusterip-out-of-range',
  'nodeport-conflict',
  'nodeport-out-of-range',
  'nodeport-exhausted',
  'duplicate-node',
]);

export function scheduleReport(state: ClusterState): ScheduleReport {
  const onNode = new Map<string, SimPod[]>();
  for (const p of state.pods) if (p.phase === 'Running' && p.nodeName) onNode.set(p.nodeName, [...(onNode.get(p.nodeName) ?? []), p]);
  const nodes = [...state.nodes].sort((a, b) => cmp(a.name, b.name)).map((n: SimNode): NodeUsage => {
    const pods = (onNode.get(n.name) ?? []).sort((a, b) => cmp(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
    let cpu = 0;
    let mem = 0;
    for (const p of pods) {
      const r = podAggregate(p.spec as unknown as Record<string, unknown>, 'requests');
      cpu += r.get('cpu') ?? 0;
      mem += r.get('memory') ?? 0;
    }
    const allocCpu = Number(n.allocatable.get('cpu')?.milliValue() ?? 0n);
    const allocMem = Number(n.allocatable.get('memory')?.value() ?? 0n);
    const allocPods = Number(n.allocatable.get('pods')?.value() ?? 0n);
    return {
      name: n.name,
      internalIP: n.internalIP,
      podCIDR: n.podCIDR,
      cpu: { requested: cpuText(cpu), allocatable: cpuText(allocCpu), percent: percent(cpu, allocCpu) },
      memory: { requested: memText(mem), allocatable: memText(allocMem), percent: percent(mem, allocMem) },
      pods: { requested: pods.length, allocatable: allocPods, percent: percent(pods.length, allocPods) },
      podNames: pods.map((p) => `${p.namespace}/${p.name}`),
    };
  });
  // Only the scheduling steps' problems: later steps (endpoints, DNS, NetworkPolicy) report their own.
  const problems = state.problems.filter((p) => SCHEDULING_PROBLEM_CODES.has(p.code)).map((p: SimProblem) => ({ code: p.code, resource: displayName(p.resource), message: p.message }));
  return {
    clusterSources: state.scheduling?.clusterSources ?? [],
    nodes,
    pods: [...state.pods]
      .sort((a, b) => cmp(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`))
      .map((p) => ({ namespace: p.namespace, name: p.name, phase: p.phase, node: p.nodeName, podIP: p.podIP, reason: p.reason })),
    workloads: state.scheduling?.workloads ?? [],
    preemptions: state.scheduling?.preemptions ?? [],
    problems,
  };
}

function pad(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ').trimEnd());
}

const SOURCE_TEXT: Readonly<Record<string, string>> = {
  input: 'Node objects in the input',
  cluster: '--cluster',
  shorthand: '--nodes',
  default: 'the default profile (k8s-lint schedule --show-cluster)',
};

/** The human-readable report; `wide` adds pod IPs, node IPs and podCIDRs. */
export function formatScheduleText(r: ScheduleReport, wide = false): string {
  const out: string[] = [];
  out.push(`Nodes: ${r.nodes.length}, from ${r.clusterSources.map((s) => SOURCE_TEXT[s] ?? s).join(', ')}`);
  out.push('');
  const header = wide ? ['NODE', 'INTERNAL-IP', 'POD-CIDR', 'CPU', 'MEMORY', 'PODS'] : ['NODE', 'CPU', 'MEMORY', 'PODS'];
  const rows = [header];
  for (const n of r.nodes) {
    const cells = [
      n.name,
      `${n.cpu.requested}/${n.cpu.allocatable} (${n.cpu.percent}%)`,
      `${n.memory.requested}/${n.memory.allocatable} (${n.memory.percent}%)`,
      `${n.pods.requested}/${n.pods.allocatable} (${n.pods.percent}%)`,
    ];
    rows.push(wide ? [cells[0] as string, n.internalIP, n.podCIDR, ...cells.slice(1)] : cells);
  }
  out.push(...pad(rows));
  const ip = new Map(r.pods.map((p) => [`${p.namespace}/${p.name}`, p.podIP ?? '']));
  for (const n of r.nodes) {
    if (n.podNames.length === 0) continue;
    out.push('', `${n.name}:`);
    if (wide) out.push(...pad(n.podNames.map((p) => [`  ${p}`, ip.get(p) ?? ''])));
    else for (const p of n.podNames) out.push(`  ${p}`);
  }
  const unschedulable = r.pods.filter((p) => p.phase === 'Pending' && p.reason);
  if (unschedulable.length > 0) {
    out.push('', `Pending (${unschedulable.length}):`);
    for (const p of unschedulable) out.push(`  ${p.namespace}/${p.name}: ${p.reason}`);
  }
  const rejected = r.pods.filter((p) => p.phase === 'Rejected');
  if (rejected.length > 0) {
    out.push('', `Rejected by admission (${rejected.length}):`);
    for (const p of rejected) out.push(`  ${p.namespace}/${p.name}: ${p.reason ?? ''}`);
  }
  const short = r.workloads.filter((w) => w.running < w.desired);
  if (short.length > 0) {
    out.push('', 'Workloads short of their replicas:');
    for (const w of short) out.push(`  ${w.workload}: ${w.running}/${w.desired} running`);
  }
  if (r.preemptions.length > 0) {
    out.push('', 'Preemptions:');
    for (const p of r.preemptions) out.push(`  ${p.pod} would preempt ${p.victims.join(', ')} on node ${p.node}`);
  }
  const alloc = r.problems.filter((p) => !['unschedulable', 'preemption', 'quota-exceeded', 'quota-missing-resources', 'limitrange-violation', 'priorityclass-not-found'].includes(p.code));
  if (alloc.length > 0) {
    out.push('', 'Allocation problems:');
    for (const p of alloc) out.push(`  ${p.resource}: ${p.message}`);
  }
  return out.join('\n') + '\n';
}

/** `--explain POD`: each node's filter results in plugin order and, for feasible nodes, the score per plugin. */
export function formatExplain(e: ExplainResult): string {
  const out: string[] = [`Pod ${e.pod}`];
  out.push(e.result.node ? `Result: scheduled on ${e.result.node}` : `Result: unschedulable: ${e.result.message ?? ''}`);
  for (const n of e.nodes) {
    out.push('', `${n.node}: ${n.feasible ? 'feasible' : 'filtered out'}`);
    for (const f of n.filters) out.push(`  filter ${f.plugin}: ${f.result}`);
    if (n.scores) {
      for (const [plugin, score] of Object.entries(n.scores)) {
        const w = SCORE_WEIGHTS[plugin as keyof typeof SCORE_WEIGHTS];
        out.push(`  score ${plugin}: ${score} x ${w} = ${score * w}`);
      }
      out.push(`  total: ${n.total ?? 0}`);
    }
  }
  return out.join('\n') + '\n';
}
