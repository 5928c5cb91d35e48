/**
 * kube-proxy's settings, read the way kube-proxy takes them: a KubeProxyConfiguration
 * (kubeproxy.config.k8s.io/v1alpha1) document, then flags on top. Defaults follow
 * kubernetes/kubernetes:pkg/proxy/apis/config/v1alpha1/defaults.go (masqueradeBit 14,
 * localhostNodePorts true, detectLocalMode ClusterCIDR, ipvs scheduler rr) and the test fakes of
 * pkg/proxy/iptables/proxier_test.go (NewFakeProxier) for the `upstream-test` profile.
 */
import { asArray, asBoolean, asInteger, asObject, asString, isObject } from '../model/guards.js';
import type { IPFamily } from './ip.js';

export type ProxyMode = 'iptables' | 'nftables' | 'ipvs';
export type DetectLocalMode = 'ClusterCIDR' | 'NodeCIDR' | 'BridgeInterface' | 'InterfaceNamePrefix' | 'None';

/**
 * Which kube-proxy we imitate. `node`: what a real kube-proxy writes on a node (mark `0x00004000`,
 * `MASQUERADE --random-fully`). `upstream-test`: what kube-proxy's unit-test fakes print (mark `0x4000`,
 * no `--random-fully`), so output can be compared byte for byte with upstream goldens.
 */
export type ProxyProfile = 'node' | 'upstream-test';

export interface ProxyConfig {
  readonly mode: ProxyMode;
  readonly profile: ProxyProfile;
  /** IP family of the proxier (kube-proxy runs one per family). Undefined: the node's primary IP family. */
  readonly family?: IPFamily;
  /** `clusterCIDR`, comma-separated for dual stack. */
  readonly clusterCIDR: string;
  readonly masqueradeAll: boolean;
  readonly masqueradeBit: number;
  /** `nodePortAddresses`: CIDRs, or `primary`. Empty: every local address. */
  readonly nodePortAddresses: readonly string[];
  /** `iptables.localhostNodePorts` (IPv4 only). */
  readonly localhostNodePorts: boolean;
  readonly detectLocalMode: DetectLocalMode;
  readonly bridgeInterface: string;
  readonly interfaceNamePrefix: string;
  /** `ipvs.scheduler`. */
  readonly ipvsScheduler: string;
  /** Node state kube-proxy probes at start: nfacct counters exist, iptables has --random-fully, tcp_be_liberal. */
  readonly nfacct: boolean;
  readonly randomFully: boolean;
  readonly tcpBeLiberal: boolean;
}

export const DEFAULT_PROXY_CONFIG: ProxyConfig = {
  mode: 'iptables',
  profile: 'node',
  clusterCIDR: '',
  masqueradeAll: false,
  masqueradeBit: 14,
  nodePortAddresses: [],
  localhostNodePorts: true,
  detectLocalMode: 'ClusterCIDR',
  bridgeInterface: '',
  interfaceNamePrefix: '',
  ipvsScheduler: 'rr',
  nfacct: true,
  randomFully: true,
  tcpBeLiberal: false,
};

/** A problem with a settings document: reported, never thrown. */
export interface ConfigDiagnostic {
  readonly pointer: string;
  readonly message: string;
}

export interface ConfigRead {
  readonly config: Partial<ProxyConfig>;
  readonly diagnostics: readonly ConfigDiagnostic[];
}

const MODES: readonly string[] = ['iptables', 'nftables', 'ipvs'];
const DETECT: readonly string[] = ['ClusterCIDR', 'NodeCIDR', 'BridgeInterface', 'InterfaceNamePrefix'];

/** True when an object is a KubeProxyConfiguration document. */
export function isKubeProxyConfiguration(raw: unknown): boolean {
  return isObject(raw) && raw['kind'] === 'KubeProxyConfiguration' && typeof raw['apiVersion'] === 'string' && raw['apiVersion'].startsWith('kubeproxy.config.k8s.io/');
}

