/** Property (issue 5, Tests): IPs and NodePorts are never given twice, whatever the explicit values asked for. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

interface GenService {
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  clusterIP?: number;
  ports: (number | undefined)[];
  local: boolean;
}

const svcArb: fc.Arbitrary<GenService> = fc.record({
  type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer'),
  clusterIP: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  ports: fc.array(fc.option(fc.integer({ min: 30000, max: 30100 }), { nil: undefined }), { minLength: 1, maxLength: 3 }),
  local: fc.boolean(),
});

function yamlOf(services: readonly GenService[], replicas: number): string {
  const docs = services.map((s, i) => {
    const ports = s.ports.map((np, j) => `{port: ${80 + j}${np !== undefined && s.type !== 'ClusterIP' ? `, nodePort: ${np}` : ''}}`).join(', ');
    return `apiVersion: v1
kind: Service
metadata: {name: s${i}}
spec:
  type: ${s.type}
${s.clusterIP !== undefined ? `  clusterIP: 10.96.0.${s.clusterIP}\n` : ''}${s.local && s.type === 'LoadBalancer' ? '  externalTrafficPolicy: Local\n' : ''}  ports: [${ports}]
`;
  });
  docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x}]}
`);
  return docs.join('---\n');
}

describe('allocation properties', () => {
  it('no ClusterIP, NodePort or pod IP is given twice', () => {
    fc.assert(
      fc.property(fc.array(svcArb, { maxLength: 12 }), fc.integer({ min: 0, max: 40 }), (services, replicas) => {
        const state = run(yamlOf(services, replicas));
        const ips = state.services.flatMap((s) => s.clusterIPs);
        expect(new Set(ips).size).toBe(ips.length);
        const ports = state.services.flatMap((s) => [...s.ports.map((p) => p.nodePort), s.healthCheckNodePort]).filter((p): p is number => p !== undefined);
        expect(new Set(ports).size).toBe(ports.length);
        for (const p of ports) expect(p >= 30000 && p <= 32767).toBe(true);
        const podIPs = state.pods.filter((p) => !p.hostNetwork && p.podIP).map((p) => p.podIP);
        expect(new Set(podIPs).size).toBe(podIPs.length);
        expect(podIPs.length).toBe(replicas);
      }),
      { seed: 42, numRuns: 60 },
    );
  });
});
