/**
 * Dry run part 1, wired in control-plane order: cluster -> node addresses -> workloads -> admission ->
 * scheduling (bound pods first, then by priority) -> pod IPs -> Services (ClusterIPs, NodePorts).
 */
import type { Labels } from '../model/kinds.js';
import { asArray, asObjects, asString, get } from '../model/guards.js';
import type { Model } from '../model/model.js';
import type { Resource } from '../model/resource.js';
import { displayName } from '../model/resource.js';
import type { SimNamespace, SimNode, SimPod, SimService } from './types.js';
import type { SchedulingSummary, SimProblem } from './state.js';
import { buildCluster, type ClusterOptions } from './cluster.js';
import { allocateNodeAddresses, allocateServices, PodIPAllocator, type IpamOptions } from './ipam.js';
import { expandWorkloads, type PodDraft, type WorkloadOptions } from './workloads.js';
import { Admission } from './admission.js';
import { Scheduler, type NodeExplanation, type PodToSchedule, type ScheduleResult, type VolumeCheck } from './scheduler/scheduler.js';
import { volumeCheck } from './scheduler/volumes.js';
import { DefaultSpreadSelectors } from './default-spread.js';
import { mergeObjects } from './objects.js';

export interface SchedulingOptions extends ClusterOptions, IpamOptions, WorkloadOptions {
  /** kube-scheduler's percentageOfNodesToScore: 0 (default) adaptive as upstream, 100 evaluates every node. */
  readonly percentageOfNodesToScore?: number;
}

export interface SchedulingOutput {
  readonly nodes: SimNode[];
  readonly pods: SimPod[];
  readonly services: SimService[];
  readonly problems: SimProblem[];
  readonly summary: SchedulingSummary;
  /** Re-evaluates one pod against the final placement (itself taken off its node first), for --explain. */
  explain(namespace: string, name: string): ExplainResult | undefined;
}

export interface ExplainResult {
  readonly pod: string;
  readonly result: ScheduleResult;
  readonly nodes: readonly NodeExplanation[];
}

const NO_GATES: readonly string[] = [];

interface Work {
  readonly draft: PodDraft;
  spec: PodDraft['spec'];
  priority: number;
  preemptionPolicy: string;
  phase: SimPod['phase'];
  nodeName?: string;
  reason?: string;
  handle?: number;
  podIP?: string;
}

/**
 * A pod handed to the scheduler. Its default spread selector is worked out when the scheduler first reads it
 * (scoring a pod that fits). A class, not an object literal with a getter: V8 builds those through the runtime.
 */
class QueuedPod implements PodToSchedule {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly spec: PodDraft['spec'];
  readonly priority: number;
  readonly preemptionPolicy: string;

  constructor(
    private readonly work: Work,
    private readonly selectors: DefaultSpreadSelectors,
  ) {
    this.namespace = work.draft.namespace;
    this.name = work.draft.name;
    this.labels = work.draft.labels;
    this.spec = work.spec;
    this.priority = work.priority;
    this.preemptionPolicy = work.preemptionPolicy;
  }

  get defaultSpreadSelector(): Labels | undefined {
    return this.selectors.of(this.work.draft);
  }
}

