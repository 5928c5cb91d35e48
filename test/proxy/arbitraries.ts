/** fast-check arbitraries: random clusters (Services + EndpointSlices) for one node, with unique IPs and ports. */
import fc from 'fast-check';
import type { EndpointSlice } from '../../src/model/kinds.js';
import type { ProxyInputs, ProxyService } from '../../src/proxy/model.js';
import { FAKE_NODE } from './helpers.js';

export interface GenEndpoint {
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly local: boolean;
}

export interface GenService {
  readonly type: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  readonly etpLocal: boolean;
  readonly itpLocal: boolean;
  readonly affinity: boolean;
  readonly protocols: readonly ('TCP' | 'UDP' | 'SCTP')[];
  readonly endpoints: readonly GenEndpoint[];
  readonly externalIP: boolean;
  readonly sourceRange: boolean;
}

const endpointArb: fc.Arbitrary<GenEndpoint> = fc.record({
  ready: fc.boolean(),
  serving: fc.boolean(),
  terminating: fc.boolean(),
  local: fc.boolean(),
});

export const serviceArb: fc.Arbitrary<GenService> = fc.record({
  type: fc.constantFrom('ClusterIP' as const, 'NodePort' as const, 'LoadBalancer' as const),
  etpLocal: fc.boolean(),
  itpLocal: fc.boolean(),
  affinity: fc.boolean(),
  protocols: fc.uniqueArray(fc.constantFrom('TCP' as const, 'UDP' as const, 'SCTP' as const), { minLength: 1, maxLength: 2 }),
  endpoints: fc.array(endpointArb, { maxLength: 6 }),
  externalIP: fc.boolean(),
  sourceRange: fc.boolean(),
});

export const clusterArb = fc.array(serviceArb, { minLength: 1, maxLength: 6 });

/** Builds inputs: service i gets cluster IP 10.96.0.(i+1), external IP 192.168.99.(i+1), LB IP 1.1.1.(i+1). */
export function toInputs(gen: readonly GenService[]): ProxyInputs {
  const services: ProxyService[] = [];
  const slices: EndpointSlice[] = [];
  let nodePort = 30000;
  gen.forEach((g, i) => {
    const ns = `ns${i % 3}`;
    const name = `svc${i}`;
    services.push({
      namespace: ns,
      name,
      type: g.type,
      clusterIP: `10.96.0.${i + 1}`,
      clusterIPs: [`10.96.0.${i + 1}`],
      ports: g.protocols.map((protocol, j) => ({
        name: `p${j}`,
        protocol,
        port: 80 + j,
        targetPort: 8080 + j,
        ...(g.type !== 'ClusterIP' ? { nodePort: nodePort++ } : {}),
      })),
      externalIPs: g.externalIP ? [`192.168.99.${i + 1}`] : [],
      loadBalancerIPs: g.type === 'LoadBalancer' ? [`1.1.1.${i + 1}`] : [],
      loadBalancerSourceRanges: g.type === 'LoadBalancer' && g.sourceRange ? ['203.0.113.0/25'] : [],
      externalTrafficPolicy: g.etpLocal ? 'Local' : 'Cluster',
      internalTrafficPolicy: g.itpLocal ? 'Local' : 'Cluster',
      sessionAffinity: g.affinity ? 'ClientIP' : 'None',
      sessionAffinityTimeoutSeconds: 10800,
    });
    slices.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { namespace: ns, name: `${name}-1`, labels: { 'kubernetes.io/service-name': name } },
      addressType: 'IPv4',
      endpoints: g.endpoints.map((e, k) => ({
        addresses: [`10.244.${i}.${k + 1}`],
        conditions: { ready: e.ready, serving: e.serving, terminating: e.terminating },
        nodeName: e.local ? FAKE_NODE.name : 'other-node',
      })),
      ports: g.protocols.map((protocol, j) => ({ name: `p${j}`, protocol, port: 8080 + j })),
    });
  });
  return { services, endpointSlices: slices, node: FAKE_NODE };
}
