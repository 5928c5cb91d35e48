/**
 * The engine equals the brute-force oracle (./oracle.ts, written separately) on random clusters and
 * policies: ports, named ports, endPort ranges, ipBlocks with except (IPv4 and IPv6), both directions,
 * namespaces declared or assumed; ipBlocks matching pod IPs, not matching them, or unknown (both ways).
 * Both the bitset matrix and the explainer are checked.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeClasses } from '../../../src/sim/netpol/explain.js';
import { classAllowedOn, externalClassOf, podAllowedOn } from '../../../src/sim/netpol/lookup.js';
import { compileNetpol } from '../../../src/sim/netpol/state.js';
import type { NetpolState } from '../../../src/sim/netpol/state.js';
import { EXTERNAL_IPS, PROBES, clusterArb } from '../../arbitraries/netpol.js';
import type { RandomCluster } from '../../arbitraries/netpol.js';
import { resource } from './fixtures.js';
import { oracleAllowed } from './oracle.js';

function build(c: RandomCluster, ipBlockMatchesPods: boolean | 'unknown' = true): NetpolState {
  return compileNetpol(
    { pods: c.pods, namespaces: c.namespaces, resources: c.policies.map((p, i) => resource(p, 'p.yaml', i)) },
    { ipBlockMatchesPods },
  );
}

function check(c: RandomCluster, ipBlockMatchesPods: boolean): void {
  const state = build(c, ipBlockMatchesPods);
  const m = state.matrix();
  const u = state.universe;
  const name = (i: number): string => `${c.pods[i]?.namespace}/${c.pods[i]?.name}`;
  for (let i = 0; i < c.pods.length; i++) {
    for (let j = 0; j < c.pods.length; j++) {
      for (const [proto, port] of PROBES) {
        const want = oracleAllowed(c.policies, c.namespaces, { pod: c.pods[i]! }, { pod: c.pods[j]! }, proto, port, ipBlockMatchesPods);
        const got = podAllowedOn(m, i, j, proto, port);
        if (got !== want) throw new Error(`matrix ${name(i)} -> ${name(j)} ${proto}/${port}: engine ${got}, oracle ${want}`);
        if (i !== j) {
          const sc = u.classes[u.classOfPod[i]!]!;
          const dc = u.classes[u.classOfPod[j]!]!;
          const v = judgeClasses(state, sc, name(i), dc, name(j), proto, port);
          const explained = v.egress.allowed && v.ingress.allowed;
          if (explained !== want) throw new Error(`explain ${name(i)} -> ${name(j)} ${proto}/${port}: ${explained}, oracle ${want}`);
        }
      }
    }
    for (const ip of EXTERNAL_IPS) {
      const e = externalClassOf(u, ip);
      for (const [proto, port] of PROBES) {
        const out = oracleAllowed(c.policies, c.namespaces, { pod: c.pods[i]! }, { ip }, proto, port, ipBlockMatchesPods);
        const inn = oracleAllowed(c.policies, c.namespaces, { ip }, { pod: c.pods[i]! }, proto, port, ipBlockMatchesPods);
        const pc = u.classOfPod[i]!;
        expect(e, ip).toBeGreaterThanOrEqual(0);
        if (classAllowedOn(m, pc, e, proto, port) !== out) throw new Error(`matrix ${name(i)} -> ${ip} ${proto}/${port}: oracle ${out}`);
        if (classAllowedOn(m, e, pc, proto, port) !== inn) throw new Error(`matrix ${ip} -> ${name(i)} ${proto}/${port}: oracle ${inn}`);
      }
    }
  }
}

/**
 * `--ipblock-matches-pods=unknown`: the matrix allows what the oracle allows both ways, `possible` what it
 * allows either way, and the explainer says depends-on-cni exactly when the two oracles disagree.
 */
function checkUnknown(c: RandomCluster): void {
  const state = build(c, 'unknown');
  const m = state.matrix();
  const possible = m.possible ? { ...m, cols: m.possible } : m;
  const u = state.universe;
  const name = (i: number): string => `${c.pods[i]?.namespace}/${c.pods[i]?.name}`;
  for (let i = 0; i < c.pods.length; i++) {
    for (let j = 0; j < c.pods.length; j++) {
      for (const [proto, port] of PROBES) {
        const yes = oracleAllowed(c.policies, c.namespaces, { pod: c.pods[i]! }, { pod: c.pods[j]! }, proto, port, true);
        const no = oracleAllowed(c.policies, c.namespaces, { pod: c.pods[i]! }, { pod: c.pods[j]! }, proto, port, false);
        const at = `${name(i)} -> ${name(j)} ${proto}/${port}`;
        if (podAllowedOn(m, i, j, proto, port) !== (yes && no)) throw new Error(`matrix ${at}: oracle yes ${yes}, no ${no}`);
        if (podAllowedOn(possible, i, j, proto, port) !== (yes || no)) throw new Error(`possible ${at}: oracle yes ${yes}, no ${no}`);
        if (i === j) continue;
        const v = judgeClasses(state, u.classes[u.classOfPod[i]!]!, name(i), u.classes[u.classOfPod[j]!]!, name(j), proto, port);
        const want = yes !== no ? 'depends-on-cni' : yes ? 'allowed' : 'denied';
        if (v.verdict !== want) throw new Error(`explain ${at}: ${v.verdict}, oracle yes ${yes}, no ${no}`);
      }
    }
    // Pod <-> external: how ipBlocks treat pod IPs cannot matter.
    for (const ip of EXTERNAL_IPS) {
      const e = externalClassOf(u, ip);
      for (const [proto, port] of PROBES) {
        const out = oracleAllowed(c.policies, c.namespaces, { pod: c.pods[i]! }, { ip }, proto, port, true);
        if (classAllowedOn(m, u.classOfPod[i]!, e, proto, port) !== out) throw new Error(`matrix ${name(i)} -> ${ip} ${proto}/${port}: oracle ${out}`);
        if (classAllowedOn(possible, u.classOfPod[i]!, e, proto, port) !== out) throw new Error(`possible ${name(i)} -> ${ip} ${proto}/${port}: oracle ${out}`);
      }
    }
  }
}

describe('engine vs oracle', () => {
  it('agrees on random clusters (ipBlocks match pod IPs, as upstream e2e)', () => {
    fc.assert(
      fc.property(clusterArb, (c) => check(c, true)),
      { seed: 42, numRuns: 200 },
    );
  });
  it('agrees on random clusters (ipBlocks never match pods, as netpol-analyzer)', () => {
    fc.assert(
      fc.property(clusterArb, (c) => check(c, false)),
      { seed: 43, numRuns: 100 },
    );
  });
  it('agrees on random clusters (ipBlocks and pod IPs unknown: both ways, and depends-on-cni where they differ)', () => {
    fc.assert(
      fc.property(clusterArb, (c) => checkUnknown(c)),
      // Cheap per run, and only some clusters have an ipBlock over a pod IP that decides: run more of them.
      { seed: 44, numRuns: 400 },
    );
  });
});
