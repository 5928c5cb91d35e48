/**
 * What `reach SRC DST` names: a pod (`ns/name`, or a workload's name when no pod has it), a workload
 * (`deploy/ns/name`: all its pods), a Service (`svc/ns/name[:port]`: its selected pods, reached through its
 * ports' targetPorts), `external` (every address outside the cluster), or an IP or CIDR.
 */
import type { SimService, SimServicePort } from '../types.js';
import { parseCidr, parseIp, rangeWithin } from './ip.js';
import type { IpRange } from './ip.js';
import type { NetpolState } from './state.js';

export type Target =
  | { readonly kind: 'pods'; readonly label: string; readonly pods: readonly number[] }
  | {
      readonly kind: 'service';
      readonly label: string;
      readonly service: SimService;
      readonly ports: readonly SimServicePort[];
      readonly pods: readonly number[];
    }
  | { readonly kind: 'external'; readonly label: string; readonly classes: readonly number[] }
  /** A node as a traffic source: its own pods always admit it; other pods see its address (an external one). */
  | { readonly kind: 'node'; readonly label: string; readonly node: string; readonly classes: readonly number[] };

export interface TargetError {
  readonly error: string;
}

const WORKLOAD_ALIASES: Readonly<Record<string, string>> = {
  deploy: 'Deployment',
  deployment: 'Deployment',
  sts: 'StatefulSet',
  statefulset: 'StatefulSet',
  ds: 'DaemonSet',
  daemonset: 'DaemonSet',
  rs: 'ReplicaSet',
  replicaset: 'ReplicaSet',
  rc: 'ReplicationController',
  replicationcontroller: 'ReplicationController',
  job: 'Job',
  cj: 'CronJob',
  cronjob: 'CronJob',
  po: 'Pod',
  pod: 'Pod',
};

function podsOfWorkload(state: NetpolState, kind: string | undefined, ns: string, name: string): number[] {
  const out: number[] = [];
  state.universe.pods.forEach((p, i) => {
    const o = p.origin.resource;
    if (p.namespace === ns && o.name === name && (kind === undefined || o.kind === kind)) out.push(i);
  });
  return out;
}

function externalClasses(state: NetpolState, range: IpRange | undefined): number[] {
  const u = state.universe;
  return u.externalClasses
    .filter((c) => (range ? c.range.family === range.family && c.range.hi >= range.lo && c.range.lo <= range.hi : c.range.family === 4 || u.ipv6InUse))
    .map((c) => c.id);
}

