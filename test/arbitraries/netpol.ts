/** fast-check arbitraries for random clusters and NetworkPolicies (small alphabets, so selectors often hit). */
import fc from 'fast-check';
import type { SimNamespace, SimPod } from '../../src/sim/types.js';
import { namespaces, pod } from '../sim/netpol/fixtures.js';

export type RawPolicy = Record<string, unknown>;

const NS = ['x', 'y', 'z'] as const;

export const selectorArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constant({}),
  fc.record({ matchLabels: fc.record({ pod: fc.constantFrom('a', 'b', 'c') }) }),
  fc.record({ matchLabels: fc.record({ app: fc.constantFrom('web', 'db') }) }),
  fc.record({
    matchExpressions: fc.tuple(fc.constantFrom('In', 'NotIn'), fc.subarray(['a', 'b', 'c'], { minLength: 1 })).map(([operator, values]) => [
      { key: 'pod', operator, values },
    ]),
  }),
  fc.record({ matchExpressions: fc.constantFrom('Exists', 'DoesNotExist').map((operator) => [{ key: 'app', operator }]) }),
);

const nsSelectorArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constant({}),
  fc.record({ matchLabels: fc.record({ ns: fc.constantFrom('x', 'y', 'z') }) }),
  fc.record({ matchLabels: fc.record({ 'kubernetes.io/metadata.name': fc.constantFrom('x', 'y', 'w') }) }),
  fc.record({ matchLabels: fc.record({ team: fc.constantFrom('red', 'blue') }) }),
);

const ipBlockArb = fc.constantFrom(
  { cidr: '10.0.0.0/16' },
  { cidr: '10.0.1.0/24', except: ['10.0.1.0/28'] },
  { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] },
  { cidr: '10.0.2.7/4' },
  { cidr: '10.0.2.5/32' },
  { cidr: 'fd00::/64' },
  { cidr: '::/0', except: ['fd00::/120'] },
);

const peerArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ podSelector: selectorArb }),
  fc.record({ namespaceSelector: nsSelectorArb }),
  fc.record({ podSelector: selectorArb, namespaceSelector: nsSelectorArb }),
  fc.record({ ipBlock: ipBlockArb }),
);

const portArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ port: fc.constantFrom(53, 80, 443, 8080, 9000) }, { requiredKeys: ['port'] }),
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'), port: fc.constantFrom(53, 80, 8080) }),
  fc.record({ port: fc.constantFrom(80, 8000), endPort: fc.constantFrom(8080, 9000) }),
  fc.record({ port: fc.constantFrom('http', 'dns', 'metrics') }),
  fc.record({ protocol: fc.constantFrom('UDP', 'SCTP'), port: fc.constantFrom('dns', 'http') }),
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP') }),
  fc.constant({}),
);

export const ruleArb = (dir: 'ingress' | 'egress'): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(
    {
      [dir === 'ingress' ? 'from' : 'to']: fc.array(peerArb, { maxLength: 2 }),
      ports: fc.array(portArb, { maxLength: 2 }),
    },
    { requiredKeys: [] },
  );

let counter = 0;
export const policyArb: fc.Arbitrary<RawPolicy> = fc
  .record(
    {
      ns: fc.constantFrom(...NS),
      podSelector: selectorArb,
      policyTypes: fc.constantFrom(undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']),
      ingress: fc.option(fc.array(ruleArb('ingress'), { maxLength: 3 }), { nil: undefined }),
      egress: fc.option(fc.array(ruleArb('egress'), { maxLength: 3 }), { nil: undefined }),
    },
    { requiredKeys: ['ns', 'podSelector'] },
  )
  .map((p) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `p${counter++}`, namespace: p.ns },
    spec: {
      podSelector: p.podSelector,
      ...(p.policyTypes ? { policyTypes: p.policyTypes } : {}),
      ...(p.ingress ? { ingress: p.ingress } : {}),
      ...(p.egress ? { egress: p.egress } : {}),
    },
  }));

const podPortsArb = fc.subarray(
  [
    { name: 'http', port: 80 },
    { name: 'http', port: 8080 },
    { name: 'dns', port: 53, protocol: 'UDP' },
    { name: 'dns', port: 5353, protocol: 'TCP' },
    { name: 'metrics', port: 9000 },
    { port: 443 },
  ],
  { maxLength: 3 },
).map((ps) => {
  // One container cannot declare the same name twice; keep the first.
  const seen = new Set<string>();
  return ps.filter((p) => (p.name === undefined || !seen.has(p.name + (p.protocol ?? 'TCP')) ? (p.name && seen.add(p.name + (p.protocol ?? 'TCP')), true) : false));
});

export interface RandomCluster {
  readonly pods: SimPod[];
  readonly namespaces: Map<string, SimNamespace>;
  readonly policies: RawPolicy[];
}

