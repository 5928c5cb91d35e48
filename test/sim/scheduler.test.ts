import { describe, expect, it } from 'vitest';
import { nodeYaml, pod, podYaml, run } from './helpers.js';

const cpuPod = (name: string, cpu: string, extra = ''): string => podYaml(name, `containers:\n- name: c\n  image: x\n  resources: {requests: {cpu: "${cpu}"}}${extra}`);
const docs = (...d: string[]): string => d.join('---\n');

describe('scheduling on the default profile', () => {
  it("gives the issue's FitError text, byte for byte, when the workers are full", () => {
    // The worked example of the issue (and of kube-scheduler events on a kubeadm cluster): the control-plane node
    // is tainted, the three workers lack cpu, and no pod has a lower priority to preempt.
    const state = run(docs(cpuPod('a', '3'), cpuPod('b', '3'), cpuPod('c', '3'), cpuPod('d', '3')));
    expect(pod(state, 'd').phase).toBe('Pending');
    expect(pod(state, 'd').reason).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
    );
    expect(state.problems.filter((p) => p.code === 'unschedulable')).toHaveLength(1);
  });

  it('marks a request above every allocatable as unresolvable for preemption', () => {
    const state = run(cpuPod('big', '5'));
    expect(pod(state, 'big').reason).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
    );
  });

  it('spreads equal pods by LeastAllocated and breaks ties by the lowest node name', () => {
    const state = run(docs(cpuPod('a', '1'), cpuPod('b', '1'), cpuPod('c', '1'), cpuPod('d', '1')));
    expect(['a', 'b', 'c', 'd'].map((n) => pod(state, n).nodeName)).toEqual(['worker-1', 'worker-2', 'worker-3', 'worker-1']);
  });

  it('gives pod IPs from the node podCIDR starting at .2', () => {
    const state = run(cpuPod('a', '1'));
    expect(pod(state, 'a').podIP).toBe('10.244.1.2');
    expect(state.nodes.map((n) => n.podCIDR)).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24', '10.244.3.0/24']);
  });
});

