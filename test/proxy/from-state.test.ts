/**
 * kube-proxy rules from the dry run: Services get their ClusterIPs from IPAM and their endpoints from the
 * pods the scheduler placed, so the rules for a Deployment's Service DNAT to exactly those pods' IPs.
 */
import { describe, expect, it } from 'vitest';
import { analyzeTexts } from '../../src/index.js';
import { runProxy } from '../../src/proxy/run.js';

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
`;

describe('proxy from ClusterState', () => {
  it('DNATs the ClusterIP to exactly the ready pods, each with probability 1/3', () => {
    const analysis = analyzeTexts([{ file: 'shop.yaml', text: manifests }]);
    const service = analysis.state.services.find((s) => s.name === 'web');
    const podIPs = analysis.state.pods.filter((p) => p.ready).map((p) => `${p.podIP as string}:8080`).sort();
    expect(podIPs).toHaveLength(3);
    const result = runProxy(analysis.resources, { state: analysis.state, node: 'worker-1', trace: `${service?.clusterIP as string}:80`, from: 'external' });
    expect(result.errors).toEqual([]);
    const targets = [...result.output.matchAll(/^(\d+\.\d+)%\s+DNAT to (\S+?),/gm)].map((m) => [m[2], Number(m[1])] as const);
    expect(targets.map(([t]) => t).sort()).toEqual(podIPs);
    for (const [, pct] of targets) expect(pct).toBeCloseTo(100 / 3, 3);
  });

  it('names the nodes of the dry run when the node is unknown', () => {
    const analysis = analyzeTexts([{ file: 'shop.yaml', text: manifests }]);
    const result = runProxy(analysis.resources, { state: analysis.state, node: 'nope' });
    expect(result.errors[0]?.message).toBe('no node named nope in the dry run (nodes: control-plane, worker-1, worker-2, worker-3)');
  });
});
