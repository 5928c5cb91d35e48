/**
 * `reach` on the bookinfo policies: reviews is reachable only from productpage (network-policies.md: policies
 * are additive, so the deny-all next to the allow changes nothing for productpage), with explanations in
 * netpol-analyzer's wording; Services are followed to their endpoints' target ports.
 */
import { describe, expect, it } from 'vitest';
import { formatReachText, reach } from '../../../src/sim/netpol/reach.js';
import type { ReachResult } from '../../../src/sim/netpol/reach.js';
import { compileNetpol } from '../../../src/sim/netpol/state.js';
import { bookinfoNamespaces, bookinfoPods, bookinfoPolicies, bookinfoServices } from './bookinfo.js';
import { namespaces, pod, resources } from './fixtures.js';

const state = compileNetpol({ pods: bookinfoPods, namespaces: bookinfoNamespaces, resources: bookinfoPolicies, services: bookinfoServices });

function ok(r: ReachResult | { error: string }): ReachResult {
  if ('error' in r) throw new Error(r.error);
  return r;
}

describe('reach on bookinfo', () => {
  it('productpage reaches reviews-v1 on 9080, allowed by reviews-allow-from-product rule #1', () => {
    const r = ok(reach(state, 'bookinfo/productpage-v1', 'deploy/bookinfo/reviews-v1', { port: { protocol: 'TCP', port: 9080 } }));
    expect(r.summary).toBe('allowed');
    expect(r.pairs).toHaveLength(1);
    const g = r.pairs[0]!.groups[0]!;
    expect(g.verdict).toBe('allowed');
    expect(g.egress).toBe('no NetworkPolicy selects bookinfo/productpage-v1-0 for Egress');
    expect(g.ingress).toBe("NetworkPolicy 'bookinfo/reviews-allow-from-product' allows connections by Ingress rule #1");
  });

  it('ratings is denied, and the explanation names the selecting policies', () => {
    const r = ok(reach(state, 'deploy/bookinfo/ratings-v1', 'deploy/bookinfo/reviews-v1', { port: { protocol: 'TCP', port: 9080 } }));
    expect(r.summary).toBe('denied');
    expect(r.pairs[0]!.groups[0]!.ingress).toBe(
      "'bookinfo/reviews-allow-from-product', 'bookinfo/reviews-deny-all-ingress' select bookinfo/reviews-v1-0, but bookinfo/ratings-v1-0 is allowed by no Ingress rule",
    );
  });

  it('without --port: every port from productpage, nothing from details', () => {
    const r = ok(reach(state, 'bookinfo/productpage-v1-0', 'bookinfo/reviews-v2-0'));
    expect(r.pairs[0]!.allowed).toBe('All Connections');
    const d = ok(reach(state, 'bookinfo/details-v1-0', 'bookinfo/reviews-v2-0'));
    expect(d.pairs[0]!.allowed).toBe('No Connections');
    expect(d.summary).toBe('denied');
  });

  it('through a Service: to every endpoint, on the named targetPort resolved per pod', () => {
    const r = ok(reach(state, 'bookinfo/productpage-v1', 'svc/bookinfo/reviews:9080'));
    expect(r.pairs.map((p) => p.destinations[0])).toEqual(['bookinfo/reviews-v1-0', 'bookinfo/reviews-v2-0', 'bookinfo/reviews-v3-0']);
    for (const p of r.pairs) {
      expect(p.via).toBe('svc/bookinfo/reviews port 9080/TCP -> targetPort http (9080)');
      expect(p.groups[0]!.verdict).toBe('allowed');
    }
    expect(r.summary).toBe('allowed');
  });

  it('from outside the cluster: denied to reviews, allowed to productpage', () => {
    expect(ok(reach(state, 'external', 'deploy/bookinfo/reviews-v3', { port: { protocol: 'TCP', port: 9080 } })).summary).toBe('denied');
    expect(ok(reach(state, '203.0.113.7', 'deploy/bookinfo/productpage-v1', { port: { protocol: 'TCP', port: 9080 } })).summary).toBe('allowed');
  });

  it('a pod may always reach itself', () => {
    const r = ok(reach(state, 'bookinfo/reviews-v1-0', 'bookinfo/reviews-v1-0'));
    expect(r.pairs[0]!.groups[0]!.egress).toBe('a pod may always reach itself');
    expect(r.summary).toBe('allowed');
  });

  it('unknown targets are errors with a hint, not exceptions', () => {
    expect(reach(state, 'bookinfo/nope', 'bookinfo/reviews-v1-0')).toEqual({
      error: 'SRC: no pod or workload bookinfo/nope in the dry run (use ns/pod, deploy/ns/name, svc/ns/name[:port], external or a CIDR)',
    });
    expect('error' in reach(state, 'bookinfo/productpage-v1', 'svc/bookinfo/reviews:80')).toBe(true);
  });

  it('prints a readable text report', () => {
    const r = ok(reach(state, 'deploy/bookinfo/ratings-v1', 'deploy/bookinfo/reviews-v1', { port: { protocol: 'TCP', port: 9080 } }));
    expect(formatReachText(r)).toBe(
      [
        'deploy/bookinfo/ratings-v1 => deploy/bookinfo/reviews-v1: denied',
        '',
        'bookinfo/ratings-v1-0 => bookinfo/reviews-v1-0 : No Connections',
        '  TCP 9080: denied',
        '    egress:  no NetworkPolicy selects bookinfo/ratings-v1-0 for Egress',
        "    ingress: 'bookinfo/reviews-allow-from-product', 'bookinfo/reviews-deny-all-ingress' select bookinfo/reviews-v1-0, but bookinfo/ratings-v1-0 is allowed by no Ingress rule",
        '',
      ].join('\n'),
    );
  });
});