export function runScheduling(model: Model, namespaces: ReadonlyMap<string, SimNamespace>, options: SchedulingOptions = {}): SchedulingOutput {
  const problems: SimProblem[] = [];
  const cluster = buildCluster(model.byKind('Node'), options);
  problems.push(...cluster.problems);
  const alloc = allocateNodeAddresses(cluster.nodes, options);
  problems.push(...alloc.problems);
  const nodes = alloc.nodes;
  const workloads = expandWorkloads(model, cluster.nodes, options);
  problems.push(...workloads.problems);
  const admission = new Admission(model);
  const nsLabels = new Map<string, Labels>([...namespaces].map(([k, v]) => [k, v.labels]));
  const scheduler = new Scheduler(nodes, nsLabels, options.percentageOfNodesToScore ?? 0);

  const defaultSelectors = new DefaultSpreadSelectors(model);
  const toSchedule = (w: Work): PodToSchedule => new QueuedPod(w, defaultSelectors);

  // Object-count quota (services, services.nodeports, count/...) for the input's objects, in input order.
  for (const r of model.resources) {
    if (r.kind === 'Pod' || r.namespace === undefined || !admission.hasQuota(r.namespace)) continue;
    const extra = new Map<string, number>();
    if (r.kind === 'Service' && r.group === '') {
      const type = asString(get(r.raw, 'spec', 'type')) ?? 'ClusterIP';
      if (type === 'NodePort' || type === 'LoadBalancer') extra.set('services.nodeports', asArray(get(r.raw, 'spec', 'ports')).length);
      if (type === 'LoadBalancer') extra.set('services.loadbalancers', 1);
    }
    const p = admission.admitObject(r, extra);
    if (p) problems.push(p);
  }

  const works: Work[] = workloads.pods.map((draft) => ({ draft, spec: draft.spec, priority: 0, preemptionPolicy: 'PreemptLowerPriority', phase: 'Pending' }));
  const nodeNames = new Set(nodes.map((n) => n.name));
  // 1. Pods already bound occupy their nodes first (they were admitted long ago: usage is recorded, not checked).
  for (const w of works) {
    if (!w.draft.bound) continue;
    const a = admission.admitPod(w.draft, true);
    if (a.ok) {
      w.priority = a.priority;
      w.preemptionPolicy = a.preemptionPolicy;
    }
    if (!nodeNames.has(w.draft.bound.nodeName)) {
      w.reason = `node "${w.draft.bound.nodeName}" not found`;
      continue;
    }
    if (!w.draft.bound.running) {
      // Written with spec.nodeName (not a snapshot of a running pod): the kubelet admits or rejects it.
      const k = scheduler.kubeletAdmit(toSchedule(w), w.draft.bound.nodeName);
      if ('reason' in k) {
        w.phase = 'Rejected';
        w.reason = k.message;
        problems.push({ code: 'kubelet-rejected', resource: w.draft.origin.resource, pointer: '/spec/nodeName', message: k.message, data: { namespace: w.draft.namespace, pod: w.draft.name, reason: k.reason } });
        continue;
      }
      w.handle = k.handle;
    } else w.handle = scheduler.bind(toSchedule(w), w.draft.bound.nodeName);
    w.nodeName = w.draft.bound.nodeName;
    w.phase = 'Running';
  }
  // 2. Admission of new pods in creation order, with running quota usage.
  const queue: Work[] = [];
  for (const w of works) {
    if (w.draft.bound) continue;
    const a = admission.admitPod(w.draft);
    if (!a.ok) {
      w.phase = 'Rejected';
      w.reason = a.message;
      problems.push({ code: a.code, resource: w.draft.origin.resource, pointer: w.draft.origin.templatePointer + a.pointer, message: a.message, data: { namespace: w.draft.namespace, pod: w.draft.name } });
      continue;
    }
    w.spec = a.spec;
    w.priority = a.priority;
    w.preemptionPolicy = a.preemptionPolicy;
    queue.push(w);
  }
  // 3. Scheduling queue: PrioritySort (higher priority first, then creation order).
  queue.sort((a, b) => b.priority - a.priority || a.draft.seq - b.draft.seq);
  const claimNames = new Map(workloads.claims.map((c) => [`${c.namespace}/${c.name}`, c] as const));
  const preemptions: { pod: string; node: string; victims: string[] }[] = [];
  // Handles are the scheduler's pod numbers, 0, 1, 2, …: an array indexes them.
  const byHandle: (Work | undefined)[] = [];
  for (const w of works) if (w.handle !== undefined) byHandle[w.handle] = w;
  for (const w of queue) {
    const schedulerName = asString(w.spec.schedulerName) ?? 'default-scheduler';
    if (schedulerName !== 'default-scheduler') {
      w.reason = `waiting for scheduler "${schedulerName}" (not simulated)`;
      continue;
    }
    const gates: readonly string[] = w.spec.schedulingGates === undefined ? NO_GATES : asObjects(w.spec.schedulingGates).map((g) => asString(g.name) ?? '');
    if (gates.length > 0) {
      // SchedulingGates PreEnqueue (schedulinggates/scheduling_gates.go).
      w.reason = `waiting for scheduling gates: [${gates.join(' ')}]`;
      continue;
    }
    const volumes: VolumeCheck | undefined = volumeCheck(model, w.draft, claimNames);
    const r = scheduler.schedule(toSchedule(w), volumes);
    w.handle = r.handle;
    byHandle[r.handle] = w;
    if (r.node === undefined) {
      w.reason = r.message;
      problems.push({
        code: 'unschedulable',
        resource: w.draft.origin.resource,
        pointer: w.draft.origin.templatePointer + '/spec',
        message: r.message ?? '',
        data: { namespace: w.draft.namespace, pod: w.draft.name },
      });
      continue;
    }
    w.nodeName = r.node;
    w.phase = 'Running';
    if (r.victims && r.victims.length > 0) {
      const victims: string[] = [];
      for (const v of r.victims) {
        const vw = byHandle[v.handle];
        if (!vw) continue;
        vw.phase = 'Pending';
        vw.nodeName = undefined;
        vw.reason = `Preempted by ${w.draft.namespace}/${w.draft.name} on node ${r.node}`;
        victims.push(`${v.namespace}/${v.name}`);
      }
      preemptions.push({ pod: `${w.draft.namespace}/${w.draft.name}`, node: r.node, victims });
      problems.push({
        code: 'preemption',
        resource: w.draft.origin.resource,
        pointer: w.draft.origin.templatePointer + '/spec',
        message: `pod ${w.draft.namespace}/${w.draft.name} would preempt ${victims.join(', ')} on node ${r.node}`,
        data: { namespace: w.draft.namespace, pod: w.draft.name, node: r.node, victims: victims.join(',') },
      });
    }
  }
  // 4. Pod IPs: running pods keep theirs; new ones from their node's podCIDR; hostNetwork pods use the node IP.
  const nodeByName = new Map(nodes.map((n) => [n.name, n]));
  const ipam = new PodIPAllocator(nodeByName);
  for (const w of works) if (w.draft.bound?.podIP && w.spec.hostNetwork !== true) ipam.reserve(w.draft.bound.podIP);
  for (const w of works) {
    if (w.phase !== 'Running' || !w.nodeName) continue;
    const node = nodeByName.get(w.nodeName) as SimNode;
    if (w.spec.hostNetwork === true) w.podIP = node.internalIP;
    else if (w.draft.bound?.podIP && w.nodeName === w.draft.bound.nodeName) w.podIP = w.draft.bound.podIP;
    else {
      const ip = ipam.allocate(w.nodeName);
      if ('ip' in ip) w.podIP = ip.ip;
      else {
        // The kubelet cannot create the sandbox: the pod stays Pending on its node (ContainerCreating).
        w.phase = 'Pending';
        w.reason = ip.error;
        problems.push({ code: 'ip-exhausted', resource: w.draft.origin.resource, pointer: w.draft.origin.templatePointer + '/spec', message: ip.error, data: { namespace: w.draft.namespace, pod: w.draft.name, node: w.nodeName } });
      }
    }
  }
  const pods: SimPod[] = works.map((w) => {
    const node = w.nodeName ? nodeByName.get(w.nodeName) : undefined;
    return {
      namespace: w.draft.namespace,
      name: w.draft.name,
      labels: w.draft.labels,
      annotations: w.draft.annotations,
      spec: w.spec as unknown as SimPod['spec'],
      origin: w.draft.origin,
      owner: w.draft.owner,
      phase: w.phase,
      nodeName: w.nodeName,
      podIP: w.podIP,
      hostIP: node?.internalIP,
      hostNetwork: w.spec.hostNetwork === true,
      ready: w.phase === 'Running' && w.podIP !== undefined,
      reason: w.reason,
      priority: w.priority,
    };
  });
  const svc = allocateServices(model, options);
  problems.push(...svc.problems);
  // Workload shortfalls: desired vs running.
  const running = new Map<string, number>();
  for (const w of works) if (w.phase === 'Running') running.set(w.draft.origin.resource.key, (running.get(w.draft.origin.resource.key) ?? 0) + 1);
  const byKey = new Map<string, Resource>();
  for (const r of model.resources) if (workloads.desired.has(r.key)) byKey.set(r.key, r);
  const summaryWorkloads = [...workloads.desired].map(([key, desired]) => ({
    workload: byKey.has(key) ? displayName(byKey.get(key) as Resource) : key,
    desired,
    running: running.get(key) ?? 0,
  }));
  return {
    nodes,
    pods,
    services: svc.services,
    problems: dedupeProblems(problems),
    summary: { clusterSources: cluster.sources, workloads: summaryWorkloads, preemptions },
    explain(namespace, name) {
      const w = works.find((x) => x.draft.namespace === namespace && x.draft.name === name);
      if (!w || w.phase === 'Rejected') return undefined;
      if (w.handle !== undefined) scheduler.unbind(w.handle);
      const e = scheduler.explain(toSchedule(w), volumeCheck(model, w.draft, claimNames));
      return { pod: `${namespace}/${name}`, result: e.result, nodes: e.nodes };
    },
  };
}

/**
 * Replicas of one workload failing the same way give one problem (with the number of pods and the first
 * pod's name), so a 50-replica Deployment does not make 50 identical findings.
 */
function dedupeProblems(problems: readonly SimProblem[]): SimProblem[] {
  const first: SimProblem[] = [];
  const counts: number[] = [];
  // Nested by resource, code, pointer and message: the message strings recur as the same objects (failures of
  // replicas are reused), so looking them up hashes each once instead of a joined key per problem.
  const seen = new Map<string, Map<string, Map<string, Map<string, number>>>>();
  for (const p of problems) {
    const byMessage = level(level(level(seen, p.resource.key), p.code), p.pointer);
    const at = byMessage.get(p.message);
    if (at === undefined) {
      byMessage.set(p.message, first.length);
      first.push(p);
      counts.push(1);
    } else counts[at] = (counts[at] as number) + 1;
  }
  return first.map((p, i) => mergeObjects(p, { data: mergeObjects(p.data ?? {}, { pods: counts[i] as number }) }));
}

function level<V>(m: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = m.get(key);
  if (!inner) m.set(key, (inner = new Map()));
  return inner;
}