describe('filters and their reasons', () => {
  it('Too many pods', () => {
    const state = run(docs(nodeYaml('n1', '4', '8Gi', { pods: 1 }), cpuPod('a', '100m'), cpuPod('b', '100m')));
    expect(pod(state, 'b').reason).toBe('0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  });

  it('lists every insufficient resource, extended resources included', () => {
    const state = run(
      docs(
        nodeYaml('n1', '1', '1Gi', { extra: ', nvidia.com/gpu: "1"' }),
        podYaml('g', 'containers:\n- name: c\n  resources: {requests: {cpu: "2", memory: 2Gi}, limits: {nvidia.com/gpu: 2}}'),
      ),
    );
    expect(pod(state, 'g').reason).toBe(
      '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Insufficient nvidia.com/gpu. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
  });

  it('node(s) were unschedulable for cordoned nodes', () => {
    const state = run(docs(nodeYaml('n1', '4', '8Gi', { extra: '' }).replace('spec:\n  {}', 'spec:\n  unschedulable: true'), cpuPod('a', '1')));
    expect(pod(state, 'a').reason).toBe("0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
  });

  it("node(s) didn't match Pod's node affinity/selector", () => {
    const state = run(docs(nodeYaml('n1', '4', '8Gi', { labels: { disk: 'hdd' } }), cpuPod('a', '1', '\nnodeSelector: {disk: ssd}')));
    expect(pod(state, 'a').reason).toBe("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.");
  });

  it("node(s) didn't have free ports for the requested pod ports", () => {
    const hp = (name: string): string => podYaml(name, 'containers:\n- name: c\n  ports: [{containerPort: 80, hostPort: 8080}]');
    const state = run(docs(nodeYaml('n1', '4', '8Gi'), hp('a'), hp('b')));
    expect(pod(state, 'a').nodeName).toBe('n1');
    expect(pod(state, 'b').reason).toBe(
      "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
    );
  });

  it('taints from node conditions (node lifecycle controller)', () => {
    const n = nodeYaml('n1', '4', '8Gi').replace('status:\n', 'status:\n  conditions: [{type: Ready, status: "False"}]\n');
    const state = run(docs(n, cpuPod('a', '1')));
    expect(pod(state, 'a').reason).toBe('0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  });
});

describe('DaemonSet', () => {
  const ds = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: a, image: x, resources: {requests: {cpu: "1"}}}]
`;
  it('makes one pod per eligible node, skipping the tainted control plane', () => {
    const state = run(ds);
    expect(state.pods.map((p) => p.nodeName).sort()).toEqual(['worker-1', 'worker-2', 'worker-3']);
  });

  it('reports a full node with the PreFilterResult text', () => {
    // reference note §4.2: a DaemonSet pod pinned to a full node.
    const state = run(docs(nodeYaml('n1', '1', '8Gi'), nodeYaml('n2', '4', '8Gi'), nodeYaml('n3', '4', '8Gi'), podYaml('hog', 'nodeName: n1\ncontainers: [{name: c, resources: {requests: {cpu: "1"}}}]'), ds));
    const pending = state.pods.filter((p) => p.phase === 'Pending');
    expect(pending).toHaveLength(1);
    expect(pending[0]?.reason).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
  });
});

describe('PodTopologySpread and InterPodAffinity', () => {
  const deploy = (replicas: number, spec: string): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
${spec}
      containers: [{name: c, image: x, resources: {requests: {cpu: 100m}}}]
`;
  it('required anti-affinity on hostname leaves the fourth replica pending', () => {
    const state = run(
      deploy(
        4,
        `      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector: {matchLabels: {app: web}}
            topologyKey: kubernetes.io/hostname`,
      ),
    );
    const pending = state.pods.filter((p) => p.phase === 'Pending');
    expect(pending).toHaveLength(1);
    expect(pending[0]?.reason).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match pod anti-affinity rules. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.",
    );
  });

  it('maxSkew 1 over zones places 6 replicas 2/2/2', () => {
    const state = run(
      deploy(
        6,
        `      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: topology.kubernetes.io/zone
        whenUnsatisfiable: DoNotSchedule
        labelSelector: {matchLabels: {app: web}}`,
      ),
    );
    const perNode = new Map<string, number>();
    for (const p of state.pods) perNode.set(p.nodeName ?? '-', (perNode.get(p.nodeName ?? '-') ?? 0) + 1);
    expect(Object.fromEntries(perNode)).toEqual({ 'worker-1': 2, 'worker-2': 2, 'worker-3': 2 });
  });

  it('DoNotSchedule spread fails with the spread reason when the skew would grow', () => {
    const nodes = docs(nodeYaml('a', '1', '8Gi', { labels: { zone: 'a' } }), nodeYaml('b', '4', '8Gi', { labels: { zone: 'b' } }));
    const spec = `      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: zone
        whenUnsatisfiable: DoNotSchedule
        labelSelector: {matchLabels: {app: web}}`;
    const state = run(docs(nodes, deploy(4, spec).replace('cpu: 100m', 'cpu: 600m')));
    // 1st -> b (LeastAllocated), 2nd -> a (b would make skew 2), 3rd -> b (a lacks cpu), 4th: b gives skew 2, a lacks cpu.
    const pending = state.pods.filter((p) => p.phase === 'Pending');
    expect(pending.length).toBe(1);
    expect(pending[0]?.reason).toBe(
      "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match pod topology spread constraints. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
    );
  });

  it('required affinity: the first pod matching its own terms is allowed', () => {
    const state = run(
      deploy(
        2,
        `      affinity:
        podAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector: {matchLabels: {app: web}}
            topologyKey: topology.kubernetes.io/zone`,
      ),
    );
    const zones = state.pods.map((p) => state.nodes.find((n) => n.name === p.nodeName)?.labels['topology.kubernetes.io/zone']);
    expect(zones[0]).toBeDefined();
    expect(zones[1]).toBe(zones[0]);
  });
});

describe('priority and preemption', () => {
  it('a higher-priority pod preempts a lower-priority running pod and reports the victim', () => {
    const state = run(
      docs(
        nodeYaml('n1', '2', '8Gi'),
        `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
`,
        podYaml('low', 'nodeName: n1\ncontainers: [{name: c, resources: {requests: {cpu: "2"}}}]'),
        podYaml('vip', 'priorityClassName: high\ncontainers: [{name: c, resources: {requests: {cpu: "1"}}}]'),
      ),
    );
    expect(pod(state, 'vip').nodeName).toBe('n1');
    expect(pod(state, 'low').phase).toBe('Pending');
    expect(state.problems.find((p) => p.code === 'preemption')?.message).toBe('pod default/vip would preempt default/low on node n1');
  });

  it('preemptionPolicy Never is not eligible', () => {
    const state = run(
      docs(
        nodeYaml('n1', '2', '8Gi'),
        `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
preemptionPolicy: Never
`,
        podYaml('low', 'nodeName: n1\ncontainers: [{name: c, resources: {requests: {cpu: "2"}}}]'),
        podYaml('vip', 'priorityClassName: high\ncontainers: [{name: c, resources: {requests: {cpu: "1"}}}]'),
      ),
    );
    expect(pod(state, 'vip').reason).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  });

  it('schedules higher priority first', () => {
    const state = run(
      docs(
        nodeYaml('n1', '1', '8Gi'),
        `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
`,
        cpuPod('first', '1'),
        cpuPod('second', '1', '\npriorityClassName: high'),
      ),
    );
    expect(pod(state, 'second').nodeName).toBe('n1');
    expect(pod(state, 'first').phase).toBe('Pending');
  });
});

describe('snapshots', () => {
  it('bound pods occupy their nodes first and keep their podIP; nodes keep spec.podCIDR', () => {
    const n = nodeYaml('n1', '2', '8Gi').replace('spec:\n  {}', 'spec:\n  podCIDR: 10.244.7.0/24');
    const bound = podYaml('old', 'nodeName: n1\ncontainers: [{name: c, resources: {requests: {cpu: "1"}}}]').replace(/$/, 'status: {podIP: 10.244.7.2}\n');
    const state = run(docs(n, bound, cpuPod('new', '1')));
    expect(pod(state, 'old').podIP).toBe('10.244.7.2');
    expect(pod(state, 'new').nodeName).toBe('n1');
    expect(pod(state, 'new').podIP).toBe('10.244.7.3');
  });
});

describe('kubelet admission of pods written with spec.nodeName (pkg/kubelet/lifecycle/predicate.go)', () => {
  it('rejects with OutOfcpu and the InsufficientResourceError text', () => {
    const state = run(docs(nodeYaml('n1', '2', '8Gi'), podYaml('a', 'nodeName: n1\ncontainers: [{name: c, resources: {requests: {cpu: 1500m}}}]'), podYaml('b', 'nodeName: n1\ncontainers: [{name: c, resources: {requests: {cpu: "1"}}}]')));
    expect(pod(state, 'a').phase).toBe('Running');
    expect(pod(state, 'b').phase).toBe('Rejected');
    expect(pod(state, 'b').reason).toBe("Pod was rejected: Node didn't have enough resource: cpu, requested: 1000, used: 1500, capacity: 2000");
  });
});
