/**
 * nftables goldens: the expectations of kubernetes/kubernetes:pkg/proxy/nftables/proxier_test.go as of the
 * v1.34/v1.35 release line (base chains filter-*-pre-dnat at -110 and filter-{forward,input,output} at 0,
 * ClusterIP masquerade rule without a port match), compared in upstream's normal form
 * (helpers_test.go sortNFTablesTransaction). Every test names the upstream test it replays; the input
 * manifests restate that test's Services and EndpointSlices. The fake proxier (NewFakeProxier) uses node
 * test-node / 192.168.0.2, local-traffic CIDR 10.0.0.0/8, mark 0x4000, nodePortAddresses 192.168.0.2/32 and
 * 2001:db8::1/128, and service CIDR 172.30.0.0/16.
 *
 * Upstream compares its knftables.Fake state after each sync. Only states equal to a fresh full sync of the
 * same inputs are replayed here (a stale chain flushed but not yet deleted has no full-sync counterpart).
 */
import { describe, expect, it } from 'vitest';
import { hashAndTruncate, nftablesRules, scriptOf, sortNFTablesTransaction } from '../../src/proxy/nftables.js';
import { FAKE_NODE, dedent, inputsFromYaml, upstreamConfig } from './helpers.js';
import { OVERALL_MANIFESTS } from './fixtures.js';

const BASE_RULES = `
add table ip kube-proxy { comment "rules for kube-proxy" ; }

add set ip kube-proxy cluster-ips { type ipv4_addr ; comment "Active ClusterIPs" ; }
add set ip kube-proxy nodeport-ips { type ipv4_addr ; comment "IPs that accept NodePort traffic" ; }

add map ip kube-proxy firewall-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "destinations that are subject to LoadBalancerSourceRanges" ; }
add map ip kube-proxy no-endpoint-nodeports { type inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to service nodeports with no endpoints" ; }
add map ip kube-proxy no-endpoint-services { type ipv4_addr . inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to services with no endpoints" ; }
add map ip kube-proxy service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "ClusterIP, ExternalIP and LoadBalancer IP traffic" ; }
add map ip kube-proxy service-nodeports { type inet_proto . inet_service : verdict ; comment "NodePort traffic" ; }

add chain ip kube-proxy cluster-ips-check
add chain ip kube-proxy filter-prerouting-pre-dnat { type filter hook prerouting priority -110 ; }
add chain ip kube-proxy filter-output-pre-dnat { type filter hook output priority -110 ; }
add chain ip kube-proxy filter-forward { type filter hook forward priority 0 ; }
add chain ip kube-proxy filter-input { type filter hook input priority 0 ; }
add chain ip kube-proxy filter-output { type filter hook output priority 0 ; }
add chain ip kube-proxy firewall-check
add chain ip kube-proxy mark-for-masquerade
add chain ip kube-proxy masquerading
add chain ip kube-proxy nat-output { type nat hook output priority -100 ; }
add chain ip kube-proxy nat-postrouting { type nat hook postrouting priority 100 ; }
add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }
add chain ip kube-proxy nodeport-endpoints-check
add chain ip kube-proxy reject-chain { comment "helper for @no-endpoint-services / @no-endpoint-nodeports" ; }
add chain ip kube-proxy services
add chain ip kube-proxy service-endpoints-check

add rule ip kube-proxy cluster-ips-check ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"
add rule ip kube-proxy cluster-ips-check ip daddr { 172.30.0.0/16 } drop comment "Drop traffic to unallocated ClusterIPs"
add rule ip kube-proxy filter-prerouting-pre-dnat ct state new jump firewall-check
add rule ip kube-proxy filter-forward ct state new jump service-endpoints-check
add rule ip kube-proxy filter-forward ct state new jump cluster-ips-check
add rule ip kube-proxy filter-input ct state new jump nodeport-endpoints-check
add rule ip kube-proxy filter-input ct state new jump service-endpoints-check
add rule ip kube-proxy filter-output ct state new jump service-endpoints-check
add rule ip kube-proxy filter-output-pre-dnat ct state new jump firewall-check
add rule ip kube-proxy filter-output ct state new jump cluster-ips-check
add rule ip kube-proxy firewall-check ip daddr . meta l4proto . th dport vmap @firewall-ips
add rule ip kube-proxy mark-for-masquerade mark set mark or 0x4000
add rule ip kube-proxy masquerading mark and 0x4000 == 0 return
add rule ip kube-proxy masquerading mark set mark xor 0x4000
add rule ip kube-proxy masquerading masquerade fully-random
add rule ip kube-proxy nat-output jump services
add rule ip kube-proxy nat-postrouting jump masquerading
add rule ip kube-proxy nat-prerouting jump services
add rule ip kube-proxy nodeport-endpoints-check ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports
add rule ip kube-proxy reject-chain reject
add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips
add rule ip kube-proxy services ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports

add element ip kube-proxy nodeport-ips { 192.168.0.2 }
add rule ip kube-proxy service-endpoints-check ip daddr . meta l4proto . th dport vmap @no-endpoint-services
`;

