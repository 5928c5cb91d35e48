/**
 * nftables mode: the transaction kube-proxy's nftables proxier sends on a full sync, as `nft -f` lines.
 *
 * Version followed: kubernetes/kubernetes pkg/proxy/nftables/proxier.go as of v1.34/v1.35 (setupNFTables,
 * syncProxyRules, writeServiceToEndpointRules), checked line by line against that release line's
 * TestOverallNFTablesRules, TestSyncProxyRulesRepeated and TestSyncProxyRulesStartup goldens
 * (pkg/proxy/nftables/proxier_test.go). What that revision writes, and when it changed:
 * - base chains filter-prerouting-pre-dnat / filter-output-pre-dnat (priority dstnat-10 = -110) and
 *   filter-forward / filter-input / filter-output (priority filter = 0), PR #132456 (v1.34, backported to
 *   v1.33.5 as #133969). Before that: filter-{prerouting,input,forward,output} at -110 plus
 *   filter-output-post-dnat at -90.
 * - the ClusterIP masquerade rule matches only the destination IP (`ip daddr X ip saddr != CIDR jump …`),
 *   PR #131492 (v1.34, not backported). v1.33 also matched `<proto> dport <port>` there (read in the
 *   v1.31-v1.33 proxier source); with the backports listed here that is the one difference we know of
 *   between v1.33.6 and this output. This mode follows v1.34/v1.35 rather than iptables mode's v1.33
 *   because those are the goldens we could read verbatim; release-1.33's own goldens were not available.
 * - interface-based local detection uses `iifname` (PR #134024), see localDetector in model.ts.
 * - the `mark-for-masquerade` chain still exists; v1.36 inlines it (PR #135800) and reworks hairpin
 *   masquerading with a set (PR #136499); neither is modelled here.
 *
 * Output is either upstream's test normal form (pkg/proxy/nftables/helpers_test.go sortNFTablesTransaction)
 * or a script in declaration order that `nft -f` loads.
 */
import type { ProxyConfig } from './config.js';
import { masqueradeMark } from './config.js';
import { base32, sha256 } from './hash.js';
import type { IPFamily } from './ip.js';
import { parseCIDR, cidrContainsString } from './ip.js';
import type { ProxyEndpoint, ProxyInputs, ProxyServicePort } from './model.js';
import { buildServicePorts, externallyAccessible, familyOfNode, localDetector, nodeIPOf, nodePortAddresses, usesClusterEndpoints, usesLocalEndpoints } from './model.js';

/**
 * hashAndTruncate (proxier.go): base32(sha256(name))[:8] + "-" + name, cut to 240 characters with "..."
 * (nftables names may be 256 bytes; upstream keeps 16 spare).
 */
export function hashAndTruncate(name: string): string {
  const out = base32(sha256(name), 5);
  const full = `${out}-${name}`;
  const max = 256 - 16;
  return full.length > max ? full.slice(0, max - 3) + '...' : full;
}

/**
 * One full-sync transaction, kept by object kind so that both output orders are cheap: declaration order
 * for `nft -f`, and upstream's normal form without re-parsing 200k lines.
 */
export interface NftTransaction {
  readonly table: string;
  /** `add set` lines by set name (declaration order). */
  readonly sets: ReadonlyMap<string, string>;
  /** `add map` lines by map name (declaration order). */
  readonly maps: ReadonlyMap<string, string>;
  /** `add chain` lines by chain name (declaration order). */
  readonly chains: ReadonlyMap<string, string>;
  /** `add rule` lines by chain name, each in the order kube-proxy adds them. */
  readonly rules: ReadonlyMap<string, readonly string[]>;
  /** `add element` lines by set or map name, one per key (see `element` in buildNftables). */
  readonly elements: ReadonlyMap<string, readonly string[]>;
}