/** Reads the fields of a KubeProxyConfiguration that change the rules. Unknown or mistyped fields are reported. */
export function readKubeProxyConfiguration(raw: unknown): ConfigRead {
  const out: { -readonly [K in keyof ProxyConfig]?: ProxyConfig[K] } = {};
  const diagnostics: ConfigDiagnostic[] = [];
  const doc = asObject(raw) ?? {};
  const mode = asString(doc['mode']);
  if (mode !== undefined && mode !== '') {
    if (MODES.includes(mode)) out.mode = mode as ProxyMode;
    else diagnostics.push({ pointer: '/mode', message: `unsupported proxy mode "${mode}" (want iptables, nftables or ipvs)` });
  }
  const clusterCIDR = asString(doc['clusterCIDR']);
  if (clusterCIDR !== undefined) out.clusterCIDR = clusterCIDR;
  const masqueradeAll = asBoolean(get2(doc, 'iptables', 'masqueradeAll')) ?? asBoolean(doc['masqueradeAll']);
  if (masqueradeAll !== undefined) out.masqueradeAll = masqueradeAll;
  const bit = asInteger(get2(doc, 'iptables', 'masqueradeBit'));
  if (bit !== undefined) {
    if (bit >= 0 && bit <= 31) out.masqueradeBit = bit;
    else diagnostics.push({ pointer: '/iptables/masqueradeBit', message: `masqueradeBit must be within [0, 31], got ${bit}` });
  }
  const lnp = asBoolean(get2(doc, 'iptables', 'localhostNodePorts'));
  if (lnp !== undefined) out.localhostNodePorts = lnp;
  if (doc['nodePortAddresses'] !== undefined) {
    out.nodePortAddresses = asArray(doc['nodePortAddresses']).filter((x): x is string => typeof x === 'string');
  }
  const dlm = asString(doc['detectLocalMode']);
  if (dlm !== undefined && dlm !== '') {
    if (DETECT.includes(dlm)) out.detectLocalMode = dlm as DetectLocalMode;
    else diagnostics.push({ pointer: '/detectLocalMode', message: `unknown detectLocalMode "${dlm}"` });
  }
  const bridge = asString(get2(doc, 'detectLocal', 'bridgeInterface'));
  if (bridge !== undefined) out.bridgeInterface = bridge;
  const prefix = asString(get2(doc, 'detectLocal', 'interfaceNamePrefix'));
  if (prefix !== undefined) out.interfaceNamePrefix = prefix;
  const sched = asString(get2(doc, 'ipvs', 'scheduler'));
  if (sched !== undefined && sched !== '') out.ipvsScheduler = sched;
  return { config: out, diagnostics };
}

function get2(doc: Readonly<Record<string, unknown>>, a: string, b: string): unknown {
  const o = asObject(doc[a]);
  return o ? o[b] : undefined;
}

/** Layers partial settings over the defaults; later layers win. */
export function resolveConfig(...layers: readonly Partial<ProxyConfig>[]): ProxyConfig {
  let cfg: ProxyConfig = DEFAULT_PROXY_CONFIG;
  for (const l of layers) {
    const clean = Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined)) as Partial<ProxyConfig>;
    cfg = { ...cfg, ...clean };
  }
  return cfg;
}

/** The node-state settings of a profile (mark formatting is decided from the profile at render time). */
export function profileDefaults(profile: ProxyProfile): Partial<ProxyConfig> {
  return profile === 'upstream-test'
    ? { profile, randomFully: false, nfacct: true, tcpBeLiberal: false }
    : { profile, randomFully: true, nfacct: true, tcpBeLiberal: false };
}

/**
 * The masquerade mark as text. Real kube-proxy: Go `fmt.Sprintf("%#08x", 1<<bit)` (digits padded to 8,
 * then `0x`: `0x00004000`). The unit-test fake hard-codes `0x4000`.
 */
export function masqueradeMark(cfg: Pick<ProxyConfig, 'profile' | 'masqueradeBit'>): string {
  const v = 2 ** cfg.masqueradeBit;
  return cfg.profile === 'upstream-test' ? `0x${v.toString(16)}` : `0x${v.toString(16).padStart(8, '0')}`;
}