const OVERALL_NFT = dedent(`
  # svc1
  add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80
  add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
  add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }

  add chain ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80
  add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 ip saddr 10.180.0.1 jump mark-for-masquerade
  add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 meta l4proto tcp dnat to 10.180.0.1:80

  add element ip kube-proxy cluster-ips { 172.30.0.41 }
  add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }

  # svc2
  add chain ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80
  add rule ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80 ip daddr 172.30.0.42 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
  add rule ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 }
  add chain ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80
  add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 ip saddr 10.0.0.0/8 goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit pod traffic"
  add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"
  add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit local traffic"
  add chain ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80
  add rule ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 ip saddr 10.180.0.2 jump mark-for-masquerade
  add rule ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 meta l4proto tcp dnat to 10.180.0.2:80

  add element ip kube-proxy cluster-ips { 172.30.0.42 }
  add element ip kube-proxy service-ips { 172.30.0.42 . tcp . 80 : goto service-42NFTM6N-ns2/svc2/tcp/p80 }
  add element ip kube-proxy service-ips { 192.168.99.22 . tcp . 80 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
  add element ip kube-proxy service-ips { 1.2.3.4 . tcp . 80 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
  add element ip kube-proxy service-nodeports { tcp . 3001 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }

  add element ip kube-proxy no-endpoint-nodeports { tcp . 3001 comment "ns2/svc2:p80" : drop }
  add element ip kube-proxy no-endpoint-services { 1.2.3.4 . tcp . 80 comment "ns2/svc2:p80" : drop }
  add element ip kube-proxy no-endpoint-services { 192.168.99.22 . tcp . 80 comment "ns2/svc2:p80" : drop }

  # svc3
  add chain ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80
  add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 ip daddr 172.30.0.43 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
  add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 }
  add chain ip kube-proxy external-4AT6LBPK-ns3/svc3/tcp/p80
  add rule ip kube-proxy external-4AT6LBPK-ns3/svc3/tcp/p80 jump mark-for-masquerade
  add rule ip kube-proxy external-4AT6LBPK-ns3/svc3/tcp/p80 goto service-4AT6LBPK-ns3/svc3/tcp/p80
  add chain ip kube-proxy endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80
  add rule ip kube-proxy endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 ip saddr 10.180.0.3 jump mark-for-masquerade
  add rule ip kube-proxy endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 meta l4proto tcp dnat to 10.180.0.3:80

  add element ip kube-proxy cluster-ips { 172.30.0.43 }
  add element ip kube-proxy service-ips { 172.30.0.43 . tcp . 80 : goto service-4AT6LBPK-ns3/svc3/tcp/p80 }
  add element ip kube-proxy service-nodeports { tcp . 3003 : goto external-4AT6LBPK-ns3/svc3/tcp/p80 }

  # svc4
  add chain ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80
  add rule ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80 ip daddr 172.30.0.44 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
  add rule ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80 numgen random mod 2 vmap { 0 : goto endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 , 1 : goto endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 }
  add chain ip kube-proxy external-LAUZTJTB-ns4/svc4/tcp/p80
  add rule ip kube-proxy external-LAUZTJTB-ns4/svc4/tcp/p80 jump mark-for-masquerade
  add rule ip kube-proxy external-LAUZTJTB-ns4/svc4/tcp/p80 goto service-LAUZTJTB-ns4/svc4/tcp/p80
  add chain ip kube-proxy endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80
  add rule ip kube-proxy endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 ip saddr 10.180.0.5 jump mark-for-masquerade
  add rule ip kube-proxy endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 meta l4proto tcp dnat to 10.180.0.5:80
  add chain ip kube-proxy endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80
  add rule ip kube-proxy endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 ip saddr 10.180.0.4 jump mark-for-masquerade
  add rule ip kube-proxy endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 meta l4proto tcp dnat to 10.180.0.4:80

  add element ip kube-proxy cluster-ips { 172.30.0.44 }
  add element ip kube-proxy service-ips { 172.30.0.44 . tcp . 80 : goto service-LAUZTJTB-ns4/svc4/tcp/p80 }
  add element ip kube-proxy service-ips { 192.168.99.33 . tcp . 80 : goto external-LAUZTJTB-ns4/svc4/tcp/p80 }

  # svc5
  add set ip kube-proxy affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { type ipv4_addr ; flags dynamic,timeout ; timeout 10800s ; }
  add chain ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80
  add rule ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80 ip daddr 172.30.0.45 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
  add rule ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80 ip saddr @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80
  add rule ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 }
  add chain ip kube-proxy external-HVFWP5L3-ns5/svc5/tcp/p80
  add rule ip kube-proxy external-HVFWP5L3-ns5/svc5/tcp/p80 jump mark-for-masquerade
  add rule ip kube-proxy external-HVFWP5L3-ns5/svc5/tcp/p80 goto service-HVFWP5L3-ns5/svc5/tcp/p80

  add chain ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80
  add rule ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 ip saddr 10.180.0.3 jump mark-for-masquerade
  add rule ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 update @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { ip saddr }
  add rule ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 meta l4proto tcp dnat to 10.180.0.3:80

  add chain ip kube-proxy firewall-HVFWP5L3-ns5/svc5/tcp/p80
  add rule ip kube-proxy firewall-HVFWP5L3-ns5/svc5/tcp/p80 ip saddr != { 203.0.113.0/25 } drop

  add element ip kube-proxy cluster-ips { 172.30.0.45 }
  add element ip kube-proxy service-ips { 172.30.0.45 . tcp . 80 : goto service-HVFWP5L3-ns5/svc5/tcp/p80 }
  add element ip kube-proxy service-ips { 5.6.7.8 . tcp . 80 : goto external-HVFWP5L3-ns5/svc5/tcp/p80 }
  add element ip kube-proxy service-nodeports { tcp . 3002 : goto external-HVFWP5L3-ns5/svc5/tcp/p80 }
  add element ip kube-proxy firewall-ips { 5.6.7.8 . tcp . 80 : goto firewall-HVFWP5L3-ns5/svc5/tcp/p80 }

  # svc6
  add element ip kube-proxy cluster-ips { 172.30.0.46 }
  add element ip kube-proxy no-endpoint-services { 172.30.0.46 . tcp . 80 comment "ns6/svc6:p80" : goto reject-chain }
`);

