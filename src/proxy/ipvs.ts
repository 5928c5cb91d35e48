/**
 * IPVS mode (deprecated upstream since v1.35, still widely deployed): the virtual and real servers in
 * `ipvsadm -S -n` form, the ipsets in `ipset save` form, and the iptables rules IPVS mode adds.
 * Mirrors kubernetes/kubernetes:pkg/proxy/ipvs/proxier.go (syncProxyRules, syncEndpoint,
 * writeIptablesRules), pkg/proxy/ipvs/ipset.go (set names, types, comments) and pkg/proxy/ipvs/util/ipvs.go.
 * There is no upstream whole-output golden for this mode; the texts follow the code's format strings.
 * Live-state details are left out: gracefully terminating real servers (weight 0) and ipset's random initval.
 */
import type { ProxyConfig } from './config.js';
import { masqueradeMark } from './config.js';
import type { IPFamily } from './ip.js';
import { cidrContainsString, isLoopback, parseIP } from './ip.js';
import type { LocalDetector, ProxyEndpoint, ProxyInputs, ProxyServicePort } from './model.js';
import { buildServicePorts, familyOfNode, localDetector, nodeIPOf, nodePortAddresses } from './model.js';

interface SetDef {
  readonly name: string;
  readonly type: string;
  readonly comment: string;
}

