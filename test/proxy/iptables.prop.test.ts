/**
 * Properties of the emitted iptables rules, checked through the interpreter (seeded, bounded):
 * - a pod reaching ClusterIP:port lands on exactly the endpoints kube-proxy would use (ready ones, else
 *   serving-terminating ones; local ones under internalTrafficPolicy Local), each with probability 1/n, and
 *   the outcome probabilities sum to 1 (within 1e-9);
 * - a Service without usable endpoints is rejected (REJECT, or DROP for "no local endpoints");
 * - `Local` policies never send external traffic off the node;
 * - chain names never collide.
 * Endpoint selection semantics: kubernetes/kubernetes:pkg/proxy/topology.go CategorizeEndpoints.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iptablesRules } from '../../src/proxy/iptables/index.js';
import { parseDump } from '../../src/proxy/iptables/dump.js';
import { compileRuleSet, tracePacket } from '../../src/proxy/trace.js';
import { upstreamConfig } from './helpers.js';
import { clusterArb, toInputs } from './arbitraries.js';

const NODE_IPS = ['192.168.0.2'];
const proto = (p: string): 'tcp' | 'udp' | 'sctp' => p.toLowerCase() as 'tcp' | 'udp' | 'sctp';

describe('iptables rules through the interpreter', () => {
  it('ClusterIP:port reaches exactly its usable endpoints, uniformly, probabilities summing to 1', () => {
    fc.assert(
      fc.property(clusterArb, (gen) => {
        const inputs = toInputs(gen);
        const rs = compileRuleSet(parseDump(iptablesRules(inputs, upstreamConfig()).text).dump);
        gen.forEach((g, i) => {
          g.protocols.forEach((p, j) => {
            const out = tracePacket(rs, { src: '10.0.0.250', dst: `10.96.0.${i + 1}`, dport: 80 + j, protocol: proto(p) }, { localAddresses: NODE_IPS });
            const total = out.reduce((a, o) => a + o.probability, 0);
            expect(Math.abs(total - 1)).toBeLessThan(1e-9);
            const eps = g.endpoints.map((e, k) => ({ ...e, addr: `10.244.${i}.${k + 1}:${8080 + j}` }));
            const ready = eps.filter((e) => e.ready);
            const fallback = eps.filter((e) => e.serving && e.terminating);
            let usable: typeof eps;
            if (g.itpLocal) {
              const lr = ready.filter((e) => e.local);
              usable = lr.length > 0 ? lr : fallback.filter((e) => e.local);
            } else {
              usable = ready.length > 0 ? ready : fallback;
            }
            const anywhere = ready.length > 0 || fallback.length > 0;
            if (usable.length > 0) {
              expect(out.every((o) => o.verdict === 'DNAT')).toBe(true);
              expect(out.map((o) => o.destination).sort()).toEqual(usable.map((e) => e.addr).sort());
              for (const o of out) expect(Math.abs(o.probability - 1 / usable.length)).toBeLessThan(1e-9);
            } else {
              expect(out).toHaveLength(1);
              expect(out[0]?.verdict).toBe(anywhere ? 'DROP' : 'REJECT');
            }
          });
        });
      }),
      { seed: 42, numRuns: 80 },
    );
  });

  it('externalTrafficPolicy Local never sends external NodePort/LB/externalIP traffic off the node', () => {
    fc.assert(
      fc.property(clusterArb, (gen) => {
        const inputs = toInputs(gen);
        const rs = compileRuleSet(parseDump(iptablesRules(inputs, upstreamConfig()).text).dump);
        let nodePort = 30000;
        gen.forEach((g, i) => {
          g.protocols.forEach((p, j) => {
            const np = g.type !== 'ClusterIP' ? nodePort++ : 0;
            const accessible = g.type !== 'ClusterIP' || g.externalIP;
            if (!g.etpLocal || !accessible) return;
            const localAddrs = new Set(g.endpoints.map((e, k) => (e.local ? `10.244.${i}.${k + 1}:${8080 + j}` : '')).filter((x) => x !== ''));
            const targets: [string, number][] = [];
            if (np !== 0) targets.push(['192.168.0.2', np]);
            if (g.externalIP) targets.push([`192.168.99.${i + 1}`, 80 + j]);
            if (g.type === 'LoadBalancer' && !g.sourceRange) targets.push([`1.1.1.${i + 1}`, 80 + j]);
            for (const [dst, dport] of targets) {
              const out = tracePacket(rs, { src: '203.0.113.2', dst, dport, protocol: proto(p) }, { localAddresses: NODE_IPS });
              for (const o of out) {
                if (o.verdict === 'DNAT') {
                  expect(localAddrs.has(o.destination as string)).toBe(true);
                  // Source IP is preserved under Local policy.
                  expect(o.masquerade).toBe(false);
                }
              }
            }
          });
        });
      }),
      { seed: 42, numRuns: 80 },
    );
  });

  it('chain names never collide: every declared chain is declared once and per-service hashes are distinct', () => {
    fc.assert(
      fc.property(clusterArb, (gen) => {
        const { text, servicePorts } = iptablesRules(toInputs(gen), upstreamConfig());
        for (const table of parseDump(text).dump.tables) {
          const names = table.chains.map((c) => c.name);
          expect(new Set(names).size).toBe(names.length);
        }
        const svcChains = servicePorts.map((sp) => sp.chains.svc);
        expect(new Set(svcChains).size).toBe(svcChains.length);
        const sep = servicePorts.flatMap((sp) => sp.endpoints.map((e) => e.chain));
        expect(new Set(sep).size).toBe(sep.length);
        // And the text reloads: every jump target is declared.
        for (const table of parseDump(text).dump.tables) {
          const declared = new Set(table.chains.map((c) => c.name));
          for (const c of table.chains)
            for (const r of c.rules) {
              const m = / -j (KUBE-\S+)/.exec(r);
              if (m) expect(declared.has(m[1] as string)).toBe(true);
            }
        }
      }),
      { seed: 42, numRuns: 80 },
    );
  });

  it('output is deterministic: the same input in another order gives the same bytes', () => {
    fc.assert(
      fc.property(clusterArb, (gen) => {
        const a = toInputs(gen);
        const b = { ...a, services: [...a.services].reverse(), endpointSlices: [...a.endpointSlices].reverse() };
        expect(iptablesRules(b, upstreamConfig()).text).toBe(iptablesRules(a, upstreamConfig()).text);
      }),
      { seed: 42, numRuns: 50 },
    );
  });
});
