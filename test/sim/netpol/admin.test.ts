/**
 * AdminNetworkPolicy → NetworkPolicy → BaselineAdminNetworkPolicy on one hand-made example. Expectations
 * follow the v1alpha1 API text (kubernetes-sigs/network-policy-api apis/v1alpha1): ANP Deny is final, Pass
 * hands over to NetworkPolicy, BANP only applies where no NetworkPolicy isolates the pod.
 */
import { describe, expect, it } from 'vitest';
import { podAllowedOn } from '../../../src/sim/netpol/lookup.js';
import { reach } from '../../../src/sim/netpol/reach.js';
import type { ReachResult } from '../../../src/sim/netpol/reach.js';
import { compileNetpol } from '../../../src/sim/netpol/state.js';
import { namespaces, pod, resources } from './fixtures.js';

const pods = [pod('x', 'a', { pod: 'a' }), pod('x', 'b', { pod: 'b' }), pod('y', 'a', { pod: 'a' }), pod('z', 'a', { pod: 'a' })];
const policies = resources(`
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: guard-x}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: x}}}
  ingress:
  - {name: deny-y, action: Deny, from: [{namespaces: {matchLabels: {ns: y}}}]}
  - {name: pass-z, action: Pass, from: [{namespaces: {matchLabels: {ns: z}}}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: a-from-z, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {ns: z}}}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress:
  - {name: baseline-deny-z, action: Deny, from: [{namespaces: {matchLabels: {ns: z}}}]}
`);
const state = compileNetpol({ pods, namespaces: namespaces({ x: { ns: 'x' }, y: { ns: 'y' }, z: { ns: 'z' } }), resources: policies });
const m = state.matrix();
const allowed = (i: number, j: number): boolean => podAllowedOn(m, i, j, 'TCP', 80);

describe('admin tiers', () => {
  it('ANP Deny is final; Pass goes to NetworkPolicy; BANP applies where no NetworkPolicy isolates', () => {
    expect(allowed(2, 0)).toBe(false); // y/a -> x/a: ANP deny-y
    expect(allowed(2, 1)).toBe(false); // y/a -> x/b: ANP deny-y
    expect(allowed(3, 0)).toBe(true); // z/a -> x/a: ANP passes, a-from-z allows
    expect(allowed(3, 1)).toBe(false); // z/a -> x/b: ANP passes, no NP isolates x/b, BANP denies z
    expect(allowed(1, 0)).toBe(false); // x/b -> x/a: no ANP rule, a-from-z isolates x/a
    expect(allowed(0, 1)).toBe(true); // x/a -> x/b: no ANP rule, no NP, no BANP rule
    expect(state.problems).toEqual([]);
  });

  it('explains which tier decided', () => {
    const r = reach(state, 'y/a', 'x/a', { port: { protocol: 'TCP', port: 80 } }) as ReachResult;
    expect(r.pairs[0]!.groups[0]!.ingress).toBe("AdminNetworkPolicy 'guard-x' (priority 10) denies connections by Ingress rule #1 (deny-y)");
    const z = reach(state, 'z/a', 'x/b', { port: { protocol: 'TCP', port: 80 } }) as ReachResult;
    expect(z.pairs[0]!.groups[0]!.ingress).toBe(
      "AdminNetworkPolicy 'guard-x' (priority 10) passes connections by Ingress rule #2 (pass-z); no NetworkPolicy selects x/b for Ingress; BaselineAdminNetworkPolicy 'default' denies connections by Ingress rule #1 (baseline-deny-z)",
    );
  });

  it('reports ANPs sharing a priority', () => {
    const two = resources(`
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: p1}
spec: {priority: 5, subject: {namespaces: {}}, ingress: []}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: p2}
spec: {priority: 5, subject: {namespaces: {}}, ingress: []}
`);
    const s = compileNetpol({ pods, namespaces: namespaces({ x: {} }), resources: two });
    expect(s.problems.map((p) => p.code)).toEqual(['netpol-admin-same-priority']);
  });
});