describe('implementation-defined verdicts', () => {
  const pods = [pod('x', 'a', { pod: 'a' }, { ip: '10.0.0.1' }), pod('x', 'h', { pod: 'h' }, { ip: '192.168.0.10', hostNetwork: true }), pod('x', 'b', { pod: 'b' }, { ip: '10.0.0.2' })];
  const policies = resources(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress-cidr, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 10.0.0.0/24}}]
`);
  const s = compileNetpol({ pods, namespaces: namespaces({ x: {} }), resources: policies });

  it('a hostNetwork pod makes the verdict implementation-defined (network-policies.md "NetworkPolicy and hostNetwork pods")', () => {
    const r = ok(reach(s, 'x/h', 'x/b', { port: { protocol: 'TCP', port: 80 } }));
    expect(r.summary).toBe('implementation-defined');
    expect(r.pairs[0]!.groups[0]!.notes[0]).toMatch(/^x\/h uses hostNetwork/);
  });

  it('ICMP and other protocols are implementation-defined (network-policies.md "Network traffic filtering")', () => {
    expect(ok(reach(s, 'x/a', 'x/b', { port: { protocol: 'ICMP', port: 1 } })).summary).toBe('implementation-defined');
  });

  it('an ipBlock covering a pod IP decides as upstream e2e, with a note, or not with --ipblock-matches-pods=false', () => {
    const r = ok(reach(s, 'x/a', 'x/b', { port: { protocol: 'TCP', port: 80 } }));
    expect(r.summary).toBe('allowed');
    expect(r.pairs[0]!.groups[0]!.notes.join()).toMatch(/ipBlock covering a pod IP/);
    const off = compileNetpol({ pods, namespaces: namespaces({ x: {} }), resources: policies }, { ipBlockMatchesPods: false });
    expect(ok(reach(off, 'x/a', 'x/b', { port: { protocol: 'TCP', port: 80 } })).summary).toBe('denied');
  });

  // network-policies.md, ipBlock: "cluster-external IPs"; whether pod IPs match is the CNI's choice
  // (upstream e2e "should allow egress access to server in CIDR block" expects a match, Cilium does not).
  it('with --ipblock-matches-pods=unknown, a connection an ipBlock over a pod IP decides depends on the CNI', () => {
    const unknown = compileNetpol({ pods, namespaces: namespaces({ x: {} }), resources: policies }, { ipBlockMatchesPods: 'unknown' });
    const r = ok(reach(unknown, 'x/a', 'x/b', { port: { protocol: 'TCP', port: 80 } }));
    expect(r.summary).toBe('depends-on-cni');
    const g = r.pairs[0]!.groups[0]!;
    expect(g.verdict).toBe('depends-on-cni');
    expect(g.egress).toBe("if ipBlocks match pod IPs: NetworkPolicy 'x/egress-cidr' allows connections by Egress rule #1; if not: 'x/egress-cidr' selects x/a, but x/b is allowed by no Egress rule");
    expect(g.notes[0]).toMatch(/^depends on the CNI: allowed if ipBlocks match pod IPs \(upstream e2e\), denied if they do not/);
    expect(r.pairs[0]!.allowed).toBe('No Connections');
    expect(formatReachText(r).split('\n').slice(0, 4)).toEqual(['x/a => x/b: depends on the CNI', '', 'x/a => x/b : No Connections', '  TCP 80: depends on the CNI']);
    // Traffic to an address outside the cluster does not depend on it: 10.0.0.9 is no pod.
    expect(ok(reach(unknown, 'x/a', '10.0.0.9', { port: { protocol: 'TCP', port: 80 } })).summary).toBe('allowed');
    // Nor does a pair no ipBlock decides: b's egress is not isolated, a's ingress neither.
    expect(ok(reach(unknown, 'x/b', 'x/a', { port: { protocol: 'TCP', port: 80 } })).summary).toBe('allowed');
  });
});

describe('traffic from a node', () => {
  // kubernetes/api networking/v1 types.go NetworkPolicySpec.Ingress: "...OR if the traffic source is the pod's local node".
  const pods = [pod('x', 'a', { pod: 'a' }, { ip: '10.0.0.1' }), { ...pod('x', 'b', { pod: 'b' }, { ip: '10.0.0.2' }), nodeName: 'node-2', hostIP: '192.168.0.11' }];
  const denyAll = resources(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress]}
`);
  const s = compileNetpol({ pods, namespaces: namespaces({ x: {} }), resources: denyAll });

  it("is always allowed into the node's own pods, and judged by address elsewhere", () => {
    const r = ok(reach(s, 'node/node-1', 'x/a', { port: { protocol: 'TCP', port: 8080 } }));
    expect(r.summary).toBe('allowed');
    expect(r.pairs[0]!.groups[0]!.ingress).toBe("traffic from the pod's own node (node-1) is always allowed");
    expect(ok(reach(s, 'node/node-1', 'x/b', { port: { protocol: 'TCP', port: 8080 } })).summary).toBe('denied');
  });
});

describe('pods without an IP', () => {
  it('note that no ipBlock can match them', () => {
    const pods = [pod('x', 'a', { pod: 'a' }, { ip: '10.0.0.1' }), pod('x', 'b', { pod: 'b' })];
    const p = resources(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-cidr, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress:
  - from: [{ipBlock: {cidr: 10.0.0.0/8}}]
`);
    const r = ok(reach(compileNetpol({ pods, namespaces: namespaces({ x: {} }), resources: p }), 'x/b', 'x/a', { port: { protocol: 'TCP', port: 80 } }));
    expect(r.summary).toBe('denied');
    expect(r.pairs[0]!.groups[0]!.notes).toEqual(['x/b has no IP in the dry run, so no ipBlock can match it: the verdict may change once it has one']);
  });
});
