/**
 * The class index (label, label key, named port and IP atom indexes over the pod classes) only narrows
 * candidates: on random clusters and policies, every answer equals a scan of all pod classes with the
 * engine's own predicates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classIndex } from '../../../src/sim/netpol/class-index.js';
import { peerMatches } from '../../../src/sim/netpol/match.js';
import { compileNetpol } from '../../../src/sim/netpol/state.js';
import { clusterArb } from '../../arbitraries/netpol.js';
import { resource } from './fixtures.js';

describe('netpol class index', () => {
  it('answers what a scan of every pod class answers', () => {
    fc.assert(
      fc.property(clusterArb, fc.boolean(), (c, ipBlockMatchesPods) => {
        const state = compileNetpol({ pods: c.pods, namespaces: c.namespaces, resources: c.policies.map((p, i) => resource(p, 'p.yaml', i)) }, { ipBlockMatchesPods });
        const u = state.universe;
        const idx = classIndex(u);
        const o = { ipBlockMatchesPods };
        for (const p of state.policies) {
          expect(idx.selectIn(p.namespace, p.podSelector)).toEqual(u.podClasses.filter((k) => k.namespace === p.namespace && p.podSelector.matches(k.labels)));
          for (const r of [...p.ingressRules, ...p.egressRules])
            for (const peer of r.peers ?? []) expect(idx.peerMatchesAny(peer, p.namespace, o)).toBe(u.podClasses.some((k) => peerMatches(peer, p.namespace, k, u, o)));
        }
        for (const k of u.podClasses)
          for (const n of k.namedPorts)
            expect(idx.withNamedPort(n.name, n.protocol)).toEqual(u.podClasses.filter((x) => x.namedPorts.some((m) => m.name === n.name && m.protocol === n.protocol)));
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
