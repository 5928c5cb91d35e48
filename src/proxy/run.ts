/**
 * The `proxy` query as a pure function: manifests (Services, EndpointSlices, Nodes, Pods,
 * KubeProxyConfiguration) and options in, the text kube-proxy would program on one node out, or a packet
 * trace through it. User mistakes come back as diagnostics, never as exceptions.
 */
import type { Location } from '../model/location.js';
import type { Resource } from '../model/resource.js';
import { locateIn } from '../model/resource.js';
import { asObject, asString, get } from '../model/guards.js';
import type { ClusterState } from '../sim/state.js';
import type { SimService } from '../sim/types.js';
import type { EndpointSlice } from '../model/kinds.js';
import type { ProxyConfig, ProxyMode, ProxyProfile } from './config.js';
import { isKubeProxyConfiguration, profileDefaults, readKubeProxyConfiguration, resolveConfig } from './config.js';
import { endpointSliceFromObject, nodeFromObject, serviceFromObject } from './manifests.js';
import type { ProxyInputs, ProxyNode, ProxyService } from './model.js';
import { familyOfNode, nodeIPOf } from './model.js';
import { iptablesRules } from './iptables/index.js';
import { parseDump } from './iptables/dump.js';
import { renderIptablesSave } from './iptables/save.js';
import { compileRuleSet, tracePacket } from './trace.js';
import type { Protocol, TraceOutcome } from './trace.js';
import { parseIP, formatIP } from './ip.js';
import { nftablesRules } from './nftables.js';
import { ipvsRules } from './ipvs.js';

export type ProxyOutputFormat = 'restore' | 'iptables-save' | 'nft-script';

export interface ProxyRunOptions {
  /** Node whose rules are computed (a Node object in the input). */
  readonly node?: string;
  /** Stand-in node IP when the input has no Node object for `node`. */
  readonly nodeIP?: string;
  readonly mode?: ProxyMode;
  readonly profile?: ProxyProfile;
  readonly format?: ProxyOutputFormat;
  /** Settings from flags; they override KubeProxyConfiguration documents. */
  readonly overrides?: Partial<ProxyConfig>;
  /** KubeProxyConfiguration documents given with --proxy-config (read after those in the input). */
  readonly configResources?: readonly Resource[];
  /** `IP:port` (or `[IPv6]:port`) to trace. */
  readonly trace?: string;
  /** Trace source: `external`, `node`, an IP, or a Pod (`ns/name` or `name`). */
  readonly from?: string;
  readonly protocol?: Protocol;
  /**
   * The dry run's ClusterState: Services with their allocated ClusterIPs and NodePorts, the EndpointSlices
   * the endpoints step derived from the pods it placed, the nodes and the pods' IPs. Without it, Services,
   * EndpointSlices, Nodes and Pods are read from the resources as written.
   */
  readonly state?: ClusterState;
}

export interface ProxyDiagnostic {
  readonly code: string;
  readonly message: string;
  readonly location?: Location;
}

export interface ProxyRunResult {
  readonly output: string;
  readonly errors: readonly ProxyDiagnostic[];
  readonly config?: ProxyConfig;
}

/** A client outside the cluster, from the documentation range (RFC 5737); it only ever exists on paper. */
export const EXTERNAL_CLIENT = '203.0.113.2';

/** Proxy inputs from the dry run (see ProxyRunOptions.state). */
export function proxyInputsFromState(state: ClusterState, node: ProxyNode): ProxyInputs {
  const services: ProxyService[] = [];
  for (const s of state.services) {
    const svc = serviceFromObject(simServiceObject(s), s.namespace);
    if (svc) services.push(svc);
  }
  const endpointSlices: EndpointSlice[] = [];
  for (const slice of state.endpointSlices ?? []) {
    const obj = endpointSliceFromObject(slice.object, slice.namespace);
    if (obj) endpointSlices.push(obj);
  }
  return { services, endpointSlices, node };
}

/** The Service as the API server would hold it after allocation: written spec plus allocated addresses. */
function simServiceObject(s: SimService): Readonly<Record<string, unknown>> {
  const raw = s.resource.raw;
  const spec = asObject(raw['spec']) ?? {};
  return {
    ...raw,
    metadata: { ...(asObject(raw['metadata']) ?? {}), name: s.name, namespace: s.namespace },
    spec: {
      ...spec,
      type: s.type,
      ...(s.clusterIP !== undefined ? { clusterIP: s.clusterIP, clusterIPs: s.clusterIPs } : {}),
      ports: s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), protocol: p.protocol, port: p.port, targetPort: p.targetPort, ...(p.nodePort ? { nodePort: p.nodePort } : {}) })),
      externalIPs: s.externalIPs,
      externalTrafficPolicy: s.externalTrafficPolicy,
      internalTrafficPolicy: s.internalTrafficPolicy,
      ...(s.healthCheckNodePort ? { healthCheckNodePort: s.healthCheckNodePort } : {}),
    },
    status: { loadBalancer: { ingress: s.loadBalancerIPs.map((ip) => ({ ip })) } },
  };
}