/** A ClusterIP Service with one TCP port per entry of `ports`, like upstream's makeTestService. */
function svc(ns: string, name: string, clusterIP: string, ports: readonly [string, number][]): string {
  const p = ports.map(([n, port]) => `{ name: ${n}, port: ${port}, protocol: TCP }`).join(', ');
  return `apiVersion: v1\nkind: Service\nmetadata: { namespace: ${ns}, name: ${name} }\nspec:\n  type: ClusterIP\n  clusterIP: ${clusterIP}\n  ports: [${p}]\n`;
}

/** An EndpointSlice like upstream's makeTestEndpointSlice: ready endpoints on no node, one named TCP port. */
function slice(ns: string, name: string, ips: readonly string[], port: [string, number]): string {
  const eps = ips.map((ip) => `{ addresses: [${ip}] }`).join(', ');
  return `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: { namespace: ${ns}, name: ${name}-1, labels: { kubernetes.io/service-name: ${name} } }\naddressType: IPv4\nendpoints: [${eps}]\nports: [{ name: ${port[0]}, port: ${port[1]}, protocol: TCP }]\n`;
}

const docs = (...d: string[]): string => d.join('---\n');

const fakeConfig = (): ReturnType<typeof upstreamConfig> => upstreamConfig({ nodePortAddresses: ['192.168.0.2/32', '2001:db8::1/128'] });

