/**
 * The iptables-restore payload kube-proxy's iptables proxier writes on a full sync, in its own write order.
 * A line-for-line restatement of kubernetes/kubernetes:pkg/proxy/iptables/proxier.go syncProxyRules and
 * writeServiceToEndpointRules (v1.33): same chains, same rule text, same conditions. Services are visited
 * in sorted order (kube-proxy visits a Go map); the normal form (./dump.ts) hides that difference.
 */
import type { IPFamily } from '../ip.js';
import type { ProxyConfig } from '../config.js';
import { masqueradeMark } from '../config.js';
import type { LocalDetector, NodePortAddresses, ProxyEndpoint, ProxyServicePort } from '../model.js';
import { externallyAccessible, usesClusterEndpoints, usesLocalEndpoints } from '../model.js';
import { computeProbability } from '../probability.js';
import { cidrContainsString } from '../ip.js';

export interface RestoreTable {
  readonly name: string;
  /** `:CHAIN - [0:0]` declarations, in write order. */
  readonly chains: string[];
  /** `-A …` and `-X …` lines, in write order. */
  readonly rules: string[];
}

/** An iptables-restore payload: its tables in write order. */
export interface RestorePayload {
  readonly tables: readonly RestoreTable[];
}

/** Endpoint count above which comments are dropped from SEP and SVC/SVL->SEP rules (largeClusterEndpointsThreshold). */
export const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;

export interface IptablesContext {
  readonly family: IPFamily;
  readonly config: ProxyConfig;
  readonly nodeIP: string | undefined;
  readonly detector: LocalDetector | undefined;
  readonly nodePorts: NodePortAddresses;
}

const q = (s: string): string => `"${s}"`;
const chainLine = (c: string): string => `:${c} - [0:0]`;