function selectSimNode(state: ClusterState, opts: ProxyRunOptions, errors: ProxyDiagnostic[]): ProxyNode | undefined {
  const names = state.nodes.map((n) => n.name);
  if (opts.node === undefined) {
    errors.push({ code: 'node-required', message: `which node? give --node NAME (nodes: ${names.join(', ')})` });
    return undefined;
  }
  const n = state.nodes.find((x) => x.name === opts.node);
  if (!n) {
    errors.push({ code: 'unknown-node', message: `no node named ${opts.node} in the dry run (nodes: ${names.join(', ')})` });
    return undefined;
  }
  const ip = opts.nodeIP ?? n.internalIP;
  return { name: n.name, labels: n.labels, addresses: opts.nodeIP ? [{ type: 'InternalIP', address: ip }] : n.addresses, internalIP: ip, podCIDR: n.podCIDR };
}

/** Reads the proxy inputs out of loaded resources. */
export function proxyInputsFromResources(resources: readonly Resource[], node: ProxyNode): ProxyInputs {
  const services: ProxyService[] = [];
  const endpointSlices: EndpointSlice[] = [];
  for (const r of resources) {
    const svc = serviceFromObject(r.raw, r.namespace ?? 'default');
    if (svc) services.push(svc);
    const slice = endpointSliceFromObject(r.raw, r.namespace ?? 'default');
    if (slice) endpointSlices.push(slice);
  }
  return { services, endpointSlices, node };
}

function selectNode(resources: readonly Resource[], opts: ProxyRunOptions, errors: ProxyDiagnostic[]): ProxyNode | undefined {
  const nodes = resources.filter((r) => r.kind === 'Node');
  if (opts.node !== undefined) {
    const r = nodes.find((n) => n.name === opts.node);
    if (r) {
      const n = nodeFromObject(r.raw);
      if (n && parseIP(n.internalIP)) return n;
      if (opts.nodeIP === undefined) {
        errors.push({ code: 'node-without-ip', message: `Node ${opts.node} has no address in status.addresses: give one with --node-ip`, location: locateIn(r, '/status') });
        return undefined;
      }
      return { ...(n ?? { name: opts.node, labels: {}, addresses: [] }), internalIP: opts.nodeIP, addresses: [{ type: 'InternalIP', address: opts.nodeIP }] };
    }
    if (opts.nodeIP !== undefined) return { name: opts.node, labels: {}, addresses: [{ type: 'InternalIP', address: opts.nodeIP }], internalIP: opts.nodeIP };
    const known = nodes.map((n) => n.name).join(', ');
    errors.push({
      code: 'unknown-node',
      message: `no Node named ${opts.node} in the input${known ? ` (nodes: ${known})` : ''}: add its Node object, or give --node-ip to describe it`,
    });
    return undefined;
  }
  if (nodes.length === 1) return selectNode(resources, { ...opts, node: (nodes[0] as Resource).name }, errors);
  errors.push({
    code: 'node-required',
    message:
      nodes.length === 0
        ? 'which node? give --node NAME with --node-ip IP (the input has no Node objects)'
        : `which node? give --node NAME (nodes: ${nodes.map((n) => n.name).join(', ')})`,
  });
  return undefined;
}

function resolveSettings(resources: readonly Resource[], opts: ProxyRunOptions, errors: ProxyDiagnostic[]): ProxyConfig {
  const layers: Partial<ProxyConfig>[] = [];
  for (const r of [...resources, ...(opts.configResources ?? [])]) {
    if (!isKubeProxyConfiguration(r.raw)) continue;
    const read = readKubeProxyConfiguration(r.raw);
    for (const d of read.diagnostics) errors.push({ code: 'proxy-config', message: d.message, location: locateIn(r, d.pointer) });
    layers.push(read.config);
  }
  const profile = opts.profile ?? 'node';
  return resolveConfig(profileDefaults(profile), ...layers, opts.overrides ?? {}, opts.mode ? { mode: opts.mode } : {});
}

function parseTarget(s: string): { ip: string; port: number } | undefined {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(s) ?? /^([^:]+):(\d+)$/.exec(s);
  if (!m) return undefined;
  const ip = parseIP(m[1] as string);
  const port = Number(m[2]);
  if (!ip || port < 1 || port > 65535) return undefined;
  return { ip: formatIP(ip), port };
}