function expectGolden(manifests: string, expected: string): void {
  const r = nftablesRules(inputsFromYaml(manifests), fakeConfig(), { serviceCIDRs: ['172.30.0.0/16'] });
  const want = sortNFTablesTransaction(BASE_RULES + expected) + '\n';
  expect(r.text).toBe(want);
  // The script is the same transaction in declaration order.
  expect(sortNFTablesTransaction(scriptOf(r.transaction)) + '\n').toBe(want);
}

// The per-service blocks of TestSyncProxyRulesRepeated, as upstream writes them.
const REPEATED_SVC1 = `
  add element ip kube-proxy cluster-ips { 172.30.0.41 }
  add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
  add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80
  add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
  add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 }
  add chain ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80
  add rule ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 ip saddr 10.0.1.1 jump mark-for-masquerade
  add rule ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 meta l4proto tcp dnat to 10.0.1.1:80
`;
const REPEATED_SVC2 = `
  add element ip kube-proxy cluster-ips { 172.30.0.42 }
  add element ip kube-proxy service-ips { 172.30.0.42 . tcp . 8080 : goto service-MHHHYRWA-ns2/svc2/tcp/p8080 }
  add chain ip kube-proxy service-MHHHYRWA-ns2/svc2/tcp/p8080
  add rule ip kube-proxy service-MHHHYRWA-ns2/svc2/tcp/p8080 ip daddr 172.30.0.42 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
  add rule ip kube-proxy service-MHHHYRWA-ns2/svc2/tcp/p8080 numgen random mod 1 vmap { 0 : goto endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080 }
  add chain ip kube-proxy endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080
  add rule ip kube-proxy endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080 ip saddr 10.0.2.1 jump mark-for-masquerade
  add rule ip kube-proxy endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080 meta l4proto tcp dnat to 10.0.2.1:8080
`;
const REPEATED_SVC3 = `
  add element ip kube-proxy cluster-ips { 172.30.0.43 }
  add element ip kube-proxy service-ips { 172.30.0.43 . tcp . 80 : goto service-4AT6LBPK-ns3/svc3/tcp/p80 }
  add chain ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80
  add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 ip daddr 172.30.0.43 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
  add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-2OCDJSZQ-ns3/svc3/tcp/p80__10.0.3.1/80 }
  add chain ip kube-proxy endpoint-2OCDJSZQ-ns3/svc3/tcp/p80__10.0.3.1/80
  add rule ip kube-proxy endpoint-2OCDJSZQ-ns3/svc3/tcp/p80__10.0.3.1/80 ip saddr 10.0.3.1 jump mark-for-masquerade
  add rule ip kube-proxy endpoint-2OCDJSZQ-ns3/svc3/tcp/p80__10.0.3.1/80 meta l4proto tcp dnat to 10.0.3.1:80
`;
const REPEATED_SVC4 = `
  add element ip kube-proxy cluster-ips { 172.30.0.44 }
  add element ip kube-proxy service-ips { 172.30.0.44 . tcp . 80 : goto service-LAUZTJTB-ns4/svc4/tcp/p80 }
  add chain ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80
  add rule ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80 ip daddr 172.30.0.44 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
  add rule ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-WAHRBT2B-ns4/svc4/tcp/p80__10.0.4.1/80 }
  add chain ip kube-proxy endpoint-WAHRBT2B-ns4/svc4/tcp/p80__10.0.4.1/80
  add rule ip kube-proxy endpoint-WAHRBT2B-ns4/svc4/tcp/p80__10.0.4.1/80 ip saddr 10.0.4.1 jump mark-for-masquerade
  add rule ip kube-proxy endpoint-WAHRBT2B-ns4/svc4/tcp/p80__10.0.4.1/80 meta l4proto tcp dnat to 10.0.4.1:80
`;

