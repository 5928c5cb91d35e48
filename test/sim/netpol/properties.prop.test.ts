/**
 * Invariants of NetworkPolicy reachability (issue 7), on random clusters and policies:
 * - adding a rule to a policy never removes a connection (when it does not change the policy's effective
 *   policyTypes: with policyTypes defaulted, the first egress rule turns on egress isolation —
 *   kubernetes/kubernetes pkg/apis/networking/v1/defaults.go — which is exactly the case this excludes);
 * - a new policy that selects a pod for a direction in which it was already isolated only adds connections,
 *   and one that newly isolates it only removes them;
 * - the diff of a set with itself is empty;
 * - aggregation by workload is the intersection of its pod pairs' verdicts, and `uniform` says when they agree;
 *   with ipBlocks and pod IPs unknown, `dependsOnCni` holds what every pod pair may have on one CNI but not on all;
 * - `reach` on the cut-down input equals `reach` on the whole input (admin tiers included).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffMatrices } from '../../../src/sim/netpol/diff.js';
import type { ClassMatrix } from '../../../src/sim/netpol/engine.js';
import { hasBit } from '../../../src/sim/netpol/bitset.js';
import { podAllowedOn } from '../../../src/sim/netpol/lookup.js';
import { connSetHas } from '../../../src/sim/netpol/ports.js';
import type { Protocol } from '../../../src/sim/netpol/ports.js';
import { reach, reachInput } from '../../../src/sim/netpol/reach.js';
import { compileNetpol } from '../../../src/sim/netpol/state.js';
import { workloadMatrix } from '../../../src/sim/netpol/workloads.js';
import { PROBES, adminArb, clusterArb, policyArb, ruleArb } from '../../arbitraries/netpol.js';
import type { RandomCluster, RawPolicy } from '../../arbitraries/netpol.js';
import { resource } from './fixtures.js';

function matrixOf(c: RandomCluster, policies: readonly RawPolicy[] = c.policies): ClassMatrix {
  return compileNetpol({ pods: c.pods, namespaces: c.namespaces, resources: policies.map((p, i) => resource(p, 'p.yaml', i)) }).matrix();
}

function forAllConnections(c: RandomCluster, fn: (i: number, j: number, proto: string, port: number) => void): void {
  for (let i = 0; i < c.pods.length; i++) for (let j = 0; j < c.pods.length; j++) for (const [proto, port] of PROBES) fn(i, j, proto, port);
}

type Spec = { policyTypes?: string[]; ingress?: unknown[]; egress?: unknown[] };

describe('reachability invariants', () => {
  it('adding a rule to a policy never removes a connection (effective policyTypes unchanged)', () => {
    fc.assert(
      fc.property(clusterArb, policyArb, fc.boolean(), ruleArb('ingress'), ruleArb('egress'), (c, extra, toIngress, inRule, egRule) => {
        const spec = extra.spec as Spec;
        const typesExplicit = (spec.policyTypes?.length ?? 0) > 0;
        // With defaulted policyTypes only an ingress rule keeps the effective types (Ingress stays on).
        const dir = typesExplicit ? (toIngress ? 'ingress' : 'egress') : spec.egress && spec.egress.length > 0 && !toIngress ? 'egress' : 'ingress';
        const grown: RawPolicy = { ...extra, spec: { ...spec, [dir]: [...(spec[dir] ?? []), dir === 'ingress' ? inRule : egRule] } };
        const before = matrixOf(c, [...c.policies, extra]);
        const after = matrixOf(c, [...c.policies, grown]);
        forAllConnections(c, (i, j, proto, port) => {
          if (podAllowedOn(before, i, j, proto, port) && !podAllowedOn(after, i, j, proto, port))
            throw new Error(`adding a ${dir} rule removed ${i} -> ${j} ${proto}/${port}`);
        });
      }),
      { seed: 44, numRuns: 150 },
    );
  });

  it('a new policy only adds where the pod was already isolated, and only removes where it newly isolates', () => {
    fc.assert(
      fc.property(clusterArb, policyArb, (c, extra) => {
        const before = matrixOf(c);
        const after = matrixOf(c, [...c.policies, extra]);
        const iso = (m: ClassMatrix, set: Uint32Array, pod: number): boolean => hasBit(set, m.universe.classOfPod[pod] as number);
        forAllConnections(c, (i, j, proto, port) => {
          if (i === j) return;
          const egNew = !iso(before, before.isolatedEgress, i) && iso(after, after.isolatedEgress, i);
          const inNew = !iso(before, before.isolatedIngress, j) && iso(after, after.isolatedIngress, j);
          const was = podAllowedOn(before, i, j, proto, port);
          const now = podAllowedOn(after, i, j, proto, port);
          if (!egNew && !inNew && was && !now) throw new Error(`no new isolation, yet ${i} -> ${j} ${proto}/${port} was removed`);
          // Newly isolating one side (the other side's policies unchanged by `extra`, which lives in one namespace).
          const otherUntouched = egNew ? c.pods[j]!.namespace !== (extra.metadata as { namespace: string }).namespace : c.pods[i]!.namespace !== (extra.metadata as { namespace: string }).namespace;
          if ((egNew !== inNew) && otherUntouched && now && !was) throw new Error(`new isolation added ${i} -> ${j} ${proto}/${port}`);
        });
      }),
      { seed: 45, numRuns: 200 },
    );
  });

  it('the diff of a set with itself is empty', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const w = workloadMatrix(matrixOf(c));
        expect(diffMatrices(w, w)).toEqual([]);
      }),
      { seed: 46, numRuns: 100 },
    );
  });

  it('aggregation by workload is consistent with the pod verdicts', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const m = matrixOf(c);
        const w = workloadMatrix(m);
        const byId = new Map(w.entries.map((e) => [`${e.src}|${e.dst}`, e]));
        for (const a of w.nodes)
          for (const b of w.nodes) {
            if (a === b || a.kind !== 'workload' || b.kind !== 'workload') continue;
            const e = byId.get(`${a.id}|${b.id}`);
            let agree = true;
            for (const [proto, port] of PROBES) {
              const verdicts = a.pods.flatMap((i) => b.pods.map((j) => podAllowedOn(m, i, j, proto, port)));
              const all = verdicts.every(Boolean);
              if (verdicts.some(Boolean) !== all) agree = false;
              const shown = e !== undefined && connSetHas(e.conns, proto as Protocol, port);
              if (shown !== all) throw new Error(`${a.id} -> ${b.id} ${proto}/${port}: entry ${shown}, pods ${verdicts.join(',')}`);
            }
            if (e && !agree && e.uniform) throw new Error(`${a.id} -> ${b.id}: pods disagree but the entry says uniform`);
          }
      }),
      { seed: 47, numRuns: 150 },
    );
  });

  it('with ipBlocks and pod IPs unknown, entries split what every CNI allows from what depends on the CNI', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const m = compileNetpol({ pods: c.pods, namespaces: c.namespaces, resources: c.policies.map((p, i) => resource(p, 'p.yaml', i)) }, { ipBlockMatchesPods: 'unknown' }).matrix();
        const possible = m.possible ? { ...m, cols: m.possible } : m;
        const w = workloadMatrix(m);
        const byId = new Map(w.entries.map((e) => [`${e.src}|${e.dst}`, e]));
        for (const a of w.nodes)
          for (const b of w.nodes) {
            if (a === b || a.kind !== 'workload' || b.kind !== 'workload') continue;
            const e = byId.get(`${a.id}|${b.id}`);
            for (const [proto, port] of PROBES) {
              const pairs = a.pods.flatMap((i) => b.pods.map((j) => [i, j] as const));
              const sure = pairs.every(([i, j]) => podAllowedOn(m, i, j, proto, port));
              const maybe = pairs.every(([i, j]) => podAllowedOn(possible, i, j, proto, port));
              const shown = e !== undefined && connSetHas(e.conns, proto as Protocol, port);
              const depends = e?.dependsOnCni !== undefined && connSetHas(e.dependsOnCni, proto as Protocol, port);
              if (shown !== sure || depends !== (maybe && !sure))
                throw new Error(`${a.id} -> ${b.id} ${proto}/${port}: entry ${shown}/${depends}, pods sure ${sure}, maybe ${maybe}`);
            }
          }
      }),
      { seed: 50, numRuns: 200 },
    );
  });

  it('reach on the cut-down input equals reach on the whole input', () => {
    fc.assert(
      fc.property(clusterArb, adminArb, fc.nat(), fc.nat(), (c, admin, a, b) => {
        const src = c.pods[a % c.pods.length]!;
        const dst = c.pods[b % c.pods.length]!;
        const input = { pods: c.pods, namespaces: c.namespaces, resources: [...c.policies, ...admin].map((p, i) => resource(p, 'p.yaml', i)) };
        const full = reach(compileNetpol(input), `${src.namespace}/${src.name}`, `${dst.namespace}/${dst.name}`);
        const cut = reachInput(input, `${src.namespace}/${src.name}`, `${dst.namespace}/${dst.name}`);
        expect(cut).toEqual(full);
        const unknown = { ipBlockMatchesPods: 'unknown' } as const;
        expect(reachInput(input, `${src.namespace}/${src.name}`, `${dst.namespace}/${dst.name}`, {}, unknown)).toEqual(
          reach(compileNetpol(input, unknown), `${src.namespace}/${src.name}`, `${dst.namespace}/${dst.name}`),
        );
      }),
      { seed: 48, numRuns: 150 },
    );
  });
});
