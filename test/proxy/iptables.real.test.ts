/**
 * Real iptables: every golden payload and a set of generated clusters must pass `iptables-restore --test`
 * inside a network namespace this test creates; and loaded for real (nfacct counters off: kube-proxy creates
 * those over netlink, which a plain test cannot), `iptables-save` must print exactly what our iptables-save
 * renderer predicts. Skips, saying why, when the tools or the permission to create namespaces are missing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iptablesRules } from '../../src/proxy/iptables/index.js';
import { parseDump } from '../../src/proxy/iptables/dump.js';
import { renderIptablesSave } from '../../src/proxy/iptables/save.js';
import { profileDefaults, resolveConfig } from '../../src/proxy/config.js';
import { FAKE_NODE_V6, inputsFromYaml, upstreamConfig } from './helpers.js';
import { OVERALL_MANIFESTS, REPEATED_MANIFESTS } from './fixtures.js';
import { clusterArb, toInputs } from './arbitraries.js';
import { Netns, checkNetns } from './netns.js';

const check = checkNetns(['iptables-restore', 'iptables-save']);
if (!check.ok) console.warn(`[skip] real iptables tests: ${check.reason}`);

const nodeCfg = (over = {}) => resolveConfig(profileDefaults('node'), { clusterCIDR: '10.0.0.0/8' }, over);

describe.skipIf(!check.ok)('iptables-restore accepts our payloads (network namespace)', () => {
  let ns: Netns;
  beforeAll(() => {
    ns = Netns.create(`k8slint-ipt-${process.pid}`);
  });
  afterAll(() => ns?.destroy());

  const payloads: [string, string][] = [
    ['TestOverallIPTablesRules inputs, upstream-test profile', iptablesRules(inputsFromYaml(OVERALL_MANIFESTS), upstreamConfig()).text],
    ['TestOverallIPTablesRules inputs, node profile', iptablesRules(inputsFromYaml(OVERALL_MANIFESTS), nodeCfg()).text],
    ['TestSyncProxyRulesRepeated inputs', iptablesRules(inputsFromYaml(REPEATED_MANIFESTS), upstreamConfig()).text],
    ['masqueradeAll, no nfacct, tcp_be_liberal', iptablesRules(inputsFromYaml(OVERALL_MANIFESTS), nodeCfg({ masqueradeAll: true, nfacct: false, tcpBeLiberal: true })).text],
  ];
  fc.sample(clusterArb, { seed: 42, numRuns: 15 }).forEach((gen, i) => {
    payloads.push([`generated cluster #${i}`, iptablesRules(toInputs(gen), nodeCfg()).text]);
  });

  for (const [name, text] of payloads) {
    it(`--test: ${name}`, () => {
      const r = ns.run(['iptables-restore', '--test', '--noflush'], text);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  }

  it('ip6tables-restore --test accepts an IPv6 payload (bracketed DNAT targets, ::1 exclusions)', () => {
    const yaml = `
apiVersion: v1
kind: Service
metadata: { namespace: ns1, name: svc1 }
spec:
  type: LoadBalancer
  clusterIPs: [fd00:172:30::41]
  externalTrafficPolicy: Local
  loadBalancerSourceRanges: [2001:db8:ffff::/48]
  sessionAffinity: ClientIP
  ports: [{ name: p80, port: 80, protocol: TCP, nodePort: 3001 }]
status: { loadBalancer: { ingress: [{ ip: "2001:db8:99::1" }] } }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { namespace: ns1, name: svc1-1, labels: { kubernetes.io/service-name: svc1 } }
addressType: IPv6
endpoints: [{ addresses: ["fd00:10:180::1"] }, { addresses: ["fd00:10:180::2:1"], nodeName: test-node }]
ports: [{ name: p80, port: 80, protocol: TCP }]
`;
    const text = iptablesRules(inputsFromYaml(yaml, FAKE_NODE_V6), nodeCfg({ clusterCIDR: 'fd00:10::/64', family: 'IPv6' })).text;
    expect(text).toContain('--to-destination [fd00:10:180::2:1]:80');
    expect(text).toContain('! -d ::1/128 -j KUBE-NODEPORTS');
    const r = ns.run(['ip6tables-restore', '--test', '--noflush'], text);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('loaded for real, iptables-save prints what our renderer predicts (TestOverallIPTablesRules inputs)', () => {
    const text = iptablesRules(inputsFromYaml(OVERALL_MANIFESTS), nodeCfg({ nfacct: false })).text;
    ns.run(['iptables', '-t', 'nat', '-F']);
    const load = ns.run(['iptables-restore', '--noflush'], text);
    expect(load.stderr).toBe('');
    const saved = ns.run(['iptables-save']).stdout.split('\n').filter((l) => !l.startsWith('#')).join('\n');
    expect(saved).toBe(renderIptablesSave(parseDump(text).dump, { family: 'IPv4', jumpRules: false }));
  });
});