const SVC1 = svc('ns1', 'svc1', '172.30.0.41', [['p80', 80]]);
const SVC2 = svc('ns2', 'svc2', '172.30.0.42', [['p8080', 8080]]);
const SVC3 = svc('ns3', 'svc3', '172.30.0.43', [['p80', 80]]);
const SVC4 = svc('ns4', 'svc4', '172.30.0.44', [['p80', 80]]);
const EPS1 = slice('ns1', 'svc1', ['10.0.1.1'], ['p80', 80]);
const EPS2 = slice('ns2', 'svc2', ['10.0.2.1'], ['p8080', 8080]);
const EPS3 = slice('ns3', 'svc3', ['10.0.3.1'], ['p80', 80]);
const EPS4 = slice('ns4', 'svc4', ['10.0.4.1'], ['p80', 80]);

describe('nftables payload: upstream goldens', () => {
  it('TestOverallNFTablesRules', () => {
    const r = nftablesRules(inputsFromYaml(OVERALL_MANIFESTS), fakeConfig(), { serviceCIDRs: ['172.30.0.0/16'] });
    expect(r.text).toBe(sortNFTablesTransaction(BASE_RULES + OVERALL_NFT) + '\n');
  });

  describe('TestSyncProxyRulesRepeated (states equal to a full sync)', () => {
    it('initial state: svc1 and svc2', () => {
      expectGolden(docs(SVC1, SVC2, EPS1, EPS2), dedent(REPEATED_SVC1 + REPEATED_SVC2));
    });
    it('"Add a new service and its endpoints": svc3', () => {
      expectGolden(docs(SVC1, SVC2, SVC3, EPS1, EPS2, EPS3), dedent(REPEATED_SVC1 + REPEATED_SVC2 + REPEATED_SVC3));
    });
    it('"Fake the passage of time and confirm that the stale chains get deleted": svc2 deleted', () => {
      expectGolden(docs(SVC1, SVC3, EPS1, EPS3), dedent(REPEATED_SVC1 + REPEATED_SVC3));
    });
    it('"Add a service, sync, then add its endpoints": svc4 without endpoints rejects', () => {
      const noEndpoints = '\n  add element ip kube-proxy cluster-ips { 172.30.0.44 }\n  add element ip kube-proxy no-endpoint-services { 172.30.0.44 . tcp . 80 comment "ns4/svc4:p80" : goto reject-chain }\n';
      expectGolden(docs(SVC1, SVC3, SVC4, EPS1, EPS3), dedent(REPEATED_SVC1 + REPEATED_SVC3 + noEndpoints));
    });
    it('"Add a service, sync, then add its endpoints": svc4 with its endpoint', () => {
      expectGolden(docs(SVC1, SVC3, SVC4, EPS1, EPS3, EPS4), dedent(REPEATED_SVC1 + REPEATED_SVC3 + REPEATED_SVC4));
    });
    it('"Add an endpoint to a service": svc3 on 10.0.3.2 and 10.0.3.3', () => {
      const svc3 = `
        add element ip kube-proxy cluster-ips { 172.30.0.43 }
        add element ip kube-proxy service-ips { 172.30.0.43 . tcp . 80 : goto service-4AT6LBPK-ns3/svc3/tcp/p80 }
        add chain ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80
        add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 ip daddr 172.30.0.43 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
        add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 numgen random mod 2 vmap { 0 : goto endpoint-SWWHDC7X-ns3/svc3/tcp/p80__10.0.3.2/80 , 1 : goto endpoint-TQ2QKHCZ-ns3/svc3/tcp/p80__10.0.3.3/80 }
        add chain ip kube-proxy endpoint-SWWHDC7X-ns3/svc3/tcp/p80__10.0.3.2/80
        add rule ip kube-proxy endpoint-SWWHDC7X-ns3/svc3/tcp/p80__10.0.3.2/80 ip saddr 10.0.3.2 jump mark-for-masquerade
        add rule ip kube-proxy endpoint-SWWHDC7X-ns3/svc3/tcp/p80__10.0.3.2/80 meta l4proto tcp dnat to 10.0.3.2:80
        add chain ip kube-proxy endpoint-TQ2QKHCZ-ns3/svc3/tcp/p80__10.0.3.3/80
        add rule ip kube-proxy endpoint-TQ2QKHCZ-ns3/svc3/tcp/p80__10.0.3.3/80 ip saddr 10.0.3.3 jump mark-for-masquerade
        add rule ip kube-proxy endpoint-TQ2QKHCZ-ns3/svc3/tcp/p80__10.0.3.3/80 meta l4proto tcp dnat to 10.0.3.3:80
      `;
      const eps3 = slice('ns3', 'svc3', ['10.0.3.2', '10.0.3.3'], ['p80', 80]);
      expectGolden(docs(SVC1, SVC3, SVC4, EPS1, eps3, EPS4), dedent(REPEATED_SVC1) + '\n' + dedent(svc3) + '\n' + dedent(REPEATED_SVC4));
    });
  });

  it('TestSyncProxyRulesStartup (final state: svc1 with two endpoints, svc2, svc3 without endpoints)', () => {
    const expected = `
      add element ip kube-proxy cluster-ips { 172.30.0.41 }
      add element ip kube-proxy cluster-ips { 172.30.0.42 }
      add element ip kube-proxy cluster-ips { 172.30.0.43 }
      add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
      add element ip kube-proxy service-ips { 172.30.0.42 . tcp . 8080 : goto service-MHHHYRWA-ns2/svc2/tcp/p8080 }
      add element ip kube-proxy no-endpoint-services { 172.30.0.43 . tcp . 80 comment "ns3/svc3:p80" : goto reject-chain }

      add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80
      add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
      add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 2 vmap { 0 : goto endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 , 1 : goto endpoint-ZCZBVNAZ-ns1/svc1/tcp/p80__10.0.1.2/80 }
      add chain ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80
      add rule ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 ip saddr 10.0.1.1 jump mark-for-masquerade
      add rule ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 meta l4proto tcp dnat to 10.0.1.1:80
      add chain ip kube-proxy endpoint-ZCZBVNAZ-ns1/svc1/tcp/p80__10.0.1.2/80
      add rule ip kube-proxy endpoint-ZCZBVNAZ-ns1/svc1/tcp/p80__10.0.1.2/80 ip saddr 10.0.1.2 jump mark-for-masquerade
      add rule ip kube-proxy endpoint-ZCZBVNAZ-ns1/svc1/tcp/p80__10.0.1.2/80 meta l4proto tcp dnat to 10.0.1.2:80

      add chain ip kube-proxy service-MHHHYRWA-ns2/svc2/tcp/p8080
      add rule ip kube-proxy service-MHHHYRWA-ns2/svc2/tcp/p8080 ip daddr 172.30.0.42 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
      add rule ip kube-proxy service-MHHHYRWA-ns2/svc2/tcp/p8080 numgen random mod 1 vmap { 0 : goto endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080 }
      add chain ip kube-proxy endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080
      add rule ip kube-proxy endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080 ip saddr 10.0.2.1 jump mark-for-masquerade
      add rule ip kube-proxy endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080 meta l4proto tcp dnat to 10.0.2.1:8080
    `;
    const eps1 = slice('ns1', 'svc1', ['10.0.1.1', '10.0.1.2'], ['p80', 80]);
    expectGolden(docs(SVC1, SVC2, SVC3, eps1, EPS2), dedent(expected));
  });

  it('TestBadIPs: leading zeros in IPs and CIDRs are normalised', () => {
    const manifests = `
apiVersion: v1
kind: Service
metadata: { namespace: ns1, name: svc1 }
spec:
  type: LoadBalancer
  clusterIP: 172.30.0.041
  ports: [{ name: p80, port: 80, protocol: TCP, nodePort: 3001 }]
  externalIPs: [192.168.099.022]
  loadBalancerSourceRanges: [203.0.113.000/025]
status:
  loadBalancer: { ingress: [{ ip: 1.2.3.004 }] }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { namespace: ns1, name: svc1-1, labels: { kubernetes.io/service-name: svc1 } }
addressType: IPv4
endpoints: [{ addresses: [10.180.00.001] }]
ports: [{ name: p80, port: 80, protocol: TCP }]
`;
    const expected = `
      add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80
      add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
      add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }

      add chain ip kube-proxy external-ULMVA6XW-ns1/svc1/tcp/p80
      add rule ip kube-proxy external-ULMVA6XW-ns1/svc1/tcp/p80 jump mark-for-masquerade
      add rule ip kube-proxy external-ULMVA6XW-ns1/svc1/tcp/p80 goto service-ULMVA6XW-ns1/svc1/tcp/p80

      add chain ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80
      add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 ip saddr 10.180.0.1 jump mark-for-masquerade
      add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 meta l4proto tcp dnat to 10.180.0.1:80

      add chain ip kube-proxy firewall-ULMVA6XW-ns1/svc1/tcp/p80
      add rule ip kube-proxy firewall-ULMVA6XW-ns1/svc1/tcp/p80 ip saddr != { 203.0.113.0/25 } drop

      add element ip kube-proxy cluster-ips { 172.30.0.41 }
      add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
      add element ip kube-proxy service-ips { 192.168.99.22 . tcp . 80 : goto external-ULMVA6XW-ns1/svc1/tcp/p80 }
      add element ip kube-proxy service-ips { 1.2.3.4 . tcp . 80 : goto external-ULMVA6XW-ns1/svc1/tcp/p80 }
      add element ip kube-proxy service-nodeports { tcp . 3001 : goto external-ULMVA6XW-ns1/svc1/tcp/p80 }
      add element ip kube-proxy firewall-ips { 1.2.3.4 . tcp . 80 : goto firewall-ULMVA6XW-ns1/svc1/tcp/p80 }
    `;
    expectGolden(manifests, dedent(expected));
  });

  describe('TestLoadBalancerIngressRouteTypeProxy (LoadBalancerIPMode on, the default)', () => {
    const cases: [string, string, string, string | undefined, boolean][] = [
      ['ipMode Proxy', '10.20.30.41', '1.2.3.4', 'Proxy', false],
      ['ipMode VIP', '10.20.30.42', '1.2.3.5', 'VIP', true],
      ['ipMode nil', '10.20.30.43', '1.2.3.6', undefined, true],
    ];
    for (const [name, clusterIP, lbIP, ipMode, expectedRule] of cases) {
      it(`${name}: service-ips element for the LB IP ${expectedRule ? 'present' : 'absent'}`, () => {
        const ingress = ipMode ? `{ ip: ${lbIP}, ipMode: ${ipMode} }` : `{ ip: ${lbIP} }`;
        const manifests = docs(
          `apiVersion: v1\nkind: Service\nmetadata: { namespace: ns1, name: svc1 }\nspec:\n  type: LoadBalancer\n  clusterIP: ${clusterIP}\n  ports: [{ name: p80, port: 80, protocol: TCP, nodePort: 3001 }]\nstatus:\n  loadBalancer: { ingress: [${ingress}] }\n`,
          slice('ns1', 'svc1', ['10.180.0.1'], ['p80', 80]),
        );
        const r = nftablesRules(inputsFromYaml(manifests), fakeConfig());
        const element = `add element ip kube-proxy service-ips { ${lbIP} . tcp . 80 : goto external-ULMVA6XW-ns1/svc1/tcp/p80 }`;
        expect(r.text.split('\n').includes(element)).toBe(expectedRule);
      });
    }
  });

  describe('Test_servicePortChainNameBase / Test_servicePortEndpointChainNameBase', () => {
    const longNS = 'very-long-namespace-name-abcdefghijklmnopqrstuvwxyz0123456789xx';
    const longSvc = 'very-long-service-name-why-would-you-even-do-this-i-mean-really';
    const longPort = 'port-443-providing-the-hypertext-transmission-protocol-with-tls';
    const long = `${longNS}/${longSvc}/sctp/${longPort}`;
    it.each([
      ['simple', 'testing/service/tcp/http', 'P4ZYZVCF-testing/service/tcp/http'],
      ['different port, different hash', 'testing/service/tcp/https', 'LZBRENCP-testing/service/tcp/https'],
      ['max length', long, `KR6NACJP-${long}`],
      ['endpoint simple', 'testing/service/tcp/http__10.180.0.1/80', 'JO2XBXZR-testing/service/tcp/http__10.180.0.1/80'],
      ['different endpoint, different hash', 'testing/service/tcp/http__10.180.0.2/80', '5S6H3H22-testing/service/tcp/http__10.180.0.2/80'],
      ['ipv6', 'testing/service/tcp/http__fd80.abcd.12..a1b2.c3d4.e5f6.9999/80', 'U7E2ET36-testing/service/tcp/http__fd80.abcd.12..a1b2.c3d4.e5f6.9999/80'],
      ['max length without truncation', `${long}__1234.5678.9abc.def0..abc.1234/443`, `5YS7AFEA-${long}__1234.5678.9abc.def0..abc.1234/443`],
      ['truncated, 1', `${long}__1234.5678.9abc.def0..abcd.1234.5678/443`, `CI6C53Q3-${long}__1234.5678.9abc.def0..abcd.1234...`],
      ['truncated, 2', `${long}__1234.5678.9abc.def0..abcd.1234.8765/443`, `2FLXFK6X-${long}__1234.5678.9abc.def0..abcd.1234...`],
    ])('%s', (_name, input, expected) => {
      expect(hashAndTruncate(input)).toBe(expected);
    });
  });
});