export interface NftablesResult {
  readonly family: IPFamily;
  readonly servicePorts: readonly ProxyServicePort[];
  readonly transaction: NftTransaction;
  /** Upstream's test normal form. */
  readonly text: string;
  /** Declaration-ordered script for `nft -f`. */
  readonly script: string;
}

const ORDER: Readonly<Record<string, number>> = { table: 10, chain: 9, rule: 8, set: 7, map: 6, element: 5 };

/**
 * sortNFTablesTransaction (pkg/proxy/nftables/helpers_test.go): the normal form of upstream's nftables
 * goldens, for any transaction text. Blank lines and comments go; lines sort by object type (table, chain,
 * rule, set, map, element), then object name; rules keep their order within a chain, other objects sort
 * by their whole line.
 */
export function sortNFTablesTransaction(tx: string): string {
  const lines = tx.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  // Only words 1 (object type) and 4 (object name) matter; find them without splitting whole lines.
  const keyed = lines.map((l, i) => {
    let start = 0;
    const words: string[] = [];
    for (let w = 0; w < 5; w++) {
      const sp = l.indexOf(' ', start);
      if (sp < 0) {
        words.push(l.slice(start));
        start = l.length + 1;
        if (w < 4) break;
      } else {
        words.push(l.slice(start, sp));
        start = sp + 1;
      }
    }
    const short = words.length < 5;
    return { l, i, type: words[1] ?? '', rank: ORDER[words[1] ?? ''] ?? 0, name: words[4] ?? '', short };
  });
  keyed.sort((a, b) => {
    if (a.short || b.short) return a.i - b.i;
    if (a.type !== b.type) return b.rank - a.rank;
    if (a.name !== b.name) return a.name < b.name ? -1 : 1;
    if (a.type === 'rule') return a.i - b.i;
    return a.l < b.l ? -1 : a.l > b.l ? 1 : a.i - b.i;
  });
  return keyed.map((k) => k.l).join('\n');
}

/** Names are unique within a kind, so sorting the names and reading the lines back is the normal form. */
function byName<T>(m: ReadonlyMap<string, T>): T[] {
  return [...m.keys()].sort().map((k) => m.get(k) as T);
}

/** The normal form of a transaction we built: equal to sortNFTablesTransaction(script) (tested). */
export function normalForm(tx: NftTransaction): string {
  const out: string[] = [tx.table, ...byName(tx.chains)];
  for (const rules of byName(tx.rules)) for (const r of rules) out.push(r);
  out.push(...byName(tx.sets), ...byName(tx.maps));
  for (const els of byName(tx.elements)) for (const e of [...els].sort()) out.push(e);
  return out.join('\n');
}

/** The transaction in declaration order, loadable with `nft -f`. */
export function scriptOf(tx: NftTransaction): string {
  const out: string[] = [tx.table, ...tx.sets.values(), ...tx.maps.values(), ...tx.chains.values()];
  for (const rules of tx.rules.values()) for (const r of rules) out.push(r);
  for (const els of tx.elements.values()) for (const e of els) out.push(e);
  return out.join('\n');
}

interface Names {
  readonly service: string;
  readonly local: string;
  readonly external: string;
  readonly firewall: string;
}

/** servicePortChainNameBase: hashAndTruncate("namespace/name/protocol/portName"). */
function chainNames(sp: ProxyServicePort): Names {
  const base = hashAndTruncate(`${sp.namespace}/${sp.name}/${sp.protocol}/${sp.portName}`);
  return { service: `service-${base}`, local: `local-${base}`, external: `external-${base}`, firewall: `firewall-${base}` };
}

/** servicePortEndpointChainNameBase: IPv6 colons become dots, since `:` is not valid in a chain name. */
function endpointBase(sp: ProxyServicePort, ep: ProxyEndpoint): string {
  const ip = ep.ip.includes(':') ? ep.ip.replace(/:/g, '.') : ep.ip;
  return hashAndTruncate(`${sp.namespace}/${sp.name}/${sp.protocol}/${sp.portName}__${ip}/${ep.port}`);
}

