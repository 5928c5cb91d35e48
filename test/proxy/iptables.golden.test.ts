/**
 * Golden tests: our iptables payload against kube-proxy's own unit-test expectations, byte for byte.
 * Each test names the upstream test in kubernetes/kubernetes:pkg/proxy/iptables/proxier_test.go (v1.33) it
 * replays; the inputs are restated as manifests and the expected text is upstream's, in the normal form of
 * its sortIPTablesRules.
 */
import { describe, expect, it } from 'vitest';
import { iptablesRules } from '../../src/proxy/iptables/index.js';
import { FAKE_NODE, FAKE_NODE_V6, inputsFromYaml, upstreamConfig } from './helpers.js';
import { OVERALL_EXPECTED, OVERALL_MANIFESTS, REPEATED_EXPECTED, REPEATED_MANIFESTS } from './fixtures.js';

/** Rules of one chain in the output (assertIPTablesChainEqual). */
function chainRules(text: string, table: string, chain: string): string {
  let inTable = false;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) inTable = line === `*${table}`;
    else if (inTable && line.startsWith(`-A ${chain} `)) out.push(line);
  }
  return out.map((l) => l + '\n').join('');
}

describe('iptables payload: upstream goldens', () => {
  it('TestOverallIPTablesRules', () => {
    expect(iptablesRules(inputsFromYaml(OVERALL_MANIFESTS), upstreamConfig()).text).toBe(OVERALL_EXPECTED);
  });

  it('TestSyncProxyRulesRepeated (first, full sync)', () => {
    expect(iptablesRules(inputsFromYaml(REPEATED_MANIFESTS), upstreamConfig()).text).toBe(REPEATED_EXPECTED);
  });

  it('TestMasqueradeRule (with and without --random-fully)', () => {
    for (const randomFully of [false, true]) {
      const text = iptablesRules(inputsFromYaml(''), upstreamConfig({ randomFully })).text;
      expect(chainRules(text, 'nat', 'KUBE-POSTROUTING')).toBe(
        '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n' +
          '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000\n' +
          `-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${randomFully ? ' --random-fully' : ''}\n`,
      );
    }
  });

  it('TestDropInvalidRule (nfacct on/off, tcp_be_liberal)', () => {
    const tail =
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT\n' +
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n';
    const cases = [
      { nfacct: false, tcpBeLiberal: false, drop: '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP\n' },
      { nfacct: true, tcpBeLiberal: false, drop: '-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP\n' },
      { nfacct: false, tcpBeLiberal: true, drop: '' },
    ];
    for (const c of cases) {
      const text = iptablesRules(inputsFromYaml(''), upstreamConfig({ nfacct: c.nfacct, tcpBeLiberal: c.tcpBeLiberal })).text;
      expect(chainRules(text, 'filter', 'KUBE-FORWARD')).toBe(c.drop + tail);
    }
  });

  describe('TestNodePorts (filter KUBE-FIREWALL per family, localhostNodePorts, nodePortAddresses)', () => {
    const firewall =
      '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP\n';
    const cases = [
      { name: 'ipv4, localhost-nodeports enabled', v6: false, lnp: true, npa: [] as string[], expect: true },
      { name: 'ipv4, localhost-nodeports disabled', v6: false, lnp: false, npa: [], expect: false },
      { name: 'ipv4, localhost-nodeports disabled, localhost in nodeport-addresses', v6: false, lnp: false, npa: ['192.168.0.0/24', '127.0.0.1/32'], expect: false },
      { name: 'ipv4, localhost-nodeports enabled, multiple nodeport-addresses', v6: false, lnp: false, npa: ['192.168.0.0/24', '192.168.1.0/24', '2001:db8::/64'], expect: false },
      { name: 'ipv6, localhost-nodeports enabled', v6: true, lnp: true, npa: [], expect: false },
      { name: 'ipv6, localhost-nodeports disabled', v6: true, lnp: false, npa: [], expect: false },
      { name: 'ipv6, localhost-nodeports disabled, multiple nodeport-addresses', v6: true, lnp: false, npa: ['192.168.0.0/24', '192.168.1.0/24', '2001:db8::/64'], expect: false },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const node = c.v6 ? FAKE_NODE_V6 : FAKE_NODE;
        const text = iptablesRules(inputsFromYaml('', node), upstreamConfig({ localhostNodePorts: c.lnp, nodePortAddresses: c.npa, family: c.v6 ? 'IPv6' : 'IPv4' }, c.v6)).text;
        expect(chainRules(text, 'filter', 'KUBE-FIREWALL')).toBe(c.expect ? firewall : '');
      });
    }
  });

  it('TestSyncProxyRulesLargeClusterMode (comments dropped above 1000 endpoints)', () => {
    // Upstream: svc1 and svc2 each with threshold/2-1 = 499 endpoints keep their comments; adding svc3's
    // 3 endpoints (1001 in all) drops them from SEP rules.
    const eps = (prefix: string, n: number): string =>
      Array.from({ length: n }, (_, i) => `{ addresses: [${prefix}.${i % 256}.${Math.floor(i / 256)}] }`).join(', ');
    const base = `
apiVersion: v1
kind: Service
metadata: { namespace: ns1, name: svc1 }
spec: { clusterIP: 172.30.0.41, ports: [{ name: p80, port: 80, protocol: TCP }] }
---
apiVersion: v1
kind: Service
metadata: { namespace: ns2, name: svc2 }
spec: { clusterIP: 172.30.0.42, ports: [{ name: p8080, port: 8080, protocol: TCP }] }
---
apiVersion: v1
kind: Service
metadata: { namespace: ns3, name: svc3 }
spec: { clusterIP: 172.30.0.43, ports: [{ name: p8081, port: 8081, protocol: TCP }] }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { namespace: ns1, name: svc1-1, labels: { kubernetes.io/service-name: svc1 } }
addressType: IPv4
endpoints: [${eps('10.0', 499)}]
ports: [{ name: p80, port: 80, protocol: TCP }]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { namespace: ns2, name: svc2-1, labels: { kubernetes.io/service-name: svc2 } }
addressType: IPv4
endpoints: [${eps('10.1', 499)}]
ports: [{ name: p8080, port: 8080, protocol: TCP }]
`;
    const cfg = upstreamConfig({ masqueradeAll: true });
    const small = iptablesRules(inputsFromYaml(base), cfg).text;
    expect(small).toContain('-A KUBE-SEP-DKGQUZGBKLTPAR56 -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.0.0.0:80\n');
    const big = iptablesRules(
      inputsFromYaml(
        base +
          `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { namespace: ns3, name: svc3-1, labels: { kubernetes.io/service-name: svc3 } }
addressType: IPv4
endpoints: [{ addresses: [203.0.113.4] }, { addresses: [203.0.113.8] }, { addresses: [203.0.113.12] }]
ports: [{ name: p8081, port: 8081, protocol: TCP }]
`,
      ),
      cfg,
    ).text;
    expect(big).toContain('-A KUBE-SEP-RUVVH7YV3PHQBDOS -m tcp -p tcp -j DNAT --to-destination 203.0.113.4:8081\n');
    expect(big).toContain('-A KUBE-SEP-DKGQUZGBKLTPAR56 -m tcp -p tcp -j DNAT --to-destination 10.0.0.0:80\n');
    const dnat = big.split('\n').filter((l) => l.startsWith('-A KUBE-SEP-') && l.includes('-j DNAT'));
    expect(dnat).toHaveLength(1001);
    expect(dnat.filter((l) => l.includes('--comment'))).toHaveLength(0);
  });
});