describe('local-traffic detection in nftables words (pkg/proxy/util/localdetector.go)', () => {
  const manifests = docs(SVC1, EPS1);
  const masq = (cfg: Parameters<typeof nftablesRules>[1]): string | undefined =>
    nftablesRules(inputsFromYaml(manifests), cfg)
      .text.split('\n')
      .find((l) => l.startsWith('add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr'));
  // NewDetectLocalByBridgeInterface / ByInterfaceNamePrefix: `iifname` since PR #134024 (the error it fixed:
  // nft rejects `iif` for an interface that does not exist).
  it('BridgeInterface uses iifname', () => {
    expect(masq(upstreamConfig({ detectLocalMode: 'BridgeInterface', bridgeInterface: 'cbr0' }))).toBe(
      'add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 iifname != cbr0 jump mark-for-masquerade',
    );
  });
  it('InterfaceNamePrefix uses iifname with a wildcard', () => {
    expect(masq(upstreamConfig({ detectLocalMode: 'InterfaceNamePrefix', interfaceNamePrefix: 'veth' }))).toBe(
      'add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 iifname != veth* jump mark-for-masquerade',
    );
  });
  it('NodeCIDR uses the node podCIDR (NewDetectLocalByCIDR)', () => {
    const inputs = { ...inputsFromYaml(manifests), node: { ...FAKE_NODE, podCIDR: '10.0.7.0/24' } };
    const line = nftablesRules(inputs, upstreamConfig({ detectLocalMode: 'NodeCIDR' }))
      .text.split('\n')
      .find((l) => l.startsWith('add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr'));
    expect(line).toBe('add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.7.0/24 jump mark-for-masquerade');
  });
  it('without detection and without masqueradeAll there is no ClusterIP masquerade rule', () => {
    expect(masq(upstreamConfig({ detectLocalMode: 'None' }))).toBeUndefined();
  });
});
