import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const deploy = (replicas: number, resources: string, ns = 'team'): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: x, resources: ${resources}}]
`;

describe('ResourceQuota (apiserver resourcequota controller.go checkRequest)', () => {
  it('rejects the pod that exceeds the quota, naming it by generateName; the workload stays short', () => {
    const state = run(`apiVersion: v1
kind: ResourceQuota
metadata: {name: compute, namespace: team}
spec:
  hard: {requests.cpu: "1", pods: "10"}
---
${deploy(3, '{requests: {cpu: 400m}}')}`);
    const rejected = state.pods.filter((p) => p.phase === 'Rejected');
    expect(rejected).toHaveLength(1);
    const rsPrefix = /^(web-[a-z0-9]+-)/.exec(rejected[0]?.name ?? '')?.[1];
    expect(rejected[0]?.reason).toBe(`pods "${rsPrefix}" is forbidden: exceeded quota: compute, requested: requests.cpu=400m, used: requests.cpu=800m, limited: requests.cpu=1`);
    expect(state.scheduling?.workloads).toEqual([{ workload: 'team/Deployment/web', desired: 3, running: 2 }]);
    expect(state.problems.filter((p) => p.code === 'quota-exceeded')).toHaveLength(1);
  });

  it('requires cpu/memory on every container when the quota tracks them (pods.go Constraints)', () => {
    const state = run(`apiVersion: v1
kind: ResourceQuota
metadata: {name: compute, namespace: team}
spec:
  hard: {limits.cpu: "4", limits.memory: 4Gi}
---
${deploy(1, '{requests: {cpu: 100m}}')}`);
    expect(state.pods[0]?.reason).toMatch(/is forbidden: failed quota: compute: must specify limits\.cpu for: app; limits\.memory for: app$/);
  });
});

describe('LimitRange (limitranger admission.go)', () => {
  it('fills defaults: default <- max, defaultRequest <- default', () => {
    const state = run(`apiVersion: v1
kind: LimitRange
metadata: {name: lr, namespace: team}
spec:
  limits:
  - type: Container
    max: {cpu: "2"}
    defaultRequest: {memory: 64Mi}
---
${deploy(1, '{}')}`);
    const c = state.pods[0]?.spec.containers[0];
    expect(c?.resources?.limits?.cpu).toBe('2');
    expect(c?.resources?.requests?.cpu).toBe('2');
    expect(c?.resources?.requests?.memory).toBe('64Mi');
  });

  it('rejects a container above max with the upstream message', () => {
    const state = run(`apiVersion: v1
kind: LimitRange
metadata: {name: lr, namespace: team}
spec:
  limits:
  - type: Container
    max: {cpu: 500m}
---
${deploy(1, '{limits: {cpu: "1"}}')}`);
    expect(state.pods[0]?.reason).toMatch(/^pods "web-[a-z0-9]+-" is forbidden: maximum cpu usage per Container is 500m, but limit is 1$/);
  });

  it('an unknown PriorityClass is rejected by the Priority admission plugin', () => {
    const state = run(deploy(1, '{}').replace('containers:', 'priorityClassName: gold\n      containers:'));
    expect(state.pods[0]?.reason).toMatch(/is forbidden: no PriorityClass with name gold was found$/);
  });
});

describe('RuntimeClass admission (plugin/pkg/admission/runtimeclass)', () => {
  const rc = `apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: kata}
handler: kata
overhead: {podFixed: {cpu: 250m, memory: 120Mi}}
---
apiVersion: v1
kind: Node
metadata: {name: n1}
status: {allocatable: {cpu: "1", memory: 4Gi, pods: "110"}}
---
`;
  const p = (cpu: string, cls = 'kata'): string => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  runtimeClassName: ${cls}
  containers: [{name: c, image: x, resources: {requests: {cpu: ${cpu}}}}]
`;
  it('adds the pod overhead, which NodeResourcesFit counts', () => {
    const state = run(rc + p('900m'));
    expect(state.pods[0]?.spec.overhead).toEqual({ cpu: '250m', memory: '120Mi' });
    expect(state.pods[0]?.reason).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  });
  it('rejects an unknown RuntimeClass', () => {
    const state = run(rc + p('100m', 'gvisor'));
    expect(state.pods[0]?.reason).toBe('pods "p" is forbidden: pod rejected: RuntimeClass "gvisor" not found');
  });
});
