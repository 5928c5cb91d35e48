/**
 * Real nftables: our nftables transaction (declaration order) must pass `nft -c -f` inside a network
 * namespace this test creates, for the golden inputs and generated clusters, and load for real there.
 * Skips, saying why, when nft or the permission to create namespaces is missing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { nftablesRules } from '../../src/proxy/nftables.js';
import { profileDefaults, resolveConfig } from '../../src/proxy/config.js';
import { inputsFromYaml, upstreamConfig } from './helpers.js';
import { OVERALL_MANIFESTS } from './fixtures.js';
import { clusterArb, toInputs } from './arbitraries.js';
import { Netns, checkNetns } from './netns.js';

const check = checkNetns(['nft']);
if (!check.ok) console.warn(`[skip] real nftables tests: ${check.reason}`);

describe.skipIf(!check.ok)('nft accepts our nftables transactions (network namespace)', () => {
  let ns: Netns;
  let dir: string;
  beforeAll(() => {
    ns = Netns.create(`k8slint-nft-${process.pid}`);
    dir = mkdtempSync(join(tmpdir(), 'k8slint-nft-'));
  });
  afterAll(() => {
    ns?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const nodeCfg = resolveConfig(profileDefaults('node'), { clusterCIDR: '10.0.0.0/8', mode: 'nftables' });
  const scripts: [string, string][] = [
    ['TestOverallNFTablesRules inputs', nftablesRules(inputsFromYaml(OVERALL_MANIFESTS), upstreamConfig(), { serviceCIDRs: ['172.30.0.0/16'] }).script],
    ['node profile, nodePortAddresses match-all', nftablesRules(inputsFromYaml(OVERALL_MANIFESTS), { ...nodeCfg, nodePortAddresses: ['0.0.0.0/0'] }).script],
    // iifname matches by name, so nft accepts an interface that does not exist in the namespace (PR #134024).
    ['BridgeInterface detection (no such interface)', nftablesRules(inputsFromYaml(OVERALL_MANIFESTS), { ...nodeCfg, detectLocalMode: 'BridgeInterface', bridgeInterface: 'cbr0' }).script],
    ['InterfaceNamePrefix detection, masqueradeAll', nftablesRules(inputsFromYaml(OVERALL_MANIFESTS), { ...nodeCfg, detectLocalMode: 'InterfaceNamePrefix', interfaceNamePrefix: 'veth', masqueradeAll: true }).script],
  ];
  fc.sample(clusterArb, { seed: 42, numRuns: 10 }).forEach((gen, i) => scripts.push([`generated cluster #${i}`, nftablesRules(toInputs(gen), nodeCfg).script]));

  scripts.forEach(([name, script], i) => {
    it(`nft -c -f: ${name}`, () => {
      const file = join(dir, `t${i}.nft`);
      writeFileSync(file, script);
      const r = ns.run(['nft', '-c', '-f', file]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  });

  it('loads for real and lists the kube-proxy table', () => {
    const file = join(dir, 'real.nft');
    writeFileSync(file, scripts[0]?.[1] ?? '');
    expect(ns.run(['nft', '-f', file]).status).toBe(0);
    const listed = ns.run(['nft', 'list', 'table', 'ip', 'kube-proxy']).stdout;
    expect(listed).toContain('chain service-ULMVA6XW-ns1/svc1/tcp/p80');
    ns.run(['nft', 'delete', 'table', 'ip', 'kube-proxy']);
  });
});