export const clusterArb: fc.Arbitrary<RandomCluster> = fc
  .record({
    teams: fc.record({ x: fc.constantFrom('red', 'blue'), y: fc.constantFrom('red', 'blue') }),
    pods: fc.array(
      fc.record({
        ns: fc.constantFrom('x', 'y', 'z', 'w'),
        pod: fc.constantFrom('a', 'b', 'c'),
        app: fc.option(fc.constantFrom('web', 'db'), { nil: undefined }),
        v6: fc.boolean(),
        ports: podPortsArb,
        noIp: fc.boolean(),
      }),
      { minLength: 1, maxLength: 7 },
    ),
    policies: fc.array(policyArb, { maxLength: 5 }),
  })
  .map(({ teams, pods, policies }) => ({
    // z has no team label; w is not declared at all (assumed, with only its name label).
    namespaces: namespaces({ x: { ns: 'x', team: teams.x }, y: { ns: 'y', team: teams.y }, z: { ns: 'z' } }),
    pods: pods.map((p, i) =>
      pod(p.ns, `${p.pod}-${i}`, { pod: p.pod, ...(p.app ? { app: p.app } : {}) }, {
        ...(p.noIp && i % 3 === 0 ? {} : { ip: p.v6 ? `fd00::${i + 1}` : `10.0.${i % 3}.${i + 1}` }),
        ports: p.ports,
        // Pods of one namespace with the same `pod` label form a workload (their app label and ports may differ).
        workload: { kind: 'Deployment', name: `w-${p.pod}` },
      }),
    ),
    policies,
  }));

/** Ports probed in property tests: every bound the arbitraries use, and a few in between. */
export const PROBES: readonly (readonly [string, number])[] = [
  ['TCP', 1],
  ['TCP', 53],
  ['TCP', 80],
  ['TCP', 443],
  ['TCP', 5353],
  ['TCP', 8000],
  ['TCP', 8080],
  ['TCP', 8500],
  ['TCP', 9000],
  ['TCP', 9001],
  ['TCP', 65535],
  ['UDP', 53],
  ['UDP', 80],
  ['UDP', 8080],
  ['SCTP', 80],
  ['SCTP', 9000],
];

/** External addresses probed (inside and outside the ipBlocks the arbitraries use). */
export const EXTERNAL_IPS: readonly string[] = ['8.8.8.8', '10.0.1.3', '10.0.1.100', '10.0.2.5', '10.200.0.1', 'fd00::9', 'fd00::1:0', '2001:db8::1'];

const adminPeerArb = (egress: boolean): fc.Arbitrary<Record<string, unknown>> =>
  fc.oneof(
    fc.record({ namespaces: nsSelectorArb }),
    fc.record({ pods: fc.record({ namespaceSelector: nsSelectorArb, podSelector: selectorArb }) }),
    ...(egress ? [fc.record({ networks: fc.subarray(['10.0.0.0/16', '10.0.1.0/24', '0.0.0.0/0', 'fd00::/64', '10.0.2.5/32'], { minLength: 1, maxLength: 2 }) })] : []),
  );

const adminPortArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ portNumber: fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'), port: fc.constantFrom(53, 80, 443, 8080) }) }),
  fc.record({ portRange: fc.record({ protocol: fc.constantFrom('TCP', 'UDP'), start: fc.constantFrom(80, 8000), end: fc.constantFrom(8080, 9000) }) }),
  fc.record({ namedPort: fc.constantFrom('http', 'dns', 'metrics') }),
);

const adminRuleArb = (dir: 'ingress' | 'egress', actions: readonly string[]): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(
    {
      name: fc.constantFrom('r1', 'r2'),
      action: fc.constantFrom(...actions),
      [dir === 'ingress' ? 'from' : 'to']: fc.array(adminPeerArb(dir === 'egress'), { minLength: 1, maxLength: 2 }),
      ports: fc.array(adminPortArb, { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: ['name', 'action', dir === 'ingress' ? 'from' : 'to'] },
  );

const subjectArb = fc.oneof(fc.record({ namespaces: nsSelectorArb }), fc.record({ pods: fc.record({ namespaceSelector: nsSelectorArb, podSelector: selectorArb }) }));

let anpCounter = 0;
export const anpArb: fc.Arbitrary<RawPolicy> = fc
  .record({
    priority: fc.integer({ min: 0, max: 3 }),
    subject: subjectArb,
    ingress: fc.array(adminRuleArb('ingress', ['Allow', 'Deny', 'Pass']), { maxLength: 2 }),
    egress: fc.array(adminRuleArb('egress', ['Allow', 'Deny', 'Pass']), { maxLength: 2 }),
  })
  .map((spec) => ({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: `anp-${anpCounter++}` }, spec }));

export const banpArb: fc.Arbitrary<RawPolicy> = fc
  .record({
    subject: subjectArb,
    ingress: fc.array(adminRuleArb('ingress', ['Allow', 'Deny']), { maxLength: 2 }),
    egress: fc.array(adminRuleArb('egress', ['Allow', 'Deny']), { maxLength: 2 }),
  })
  .map((spec) => ({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'default' }, spec }));

/** ANPs with distinct priorities (equal ones are undefined upstream) and an optional BANP. */
export const adminArb: fc.Arbitrary<RawPolicy[]> = fc
  .tuple(fc.array(anpArb, { maxLength: 3 }), fc.option(banpArb, { nil: undefined }))
  .map(([anps, banp]) => [
    ...anps.map((a, i) => ({ ...a, spec: { ...(a.spec as Record<string, unknown>), priority: i * 10 + Number((a.spec as { priority: number }).priority) } })),
    ...(banp ? [banp] : []),
  ]);