export interface BuildContext {
  readonly family: IPFamily;
  readonly config: ProxyConfig;
  /** The node IP of this family (LoadBalancerSourceRanges "allow from node" check). */
  readonly nodeIP: string | undefined;
  /** IPs accepting NodePorts when nodePortAddresses is not match-all. */
  readonly nodeIPs: readonly string[];
  readonly matchAll: boolean;
  /** Service CIDRs of this family ("drop traffic to unallocated ClusterIPs"). */
  readonly serviceCIDRs: readonly string[];
  /** nftables match words for "from a local pod" and its negation; undefined when detection is off. */
  readonly detector: { readonly ifLocal: string; readonly ifNotLocal: string } | undefined;
}

/** Builds the full-sync transaction (setupNFTables, then syncProxyRules' per-service-port loop). */
export function buildNftables(ports: readonly ProxyServicePort[], ctx: BuildContext): NftTransaction {
  const v6 = ctx.family === 'IPv6';
  const ipX = v6 ? 'ip6' : 'ip';
  const addr = v6 ? 'ipv6_addr' : 'ipv4_addr';
  const noLocalhost = v6 ? 'ip6 daddr != ::1' : 'ip daddr != 127.0.0.0/8';
  const T = `${ipX} kube-proxy`;
  const mark = masqueradeMark(ctx.config);
  const cfg = ctx.config;

  const sets = new Map<string, string>();
  const maps = new Map<string, string>();
  const chains = new Map<string, string>();
  const rules = new Map<string, string[]>();
  const elements = new Map<string, Map<string, string>>();
  const addChain = (name: string, spec = ''): void => {
    if (!chains.has(name)) chains.set(name, `add chain ${T} ${name}${spec}`);
  };
  const rule = (chain: string, text: string): void => {
    const list = rules.get(chain);
    const line = `add rule ${T} ${chain} ${text}`;
    if (list) list.push(line);
    else rules.set(chain, [line]);
  };
  // nftElementStorage.ensureElem: one element per key and sync. A repeated key (the ClusterIP of every port
  // of a multi-port Service) is not written again; a key re-added with another value ends with the last one.
  const element = (set: string, key: string, rest = ''): void => {
    let m = elements.get(set);
    if (!m) elements.set(set, (m = new Map<string, string>()));
    m.set(key, `add element ${T} ${set} { ${key}${rest} }`);
  };
  const addSet = (name: string, spec: string): void => void sets.set(name, `add set ${T} ${name} { ${spec} }`);
  const addMap = (name: string, spec: string): void => void maps.set(name, `add map ${T} ${name} { ${spec} }`);

  // setupNFTables: nftablesBaseChains, in upstream's order.
  for (const [name, spec] of [
    ['filter-prerouting-pre-dnat', ' { type filter hook prerouting priority -110 ; }'],
    ['filter-output-pre-dnat', ' { type filter hook output priority -110 ; }'],
    ['filter-forward', ' { type filter hook forward priority 0 ; }'],
    ['filter-input', ' { type filter hook input priority 0 ; }'],
    ['filter-output', ' { type filter hook output priority 0 ; }'],
    ['nat-prerouting', ' { type nat hook prerouting priority -100 ; }'],
    ['nat-output', ' { type nat hook output priority -100 ; }'],
    ['nat-postrouting', ' { type nat hook postrouting priority 100 ; }'],
  ] as const)
    addChain(name, spec);
  // nftablesJumpChains.
  for (const [dst, src, extra] of [
    ['nodeport-endpoints-check', 'filter-input', 'ct state new '],
    ['service-endpoints-check', 'filter-input', 'ct state new '],
    ['service-endpoints-check', 'filter-forward', 'ct state new '],
    ['service-endpoints-check', 'filter-output', 'ct state new '],
    ['firewall-check', 'filter-prerouting-pre-dnat', 'ct state new '],
    ['firewall-check', 'filter-output-pre-dnat', 'ct state new '],
    ['services', 'nat-output', ''],
    ['services', 'nat-prerouting', ''],
    ['masquerading', 'nat-postrouting', ''],
    ['cluster-ips-check', 'filter-forward', 'ct state new '],
    ['cluster-ips-check', 'filter-output', 'ct state new '],
  ] as const) {
    addChain(dst);
    rule(src, `${extra}jump ${dst}`);
  }
  for (const c of ['services', 'cluster-ips-check', 'masquerading', 'mark-for-masquerade']) addChain(c);
  rule('mark-for-masquerade', `mark set mark or ${mark}`);
  rule('masquerading', `mark and ${mark} == 0 return`);
  rule('masquerading', `mark set mark xor ${mark}`);
  rule('masquerading', 'masquerade fully-random');
  addSet('cluster-ips', `type ${addr} ; comment "Active ClusterIPs" ;`);
  rule('cluster-ips-check', `${ipX} daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"`);
  if (ctx.serviceCIDRs.length > 0) rule('cluster-ips-check', `${ipX} daddr { ${ctx.serviceCIDRs.join(', ')} } drop comment "Drop traffic to unallocated ClusterIPs"`);
  // With match-all nodePortAddresses upstream adds and then deletes nodeport-ips; the net effect is no set.
  if (!ctx.matchAll) {
    addSet('nodeport-ips', `type ${addr} ; comment "IPs that accept NodePort traffic" ;`);
    // Loopback addresses are skipped: "localhost NodePorts are not supported" in nftables mode.
    for (const ip of ctx.nodeIPs) if (!(ip.startsWith('127.') || ip === '::1')) element('nodeport-ips', ip);
  }
  addMap('no-endpoint-services', `type ${addr} . inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to services with no endpoints" ;`);
  addMap('no-endpoint-nodeports', 'type inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to service nodeports with no endpoints" ;');
  addChain('reject-chain', ' { comment "helper for @no-endpoint-services / @no-endpoint-nodeports" ; }');
  rule('reject-chain', 'reject');
  rule('service-endpoints-check', `${ipX} daddr . meta l4proto . th dport vmap @no-endpoint-services`);
  rule('nodeport-endpoints-check', ctx.matchAll ? `${noLocalhost} meta l4proto . th dport vmap @no-endpoint-nodeports` : `${ipX} daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports`);
  addMap('firewall-ips', `type ${addr} . inet_proto . inet_service : verdict ; comment "destinations that are subject to LoadBalancerSourceRanges" ;`);
  addChain('firewall-check');
  rule('firewall-check', `${ipX} daddr . meta l4proto . th dport vmap @firewall-ips`);
  addMap('service-ips', `type ${addr} . inet_proto . inet_service : verdict ; comment "ClusterIP, ExternalIP and LoadBalancer IP traffic" ;`);
  addMap('service-nodeports', 'type inet_proto . inet_service : verdict ; comment "NodePort traffic" ;');
  rule('services', `${ipX} daddr . meta l4proto . th dport vmap @service-ips`);
  rule('services', ctx.matchAll ? `fib daddr type local ${noLocalhost} meta l4proto . th dport vmap @service-nodeports` : `${ipX} daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports`);

  const detector = ctx.detector;
  for (const sp of ports) {
    const n = chainNames(sp);
    const proto = sp.protocol;
    const spn = sp.spn;
    // One hash per endpoint: the chain, affinity set and vmap entries share it (and the name strings).
    const bases = new Map<string, { chain: string; affinity: string }>();
    const names = (ep: ProxyEndpoint): { chain: string; affinity: string } => {
      let b = bases.get(ep.key);
      if (b === undefined) {
        const h = endpointBase(sp, ep);
        bases.set(ep.key, (b = { chain: `endpoint-${h}`, affinity: `affinity-${h}` }));
      }
      return b;
    };
    const epChain = (ep: ProxyEndpoint): string => names(ep).chain;
    const affSet = (ep: ProxyEndpoint): string => names(ep).affinity;
    for (const ep of sp.allReachable) addChain(epChain(ep));
    const usesClusterPolicyChain = sp.clusterEndpoints.length > 0 && usesClusterEndpoints(sp);
    if (usesClusterPolicyChain) addChain(n.service);
    const usesLocalPolicyChain = sp.localEndpoints.length > 0 && usesLocalEndpoints(sp);
    if (usesLocalPolicyChain) addChain(n.local);
    let internalChain = n.service;
    let hasInternal = sp.hasEndpoints;
    if (sp.internalPolicyLocal) {
      internalChain = n.local;
      if (sp.localEndpoints.length === 0) hasInternal = false;
    }
    let externalPolicyChain = n.service;
    let hasExternal = sp.hasEndpoints;
    if (sp.externalPolicyLocal) {
      externalPolicyChain = n.local;
      if (sp.localEndpoints.length === 0) hasExternal = false;
    }
    // Based on hasEndpoints, not hasExternal: the short-circuit rules are needed even without local endpoints.
    const usesExt = sp.hasEndpoints && externallyAccessible(sp);
    if (usesExt) addChain(n.external);
    let internalVerdict = '';
    let externalVerdict = '';
    if (!sp.hasEndpoints) {
      internalVerdict = 'goto reject-chain';
      externalVerdict = 'goto reject-chain';
    } else {
      if (!hasInternal) internalVerdict = 'drop';
      if (!hasExternal) externalVerdict = 'drop';
    }
    const key = (ip: string): string => `${ip} . ${proto} . ${sp.port}`;
    element('cluster-ips', sp.clusterIP);
    if (hasInternal) element('service-ips', key(sp.clusterIP), ` : goto ${internalChain}`);
    else element('no-endpoint-services', key(sp.clusterIP), ` comment "${spn}" : ${internalVerdict}`);
    for (const eip of sp.externalIPs) {
      if (sp.hasEndpoints) element('service-ips', key(eip), ` : goto ${n.external}`);
      if (!hasExternal) element('no-endpoint-services', key(eip), ` comment "${spn}" : ${externalVerdict}`);
    }
    const usesFW = sp.loadBalancerVIPs.length > 0 && sp.sourceRanges.length > 0;
    if (usesFW) addChain(n.firewall);
    for (const lb of sp.loadBalancerVIPs) {
      if (sp.hasEndpoints) element('service-ips', key(lb), ` : goto ${n.external}`);
      if (usesFW) element('firewall-ips', key(lb), ` : goto ${n.firewall}`);
    }
    if (!hasExternal) for (const lb of sp.loadBalancerVIPs) element('no-endpoint-services', key(lb), ` comment "${spn}" : ${externalVerdict}`);
    if (sp.nodePort !== 0) {
      // NodePorts are not subject to loadBalancerSourceRanges (upstream: "for better or for worse").
      const np = `${proto} . ${sp.nodePort}`;
      if (sp.hasEndpoints) element('service-nodeports', np, ` : goto ${n.external}`);
      if (!hasExternal) element('no-endpoint-nodeports', np, ` comment "${spn}" : ${externalVerdict}`);
    }
    if (hasInternal) {
      // Since PR #131492 (v1.34) no port/protocol match: the chain is only reached through @service-ips.
      if (cfg.masqueradeAll) rule(internalChain, `${ipX} daddr ${sp.clusterIP} jump mark-for-masquerade`);
      else if (detector) rule(internalChain, `${ipX} daddr ${sp.clusterIP} ${detector.ifNotLocal} jump mark-for-masquerade`);
    }
    if (usesExt) {
      if (!sp.externalPolicyLocal) {
        rule(n.external, 'jump mark-for-masquerade');
      } else {
        if (detector) rule(n.external, `${detector.ifLocal} goto ${n.service} comment "short-circuit pod traffic"`);
        rule(n.external, 'fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"');
        rule(n.external, `fib saddr type local goto ${n.service} comment "short-circuit local traffic"`);
      }
      if (hasExternal) rule(n.external, `goto ${externalPolicyChain}`);
    }
    if (usesFW) {
      const sources = [...sp.sourceRanges];
      // VIP-like LBs: a node's request to its own VIP loops back with the VIP as source.
      const allowFromNode = ctx.nodeIP !== undefined && sp.sourceRanges.some((c) => cidrContainsString(c, ctx.nodeIP as string));
      if (allowFromNode) sources.push(...sp.loadBalancerVIPs);
      rule(n.firewall, `${ipX} saddr != { ${sources.join(' , ')} } drop`);
    }
    if (sp.sessionAffinity) {
      for (const ep of sp.allReachable) addSet(affSet(ep), `type ${addr} ; flags dynamic,timeout ; timeout ${sp.stickySeconds}s ;`);
    }
    const writeEndpoints = (chain: string, eps: readonly ProxyEndpoint[]): void => {
      if (sp.sessionAffinity) for (const ep of eps) rule(chain, `${ipX} saddr @${affSet(ep)} goto ${epChain(ep)}`);
      const entries = eps.map((ep, i) => `${i} : goto ${epChain(ep)}`).join(' , ');
      rule(chain, `numgen random mod ${eps.length} vmap { ${entries} }`);
    };
    if (usesClusterPolicyChain) writeEndpoints(n.service, sp.clusterEndpoints);
    if (usesLocalPolicyChain) writeEndpoints(n.local, sp.localEndpoints);
    for (const ep of sp.allReachable) {
      const c = epChain(ep);
      rule(c, `${ipX} saddr ${ep.ip} jump mark-for-masquerade`);
      if (sp.sessionAffinity) rule(c, `update @${affSet(ep)} { ${ipX} saddr }`);
      rule(c, `meta l4proto ${proto} dnat to ${ep.key}`);
    }
  }
  const elementLines = new Map<string, readonly string[]>();
  for (const [set, m] of elements) elementLines.set(set, [...m.values()]);
  return { table: `add table ${T} { comment "rules for kube-proxy" ; }`, sets, maps, chains, rules, elements: elementLines };
}

