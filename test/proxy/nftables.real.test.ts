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
import { FAKE_NODE_V6, inputsFromYaml, upstreamConfig } from './helpers.js';
import { OVERALL_MANIFESTS } from './fixtures.js';
import { clusterArb, toInputs } from './arbitraries.js';
import { Netns, checkNetns } from './netns.js';

const V6_MANIFESTS = `
apiVersion: v1
kind: Service
metadata: { namespace: ns1, name: svc1 }
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  clusterIP: fd00:172:30::41
  ipFamilies: [IPv6]
  ports: [{ name: p80, port: 80, protocol: TCP, nodePort: 3001 }]
  externalIPs: ['2001:db8:99::11']
  loadBalancerSourceRanges: ['2001:db8::/64']
  sessionAffinity: ClientIP
status:
  loadBalancer: { ingress: [{ ip: '2001:db8:1b::1' }] }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { namespace: ns1, name: svc1-1, labels: { kubernetes.io/service-name: svc1 } }
addressType: IPv6
endpoints: [{ addresses: ['fd00:10:180::1'], nodeName: test-node }, { addresses: ['fd00:10:180::2'] }]
ports: [{ name: p80, port: 80, protocol: TCP }]
`;

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
  // IPv6 proxier: ip6 matches, ipv6_addr sets, IPv6 endpoint chain names (colons become dots).
  scripts.push(['IPv6 LoadBalancer with source ranges, affinity and eTP Local', nftablesRules(inputsFromYaml(V6_MANIFESTS, FAKE_NODE_V6), upstreamConfig({ nodePortAddresses: ['2001:db8::1/128'] }, true), { serviceCIDRs: ['fd00:172:30::/112'] }).script]);
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
