/**
 * Properties of the nftables transaction (seeded, bounded):
 * - our direct normal form equals upstream's sortNFTablesTransaction (pkg/proxy/nftables/helpers_test.go)
 *   applied to the declaration-ordered script, so the fast path cannot drift from the reference sort;
 * - every element key appears once per set or map (nftElementStorage.ensureElem writes a key once per sync);
 * - every chain a rule or map element jumps or goes to is declared.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nftablesRules, sortNFTablesTransaction } from '../../src/proxy/nftables.js';
import { profileDefaults, resolveConfig } from '../../src/proxy/config.js';
import { upstreamConfig } from './helpers.js';
import { clusterArb, toInputs } from './arbitraries.js';

const configs = [
  ['upstream-test profile', upstreamConfig()],
  ['node profile, match-all nodePortAddresses, masqueradeAll', resolveConfig(profileDefaults('node'), { mode: 'nftables', nodePortAddresses: ['0.0.0.0/0'], masqueradeAll: true })],
  ['node profile, InterfaceNamePrefix', resolveConfig(profileDefaults('node'), { mode: 'nftables', detectLocalMode: 'InterfaceNamePrefix', interfaceNamePrefix: 'veth' })],
] as const;

describe('nftables transaction properties', () => {
  for (const [name, cfg] of configs) {
    it(`normal form equals sortNFTablesTransaction(script): ${name}`, () => {
      fc.assert(
        fc.property(clusterArb, (gen) => {
          const r = nftablesRules(toInputs(gen), cfg, { serviceCIDRs: ['10.96.0.0/16'] });
          expect(r.text).toBe(sortNFTablesTransaction(r.script) + '\n');
        }),
        { seed: 8, numRuns: 60 },
      );
    });
  }

  it('element keys are unique per set or map, and every chain jumped to is declared', () => {
    fc.assert(
      fc.property(clusterArb, (gen) => {
        const r = nftablesRules(toInputs(gen), upstreamConfig(), { serviceCIDRs: ['10.96.0.0/16'] });
        const lines = r.script.trimEnd().split('\n');
        const keys = lines.filter((l) => l.startsWith('add element ')).map((l) => l.replace(/ (comment "[^"]*" )?: .*$/, ' }').replace(/ }+$/, ''));
        expect(new Set(keys).size).toBe(keys.length);
        const declared = new Set(lines.filter((l) => l.startsWith('add chain ')).map((l) => l.split(' ')[4]));
        for (const l of lines) for (const m of l.matchAll(/(?:goto|jump) ([^ ,}]+)/g)) expect(declared.has(m[1] as string)).toBe(true);
      }),
      { seed: 9, numRuns: 60 },
    );
  });
});
