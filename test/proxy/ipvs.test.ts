/**
 * IPVS mode. Upstream has no whole-output golden for this mode, so expectations restate behaviour named in
 * kubernetes/kubernetes:pkg/proxy/ipvs/proxier.go: one virtual server per ClusterIP, external IP, LB VIP and
 * node IP:nodePort; weight-1 masquerading real servers; ClientIP affinity as persistence; no REJECT for a
 * Service without endpoints (a VS with no real servers); eTP=Local with no local endpoint falling back to the
 * cluster endpoints (syncEndpoint, PR #97081). The real-tool part loads our ipsets with `ipset restore` and
 * checks `iptables-restore --test` accepts the payload, in a namespace the test creates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipvsRules, ipsetName } from '../../src/proxy/ipvs.js';
import { profileDefaults, resolveConfig } from '../../src/proxy/config.js';
import type { ProxyNode } from '../../src/proxy/model.js';
import { inputsFromYaml } from './helpers.js';
import { OVERALL_MANIFESTS } from './fixtures.js';
import { Netns, checkNetns } from './netns.js';

const NODE: ProxyNode = { name: 'test-node', labels: {}, addresses: [{ type: 'InternalIP', address: '192.168.0.2' }], internalIP: '192.168.0.2', interfaceAddresses: ['127.0.0.1', '192.168.0.2'] };
const cfg = resolveConfig(profileDefaults('node'), { clusterCIDR: '10.0.0.0/8', mode: 'ipvs' });
const r = ipvsRules(inputsFromYaml(OVERALL_MANIFESTS, NODE), cfg);

describe('IPVS mode', () => {
  it('virtual servers: eTP=Local without a local endpoint falls back to cluster endpoints; affinity is persistence', () => {
    expect(r.ipvsadm).toContain('-A -t 1.2.3.4:80 -s rr\n-a -t 1.2.3.4:80 -r 10.180.0.2:80 -m -w 1\n');
    expect(r.ipvsadm).toContain('-A -t 172.30.0.45:80 -s rr -p 10800\n');
    expect(r.ipvsadm).toContain('-A -t 192.168.0.2:3001 -s rr\n');
  });

  it('a Service without endpoints is a virtual server without real servers (no REJECT)', () => {
    expect(r.ipvsadm).toContain('-A -t 172.30.0.46:80 -s rr\n-A -t 192.168.0.2:3001');
    expect(r.iptables).not.toContain('has no endpoints');
  });

  it('fills the ipsets kube-proxy matches on', () => {
    expect(r.ipsets.get('KUBE-CLUSTER-IP')).toHaveLength(6);
    expect(r.ipsets.get('KUBE-EXTERNAL-IP-LOCAL')).toEqual(['192.168.99.22,tcp:80']);
    expect(r.ipsets.get('KUBE-LOAD-BALANCER-SOURCE-CIDR')).toEqual(['5.6.7.8,tcp:80,203.0.113.0/25']);
    expect(r.ipsets.get('KUBE-NODE-PORT-LOCAL-TCP')).toEqual(['3001']);
    expect(r.ipsets.get('KUBE-LOOP-BACK')).toEqual(['10.180.0.5,tcp:80,10.180.0.5']);
    expect(r.ipsets.get('KUBE-HEALTH-CHECK-NODE-PORT')).toEqual(['30000']);
  });

  it('writes nat before filter, with the LB source-range DROP for the VIP the node is not allowed from', () => {
    expect(r.iptables.indexOf('*nat')).toBeLessThan(r.iptables.indexOf('*filter'));
    expect(r.iptables).toContain('-A KUBE-IPVS-OUT-FILTER -s 5.6.7.8 -m ipvs --vaddr 5.6.7.8 --vproto tcp --vport 80 -j DROP\n');
    expect(r.iptables).toContain('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully\n');
  });

  it('IPv6 set names get the KUBE-6- prefix, cut to 31 characters', () => {
    expect(ipsetName('KUBE-LOAD-BALANCER-SOURCE-CIDR', 'IPv6')).toBe('KUBE-6-LOAD-BALANCER-SOURCE-CID');
    expect(ipsetName('KUBE-NODE-PORT-LOCAL-SCTP-HASH', 'IPv6')).toBe('KUBE-6-NODE-PORT-LOCAL-SCTP-HAS');
  });
});

const check = checkNetns(['ipset', 'iptables-restore']);
if (!check.ok) console.warn(`[skip] real ipset/iptables IPVS tests: ${check.reason}`);

describe.skipIf(!check.ok)('IPVS mode against real ipset and iptables (network namespace)', () => {
  let ns: Netns;
  beforeAll(() => {
    ns = Netns.create(`k8slint-ipvs-${process.pid}`);
  });
  afterAll(() => ns?.destroy());

  it('ipset restore accepts our sets and ipset save lists them back (bucketsize/initval aside)', () => {
    const load = ns.run(['ipset', 'restore'], r.ipsetSave);
    expect(load.stderr).toBe('');
    const saved = ns
      .run(['ipset', 'save'])
      .stdout.split('\n')
      .filter((l) => l !== '')
      .map((l) => l.replace(/ bucketsize \d+ initval 0x[0-9a-f]+/, ''))
      .sort();
    expect(saved).toEqual(r.ipsetSave.split('\n').filter((l) => l !== '').sort());
  });

  it('iptables-restore --test accepts the IPVS-mode payload', () => {
    const t = ns.run(['iptables-restore', '--test', '--noflush'], r.iptables);
    // Without the ip_vs kernel module iptables warns about the ipvs match but still parses the payload.
    expect(t.stderr.split('\n').filter((l) => l !== '' && !l.includes('Extension ipvs'))).toEqual([]);
    expect(t.status).toBe(0);
  });
});
