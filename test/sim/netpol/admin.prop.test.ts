/**
 * The tier pipeline (AdminNetworkPolicy → NetworkPolicy → BaselineAdminNetworkPolicy, v1alpha1) in the
 * engine and the explainer equals the oracle's separately written tiers, on random clusters.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { judgeClasses } from '../../../src/sim/netpol/explain.js';
import { classAllowedOn, externalClassOf, podAllowedOn } from '../../../src/sim/netpol/lookup.js';
import { compileNetpol } from '../../../src/sim/netpol/state.js';
import { EXTERNAL_IPS, PROBES, adminArb, clusterArb } from '../../arbitraries/netpol.js';
import { resource } from './fixtures.js';
import { oracleAllowed } from './oracle.js';

describe('admin tiers vs oracle', () => {
  it('agrees on random clusters with ANPs and a BANP', () => {
    fc.assert(
      fc.property(clusterArb, adminArb, (c, admin) => {
        const state = compileNetpol({ pods: c.pods, namespaces: c.namespaces, resources: [...c.policies, ...admin].map((p, i) => resource(p, 'p.yaml', i)) });
        const m = state.matrix();
        const u = state.universe;
        const name = (i: number): string => `${c.pods[i]?.namespace}/${c.pods[i]?.name}`;
        for (let i = 0; i < c.pods.length; i++) {
          for (let j = 0; j < c.pods.length; j++)
            for (const [proto, port] of PROBES) {
              const want = oracleAllowed(c.policies, c.namespaces, { pod: c.pods[i]! }, { pod: c.pods[j]! }, proto, port, true, admin);
              if (podAllowedOn(m, i, j, proto, port) !== want) throw new Error(`matrix ${name(i)} -> ${name(j)} ${proto}/${port}: oracle ${want}`);
              if (i === j) continue;
              const v = judgeClasses(state, u.classes[u.classOfPod[i]!]!, name(i), u.classes[u.classOfPod[j]!]!, name(j), proto, port);
              if ((v.egress.allowed && v.ingress.allowed) !== want)
                throw new Error(`explain ${name(i)} -> ${name(j)} ${proto}/${port}: oracle ${want}; ${v.egress.text} / ${v.ingress.text}`);
            }
          for (const ip of EXTERNAL_IPS) {
            const e = externalClassOf(u, ip);
            for (const [proto, port] of PROBES) {
              const out = oracleAllowed(c.policies, c.namespaces, { pod: c.pods[i]! }, { ip }, proto, port, true, admin);
              const inn = oracleAllowed(c.policies, c.namespaces, { ip }, { pod: c.pods[i]! }, proto, port, true, admin);
              if (classAllowedOn(m, u.classOfPod[i]!, e, proto, port) !== out) throw new Error(`matrix ${name(i)} -> ${ip} ${proto}/${port}: oracle ${out}`);
              if (classAllowedOn(m, e, u.classOfPod[i]!, proto, port) !== inn) throw new Error(`matrix ${ip} -> ${name(i)} ${proto}/${port}: oracle ${inn}`);
            }
          }
        }
      }),
      { seed: 49, numRuns: 150 },
    );
  });

  it('with ipBlocks and pod IPs unknown: both oracles agree where the matrix is sure, and ANP networks always match pods', () => {
    fc.assert(
      fc.property(clusterArb, adminArb, (c, admin) => {
        const state = compileNetpol(
          { pods: c.pods, namespaces: c.namespaces, resources: [...c.policies, ...admin].map((p, i) => resource(p, 'p.yaml', i)) },
          { ipBlockMatchesPods: 'unknown' },
        );
        const m = state.matrix();
        const possible = m.possible ? { ...m, cols: m.possible } : m;
        const name = (i: number): string => `${c.pods[i]?.namespace}/${c.pods[i]?.name}`;
        for (let i = 0; i < c.pods.length; i++)
          for (let j = 0; j < c.pods.length; j++)
            for (const [proto, port] of PROBES) {
              const yes = oracleAllowed(c.policies, c.namespaces, { pod: c.pods[i]! }, { pod: c.pods[j]! }, proto, port, true, admin);
              const no = oracleAllowed(c.policies, c.namespaces, { pod: c.pods[i]! }, { pod: c.pods[j]! }, proto, port, false, admin);
              if (podAllowedOn(m, i, j, proto, port) !== (yes && no) || podAllowedOn(possible, i, j, proto, port) !== (yes || no))
                throw new Error(`matrix ${name(i)} -> ${name(j)} ${proto}/${port}: oracle yes ${yes}, no ${no}`);
            }
      }),
      { seed: 51, numRuns: 80 },
    );
  });
});
