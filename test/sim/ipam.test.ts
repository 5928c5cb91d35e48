import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';
import { rangeOffset } from '../../src/sim/ipam.js';

const svc = (name: string, spec: string): string => `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
${spec}
---
`;

describe('band offsets (KEP-3070 / KEP-3668 calculateRangeOffset)', () => {
  it('NodePort 30000-32767: 86 static ports (30000-30085)', () => {
    expect(rangeOffset(2768, 32, 128)).toBe(86);
  });
  it('ClusterIP /12: 256 static addresses; /24: 16', () => {
    expect(rangeOffset(2 ** 20, 16, 256)).toBe(256);
    expect(rangeOffset(256, 16, 256)).toBe(16);
  });
});

describe('Service allocation', () => {
  it('kubernetes gets .1; dynamic ClusterIPs start in the upper band; NodePorts at 30086', () => {
    const state = run(
      svc('kubernetes', '  ports: [{port: 443}]') + svc('web', '  type: NodePort\n  selector: {app: web}\n  ports: [{port: 80}]') + svc('dns', '  clusterIP: 10.96.0.10\n  ports: [{port: 53, protocol: UDP}]'),
    );
    const by = new Map(state.services.map((s) => [s.name, s]));
    expect(by.get('kubernetes')?.clusterIP).toBe('10.96.0.1');
    expect(by.get('web')?.clusterIP).toBe('10.96.1.1');
    expect(by.get('web')?.ports[0]?.nodePort).toBe(30086);
    expect(by.get('dns')?.clusterIP).toBe('10.96.0.10');
    expect(by.get('dns')?.ports[0]?.protocol).toBe('UDP');
  });

  it('reports duplicate and out-of-range explicit values with the API server text', () => {
    const state = run(
      svc('a', '  type: NodePort\n  clusterIP: 10.96.0.20\n  ports: [{port: 80, nodePort: 30080}]') +
        svc('b', '  type: NodePort\n  clusterIP: 10.96.0.20\n  ports: [{port: 80, nodePort: 30080}]') +
        svc('c', '  type: NodePort\n  clusterIP: 10.0.0.5\n  ports: [{port: 80, nodePort: 29999}]'),
    );
    const msgs = state.problems.map((p) => `${p.code}: ${p.message}`);
    expect(msgs).toContain('clusterip-conflict: Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.20"}: failed to allocate IP 10.96.0.20: provided IP is already allocated');
    expect(msgs).toContain('nodeport-conflict: Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    expect(msgs).toContain('nodeport-out-of-range: Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 29999: provided port is not in the valid range. The range of valid ports is 30000-32767');
    expect(msgs.some((m) => m.startsWith('clusterip-out-of-range: Service "c"'))).toBe(true);
  });

  it('headless and ExternalName Services get no ClusterIP', () => {
    const state = run(svc('h', '  clusterIP: None\n  ports: [{port: 80}]') + svc('e', '  type: ExternalName\n  externalName: example.com'));
    expect(state.services.map((s) => [s.name, s.clusterIP, s.headless])).toEqual([
      ['h', 'None', true],
      ['e', undefined, false],
    ]);
  });

  it('reports pod IP exhaustion on a node', () => {
    const state = run(
      `apiVersion: v1
kind: Node
metadata: {name: n1}
spec: {podCIDR: 10.244.0.0/30}
status: {allocatable: {cpu: "8", memory: 8Gi, pods: "110"}}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: rs}
spec:
  replicas: 3
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec: {containers: [{name: c, image: x}]}
`,
    );
    // A /30 has .2 as its only pod address (.1 gateway, .3 broadcast).
    expect(state.pods.filter((p) => p.podIP).map((p) => p.podIP)).toEqual(['10.244.0.2']);
    expect(state.problems.find((p) => p.code === 'ip-exhausted')?.message).toBe('failed to allocate for range 0: no IP addresses available in range set: 10.244.0.1-10.244.0.2');
  });
});

describe('options from the programmatic API', () => {
  it('malformed ranges fall back to the defaults instead of throwing', () => {
    const state = run(svc('web', '  ports: [{port: 80}]'), { clusterCIDR: 'nope', serviceCIDR: '10.0.0.0/99' });
    expect(state.services[0]?.clusterIP).toBe('10.96.1.1');
    expect(state.nodes[0]?.podCIDR).toBe('10.244.0.0/24');
  });

  it('honours --cluster-cidr and --service-cidr', () => {
    const state = run(svc('web', '  ports: [{port: 80}]'), { clusterCIDR: '10.100.0.0/16', serviceCIDR: '10.0.0.0/24' });
    // /24 service range: 16 static addresses (.1-.16), so the first dynamic one is .17.
    expect(state.services[0]?.clusterIP).toBe('10.0.0.17');
    expect(state.nodes.map((n) => n.podCIDR)).toEqual(['10.100.0.0/24', '10.100.1.0/24', '10.100.2.0/24', '10.100.3.0/24']);
  });
});