export interface NftablesOptions {
  /** Service CIDRs (from ServiceCIDR objects or --service-cluster-ip-range) for the "unallocated ClusterIP" drop. */
  readonly serviceCIDRs?: readonly string[];
}

/** What kube-proxy's nftables proxier writes on `inputs.node`. nodePortAddresses default to `primary` in this mode. */
export function nftablesRules(inputs: ProxyInputs, config: ProxyConfig, options: NftablesOptions = {}): NftablesResult {
  const family = config.family ?? familyOfNode(inputs.node);
  const servicePorts = buildServicePorts(inputs, family, { iptablesChainNames: false });
  const npaList = config.nodePortAddresses.length > 0 ? config.nodePortAddresses : ['primary'];
  const npa = nodePortAddresses(npaList, inputs.node, family);
  const cidrs = (options.serviceCIDRs ?? []).filter((c) => parseCIDR(c)?.ip.family === family);
  const det = localDetector(config, inputs.node, family);
  const transaction = buildNftables(servicePorts, {
    family,
    config,
    nodeIP: nodeIPOf(inputs.node, family),
    nodeIPs: npa.nodeIPs,
    matchAll: npa.matchAll,
    serviceCIDRs: cidrs,
    detector: det ? { ifLocal: det.ifLocalNFT.join(' '), ifNotLocal: det.ifNotLocalNFT.join(' ') } : undefined,
  });
  // Both renderings are some 25 MB at 10k Services; callers use one, so each is built on first read.
  let text: string | undefined;
  let script: string | undefined;
  return {
    family,
    servicePorts,
    transaction,
    get text(): string {
      return (text ??= normalForm(transaction) + '\n');
    },
    get script(): string {
      return (script ??= scriptOf(transaction) + '\n');
    },
  };
}
