/**
 * nftables mode: the transaction kube-proxy's nftables proxier sends for a full sync, as `nft -f` lines.
 * Restates kubernetes/kubernetes:pkg/proxy/nftables/proxier.go (setupNFTables, syncProxyRules,
 * writeServiceToEndpointRules) as of the TestOverallNFTablesRules golden we replay: base chains
 * filter-prerouting-pre-dnat / filter-output-pre-dnat at priority -110 and filter-{forward,input,output} at 0,
 * ClusterIP masquerade rule without a port match. Later releases move the filter chains to dstnat-10, add
 * `filter-output-post-dnat` and a `tcp dport` match to that rule; those are not modelled here.
 * Output is either upstream's test normal form (pkg/proxy/nftables/helpers_test.go sortNFTablesTransaction) or
 * a script in declaration order that `nft -f` loads.
 */
import { createHash } from 'node:crypto';
import type { ProxyConfig } from './config.js';
import { masqueradeMark } from './config.js';
import type { IPFamily } from './ip.js';
import { parseCIDR, formatCIDR, cidrContainsString } from './ip.js';
import type { ProxyEndpoint, ProxyInputs, ProxyServicePort } from './model.js';
import { buildServicePorts, externallyAccessible, familyOfNode, nodeIPOf, nodePortAddresses, usesClusterEndpoints, usesLocalEndpoints } from './model.js';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** hashAndTruncate: base32(sha256(name))[:8] + "-" + name, cut to 240 characters with "...". */
export function hashAndTruncate(name: string): string {
  const d = createHash('sha256').update(name, 'utf8').digest();
  let out = '';
  let buf = 0;
  let bits = 0;
  for (let i = 0; i < 5; i++) {
    buf = ((buf << 8) | (d[i] ?? 0)) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += B32[(buf >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  const full = `${out}-${name}`;
  const max = 256 - 16;
  return full.length > max ? full.slice(0, max - 3) + '...' : full;
}

export interface NftTransaction {
  /** Lines in kube-proxy's declaration order (loadable with `nft -f`). */
  readonly lines: readonly string[];
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

/** sortNFTablesTransaction (pkg/proxy/nftables/helpers_test.go): the normal form of upstream's nftables goldens. */
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

interface Names {
  readonly service: string;
  readonly local: string;
  readonly external: string;
  readonly firewall: string;
}

function chainNames(sp: ProxyServicePort): Names {
  const base = hashAndTruncate(`${sp.namespace}/${sp.name}/${sp.protocol}/${sp.portName}`);
  return { service: `service-${base}`, local: `local-${base}`, external: `external-${base}`, firewall: `firewall-${base}` };
}

function endpointBase(sp: ProxyServicePort, ep: ProxyEndpoint): string {
  const ip = ep.ip.includes(':') ? ep.ip.replace(/:/g, '.') : ep.ip;
  return hashAndTruncate(`${sp.namespace}/${sp.name}/${sp.protocol}/${sp.portName}__${ip}/${ep.port}`);
}

/** Builds the transaction. */
export function buildNftables(ports: readonly ProxyServicePort[], ctx: { family: IPFamily; config: ProxyConfig; nodeIP: string | undefined; nodeIPs: readonly string[]; matchAll: boolean; serviceCIDRs: readonly string[] }): NftTransaction {
  const v6 = ctx.family === 'IPv6';
  const ipX = v6 ? 'ip6' : 'ip';
  const addr = v6 ? 'ipv6_addr' : 'ipv4_addr';
  const noLocalhost = v6 ? 'ip6 daddr != ::1' : 'ip daddr != 127.0.0.0/8';
  const T = `${ipX} kube-proxy`;
  const mark = masqueradeMark(ctx.config);
  const cfg = ctx.config;

  const decl: string[] = [];
  const chains: string[] = [];
  const rules = new Map<string, string[]>();
  const elements: string[] = [];
  const chainOnce = new Set<string>();
  const addChain = (name: string, spec = ''): void => {
    if (chainOnce.has(name)) return;
    chainOnce.add(name);
    chains.push(`add chain ${T} ${name}${spec}`);
    rules.set(name, rules.get(name) ?? []);
  };
  const rule = (chain: string, text: string): void => {
    const list = rules.get(chain) ?? [];
    list.push(`add rule ${T} ${chain} ${text}`);
    rules.set(chain, list);
  };

  decl.push(`add table ${T} { comment "rules for kube-proxy" ; }`);
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
  decl.push(`add set ${T} cluster-ips { type ${addr} ; comment "Active ClusterIPs" ; }`);
  rule('cluster-ips-check', `${ipX} daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"`);
  if (ctx.serviceCIDRs.length > 0) rule('cluster-ips-check', `${ipX} daddr { ${ctx.serviceCIDRs.join(', ')} } drop comment "Drop traffic to unallocated ClusterIPs"`);
  if (!ctx.matchAll) {
    decl.push(`add set ${T} nodeport-ips { type ${addr} ; comment "IPs that accept NodePort traffic" ; }`);
    for (const ip of ctx.nodeIPs) if (!(ip.startsWith('127.') || ip === '::1')) elements.push(`add element ${T} nodeport-ips { ${ip} }`);
  }
  decl.push(`add map ${T} no-endpoint-services { type ${addr} . inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to services with no endpoints" ; }`);
  decl.push(`add map ${T} no-endpoint-nodeports { type inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to service nodeports with no endpoints" ; }`);
  addChain('reject-chain', ' { comment "helper for @no-endpoint-services / @no-endpoint-nodeports" ; }');
  rule('reject-chain', 'reject');
  rule('service-endpoints-check', `${ipX} daddr . meta l4proto . th dport vmap @no-endpoint-services`);
  rule('nodeport-endpoints-check', ctx.matchAll ? `${noLocalhost} meta l4proto . th dport vmap @no-endpoint-nodeports` : `${ipX} daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports`);
  decl.push(`add map ${T} firewall-ips { type ${addr} . inet_proto . inet_service : verdict ; comment "destinations that are subject to LoadBalancerSourceRanges" ; }`);
  addChain('firewall-check');
  rule('firewall-check', `${ipX} daddr . meta l4proto . th dport vmap @firewall-ips`);
  decl.push(`add map ${T} service-ips { type ${addr} . inet_proto . inet_service : verdict ; comment "ClusterIP, ExternalIP and LoadBalancer IP traffic" ; }`);
  decl.push(`add map ${T} service-nodeports { type inet_proto . inet_service : verdict ; comment "NodePort traffic" ; }`);
  rule('services', `${ipX} daddr . meta l4proto . th dport vmap @service-ips`);
  rule('services', ctx.matchAll ? `fib daddr type local ${noLocalhost} meta l4proto . th dport vmap @service-nodeports` : `${ipX} daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports`);

  const detector = nftDetector(cfg, ctx.family);

  for (const sp of ports) {
    const n = chainNames(sp);
    const proto = sp.protocol;
    const spn = sp.spn;
    // One hash per endpoint: the chain, affinity set and vmap entries share it.
    const bases = new Map<string, string>();
    const base = (ep: ProxyEndpoint): string => {
      let b = bases.get(ep.key);
      if (b === undefined) bases.set(ep.key, (b = endpointBase(sp, ep)));
      return b;
    };
    const epChain = (ep: ProxyEndpoint): string => `endpoint-${base(ep)}`;
    const affSet = (ep: ProxyEndpoint): string => `affinity-${base(ep)}`;
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
    elements.push(`add element ${T} cluster-ips { ${sp.clusterIP} }`);
    if (hasInternal) elements.push(`add element ${T} service-ips { ${key(sp.clusterIP)} : goto ${internalChain} }`);
    else elements.push(`add element ${T} no-endpoint-services { ${key(sp.clusterIP)} comment "${spn}" : ${internalVerdict} }`);
    for (const eip of sp.externalIPs) {
      if (sp.hasEndpoints) elements.push(`add element ${T} service-ips { ${key(eip)} : goto ${n.external} }`);
      if (!hasExternal) elements.push(`add element ${T} no-endpoint-services { ${key(eip)} comment "${spn}" : ${externalVerdict} }`);
    }
    const usesFW = sp.loadBalancerVIPs.length > 0 && sp.sourceRanges.length > 0;
    if (usesFW) addChain(n.firewall);
    for (const lb of sp.loadBalancerVIPs) {
      if (sp.hasEndpoints) elements.push(`add element ${T} service-ips { ${key(lb)} : goto ${n.external} }`);
      if (usesFW) elements.push(`add element ${T} firewall-ips { ${key(lb)} : goto ${n.firewall} }`);
    }
    if (!hasExternal) for (const lb of sp.loadBalancerVIPs) elements.push(`add element ${T} no-endpoint-services { ${key(lb)} comment "${spn}" : ${externalVerdict} }`);
    if (sp.nodePort !== 0) {
      if (sp.hasEndpoints) elements.push(`add element ${T} service-nodeports { ${proto} . ${sp.nodePort} : goto ${n.external} }`);
      if (!hasExternal) elements.push(`add element ${T} no-endpoint-nodeports { ${proto} . ${sp.nodePort} comment "${spn}" : ${externalVerdict} }`);
    }
    if (hasInternal) {
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
      const allowFromNode = ctx.nodeIP !== undefined && sp.sourceRanges.some((c) => cidrContainsString(c, ctx.nodeIP as string));
      if (allowFromNode) sources.push(...sp.loadBalancerVIPs);
      rule(n.firewall, `${ipX} saddr != { ${sources.join(' , ')} } drop`);
    }
    if (sp.sessionAffinity) {
      for (const ep of sp.allReachable) decl.push(`add set ${T} ${affSet(ep)} { type ${addr} ; flags dynamic,timeout ; timeout ${sp.stickySeconds}s ; }`);
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
  const [table, ...sets] = decl;
  const lines = [table as string, ...sets, ...chains, ...[...rules.values()].flat(), ...elements];
  return { lines };
}

function nftDetector(cfg: ProxyConfig, family: IPFamily): { ifLocal: string; ifNotLocal: string } | undefined {
  const ipX = family === 'IPv6' ? 'ip6' : 'ip';
  if (cfg.detectLocalMode === 'ClusterCIDR') {
    for (const s of cfg.clusterCIDR.split(',')) {
      const c = parseCIDR(s.trim());
      if (c && c.ip.family === family) return { ifLocal: `${ipX} saddr ${formatCIDR(c)}`, ifNotLocal: `${ipX} saddr != ${formatCIDR(c)}` };
    }
    return undefined;
  }
  if (cfg.detectLocalMode === 'BridgeInterface' && cfg.bridgeInterface) return { ifLocal: `iif ${cfg.bridgeInterface}`, ifNotLocal: `iif != ${cfg.bridgeInterface}` };
  if (cfg.detectLocalMode === 'InterfaceNamePrefix' && cfg.interfaceNamePrefix)
    return { ifLocal: `iifname ${cfg.interfaceNamePrefix}*`, ifNotLocal: `iifname != ${cfg.interfaceNamePrefix}*` };
  return undefined;
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
  const transaction = buildNftables(servicePorts, {
    family,
    config,
    nodeIP: nodeIPOf(inputs.node, family),
    nodeIPs: npa.nodeIPs,
    matchAll: npa.matchAll,
    serviceCIDRs: cidrs,
  });
  const raw = transaction.lines.join('\n');
  return { family, servicePorts, transaction, text: sortNFTablesTransaction(raw) + '\n', script: raw + '\n' };
}