/** ipsetInfo of pkg/proxy/ipvs/proxier.go, in its order. */
const SETS: readonly SetDef[] = [
  { name: 'KUBE-LOOP-BACK', type: 'hash:ip,port,ip', comment: 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose' },
  { name: 'KUBE-CLUSTER-IP', type: 'hash:ip,port', comment: 'Kubernetes service cluster ip + port for masquerade purpose' },
  { name: 'KUBE-EXTERNAL-IP', type: 'hash:ip,port', comment: 'Kubernetes service external ip + port for masquerade and filter purpose' },
  { name: 'KUBE-EXTERNAL-IP-LOCAL', type: 'hash:ip,port', comment: 'Kubernetes service external ip + port with externalTrafficPolicy=local' },
  { name: 'KUBE-LOAD-BALANCER', type: 'hash:ip,port', comment: 'Kubernetes service lb portal' },
  { name: 'KUBE-LOAD-BALANCER-FW', type: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port for load balancer with sourceRange' },
  { name: 'KUBE-LOAD-BALANCER-LOCAL', type: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local' },
  { name: 'KUBE-LOAD-BALANCER-SOURCE-IP', type: 'hash:ip,port,ip', comment: 'Kubernetes service load balancer ip + port + source IP for packet filter purpose' },
  { name: 'KUBE-LOAD-BALANCER-SOURCE-CIDR', type: 'hash:ip,port,net', comment: 'Kubernetes service load balancer ip + port + source cidr for packet filter purpose' },
  { name: 'KUBE-NODE-PORT-TCP', type: 'bitmap:port', comment: 'Kubernetes nodeport TCP port for masquerade purpose' },
  { name: 'KUBE-NODE-PORT-LOCAL-TCP', type: 'bitmap:port', comment: 'Kubernetes nodeport TCP port with externalTrafficPolicy=local' },
  { name: 'KUBE-NODE-PORT-UDP', type: 'bitmap:port', comment: 'Kubernetes nodeport UDP port for masquerade purpose' },
  { name: 'KUBE-NODE-PORT-LOCAL-UDP', type: 'bitmap:port', comment: 'Kubernetes nodeport UDP port with externalTrafficPolicy=local' },
  { name: 'KUBE-NODE-PORT-SCTP-HASH', type: 'hash:ip,port', comment: "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'" },
  { name: 'KUBE-NODE-PORT-LOCAL-SCTP-HASH', type: 'hash:ip,port', comment: "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'" },
  { name: 'KUBE-HEALTH-CHECK-NODE-PORT', type: 'bitmap:port', comment: 'Kubernetes health check node port' },
  { name: 'KUBE-IPVS-IPS', type: 'hash:ip', comment: 'Addresses on the ipvs interface' },
];

/** The IPv6 proxier's set names: `KUBE-` becomes `KUBE-6-`, cut to 31 characters (ipset's limit). */
export function ipsetName(name: string, family: IPFamily): string {
  return family === 'IPv6' ? ('KUBE-6-' + name.slice(5)).slice(0, 31) : name;
}

export interface VirtualServer {
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  readonly address: string;
  readonly port: number;
  readonly scheduler: string;
  readonly persistence: number;
  readonly reals: readonly { readonly address: string; readonly port: number }[];
}

export interface IpvsResult {
  readonly family: IPFamily;
  readonly servicePorts: readonly ProxyServicePort[];
  readonly virtualServers: readonly VirtualServer[];
  /** Set name -> entries (sorted). */
  readonly ipsets: ReadonlyMap<string, readonly string[]>;
  readonly ipvsadm: string;
  readonly ipsetSave: string;
  /** The iptables-restore payload IPVS mode writes (nat, then filter; kube-proxy's write order). */
  readonly iptables: string;
  readonly text: string;
}

function ipKey(ip: string): string {
  const p = parseIP(ip);
  return p ? `${p.family === 'IPv4' ? 4 : 6}:${p.bytes.map((b) => b.toString(16).padStart(2, '0')).join('')}` : ip;
}

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

const PROTO_SWITCH: Readonly<Record<string, string>> = { tcp: '-t', udp: '-u', sctp: '--sctp-service' };

/** ipvsadm -S -n text, sorted by protocol, address and port. */
export function renderIpvsadm(vss: readonly VirtualServer[]): string {
  const sorted = [...vss].sort((a, b) => {
    const pa = ['tcp', 'udp', 'sctp'].indexOf(a.protocol) - ['tcp', 'udp', 'sctp'].indexOf(b.protocol);
    if (pa !== 0) return pa;
    const ka = ipKey(a.address);
    const kb = ipKey(b.address);
    return ka < kb ? -1 : ka > kb ? 1 : a.port - b.port;
  });
  const out: string[] = [];
  for (const vs of sorted) {
    const sw = PROTO_SWITCH[vs.protocol] ?? '-t';
    const svc = `${sw} ${hostPort(vs.address, vs.port)}`;
    out.push(`-A ${svc} -s ${vs.scheduler}${vs.persistence > 0 ? ` -p ${vs.persistence}` : ''}${vs.scheduler === 'mh' ? ' -b mh-port' : ''}`);
    const reals = [...vs.reals].sort((a, b) => {
      const ka = ipKey(a.address);
      const kb = ipKey(b.address);
      return ka < kb ? -1 : ka > kb ? 1 : a.port - b.port;
    });
    for (const r of reals) out.push(`-a ${svc} -r ${hostPort(r.address, r.port)} -m -w 1`);
  }
  return out.join('\n') + (out.length ? '\n' : '');
}

/** Builds the IPVS-mode state for one node. */
export function ipvsRules(inputs: ProxyInputs, config: ProxyConfig): IpvsResult {
  const family = config.family ?? familyOfNode(inputs.node);
  const v6 = family === 'IPv6';
  const ports = buildServicePorts(inputs, family, { iptablesChainNames: false });
  const nodeIP = nodeIPOf(inputs.node, family);
  const npa = nodePortAddresses(config.nodePortAddresses, inputs.node, family);
  const nodeIPs = npa.nodeIPs.filter((ip) => {
    const p = parseIP(ip);
    return p !== undefined && !isLoopback(p) && !(p.family === 'IPv6' && p.bytes[0] === 0xfe && ((p.bytes[1] ?? 0) & 0xc0) === 0x80);
  });
  const nodeAddrSet = new Set(nodeIPs);
  const sets = new Map<string, Set<string>>(SETS.map((s) => [s.name, new Set<string>()]));
  const add = (set: string, entry: string): void => void sets.get(set)?.add(entry);
  const vss: VirtualServer[] = [];
  const detector: LocalDetector | undefined = localDetector(config, inputs.node, family);

  for (const sp of ports) {
    const proto = sp.protocol;
    const persistence = sp.sessionAffinity ? sp.stickySeconds : 0;
    const reals = (eps: readonly ProxyEndpoint[]) => eps.map((e) => ({ address: e.ip, port: e.port }));
    // syncEndpoint: Local policy uses local endpoints when there are any, else falls back to the cluster ones.
    const internal = sp.internalPolicyLocal && sp.localEndpoints.length > 0 ? sp.localEndpoints : sp.clusterEndpoints;
    const external = sp.externalPolicyLocal && sp.localEndpoints.length > 0 ? sp.localEndpoints : sp.clusterEndpoints;
    const vs = (address: string, port: number, eps: readonly ProxyEndpoint[]): void => {
      vss.push({ protocol: proto, address, port, scheduler: config.ipvsScheduler, persistence, reals: reals(eps) });
    };
    for (const ep of sp.endpoints) if (ep.local) add('KUBE-LOOP-BACK', `${ep.ip},${proto}:${ep.port},${ep.ip}`);
    vs(sp.clusterIP, sp.port, internal);
    add('KUBE-CLUSTER-IP', `${sp.clusterIP},${proto}:${sp.port}`);
    add('KUBE-IPVS-IPS', sp.clusterIP);
    for (const eip of sp.externalIPs) {
      vs(eip, sp.port, external);
      add(sp.externalPolicyLocal ? 'KUBE-EXTERNAL-IP-LOCAL' : 'KUBE-EXTERNAL-IP', `${eip},${proto}:${sp.port}`);
      if (!nodeAddrSet.has(eip)) add('KUBE-IPVS-IPS', eip);
    }
    for (const lb of sp.loadBalancerVIPs) {
      vs(lb, sp.port, external);
      add('KUBE-LOAD-BALANCER', `${lb},${proto}:${sp.port}`);
      if (sp.externalPolicyLocal) add('KUBE-LOAD-BALANCER-LOCAL', `${lb},${proto}:${sp.port}`);
      if (sp.sourceRanges.length > 0) {
        add('KUBE-LOAD-BALANCER-FW', `${lb},${proto}:${sp.port}`);
        for (const r of sp.sourceRanges) add('KUBE-LOAD-BALANCER-SOURCE-CIDR', `${lb},${proto}:${sp.port},${r}`);
        if (nodeIP !== undefined && sp.sourceRanges.some((r) => cidrContainsString(r, nodeIP))) add('KUBE-LOAD-BALANCER-SOURCE-IP', `${lb},${proto}:${sp.port},${lb}`);
      }
      if (!nodeAddrSet.has(lb)) add('KUBE-IPVS-IPS', lb);
    }
    if (sp.nodePort !== 0) {
      for (const ip of nodeIPs) vs(ip, sp.nodePort, external);
      if (proto === 'sctp') {
        for (const ip of nodeIPs) {
          add('KUBE-NODE-PORT-SCTP-HASH', `${ip},sctp:${sp.nodePort}`);
          if (sp.externalPolicyLocal) add('KUBE-NODE-PORT-LOCAL-SCTP-HASH', `${ip},sctp:${sp.nodePort}`);
        }
      } else {
        const P = proto.toUpperCase();
        add(`KUBE-NODE-PORT-${P}`, String(sp.nodePort));
        if (sp.externalPolicyLocal) add(`KUBE-NODE-PORT-LOCAL-${P}`, String(sp.nodePort));
      }
    }
    if (sp.healthCheckNodePort !== 0) add('KUBE-HEALTH-CHECK-NODE-PORT', String(sp.healthCheckNodePort));
  }

  const sortEntries = (xs: Iterable<string>): string[] => [...xs].sort((a, b) => (a.split(',').map(ipKey).join() < b.split(',').map(ipKey).join() ? -1 : 1));
  const ipsets = new Map<string, readonly string[]>();
  for (const s of SETS) ipsets.set(ipsetName(s.name, family), sortEntries(sets.get(s.name) ?? []));
  const has = (n: string): boolean => (sets.get(n)?.size ?? 0) > 0;
  const N = (n: string): string => ipsetName(n, family);

  const setSave: string[] = [];
  for (const s of SETS) {
    const name = N(s.name);
    setSave.push(
      s.type.startsWith('bitmap') ? `create ${name} ${s.type} range 0-65535` : `create ${name} ${s.type} family ${v6 ? 'inet6' : 'inet'} hashsize 1024 maxelem 65536`,
    );
    for (const e of ipsets.get(name) ?? []) setSave.push(`add ${name} ${e}`);
  }

  // writeIptablesRules (pkg/proxy/ipvs/proxier.go).
  const mark = masqueradeMark(config);
  const comment = (n: string): string => `-m comment --comment "${SETS.find((s) => s.name === n)?.comment ?? ''}"`;
  const natRules: string[] = [];
  const filterRules: string[] = [];
  natRules.push(`-A KUBE-SERVICES -s ${v6 ? '::1/128' : '127.0.0.0/8'} -j RETURN`);
  const ordered: [string, 'nat' | 'filter', string, string, string][] = [
    ['KUBE-LOOP-BACK', 'nat', 'KUBE-POSTROUTING', 'dst,dst,src', 'MASQUERADE'],
    ['KUBE-LOAD-BALANCER', 'nat', 'KUBE-SERVICES', 'dst,dst', 'KUBE-LOAD-BALANCER'],
    ['KUBE-LOAD-BALANCER-LOCAL', 'nat', 'KUBE-LOAD-BALANCER', 'dst,dst', 'RETURN'],
    ['KUBE-NODE-PORT-LOCAL-TCP', 'nat', 'KUBE-NODE-PORT', 'dst', 'RETURN'],
    ['KUBE-NODE-PORT-TCP', 'nat', 'KUBE-NODE-PORT', 'dst', 'KUBE-MARK-MASQ'],
    ['KUBE-NODE-PORT-LOCAL-UDP', 'nat', 'KUBE-NODE-PORT', 'dst', 'RETURN'],
    ['KUBE-NODE-PORT-UDP', 'nat', 'KUBE-NODE-PORT', 'dst', 'KUBE-MARK-MASQ'],
    ['KUBE-NODE-PORT-LOCAL-SCTP-HASH', 'nat', 'KUBE-NODE-PORT', 'dst,dst', 'RETURN'],
    ['KUBE-NODE-PORT-SCTP-HASH', 'nat', 'KUBE-NODE-PORT', 'dst,dst', 'KUBE-MARK-MASQ'],
    ['KUBE-LOAD-BALANCER-FW', 'filter', 'KUBE-PROXY-FIREWALL', 'dst,dst', 'KUBE-SOURCE-RANGES-FIREWALL'],
    ['KUBE-LOAD-BALANCER-SOURCE-CIDR', 'filter', 'KUBE-SOURCE-RANGES-FIREWALL', 'dst,dst,src', 'RETURN'],
    ['KUBE-LOAD-BALANCER-SOURCE-IP', 'filter', 'KUBE-SOURCE-RANGES-FIREWALL', 'dst,dst,src', 'RETURN'],
  ];
  for (const [set, table, chain, flags, target] of ordered) {
    if (!has(set)) continue;
    const proto = /-(TCP|UDP|SCTP)/.exec(set)?.[1]?.toLowerCase();
    const p = chain === 'KUBE-NODE-PORT' && proto ? `-p ${proto} ` : '';
    (table === 'nat' ? natRules : filterRules).push(`-A ${chain} ${p}${comment(set)} -m set --match-set ${N(set)} ${flags} -j ${target}`);
  }
  if (has('KUBE-CLUSTER-IP')) {
    const base = `-A KUBE-SERVICES ${comment('KUBE-CLUSTER-IP')} -m set --match-set ${N('KUBE-CLUSTER-IP')}`;
    if (config.masqueradeAll) natRules.push(`${base} dst,dst -j KUBE-MARK-MASQ`);
    else if (detector) natRules.push(`${base} dst,dst ${detector.ifNotLocal.join(' ')} -j KUBE-MARK-MASQ`);
    else natRules.push(`${base} src,dst -j KUBE-MARK-MASQ`);
  }
  const accept = ['-m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT', '-m addrtype --dst-type LOCAL -j ACCEPT'];
  if (has('KUBE-EXTERNAL-IP')) {
    const base = `-A KUBE-SERVICES ${comment('KUBE-EXTERNAL-IP')} -m set --match-set ${N('KUBE-EXTERNAL-IP')} dst,dst`;
    natRules.push(`${base} -j KUBE-MARK-MASQ`, ...accept.map((a) => `${base} ${a}`));
  }
  if (has('KUBE-EXTERNAL-IP-LOCAL')) {
    const base = `-A KUBE-SERVICES ${comment('KUBE-EXTERNAL-IP-LOCAL')} -m set --match-set ${N('KUBE-EXTERNAL-IP-LOCAL')} dst,dst`;
    natRules.push(...accept.map((a) => `${base} ${a}`));
  }
  natRules.push('-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT');
  natRules.push('-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ');
  filterRules.push('-A KUBE-SOURCE-RANGES-FIREWALL -j DROP');
  for (const sp of ports) {
    if (sp.sourceRanges.length === 0) continue;
    if (nodeIP !== undefined && sp.sourceRanges.some((r) => cidrContainsString(r, nodeIP))) continue;
    for (const lb of sp.loadBalancerVIPs) filterRules.push(`-A KUBE-IPVS-OUT-FILTER -s ${lb} -m ipvs --vaddr ${lb} --vproto ${sp.protocol} --vport ${sp.port} -j DROP`);
  }
  if (has('KUBE-CLUSTER-IP')) natRules.push(`-A KUBE-SERVICES -m set --match-set ${N('KUBE-CLUSTER-IP')} dst,dst -j ACCEPT`);
  if (has('KUBE-LOAD-BALANCER')) natRules.push(`-A KUBE-SERVICES -m set --match-set ${N('KUBE-LOAD-BALANCER')} dst,dst -j ACCEPT`);
  filterRules.push(`-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark}/${mark} -j ACCEPT`);
  filterRules.push('-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  filterRules.push(`-A KUBE-NODE-PORT ${comment('KUBE-HEALTH-CHECK-NODE-PORT')} -m set --match-set ${N('KUBE-HEALTH-CHECK-NODE-PORT')} dst -j ACCEPT`);
  for (const [set, flags] of [
    ['KUBE-LOAD-BALANCER', 'dst,dst'],
    ['KUBE-CLUSTER-IP', 'dst,dst'],
    ['KUBE-EXTERNAL-IP', 'dst,dst'],
    ['KUBE-EXTERNAL-IP-LOCAL', 'dst,dst'],
    ['KUBE-HEALTH-CHECK-NODE-PORT', 'dst'],
  ] as const)
    filterRules.push(`-A KUBE-IPVS-FILTER -m set --match-set ${N(set)} ${flags} -j RETURN`);
  filterRules.push(`-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set ${N('KUBE-IPVS-IPS')} dst -j REJECT`);
  natRules.push(`-A KUBE-POSTROUTING -m mark ! --mark ${mark}/${mark} -j RETURN`);
  natRules.push(`-A KUBE-POSTROUTING -j MARK --xor-mark ${mark}`);
  natRules.push(`-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${config.randomFully ? ' --random-fully' : ''}`);
  natRules.push(`-A KUBE-MARK-MASQ -j MARK --or-mark ${mark}`);
  const chainLines = (cs: readonly string[]): string[] => cs.map((c) => `:${c} - [0:0]`);
  const iptables =
    [
      '*nat',
      ...chainLines(['KUBE-SERVICES', 'KUBE-POSTROUTING', 'KUBE-NODE-PORT', 'KUBE-LOAD-BALANCER', 'KUBE-MARK-MASQ']),
      ...natRules,
      'COMMIT',
      '*filter',
      ...chainLines(['KUBE-FORWARD', 'KUBE-NODE-PORT', 'KUBE-PROXY-FIREWALL', 'KUBE-SOURCE-RANGES-FIREWALL', 'KUBE-IPVS-FILTER', 'KUBE-IPVS-OUT-FILTER']),
      ...filterRules,
      'COMMIT',
    ].join('\n') + '\n';
  const ipvsadm = renderIpvsadm(vss);
  const ipsetSave = setSave.join('\n') + '\n';
  const text = `# ipvsadm -S -n\n${ipvsadm}# ipset save\n${ipsetSave}# iptables-restore\n${iptables}`;
  return { family, servicePorts: ports, virtualServers: vss, ipsets, ipvsadm, ipsetSave, iptables, text };
}
