/**
 * kube-proxy on paper: the rules kube-proxy would program on one node, in iptables, nftables or IPVS mode,
 * and a packet interpreter over the iptables rules. Everything here is a pure function of
 * `{ services, endpointSlices, node, config }` (see {@link ProxyInputs} and {@link ProxyConfig}).
 *
 * Versions followed: the iptables proxier of kubernetes/kubernetes v1.33 (pkg/proxy/iptables), the nftables
 * proxier of v1.34/v1.35 (pkg/proxy/nftables; see nftables.ts for why not v1.33 and what v1.33.6 and v1.36
 * write differently), and the IPVS proxier's format strings (pkg/proxy/ipvs).
 */

/** Settings as kube-proxy takes them (KubeProxyConfiguration v1alpha1, then flags). */
export type { ProxyConfig, ProxyMode, ProxyProfile, DetectLocalMode, ConfigDiagnostic } from './config.js';
export {
  /** Defaults of kubeproxy.config.k8s.io/v1alpha1 for the fields that change the rules. */
  DEFAULT_PROXY_CONFIG,
  /** Reads a KubeProxyConfiguration document; problems come back as diagnostics. */
  readKubeProxyConfiguration,
  /** True for a `kubeproxy.config.k8s.io/*` KubeProxyConfiguration object. */
  isKubeProxyConfiguration,
  /** Layers partial settings over the defaults, later layers winning. */
  resolveConfig,
  /** Node-state settings of a profile: `node` (real kube-proxy) or `upstream-test` (its unit-test fakes). */
  profileDefaults,
  /** The masquerade mark text of a profile (`0x00004000` on nodes, `0x4000` in upstream tests). */
  masqueradeMark,
} from './config.js';

/** Inputs and kube-proxy's derived view (service ports with categorised endpoints). */
export type { ProxyInputs, ProxyNode, ProxyService, ProxyServicePort, ProxyEndpoint } from './model.js';
export {
  /** kube-proxy's service-port map for one node and IP family (serviceport.go, endpointslicecache.go, topology.go). */
  buildServicePorts,
} from './model.js';

/** Reading Services, EndpointSlices and Nodes straight from manifests. */
export { serviceFromObject, endpointSliceFromObject, nodeFromObject } from './manifests.js';

/** iptables mode. */
export type { IptablesResult } from './iptables/index.js';
export {
  /** The iptables-restore payload of a full sync, in the normal form of upstream's sortIPTablesRules. */
  iptablesRules,
} from './iptables/index.js';
export type { RestorePayload, RestoreTable } from './iptables/rules.js';
export {
  /** Normal form of any iptables-restore/-save text (upstream's sortIPTablesRules). */
  sortIPTablesRules,
  /** Parses iptables-restore/-save text; never throws. */
  parseDump,
} from './iptables/dump.js';
export {
  /** What iptables-save prints on the node once the payload is loaded. */
  renderIptablesSave,
  /** kube-proxy's jump rules from the built-in chains (not part of its restore payload). */
  IPTABLES_JUMP_RULES,
} from './iptables/save.js';

/** nftables mode. */
export type { NftablesResult } from './nftables.js';
export {
  /** The nftables transaction of a full sync: normal form (`text`) and an `nft -f` script (`script`). */
  nftablesRules,
  /** Normal form of an nftables transaction (upstream's sortNFTablesTransaction). */
  sortNFTablesTransaction,
} from './nftables.js';

/** IPVS mode. */
export type { IpvsResult, VirtualServer } from './ipvs.js';
export {
  /** Virtual/real servers (`ipvsadm -S -n`), ipsets (`ipset save`) and the IPVS-mode iptables payload. */
  ipvsRules,
} from './ipvs.js';

/** The packet interpreter. */
export type { TracePacket, TraceEnv, TraceOutcome, Verdict, Protocol, RuleSet } from './trace.js';
export {
  /** Compiles parsed rules for tracing. */
  compileRuleSet,
  /** Walks a new connection's first packet through the rules; every outcome with its probability. */
  tracePacket,
  /** Upstream's tracer summary (DNAT targets or verdict, and the masquerade flag). */
  summarize,
} from './trace.js';

/** The `proxy` query behind the CLI command. */
export type { ProxyRunOptions, ProxyRunResult, ProxyDiagnostic, ProxyOutputFormat } from './run.js';
export {
  /** Runs the proxy query over loaded resources; user mistakes are diagnostics, never exceptions. */
  runProxy,
  /** Reads the proxy inputs out of loaded resources for a given node. */
  proxyInputsFromResources,
} from './run.js';