/** Writes the restore payload for the given service ports. */
export function buildIptablesPayload(ports: readonly ProxyServicePort[], ctx: IptablesContext): RestorePayload {
  const { config, family, detector } = ctx;
  const mark = masqueradeMark(config);
  const isIPv6 = family === 'IPv6';
  // NewProxier: localhost NodePorts need nodePortAddresses to cover 127.0.0.0 (IPv4 only).
  const localhostNodePorts = config.localhostNodePorts && ctx.nodePorts.containsIPv4Loopback;
  const filterChains: string[] = [];
  const filterRules: string[] = [];
  const natChains: string[] = [];
  const natRules: string[] = [];

  for (const c of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']) filterChains.push(chainLine(c));
  for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) natChains.push(chainLine(c));

  natRules.push(`-A KUBE-POSTROUTING -m mark ! --mark ${mark}/${mark} -j RETURN`);
  natRules.push(`-A KUBE-POSTROUTING -j MARK --xor-mark ${mark}`);
  natRules.push(`-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${config.randomFully ? ' --random-fully' : ''}`);
  natRules.push(`-A KUBE-MARK-MASQ -j MARK --or-mark ${mark}`);

  if (!isIPv6 && localhostNodePorts) {
    filterChains.push(chainLine('KUBE-FIREWALL'));
    filterRules.push(
      '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    );
  }

  let totalEndpoints = 0;
  for (const sp of ports) totalEndpoints += sp.endpoints.length;
  const largeCluster = totalEndpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD;
  const comment = (text: string): string => (largeCluster ? '' : ` -m comment --comment ${text}`);

  for (const sp of ports) {
    const protocol = sp.protocol;
    const spn = sp.spn;
    const hasEndpoints = sp.hasEndpoints;
    const usesClusterPolicyChain = sp.clusterEndpoints.length > 0 && usesClusterEndpoints(sp);
    const usesLocalPolicyChain = sp.localEndpoints.length > 0 && usesLocalEndpoints(sp);
    let internalPolicyChain = sp.chains.svc;
    let hasInternalEndpoints = hasEndpoints;
    if (sp.internalPolicyLocal) {
      internalPolicyChain = sp.chains.svl;
      if (sp.localEndpoints.length === 0) hasInternalEndpoints = false;
    }
    let externalPolicyChain = sp.chains.svc;
    let hasExternalEndpoints = hasEndpoints;
    if (sp.externalPolicyLocal) {
      externalPolicyChain = sp.chains.svl;
      if (sp.localEndpoints.length === 0) hasExternalEndpoints = false;
    }
    const externalTrafficChain = sp.chains.ext;
    const usesExternalTrafficChain = hasEndpoints && externallyAccessible(sp);
    const usesFWChain = hasEndpoints && sp.loadBalancerVIPs.length > 0 && sp.sourceRanges.length > 0;
    const loadBalancerTrafficChain = usesFWChain ? sp.chains.fw : externalTrafficChain;

    let internalFilterTarget = '';
    let internalFilterComment = '';
    let externalFilterTarget = '';
    let externalFilterComment = '';
    if (!hasEndpoints) {
      internalFilterTarget = 'REJECT';
      internalFilterComment = q(`${spn} has no endpoints`);
      externalFilterTarget = 'REJECT';
      externalFilterComment = internalFilterComment;
    } else {
      if (!hasInternalEndpoints) {
        internalFilterTarget = 'DROP';
        internalFilterComment = q(`${spn} has no local endpoints`);
      }
      if (!hasExternalEndpoints) {
        externalFilterTarget = 'DROP';
        externalFilterComment = q(`${spn} has no local endpoints`);
      }
    }
    const pm = `-m ${protocol} -p ${protocol}`;

    if (hasInternalEndpoints) {
      natRules.push(`-A KUBE-SERVICES -m comment --comment ${q(`${spn} cluster IP`)} ${pm} -d ${sp.clusterIP} --dport ${sp.port} -j ${internalPolicyChain}`);
    } else {
      filterRules.push(`-A KUBE-SERVICES -m comment --comment ${internalFilterComment} ${pm} -d ${sp.clusterIP} --dport ${sp.port} -j ${internalFilterTarget}`);
    }

    for (const eip of sp.externalIPs) {
      if (hasEndpoints) {
        natRules.push(`-A KUBE-SERVICES -m comment --comment ${q(`${spn} external IP`)} ${pm} -d ${eip} --dport ${sp.port} -j ${externalTrafficChain}`);
      }
      if (!hasExternalEndpoints) {
        filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${externalFilterComment} ${pm} -d ${eip} --dport ${sp.port} -j ${externalFilterTarget}`);
      }
    }

    for (const lb of sp.loadBalancerVIPs) {
      if (hasEndpoints) {
        natRules.push(`-A KUBE-SERVICES -m comment --comment ${q(`${spn} loadbalancer IP`)} ${pm} -d ${lb} --dport ${sp.port} -j ${loadBalancerTrafficChain}`);
      }
      if (usesFWChain) {
        filterRules.push(`-A KUBE-PROXY-FIREWALL -m comment --comment ${q(`${spn} traffic not accepted by ${sp.chains.fw}`)} ${pm} -d ${lb} --dport ${sp.port} -j DROP`);
      }
    }
    if (!hasExternalEndpoints) {
      for (const lb of sp.loadBalancerVIPs) {
        filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment ${externalFilterComment} ${pm} -d ${lb} --dport ${sp.port} -j ${externalFilterTarget}`);
      }
    }

    if (sp.nodePort !== 0) {
      if (hasEndpoints) {
        if (localhostNodePorts && !isIPv6 && config.nfacct) {
          natRules.push(
            `-A KUBE-NODEPORTS -m comment --comment ${spn} ${pm} -d 127.0.0.0/8 --dport ${sp.nodePort} -m nfacct --nfacct-name localhost_nps_accepted_pkts -j ${externalTrafficChain}`,
          );
        }
        natRules.push(`-A KUBE-NODEPORTS -m comment --comment ${spn} ${pm} --dport ${sp.nodePort} -j ${externalTrafficChain}`);
      }
      if (!hasExternalEndpoints) {
        filterRules.push(
          `-A KUBE-EXTERNAL-SERVICES -m comment --comment ${externalFilterComment} -m addrtype --dst-type LOCAL ${pm} --dport ${sp.nodePort} -j ${externalFilterTarget}`,
        );
      }
    }

    if (sp.healthCheckNodePort !== 0) {
      filterRules.push(`-A KUBE-NODEPORTS -m comment --comment ${q(`${spn} health check node port`)} -m tcp -p tcp --dport ${sp.healthCheckNodePort} -j ACCEPT`);
    }

    if (hasInternalEndpoints) {
      const args = `-m comment --comment ${q(`${spn} cluster IP`)} ${pm} -d ${sp.clusterIP} --dport ${sp.port}`;
      if (config.masqueradeAll) natRules.push(`-A ${internalPolicyChain} ${args} -j KUBE-MARK-MASQ`);
      else if (detector) natRules.push(`-A ${internalPolicyChain} ${args} ${detector.ifNotLocal.join(' ')} -j KUBE-MARK-MASQ`);
    }

    if (usesExternalTrafficChain) {
      natChains.push(chainLine(externalTrafficChain));
      if (!sp.externalPolicyLocal) {
        natRules.push(`-A ${externalTrafficChain} -m comment --comment ${q(`masquerade traffic for ${spn} external destinations`)} -j KUBE-MARK-MASQ`);
      } else {
        if (detector) {
          natRules.push(`-A ${externalTrafficChain} -m comment --comment ${q(`pod traffic for ${spn} external destinations`)} ${detector.ifLocal.join(' ')} -j ${sp.chains.svc}`);
        }
        natRules.push(`-A ${externalTrafficChain} -m comment --comment ${q(`masquerade LOCAL traffic for ${spn} external destinations`)} -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`);
        natRules.push(`-A ${externalTrafficChain} -m comment --comment ${q(`route LOCAL traffic for ${spn} external destinations`)} -m addrtype --src-type LOCAL -j ${sp.chains.svc}`);
      }
      if (hasExternalEndpoints) natRules.push(`-A ${externalTrafficChain} -j ${externalPolicyChain}`);
    }

    if (usesFWChain) {
      natChains.push(chainLine(sp.chains.fw));
      const args = `-A ${sp.chains.fw} -m comment --comment ${q(`${spn} loadbalancer IP`)}`;
      let allowFromNode = false;
      for (const cidr of sp.sourceRanges) {
        natRules.push(`${args} -s ${cidr} -j ${externalTrafficChain}`);
        if (ctx.nodeIP !== undefined && cidrContainsString(cidr, ctx.nodeIP)) allowFromNode = true;
      }
      if (allowFromNode) for (const lb of sp.loadBalancerVIPs) natRules.push(`${args} -s ${lb} -j ${externalTrafficChain}`);
      natRules.push(`-A ${sp.chains.fw} -m comment --comment ${q(`other traffic to ${spn} will be dropped by KUBE-PROXY-FIREWALL`)}`);
    }

    if (usesClusterPolicyChain) {
      natChains.push(chainLine(sp.chains.svc));
      writeServiceToEndpointRules(natRules, sp, sp.chains.svc, sp.clusterEndpoints, comment);
    }
    if (usesLocalPolicyChain) {
      natChains.push(chainLine(sp.chains.svl));
      writeServiceToEndpointRules(natRules, sp, sp.chains.svl, sp.localEndpoints, comment);
    }

    for (const ep of sp.allReachable) {
      natChains.push(chainLine(ep.chain));
      const head = `-A ${ep.chain}${comment(spn)}`;
      natRules.push(`${head} -s ${ep.ip} -j KUBE-MARK-MASQ`);
      const affinity = sp.sessionAffinity ? ` -m recent --name ${ep.chain} --set` : '';
      natRules.push(`${head}${affinity} ${pm} -j DNAT --to-destination ${ep.key}`);
    }
  }

  const last = q('kubernetes service nodeports; NOTE: this must be the last rule in this chain');
  if (ctx.nodePorts.matchAll) {
    let dest = '-m addrtype --dst-type LOCAL';
    if (isIPv6) dest += ' ! -d ::1/128';
    else if (!localhostNodePorts) dest += ' ! -d 127.0.0.0/8';
    natRules.push(`-A KUBE-SERVICES -m comment --comment ${last} ${dest} -j KUBE-NODEPORTS`);
  } else {
    for (const ip of ctx.nodePorts.nodeIPs) {
      const loop = ip.startsWith('127.') || ip === '::1';
      if (loop && (isIPv6 || !localhostNodePorts)) continue;
      natRules.push(`-A KUBE-SERVICES -m comment --comment ${last} -d ${ip} -j KUBE-NODEPORTS`);
    }
  }

  if (!config.tcpBeLiberal) {
    filterRules.push(`-A KUBE-FORWARD -m conntrack --ctstate INVALID${config.nfacct ? ' -m nfacct --nfacct-name ct_state_invalid_dropped_pkts' : ''} -j DROP`);
  }
  filterRules.push(`-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark}/${mark} -j ACCEPT`);
  filterRules.push('-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');

  return {
    tables: [
      { name: 'filter', chains: filterChains, rules: filterRules },
      { name: 'nat', chains: natChains, rules: natRules },
    ],
  };
}

function writeServiceToEndpointRules(
  natRules: string[],
  sp: ProxyServicePort,
  chain: string,
  endpoints: readonly ProxyEndpoint[],
  comment: (text: string) => string,
): void {
  if (sp.sessionAffinity) {
    for (const ep of endpoints) {
      natRules.push(`-A ${chain}${comment(q(`${sp.spn} -> ${ep.key}`))} -m recent --name ${ep.chain} --rcheck --seconds ${sp.stickySeconds} --reap -j ${ep.chain}`);
    }
  }
  const n = endpoints.length;
  endpoints.forEach((ep, i) => {
    const stat = i < n - 1 ? ` -m statistic --mode random --probability ${computeProbability(n - i)}` : '';
    natRules.push(`-A ${chain}${comment(q(`${sp.spn} -> ${ep.key}`))}${stat} -j ${ep.chain}`);
  });
}

/** The payload as kube-proxy hands it to iptables-restore (its write order). */
export function renderRestore(payload: RestorePayload): string {
  let out: string[] = [];
  // concat, not push(...): payloads have hundreds of thousands of lines.
  for (const t of payload.tables) out = out.concat([`*${t.name}`], t.chains, t.rules, ['COMMIT']);
  return out.join('\n') + '\n';
}
