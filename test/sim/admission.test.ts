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
