/**
 * Upstream e2e NetworkPolicy scenarios restated as our manifests, each with the truth table its e2e test
 * expects. Source: kubernetes/kubernetes:test/e2e/network/netpol/network_policy.go — the test names below
 * are the `f.It(...)` names; expectations are transcribed from their NewReachability / ExpectPeer /
 * ExpectAllIngress / ExpectAllEgress / Expect calls. Model (model.go): namespaces x, y, z labelled ns=<n>
 * (plus the automatic name label), pods labelled pod=<p>, container ports named serve-<port>-<proto>.
 * Loopback cells are ignored, as upstream does (ignoreLoopback, kubernetes/kubernetes#95879).
 */
import { describe, expect, it } from 'vitest';
import { formatTruthTable } from '../../../src/sim/netpol/format.js';
import { podAllowedOn } from '../../../src/sim/netpol/lookup.js';
import { compileNetpol } from '../../../src/sim/netpol/state.js';
import type { SimPod } from '../../../src/sim/types.js';
import { namespaces, pod, resources } from './fixtures.js';

const NS_INDEX: Record<string, number> = { x: 1, y: 2, z: 3 };
const POD_INDEX: Record<string, number> = { a: 1, b: 2, c: 3 };

function e2ePods(names: readonly string[]): SimPod[] {
  return names.map((n) => {
    const [ns, p] = n.split('/') as [string, string];
    const ports = [80, 81].flatMap((port) =>
      ['TCP', 'UDP', 'SCTP'].map((protocol) => ({ name: `serve-${port}-${protocol.toLowerCase()}`, port, protocol })),
    );
    return pod(ns, p, { pod: p }, { ip: `10.0.${NS_INDEX[ns]}.${POD_INDEX[p]}`, ports });
  });
}

/** NewReachability(all, true) and its Expect* helpers, over `ns/pod` strings. */
class Reachability {
  readonly table = new Map<string, boolean>();
  constructor(readonly pods: readonly string[]) {
    for (const a of pods) for (const b of pods) this.table.set(`${a}>${b}`, true);
  }
  private match(p: string, peer: { ns?: string; pod?: string }): boolean {
    const [ns, name] = p.split('/');
    return (peer.ns === undefined || peer.ns === ns) && (peer.pod === undefined || peer.pod === name);
  }
  expectPeer(from: { ns?: string; pod?: string }, to: { ns?: string; pod?: string }, v: boolean): this {
    for (const a of this.pods) for (const b of this.pods) if (this.match(a, from) && this.match(b, to)) this.table.set(`${a}>${b}`, v);
    return this;
  }
  expectAllIngress(to: string, v: boolean): this {
    for (const a of this.pods) this.table.set(`${a}>${to}`, v);
    return this;
  }
  expectAllEgress(from: string, v: boolean): this {
    for (const b of this.pods) this.table.set(`${from}>${b}`, v);
    return this;
  }
  expect(from: string, to: string, v: boolean): this {
    this.table.set(`${from}>${to}`, v);
    return this;
  }
}

interface Case {
  readonly name: string;
  readonly pods: readonly string[];
  readonly policies: string;
  readonly probes: readonly { readonly protocol: string; readonly port: number; readonly expect: (r: Reachability) => Reachability }[];
}

