/**
 * The interpreter replays upstream's packet-flow tests (kubernetes/kubernetes:pkg/proxy/iptables/
 * proxier_test.go runPacketFlowTests): same inputs, same expected output string and masquerade flag, run
 * through the rules we emit.
 */
import { describe, expect, it } from 'vitest';
import { iptablesRules } from '../../src/proxy/iptables/index.js';
import { parseDump } from '../../src/proxy/iptables/dump.js';
import type { Protocol } from '../../src/proxy/trace.js';
import { compileRuleSet, summarize, tracePacket } from '../../src/proxy/trace.js';
import type { ProxyConfig } from '../../src/proxy/config.js';
import { FAKE_NODE, inputsFromYaml, upstreamConfig } from './helpers.js';
import { OVERALL_MANIFESTS } from './fixtures.js';

/** testNodeIPs of upstream proxier_test.go. */
const TEST_NODE_IPS = ['192.168.0.2', '192.168.1.2', '192.168.99.11', '2001:db8::1', '2001:db8:1::2'];
const TEST_NODE_IP = '192.168.0.2';
const TEST_EXTERNAL_CLIENT = '203.0.113.2';
const TEST_EXTERNAL_CLIENT_BLOCKED = '203.0.113.130';

interface Flow {
  readonly name: string;
  readonly sourceIP: string;
  readonly destIP: string;
  readonly destPort: number;
  readonly protocol?: Protocol;
  readonly output: string;
  readonly masq?: boolean;
}

function run(yaml: string, flows: readonly Flow[], cfg: ProxyConfig = upstreamConfig()): void {
  const { text } = iptablesRules(inputsFromYaml(yaml, FAKE_NODE), cfg);
  const rs = compileRuleSet(parseDump(text).dump);
  for (const f of flows) {
    const outcomes = tracePacket(rs, { src: f.sourceIP, dst: f.destIP, dport: f.destPort, protocol: f.protocol ?? 'tcp' }, { localAddresses: TEST_NODE_IPS });
    const got = summarize(outcomes);
    expect({ name: f.name, output: got.output, masq: got.output === '' || !/:/.test(got.output) ? undefined : got.masq }).toEqual({
      name: f.name,
      output: f.output,
      masq: f.output === '' || !/:/.test(f.output) ? undefined : (f.masq ?? false),
    });
    const total = outcomes.reduce((a, o) => a + o.probability, 0);
    expect(Math.abs(total - 1)).toBeLessThan(1e-9);
  }
}

const LB_SVC = (extra: string, slice: string): string => `
apiVersion: v1
kind: Service
metadata: { namespace: ns1, name: svc1 }
spec:
  type: LoadBalancer
  clusterIP: 172.30.0.41
  ports: [{ name: p80, port: 80, protocol: TCP, nodePort: 3001, targetPort: 80 }]
${extra}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { namespace: ns1, name: svc1-1, labels: { kubernetes.io/service-name: svc1 } }
addressType: IPv4
${slice}
ports: [{ name: p80, port: 80, protocol: TCP }]
`;