function resolveSource(from: string | undefined, resources: readonly Resource[], node: ProxyNode, family: 'IPv4' | 'IPv6', errors: ProxyDiagnostic[], state?: ClusterState): string | undefined {
  if (from === undefined || from === 'external') return family === 'IPv4' ? EXTERNAL_CLIENT : '2001:db8:ffff::2';
  if (from === 'node') return nodeIPOf(node, family);
  const ip = parseIP(from);
  if (ip) return formatIP(ip);
  const [ns, name] = from.includes('/') ? from.split('/', 2) : [undefined, from];
  const simPod = state?.pods.find((p) => p.name === name && (ns === undefined || p.namespace === ns));
  if (simPod?.podIP && parseIP(simPod.podIP)) return formatIP(parseIP(simPod.podIP) as NonNullable<ReturnType<typeof parseIP>>);
  const pod = resources.find((r) => r.kind === 'Pod' && r.name === name && (ns === undefined || r.namespace === ns));
  const podIP = pod ? asString(get(pod.raw, 'status', 'podIP')) : undefined;
  if (podIP && parseIP(podIP)) return formatIP(parseIP(podIP) as NonNullable<ReturnType<typeof parseIP>>);
  errors.push({
    code: 'unknown-source',
    message: pod
      ? `Pod ${from} has no status.podIP to trace from: give its IP with --from IP`
      : `--from ${from}: not external, node, an IP, or a Pod in the input`,
  });
  return undefined;
}

function pct(p: number): string {
  return `${(p * 100).toFixed(4)}%`;
}

/** Renders trace outcomes: one block per outcome, with the rules walked. */
export function renderTrace(header: string, outcomes: readonly TraceOutcome[]): string {
  const lines = [header];
  for (const o of outcomes) {
    const what =
      o.verdict === 'DNAT'
        ? `DNAT to ${o.destination}${o.masquerade ? ', source masqueraded (SNAT to the node)' : ', source IP kept'}`
        : o.verdict === 'NONE'
          ? 'no kube-proxy rule matched: the packet goes on unchanged'
          : `${o.verdict} in the filter table`;
    lines.push(`${pct(o.probability)}  ${what}`);
    for (const p of o.path) lines.push(`    ${p}`);
  }
  return lines.join('\n') + '\n';
}

/** Runs the proxy query. */
export function runProxy(resources: readonly Resource[], opts: ProxyRunOptions = {}): ProxyRunResult {
  const errors: ProxyDiagnostic[] = [];
  const config = resolveSettings(resources, opts, errors);
  const node = opts.state ? selectSimNode(opts.state, opts, errors) : selectNode(resources, opts, errors);
  if (!node) return { output: '', errors, config };
  const inputs = opts.state ? proxyInputsFromState(opts.state, node) : proxyInputsFromResources(resources, node);
  const family = config.family ?? familyOfNode(node);

  if (opts.trace !== undefined) {
    if (config.mode !== 'iptables') {
      errors.push({ code: 'trace-mode', message: `--trace walks iptables rules; it does not support --mode ${config.mode} yet` });
      return { output: '', errors, config };
    }
    const target = parseTarget(opts.trace);
    if (!target) {
      errors.push({ code: 'bad-trace', message: `--trace ${opts.trace}: want IP:PORT (e.g. 10.96.0.15:80, or [fd00::15]:80)` });
      return { output: '', errors, config };
    }
    const src = resolveSource(opts.from, resources, node, family, errors, opts.state);
    if (src === undefined) return { output: '', errors, config };
    const r = iptablesRules(inputs, config);
    const rs = compileRuleSet(parseDump(r.text).dump);
    const protocol = opts.protocol ?? 'tcp';
    const local = [...node.addresses.map((a) => a.address), node.internalIP, ...(node.interfaceAddresses ?? [])];
    const outcomes = tracePacket(rs, { src, dst: target.ip, dport: target.port, protocol }, { localAddresses: local });
    const header = `# ${protocol} ${src} -> ${opts.trace} on node ${node.name} (kube-proxy iptables mode, v1.33 rules)`;
    return { output: renderTrace(header, outcomes), errors, config };
  }

  switch (config.mode) {
    case 'nftables':
      {
        const r = nftablesRules(inputs, config);
        return { output: opts.format === 'nft-script' ? r.script : r.text, errors, config };
      }
    case 'ipvs':
      return { output: ipvsRules(inputs, config).text, errors, config };
    default: {
      const r = iptablesRules(inputs, config);
      const output = opts.format === 'iptables-save' ? renderIptablesSave(parseDump(r.text).dump, { family: r.family }) : r.text;
      return { output, errors, config };
    }
  }
}