const np = (ns: string, name: string, spec: string): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n${spec}\n---\n`;

const CASES: Case[] = [
  {
    name: "should support a 'default-deny-ingress' policy",
    pods: ['x/a', 'x/b', 'y/a', 'y/b'],
    policies: np('x', 'deny-ingress', '  podSelector: {}\n  policyTypes: [Ingress]'),
    probes: [{ protocol: 'TCP', port: 80, expect: (r) => r.expectPeer({}, { ns: 'x' }, false) }],
  },
  {
    name: "should support a 'default-deny-all' policy",
    pods: ['x/a', 'x/b', 'y/a'],
    policies: np('x', 'deny-all', '  podSelector: {}\n  policyTypes: [Ingress, Egress]'),
    probes: [{ protocol: 'TCP', port: 80, expect: (r) => r.expectPeer({}, { ns: 'x' }, false).expectPeer({ ns: 'x' }, {}, false) }],
  },
  {
    name: 'should enforce policy to allow traffic from pods within server namespace based on PodSelector',
    pods: ['x/a', 'x/b', 'x/c', 'y/a'],
    policies: np('x', 'x-a-allows-x-b', '  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{podSelector: {matchLabels: {pod: b}}}]'),
    probes: [{ protocol: 'TCP', port: 80, expect: (r) => r.expectAllIngress('x/a', false).expect('x/b', 'x/a', true) }],
  },
  {
    name: 'should enforce policy to allow ingress traffic for a target',
    pods: ['x/a', 'x/b', 'y/a'],
    policies:
      np('x', 'deny-all', '  podSelector: {}\n  policyTypes: [Ingress]') +
      np('x', 'allow-all-to-a', '  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{podSelector: {}, namespaceSelector: {}}]'),
    probes: [{ protocol: 'TCP', port: 80, expect: (r) => r.expectAllIngress('x/a', true).expectAllIngress('x/b', false) }],
  },
  {
    name: 'should enforce policy to allow ingress traffic from pods in all namespaces',
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    policies: np('x', 'allow-from-another-ns', '  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {}}}]'),
    probes: [{ protocol: 'TCP', port: 80, expect: (r) => r }],
  },
  {
    name: 'should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector',
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    policies: np('x', 'allow-client-a-via-ns-selector', "  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': y}}}]"),
    probes: [{ protocol: 'TCP', port: 80, expect: (r) => r.expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false) }],
  },
  {
    name: 'should enforce policy based on PodSelector or NamespaceSelector',
    pods: ['x/a', 'x/b', 'x/c', 'y/a'],
    policies: np(
      'x',
      'allow-ns-y-match-selector',
      '  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress]\n  ingress:\n  - from:\n    - namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]}\n    - podSelector: {matchLabels: {pod: b}}',
    ),
    probes: [{ protocol: 'TCP', port: 80, expect: (r) => r.expect('x/a', 'x/a', false).expect('x/c', 'x/a', false) }],
  },
  {
    name: 'should enforce policy based on PodSelector and NamespaceSelector',
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/b'],
    policies: np(
      'x',
      'allow-ns-y-podselector-and-nsselector',
      '  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress]\n  ingress:\n  - from:\n    - namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]}\n      podSelector: {matchLabels: {pod: b}}',
    ),
    probes: [{ protocol: 'TCP', port: 80, expect: (r) => r.expectAllIngress('x/a', false).expect('y/b', 'x/a', true).expect('z/b', 'x/a', true) }],
  },
  {
    name: 'should enforce policy based on Multiple PodSelectors and NamespaceSelectors',
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'y/c'],
    policies: np(
      'x',
      'allow-ns-y-z-pod-b-c',
      '  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress]\n  ingress:\n  - from:\n    - namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]}\n      podSelector: {matchExpressions: [{key: pod, operator: In, values: [b, c]}]}',
    ),
    probes: [{ protocol: 'TCP', port: 80, expect: (r) => r.expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expect('y/a', 'x/a', false) }],
  },
  {
    name: 'should enforce policy based on Ports',
    pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'],
    policies: np('x', 'allow-client-a-via-ns-selector', "  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': y}}}]\n    ports: [{port: 81, protocol: TCP}]"),
    probes: [
      {
        protocol: 'TCP',
        port: 81,
        expect: (r) => r.expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'y' }, { ns: 'x', pod: 'a' }, true).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false),
      },
      // "should enforce multiple, stacked policies with overlapping podSelectors", first step: port 80 denied.
      { protocol: 'TCP', port: 80, expect: (r) => r.expectAllIngress('x/a', false) },
    ],
  },
  {
    name: 'should allow ingress access on one named port',
    pods: ['x/a', 'x/b', 'y/a'],
    policies: np('x', 'allow-all', '  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n  - ports: [{port: serve-81-tcp}]'),
    probes: [
      { protocol: 'TCP', port: 81, expect: (r) => r },
      { protocol: 'TCP', port: 80, expect: (r) => r.expectPeer({}, { ns: 'x' }, false) },
    ],
  },
  {
    name: 'should allow ingress access from namespace on one named port',
    pods: ['x/a', 'x/b', 'y/a', 'z/a'],
    policies: np('x', 'allow-client-a-via-ns-selector-80', "  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': y}}}]\n    ports: [{port: serve-80-tcp, protocol: TCP}]"),
    probes: [
      { protocol: 'TCP', port: 80, expect: (r) => r.expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false) },
      { protocol: 'TCP', port: 81, expect: (r) => r.expectAllIngress('x/a', false) },
    ],
  },
  {
    name: 'should allow egress access on one named port',
    pods: ['x/a', 'y/a'],
    policies: np('x', 'allow-egress', '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - ports: [{port: serve-80-tcp}]'),
    probes: [
      { protocol: 'TCP', port: 80, expect: (r) => r },
      { protocol: 'TCP', port: 81, expect: (r) => r.expectPeer({ ns: 'x' }, {}, false) },
    ],
  },
  {
    name: 'should enforce multiple ingress policies with ingress allow-all policy taking precedence',
    pods: ['x/a', 'y/a'],
    policies:
      np('x', 'allow-ingress-port-80', '  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n  - ports: [{port: 80}]') +
      np('x', 'allow-ingress', '  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n  - {}'),
    probes: [{ protocol: 'TCP', port: 81, expect: (r) => r }],
  },
  {
    name: 'should enforce multiple egress policies with egress allow-all policy taking precedence (first step)',
    pods: ['x/a', 'y/a'],
    policies: np('x', 'allow-egress-port-80', '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - ports: [{port: 80}]'),
    probes: [{ protocol: 'TCP', port: 81, expect: (r) => r.expectPeer({ ns: 'x' }, {}, false) }],
  },
  {
    name: 'should allow egress access to server in CIDR block',
    pods: ['x/a', 'y/a', 'y/b'],
    policies: np('x', 'allow-client-a-via-cidr-egress-rule', '  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: 10.0.2.2/32}}]'),
    probes: [{ protocol: 'TCP', port: 80, expect: (r) => r.expectAllEgress('x/a', false).expect('x/a', 'y/b', true) }],
  },
  {
    name: 'should enforce except clause while egress access to server in CIDR block',
    pods: ['x/a', 'x/b', 'x/c'],
    // makeLargeCIDRForIP gives `<podIP>/4`: upstream uses it with host bits set.
    policies: np('x', 'allow-client-a-via-cidr-egress-rule', '  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: 10.0.1.2/4, except: [10.0.1.2/32]}}]'),
    probes: [{ protocol: 'TCP', port: 80, expect: (r) => r.expect('x/a', 'x/b', false) }],
  },
  {
    name: 'should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed (after update)',
    pods: ['x/a', 'x/b', 'x/c'],
    policies: np('x', 'allow-client-a-via-cidr-egress-rule', '  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: 10.0.1.2/32}}]'),
    probes: [{ protocol: 'TCP', port: 80, expect: (r) => r.expectAllEgress('x/a', false).expect('x/a', 'x/b', true) }],
  },
  {
    name: 'should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector',
    pods: ['x/a', 'x/b', 'y/a'],
    policies:
      np('x', 'allow-egress-for-target', '  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]\n  egress:\n  - {}') +
      np('x', 'deny-ingress-via-label-selector', '  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress]'),
    probes: [{ protocol: 'TCP', port: 80, expect: (r) => r.expectAllIngress('x/a', false) }],
  },
  {
    name: "should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP",
    pods: ['x/a', 'y/a'],
    policies:
      np('x', 'deny-ingress', '  podSelector: {}\n  policyTypes: [Ingress]') +
      np('x', 'allow-only-sctp-ingress-on-port-81', '  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress]\n  ingress:\n  - ports: [{port: 81, protocol: SCTP}]'),
    probes: [{ protocol: 'TCP', port: 81, expect: (r) => r.expectPeer({}, { ns: 'x' }, false) }],
  },
  {
    name: 'should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector',
    pods: ['x/a', 'y/a', 'y/b'],
    policies: np('x', 'allow-to-ns-y-pod-a', "  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': y}}, podSelector: {matchLabels: {pod: a}}}]"),
    probes: [{ protocol: 'TCP', port: 80, expect: (r) => r.expectAllEgress('x/a', false).expect('x/a', 'y/a', true) }],
  },
  {
    name: 'should enforce ingress policy allowing any port traffic to a server on a specific protocol',
    pods: ['x/a', 'y/a'],
    policies: np('x', 'allow-ingress-by-proto', '  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress]\n  ingress:\n  - ports: [{protocol: TCP}]'),
    probes: [
      { protocol: 'TCP', port: 80, expect: (r) => r },
      { protocol: 'UDP', port: 80, expect: (r) => r.expectPeer({}, { ns: 'x', pod: 'a' }, false) },
    ],
  },
  {
    name: 'should support allow-all policy',
    pods: ['x/a', 'x/b', 'y/a'],
    policies: np('x', 'allow-all', '  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n  - {}'),
    probes: [
      { protocol: 'TCP', port: 80, expect: (r) => r },
      { protocol: 'TCP', port: 81, expect: (r) => r },
    ],
  },
];

describe('upstream e2e scenarios (kubernetes/kubernetes test/e2e/network/netpol)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const pods = e2ePods(c.pods);
      const state = compileNetpol({ pods, namespaces: namespaces({ x: { ns: 'x' }, y: { ns: 'y' }, z: { ns: 'z' } }), resources: resources(c.policies) });
      expect(state.problems).toEqual([]);
      const m = state.matrix();
      for (const probe of c.probes) {
        const want = probe.expect(new Reachability(c.pods));
        const wrong: string[] = [];
        c.pods.forEach((a, i) =>
          c.pods.forEach((b, j) => {
            if (i === j) return; // ignoreLoopback
            const got = podAllowedOn(m, i, j, probe.protocol, probe.port);
            if (got !== want.table.get(`${a}>${b}`)) wrong.push(`${a} -> ${b}: expected ${want.table.get(`${a}>${b}`) ? '.' : 'X'}`);
          }),
        );
        expect(wrong, `${probe.protocol}/${probe.port}\n${formatTruthTable(m, probe.protocol, probe.port)}`).toEqual([]);
      }
    });
  }
});