describe('trace interpreter replays upstream packet-flow tests', () => {
  it('TestTracePacket flows on the TestOverallIPTablesRules rules', () => {
    run(OVERALL_MANIFESTS, [
      { name: 'no match', sourceIP: '10.0.0.2', destIP: '10.0.0.3', destPort: 80, output: '' },
      { name: 'single endpoint', sourceIP: '10.0.0.2', destIP: '172.30.0.41', destPort: 80, output: '10.180.0.1:80' },
      { name: 'multiple endpoints', sourceIP: '10.0.0.2', destIP: '172.30.0.44', destPort: 80, output: '10.180.0.4:80, 10.180.0.5:80' },
      { name: 'LOCAL, KUBE-MARK-MASQ', sourceIP: TEST_NODE_IP, destIP: '192.168.99.22', destPort: 80, output: '10.180.0.2:80', masq: true },
      { name: 'DROP', sourceIP: TEST_EXTERNAL_CLIENT, destIP: '192.168.99.22', destPort: 80, output: 'DROP' },
      { name: 'ACCEPT (NodePortHealthCheck)', sourceIP: TEST_NODE_IP, destIP: TEST_NODE_IP, destPort: 30000, output: 'ACCEPT' },
      { name: 'REJECT', sourceIP: '10.0.0.2', destIP: '172.30.0.46', destPort: 80, output: 'REJECT' },
    ]);
  });

  it('TestNoEndpointsReject', () => {
    const yaml = `
apiVersion: v1
kind: Service
metadata: { namespace: ns1, name: svc1 }
spec:
  type: LoadBalancer
  clusterIP: 172.30.0.41
  externalIPs: [192.168.99.11]
  ports: [{ name: p80, port: 80, protocol: TCP, nodePort: 3001 }]
status: { loadBalancer: { ingress: [{ ip: 1.2.3.4 }] } }
`;
    run(yaml, [
      { name: 'pod to cluster IP with no endpoints', sourceIP: '10.0.0.2', destIP: '172.30.0.41', destPort: 80, output: 'REJECT' },
      { name: 'external to external IP with no endpoints', sourceIP: TEST_EXTERNAL_CLIENT, destIP: '192.168.99.11', destPort: 80, output: 'REJECT' },
      { name: 'pod to NodePort with no endpoints', sourceIP: '10.0.0.2', destIP: TEST_NODE_IP, destPort: 3001, output: 'REJECT' },
      { name: 'external to NodePort with no endpoints', sourceIP: TEST_EXTERNAL_CLIENT, destIP: TEST_NODE_IP, destPort: 3001, output: 'REJECT' },
      { name: 'pod to LoadBalancer IP with no endpoints', sourceIP: '10.0.0.2', destIP: '1.2.3.4', destPort: 80, output: 'REJECT' },
      { name: 'external to LoadBalancer IP with no endpoints', sourceIP: TEST_EXTERNAL_CLIENT, destIP: '1.2.3.4', destPort: 80, output: 'REJECT' },
    ]);
  });

  it('TestClusterIPGeneral', () => {
    const yaml = `
apiVersion: v1
kind: Service
metadata: { namespace: ns1, name: svc1 }
spec: { clusterIP: 172.30.0.41, ports: [{ name: http, port: 80, protocol: TCP }] }
---
apiVersion: v1
kind: Service
metadata: { namespace: ns2, name: svc2 }
spec:
  clusterIP: 172.30.0.42
  ports:
  - { name: http, port: 80, protocol: TCP }
  - { name: https, port: 443, protocol: TCP, targetPort: 8443 }
  - { name: dns-udp, port: 53, protocol: UDP }
  - { name: dns-tcp, port: 53, protocol: TCP, targetPort: 5353 }
  - { name: dns-sctp, port: 53, protocol: SCTP }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { namespace: ns1, name: svc1-1, labels: { kubernetes.io/service-name: svc1 } }
addressType: IPv4
endpoints: [{ addresses: [10.180.0.1], nodeName: test-node }]
ports: [{ name: http, port: 80, protocol: TCP }]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { namespace: ns2, name: svc2-1, labels: { kubernetes.io/service-name: svc2 } }
addressType: IPv4
endpoints: [{ addresses: [10.180.0.1], nodeName: test-node }, { addresses: [10.180.2.1], nodeName: node2 }]
ports:
- { name: http, port: 80, protocol: TCP }
- { name: https, port: 8443, protocol: TCP }
- { name: dns-udp, port: 53, protocol: UDP }
- { name: dns-tcp, port: 5353, protocol: TCP }
- { name: dns-sctp, port: 53, protocol: SCTP }
`;
    run(yaml, [
      { name: 'simple clusterIP', sourceIP: '10.180.0.2', destIP: '172.30.0.41', destPort: 80, output: '10.180.0.1:80', masq: false },
      { name: 'hairpin to cluster IP', sourceIP: '10.180.0.1', destIP: '172.30.0.41', destPort: 80, output: '10.180.0.1:80', masq: true },
      { name: 'clusterIP with multiple endpoints', sourceIP: '10.180.0.2', destIP: '172.30.0.42', destPort: 80, output: '10.180.0.1:80, 10.180.2.1:80' },
      { name: 'clusterIP with TargetPort', sourceIP: '10.180.0.2', destIP: '172.30.0.42', destPort: 443, output: '10.180.0.1:8443, 10.180.2.1:8443' },
      { name: 'TCP on same port', sourceIP: '10.180.0.2', protocol: 'tcp', destIP: '172.30.0.42', destPort: 53, output: '10.180.0.1:5353, 10.180.2.1:5353' },
      { name: 'UDP on same port', sourceIP: '10.180.0.2', protocol: 'udp', destIP: '172.30.0.42', destPort: 53, output: '10.180.0.1:53, 10.180.2.1:53' },
      { name: 'SCTP on same port', sourceIP: '10.180.0.2', protocol: 'sctp', destIP: '172.30.0.42', destPort: 53, output: '10.180.0.1:53, 10.180.2.1:53' },
      { name: 'TCP-only port does not match UDP traffic', sourceIP: '10.180.0.2', protocol: 'udp', destIP: '172.30.0.42', destPort: 80, output: '' },
      { name: "svc1 does not accept svc2's ports", sourceIP: '10.180.0.2', destIP: '172.30.0.41', destPort: 443, output: '' },
    ]);
  });

  it('TestLoadBalancer (source ranges; NodePort bypasses them; node and LB IP allowed)', () => {
    const yaml = LB_SVC(
      `  loadBalancerSourceRanges: [192.168.0.0/24, " 203.0.113.0/25"]
status: { loadBalancer: { ingress: [{ ip: 1.2.3.4 }, { ip: 5.6.7.8 }] } }`,
      'endpoints: [{ addresses: [10.180.0.1] }]',
    );
    const ep = '10.180.0.1:80';
    run(yaml, [
      { name: 'pod to cluster IP', sourceIP: '10.0.0.2', destIP: '172.30.0.41', destPort: 80, output: ep, masq: false },
      { name: 'external to nodePort', sourceIP: TEST_EXTERNAL_CLIENT, destIP: TEST_NODE_IP, destPort: 3001, output: ep, masq: true },
      { name: 'nodePort bypasses LoadBalancerSourceRanges', sourceIP: TEST_EXTERNAL_CLIENT_BLOCKED, destIP: TEST_NODE_IP, destPort: 3001, output: ep, masq: true },
      { name: 'accepted external to LB1', sourceIP: TEST_EXTERNAL_CLIENT, destIP: '1.2.3.4', destPort: 80, output: ep, masq: true },
      { name: 'accepted external to LB2', sourceIP: TEST_EXTERNAL_CLIENT, destIP: '5.6.7.8', destPort: 80, output: ep, masq: true },
      { name: 'blocked external to LB1', sourceIP: TEST_EXTERNAL_CLIENT_BLOCKED, destIP: '1.2.3.4', destPort: 80, output: 'DROP' },
      { name: 'blocked external to LB2', sourceIP: TEST_EXTERNAL_CLIENT_BLOCKED, destIP: '5.6.7.8', destPort: 80, output: 'DROP' },
      { name: 'pod to LB1 (blocked by LoadBalancerSourceRanges)', sourceIP: '10.0.0.2', destIP: '1.2.3.4', destPort: 80, output: 'DROP' },
      { name: 'pod to LB2 (blocked by LoadBalancerSourceRanges)', sourceIP: '10.0.0.2', destIP: '5.6.7.8', destPort: 80, output: 'DROP' },
      { name: 'node to LB1 (allowed by LoadBalancerSourceRanges)', sourceIP: TEST_NODE_IP, destIP: '1.2.3.4', destPort: 80, output: ep, masq: true },
      { name: 'node to LB2 (allowed by LoadBalancerSourceRanges)', sourceIP: TEST_NODE_IP, destIP: '5.6.7.8', destPort: 80, output: ep, masq: true },
      { name: 'same node to LB1, SNATted to LB1 (implicitly allowed)', sourceIP: '1.2.3.4', destIP: '1.2.3.4', destPort: 80, output: ep, masq: true },
      { name: 'same node to LB2, SNATted to LB2 (implicitly allowed)', sourceIP: '5.6.7.8', destIP: '5.6.7.8', destPort: 80, output: ep, masq: true },
    ]);
  });

  const twoEndpoints = 'endpoints: [{ addresses: [10.180.0.1] }, { addresses: [10.180.2.1], nodeName: test-node }]';
  const both = '10.180.0.1:80, 10.180.2.1:80';

  it('TestExternalTrafficPolicyLocal', () => {
    const yaml = LB_SVC(
      `  externalTrafficPolicy: Local
  externalIPs: [192.168.99.11]
  healthCheckNodePort: 30000
status: { loadBalancer: { ingress: [{ ip: 1.2.3.4 }] } }`,
      twoEndpoints,
    );
    run(yaml, [
      { name: 'pod to cluster IP hits both endpoints, unmasqueraded', sourceIP: '10.0.0.2', destIP: '172.30.0.41', destPort: 80, output: both },
      { name: 'pod to external IP hits both endpoints, unmasqueraded', sourceIP: '10.0.0.2', destIP: '192.168.99.11', destPort: 80, output: both },
      { name: 'external to external IP hits only local endpoint, unmasqueraded', sourceIP: TEST_EXTERNAL_CLIENT, destIP: '192.168.99.11', destPort: 80, output: '10.180.2.1:80' },
      { name: 'pod to LB IP hits only both endpoints, unmasqueraded', sourceIP: '10.0.0.2', destIP: '1.2.3.4', destPort: 80, output: both },
      { name: 'external to LB IP hits only local endpoint, unmasqueraded', sourceIP: TEST_EXTERNAL_CLIENT, destIP: '1.2.3.4', destPort: 80, output: '10.180.2.1:80' },
      { name: 'pod to NodePort hits both endpoints, unmasqueraded', sourceIP: '10.0.0.2', destIP: TEST_NODE_IP, destPort: 3001, output: both },
      { name: 'external to NodePort hits only local endpoint, unmasqueraded', sourceIP: TEST_EXTERNAL_CLIENT, destIP: TEST_NODE_IP, destPort: 3001, output: '10.180.2.1:80' },
    ]);
  });

  it('TestExternalTrafficPolicyCluster', () => {
    const yaml = LB_SVC(
      `  externalTrafficPolicy: Cluster
  externalIPs: [192.168.99.11]
status: { loadBalancer: { ingress: [{ ip: 1.2.3.4 }] } }`,
      twoEndpoints,
    );
    run(yaml, [
      { name: 'pod to cluster IP hits both endpoints, unmasqueraded', sourceIP: '10.0.0.2', destIP: '172.30.0.41', destPort: 80, output: both, masq: false },
      { name: 'pod to external IP hits both endpoints, masqueraded', sourceIP: '10.0.0.2', destIP: '192.168.99.11', destPort: 80, output: both, masq: true },
      { name: 'external to external IP hits both endpoints, masqueraded', sourceIP: TEST_EXTERNAL_CLIENT, destIP: '192.168.99.11', destPort: 80, output: both, masq: true },
      { name: 'pod to LB IP hits both endpoints, masqueraded', sourceIP: '10.0.0.2', destIP: '1.2.3.4', destPort: 80, output: both, masq: true },
      { name: 'external to LB IP hits both endpoints, masqueraded', sourceIP: TEST_EXTERNAL_CLIENT, destIP: '1.2.3.4', destPort: 80, output: both, masq: true },
      { name: 'pod to NodePort hits both endpoints, masqueraded', sourceIP: '10.0.0.2', destIP: TEST_NODE_IP, destPort: 3001, output: both, masq: true },
      { name: 'external to NodePort hits both endpoints, masqueraded', sourceIP: TEST_EXTERNAL_CLIENT, destIP: TEST_NODE_IP, destPort: 3001, output: both, masq: true },
    ]);
  });

  describe('TestNodePorts flows (IPv4)', () => {
    const yaml = `
apiVersion: v1
kind: Service
metadata: { namespace: ns1, name: svc1 }
spec: { type: NodePort, clusterIP: 172.30.0.41, ports: [{ name: p80, port: 80, protocol: TCP, nodePort: 3001 }] }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { namespace: ns1, name: svc1-1, labels: { kubernetes.io/service-name: svc1 } }
addressType: IPv4
endpoints: [{ addresses: [10.180.0.1] }, { addresses: [10.180.2.1], nodeName: test-node }]
ports: [{ name: p80, port: 80, protocol: TCP }]
`;
    const cases = [
      { name: 'localhost-nodeports enabled', lnp: true, npa: [] as string[], alt: true },
      { name: 'localhost-nodeports disabled', lnp: false, npa: [], alt: true },
      { name: 'localhost in nodeport-addresses but disabled', lnp: false, npa: ['192.168.0.0/24', '127.0.0.1/32'], alt: false },
      { name: 'multiple nodeport-addresses', lnp: false, npa: ['192.168.0.0/24', '192.168.1.0/24', '2001:db8::/64'], alt: true },
    ];
    for (const c of cases) {
      it(c.name, () => {
        run(
          yaml,
          [
            { name: 'pod to cluster IP', sourceIP: '10.0.0.2', destIP: '172.30.0.41', destPort: 80, output: both, masq: false },
            { name: 'external to nodePort', sourceIP: TEST_EXTERNAL_CLIENT, destIP: TEST_NODE_IP, destPort: 3001, output: both, masq: true },
            { name: 'node to nodePort', sourceIP: TEST_NODE_IP, destIP: TEST_NODE_IP, destPort: 3001, output: both, masq: true },
            c.lnp
              ? { name: 'localhost to nodePort gets masqueraded', sourceIP: '127.0.0.1', destIP: '127.0.0.1', destPort: 3001, output: both, masq: true }
              : { name: 'localhost to nodePort is ignored', sourceIP: '127.0.0.1', destIP: '127.0.0.1', destPort: 3001, output: '' },
            c.alt
              ? { name: 'external to nodePort on secondary IP', sourceIP: TEST_EXTERNAL_CLIENT, destIP: '192.168.1.2', destPort: 3001, output: both, masq: true }
              : { name: 'secondary nodeIP ignores NodePorts', sourceIP: TEST_EXTERNAL_CLIENT, destIP: '192.168.1.2', destPort: 3001, output: '' },
          ],
          upstreamConfig({ localhostNodePorts: c.lnp, nodePortAddresses: c.npa }),
        );
      });
    }
  });

  it('statistic branches give each endpoint 1/n', () => {
    const eps = Array.from({ length: 7 }, (_, i) => `{ addresses: [10.1.0.${i + 1}] }`).join(', ');
    const yaml = `
apiVersion: v1
kind: Service
metadata: { namespace: a, name: s }
spec: { clusterIP: 10.96.0.15, ports: [{ port: 80 }] }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { namespace: a, name: s-1, labels: { kubernetes.io/service-name: s } }
addressType: IPv4
endpoints: [${eps}]
ports: [{ name: "", port: 8080, protocol: TCP }]
`;
    const { text } = iptablesRules(inputsFromYaml(yaml), upstreamConfig());
    const out = tracePacket(compileRuleSet(parseDump(text).dump), { src: '10.0.0.2', dst: '10.96.0.15', dport: 80, protocol: 'tcp' }, { localAddresses: TEST_NODE_IPS });
    expect(out).toHaveLength(7);
    for (const o of out) expect(Math.abs(o.probability - 1 / 7)).toBeLessThan(1e-9);
  });
});
