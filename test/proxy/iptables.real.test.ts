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
import { inputsFromYaml, upstreamConfig } from './helpers.js';
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

  it('loaded for real, iptables-save prints what our renderer predicts (TestOverallIPTablesRules inputs)', () => {
    const text = iptablesRules(inputsFromYaml(OVERALL_MANIFESTS), nodeCfg({ nfacct: false })).text;
    ns.run(['iptables', '-t', 'nat', '-F']);
    const load = ns.run(['iptables-restore', '--noflush'], text);
    expect(load.stderr).toBe('');
    const saved = ns.run(['iptables-save']).stdout.split('\n').filter((l) => !l.startsWith('#')).join('\n');
    expect(saved).toBe(renderIptablesSave(parseDump(text).dump, { family: 'IPv4', jumpRules: false }));
  });
});