/** Resolves a target spec against the state; errors are values with a "what to do" hint. */
export function resolveTarget(state: NetpolState, spec: string, defaultNamespace = 'default'): Target | TargetError {
  const s = spec.trim();
  if (s === 'external') return { kind: 'external', label: 'external', classes: externalClasses(state, undefined) };
  if (s.startsWith('node/')) {
    const node = s.slice(5);
    const onNode = state.universe.pods.filter((p) => p.nodeName === node);
    if (onNode.length === 0) return { error: `no pod runs on node ${node} in the dry run (use node/NAME with a node name)` };
    const hostIP = onNode.find((p) => p.hostIP !== undefined)?.hostIP;
    const addr = hostIP === undefined ? undefined : parseIp(hostIP);
    const classes = addr ? externalClasses(state, { family: addr.family, lo: addr.value, hi: addr.value }) : externalClasses(state, undefined);
    return { kind: 'node', label: s, node, classes: classes.slice(0, 1) };
  }
  const ip = parseIp(s);
  const cidr = ip ? undefined : parseCidr(s);
  if (ip || cidr) {
    const range = ip ? { family: ip.family, lo: ip.value, hi: ip.value } : (cidr as IpRange);
    // An address inside the cluster's pod IPs names that pod.
    if (ip) {
      const hit = state.universe.pods.findIndex((p) => p.podIP !== undefined && parseIp(p.podIP)?.value === ip.value);
      if (hit >= 0) return { kind: 'pods', label: s, pods: [hit] };
    }
    const classes = externalClasses(state, range).filter((id) => {
      const c = state.universe.classes[id];
      return c !== undefined && c.kind === 'external' && (rangeWithin(c.range, range) || rangeWithin(range, c.range));
    });
    return { kind: 'external', label: s, classes };
  }
  const parts = s.split('/');
  const head = (parts[0] ?? '').toLowerCase();
  if ((head === 'svc' || head === 'service') && parts.length >= 2) {
    const rest = parts.slice(1);
    const [ns, nameWithPort] = rest.length === 1 ? [defaultNamespace, rest[0] as string] : [rest[0] as string, rest.slice(1).join('/')];
    const colon = nameWithPort.indexOf(':');
    const name = colon < 0 ? nameWithPort : nameWithPort.slice(0, colon);
    const portText = colon < 0 ? undefined : nameWithPort.slice(colon + 1);
    const svc = state.services.find((x) => x.namespace === ns && x.name === name);
    if (!svc) return { error: `no Service ${ns}/${name} in the input (list Services with \`k8s-lint graph\`, or check the namespace)` };
    let ports: readonly SimServicePort[] = svc.ports;
    if (portText !== undefined) {
      ports = svc.ports.filter((p) => String(p.port) === portText || p.name === portText);
      if (ports.length === 0)
        return { error: `Service ${ns}/${name} has no port ${portText} (it has ${svc.ports.map((p) => p.name ?? String(p.port)).join(', ') || 'none'})` };
    }
    if (!svc.selector) return { error: `Service ${ns}/${name} has no selector: its endpoints are not derived from pods here` };
    const sel = svc.selector;
    const pods: number[] = [];
    state.universe.pods.forEach((p, i) => {
      if (p.namespace === ns && Object.entries(sel).every(([k, v]) => p.labels[k] === v)) pods.push(i);
    });
    return { kind: 'service', label: `svc/${ns}/${nameWithPort}`, service: svc, ports, pods };
  }
  const kind = WORKLOAD_ALIASES[head];
  if (kind && parts.length === 3) {
    const [, ns, name] = parts as [string, string, string];
    const pods =
      kind === 'Pod'
        ? state.universe.pods.flatMap((p, i) => (p.namespace === ns && p.name === name ? [i] : []))
        : podsOfWorkload(state, kind, ns, name);
    if (pods.length === 0) return { error: `no pods of ${kind} ${ns}/${name} in the dry run (is the name right? does it have replicas?)` };
    return { kind: 'pods', label: s, pods };
  }
  if (parts.length <= 2) {
    const [ns, name] = parts.length === 1 ? [defaultNamespace, parts[0] as string] : (parts as [string, string]);
    const pods = state.universe.pods.flatMap((p, i) => (p.namespace === ns && p.name === name ? [i] : []));
    if (pods.length > 0) return { kind: 'pods', label: s, pods };
    const wl = podsOfWorkload(state, undefined, ns, name);
    if (wl.length > 0) return { kind: 'pods', label: s, pods: wl };
    return { error: `no pod or workload ${ns}/${name} in the dry run (use ns/pod, deploy/ns/name, svc/ns/name[:port], external or a CIDR)` };
  }
  return { error: `cannot read target "${spec}": use ns/pod, deploy/ns/name, svc/ns/name[:port], external or a CIDR` };
}

/**
 * The pods a target spec can name, found by a plain scan (no classes, no policies): used to cut the input
 * down to what one `reach A B` needs. Over-approximates (`external` and CIDRs name no pod).
 */
export function podsNamedBy(
  pods: readonly { readonly namespace: string; readonly name: string; readonly labels: Readonly<Record<string, string>>; readonly podIP?: string; readonly nodeName?: string; readonly origin: { readonly resource: { readonly name: string } } }[],
  services: readonly SimService[],
  spec: string,
  defaultNamespace = 'default',
): number[] {
  const s = spec.trim();
  const out: number[] = [];
  if (s.startsWith('node/')) {
    pods.forEach((p, i) => p.nodeName === s.slice(5) && out.push(i));
    return out;
  }
  const ip = parseIp(s);
  if (ip) {
    pods.forEach((p, i) => p.podIP !== undefined && parseIp(p.podIP)?.value === ip.value && out.push(i));
    return out;
  }
  const parts = s.split('/');
  const head = (parts[0] ?? '').toLowerCase();
  if ((head === 'svc' || head === 'service') && parts.length >= 2) {
    const rest = parts.slice(1);
    const [ns, nameWithPort] = rest.length === 1 ? [defaultNamespace, rest[0] as string] : [rest[0] as string, rest.slice(1).join('/')];
    const name = nameWithPort.split(':')[0];
    const sel = services.find((x) => x.namespace === ns && x.name === name)?.selector;
    if (sel) pods.forEach((p, i) => p.namespace === ns && Object.entries(sel).every(([k, v]) => p.labels[k] === v) && out.push(i));
    return out;
  }
  const [ns, name] = parts.length === 3 ? [parts[1], parts[2]] : parts.length === 2 ? [parts[0], parts[1]] : [defaultNamespace, parts[0]];
  pods.forEach((p, i) => p.namespace === ns && (p.name === name || p.origin.resource.name === name) && out.push(i));
  return out;
}
