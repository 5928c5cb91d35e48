/**
 * The test oracle: a deliberately naive evaluator of NetworkPolicy v1, written separately from the engine.
 * It reads the raw policy objects itself, with its own label-selector matcher and its own CIDR check
 * (netmask for IPv4, a hand-rolled parser for IPv6), and judges one connection at a time by looping over
 * every policy and rule. Sources: network-policies.md and the API reference (network-policy-v1).
 */
import { Netmask } from 'netmask';
import type { SimNamespace, SimPod } from '../../../src/sim/types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export type OracleEndpoint = { readonly pod: SimPod } | { readonly ip: string };

/** matchLabels AND matchExpressions; NotIn / DoesNotExist match objects without the key. */
function selectorMatches(sel: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (!isObj(sel)) return true; // absent = {} where the API defaults it
  for (const [k, v] of Object.entries(isObj(sel.matchLabels) ? sel.matchLabels : {})) if (labels[k] !== v) return false;
  for (const e of list(sel.matchExpressions)) {
    if (!isObj(e)) return false;
    const key = String(e.key);
    const values = list(e.values).map(String);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[key] as string)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key] as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function v6(s: string): bigint {
  const [head = '', tail] = s.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base = '', bitsText = ''] = cidr.split('/');
  if (ip.includes(':') !== base.includes(':')) return false;
  if (!ip.includes(':')) {
    // netmask masks host bits itself: `10.0.0.5/8` is 10.0.0.0/8, as upstream e2e's `<podIP>/4` needs.
    return new Netmask(cidr).contains(ip);
  }
  const shift = BigInt(128 - Number(bitsText));
  return v6(ip) >> shift === v6(base) >> shift;
}

function nsLabels(namespaces: ReadonlyMap<string, SimNamespace>, ns: string): Record<string, string> {
  return { ...(namespaces.get(ns)?.labels ?? {}), 'kubernetes.io/metadata.name': ns };
}

function peerMatches(
  peer: unknown,
  policyNs: string,
  ep: OracleEndpoint,
  namespaces: ReadonlyMap<string, SimNamespace>,
  ipBlockMatchesPods: boolean,
): boolean {
  if (!isObj(peer)) return false;
  if (isObj(peer.ipBlock)) {
    const ip = 'pod' in ep ? (ipBlockMatchesPods ? ep.pod.podIP : undefined) : ep.ip;
    if (ip === undefined) return false;
    if (!inCidr(ip, String(peer.ipBlock.cidr))) return false;
    return !list(peer.ipBlock.except).some((e) => inCidr(ip, String(e)));
  }
  if (!('pod' in ep)) return false;
  const hasNs = isObj(peer.namespaceSelector);
  const hasPod = isObj(peer.podSelector);
  if (!hasNs && !hasPod) return false;
  if (hasNs) {
    if (!selectorMatches(peer.namespaceSelector, nsLabels(namespaces, ep.pod.namespace))) return false;
  } else if (ep.pod.namespace !== policyNs) return false;
  return !hasPod || selectorMatches(peer.podSelector, ep.pod.labels);
}

function portMatches(entry: unknown, protocol: string, port: number, dst: OracleEndpoint): boolean {
  const e = isObj(entry) ? entry : {};
  const proto = typeof e.protocol === 'string' ? e.protocol : 'TCP';
  if (proto !== protocol) return false;
  if (e.port === undefined || e.port === null) return true;
  if (typeof e.port === 'number') {
    const end = typeof e.endPort === 'number' ? e.endPort : e.port;
    return e.port <= port && port <= end;
  }
  // A named port: the destination pod must declare it, with this protocol, on a regular container.
  if (!('pod' in dst)) return false;
  for (const c of dst.pod.spec.containers)
    for (const p of c.ports ?? []) if (p.name === e.port && (p.protocol ?? 'TCP') === protocol) return p.containerPort === port;
  return false;
}

function effectiveTypes(spec: Obj): { ingress: boolean; egress: boolean } {
  const types = list(spec.policyTypes);
  if (types.length === 0) return { ingress: true, egress: list(spec.egress).length > 0 };
  return { ingress: types.includes('Ingress'), egress: types.includes('Egress') };
}

/** Does `pod`'s side allow the connection in `dir`? Only policies of the pod's own namespace count. */
function sideAllows(
  policies: readonly Obj[],
  namespaces: ReadonlyMap<string, SimNamespace>,
  pod: SimPod,
  dir: 'ingress' | 'egress',
  other: OracleEndpoint,
  dst: OracleEndpoint,
  protocol: string,
  port: number,
  ipBlockMatchesPods: boolean,
): boolean {
  let isolated = false;
  for (const pol of policies) {
    const meta = isObj(pol.metadata) ? pol.metadata : {};
    const ns = typeof meta.namespace === 'string' ? meta.namespace : 'default';
    if (ns !== pod.namespace) continue;
    const spec = isObj(pol.spec) ? pol.spec : {};
    if (!selectorMatches(spec.podSelector, pod.labels)) continue;
    if (!effectiveTypes(spec)[dir]) continue;
    isolated = true;
    for (const rule of list(spec[dir])) {
      const r = isObj(rule) ? rule : {};
      const peers = list(r[dir === 'ingress' ? 'from' : 'to']);
      const ports = list(r.ports);
      const peerOk = peers.length === 0 || peers.some((p) => peerMatches(p, ns, other, namespaces, ipBlockMatchesPods));
      const portOk = ports.length === 0 || ports.some((p) => portMatches(p, protocol, port, dst));
      if (peerOk && portOk) return true;
    }
  }
  return !isolated;
}

/**
 * AdminNetworkPolicy / BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1, network-policy-api
 * apis/v1alpha1): the subject, peers (namespaces, pods, networks) and ports (portNumber, portRange,
 * namedPort on any protocol) of one rule, read from the raw object.
 */
function adminSubject(a: Obj, pod: SimPod, namespaces: ReadonlyMap<string, SimNamespace>): boolean {
  const subject = isObj(a.spec) && isObj(a.spec.subject) ? a.spec.subject : {};
  const ns = nsLabels(namespaces, pod.namespace);
  if (isObj(subject.namespaces)) return selectorMatches(subject.namespaces, ns);
  if (isObj(subject.pods)) return selectorMatches(subject.pods.namespaceSelector ?? {}, ns) && selectorMatches(subject.pods.podSelector ?? {}, pod.labels);
  return false;
}

function adminPeer(peer: unknown, ep: OracleEndpoint, namespaces: ReadonlyMap<string, SimNamespace>): boolean {
  if (!isObj(peer)) return false;
  if (isObj(peer.namespaces)) return 'pod' in ep && selectorMatches(peer.namespaces, nsLabels(namespaces, ep.pod.namespace));
  if (isObj(peer.pods))
    return 'pod' in ep && selectorMatches(peer.pods.namespaceSelector ?? {}, nsLabels(namespaces, ep.pod.namespace)) && selectorMatches(peer.pods.podSelector ?? {}, ep.pod.labels);
  if (Array.isArray(peer.networks)) {
    // AdminNetworkPolicy networks check cluster-internal traffic too (adminnetworkpolicy_types.go Networks),
    // unlike NetworkPolicy ipBlocks, whose pod-IP matching is the CNI's choice.
    const ip = 'pod' in ep ? ep.pod.podIP : ep.ip;
    return ip !== undefined && peer.networks.some((n) => inCidr(ip, String(n)));
  }
  return false;
}

function adminPort(entry: unknown, protocol: string, port: number, dst: OracleEndpoint): boolean {
  if (!isObj(entry)) return false;
  if (isObj(entry.portNumber)) return (entry.portNumber.protocol ?? 'TCP') === protocol && entry.portNumber.port === port;
  if (isObj(entry.portRange))
    return (entry.portRange.protocol ?? 'TCP') === protocol && Number(entry.portRange.start) <= port && port <= Number(entry.portRange.end);
  if (typeof entry.namedPort === 'string' && 'pod' in dst)
    for (const c of dst.pod.spec.containers) for (const p of c.ports ?? []) if (p.name === entry.namedPort && (p.protocol ?? 'TCP') === protocol) return p.containerPort === port;
  return false;
}

/** The first matching rule's action among the given policies, in order; undefined when none matches. */
function adminDecision(
  list: readonly Obj[],
  pod: SimPod,
  dir: 'ingress' | 'egress',
  other: OracleEndpoint,
  dst: OracleEndpoint,
  protocol: string,
  port: number,
  namespaces: ReadonlyMap<string, SimNamespace>,
): string | undefined {
  for (const a of list) {
    if (!adminSubject(a, pod, namespaces)) continue;
    for (const rule of list_(isObj(a.spec) ? a.spec[dir] : undefined)) {
      const r = isObj(rule) ? rule : {};
      const peers = list_(r[dir === 'ingress' ? 'from' : 'to']);
      const ports = list_(r.ports);
      if (peers.some((p) => adminPeer(p, other, namespaces)) && (ports.length === 0 || ports.some((p) => adminPort(p, protocol, port, dst))))
        return String(r.action);
    }
  }
  return undefined;
}
const list_ = list;

/** One side through the tiers: ANPs by priority (first match), then NetworkPolicies, then the BANP. */
function tieredSide(
  policies: readonly Obj[],
  admin: readonly Obj[],
  namespaces: ReadonlyMap<string, SimNamespace>,
  pod: SimPod,
  dir: 'ingress' | 'egress',
  other: OracleEndpoint,
  dst: OracleEndpoint,
  protocol: string,
  port: number,
  ipBlockMatchesPods: boolean,
): boolean {
  const name = (a: Obj): string => String(isObj(a.metadata) ? a.metadata.name : '');
  const prio = (a: Obj): number => Number(isObj(a.spec) ? (a.spec.priority ?? 0) : 0);
  const anps = admin.filter((a) => a.kind === 'AdminNetworkPolicy').sort((a, b) => prio(a) - prio(b) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  const action = adminDecision(anps, pod, dir, other, dst, protocol, port, namespaces);
  if (action === 'Allow') return true;
  if (action === 'Deny') return false;
  const isolated = policies.some((pol) => {
    const meta = isObj(pol.metadata) ? pol.metadata : {};
    const spec = isObj(pol.spec) ? pol.spec : {};
    return (typeof meta.namespace === 'string' ? meta.namespace : 'default') === pod.namespace && selectorMatches(spec.podSelector, pod.labels) && effectiveTypes(spec)[dir];
  });
  if (isolated) return sideAllows(policies, namespaces, pod, dir, other, dst, protocol, port, ipBlockMatchesPods);
  const banps = admin.filter((a) => a.kind === 'BaselineAdminNetworkPolicy');
  return adminDecision(banps, pod, dir, other, dst, protocol, port, namespaces) !== 'Deny';
}

/** Is src → dst on protocol/port allowed? A pod may always reach itself. `admin`: raw ANPs and BANPs. */
export function oracleAllowed(
  policies: readonly Obj[],
  namespaces: ReadonlyMap<string, SimNamespace>,
  src: OracleEndpoint,
  dst: OracleEndpoint,
  protocol: string,
  port: number,
  ipBlockMatchesPods = true,
  admin: readonly Obj[] = [],
): boolean {
  if ('pod' in src && 'pod' in dst && src.pod === dst.pod) return true;
  const eg = 'pod' in src ? tieredSide(policies, admin, namespaces, src.pod, 'egress', dst, dst, protocol, port, ipBlockMatchesPods) : true;
  const ing = 'pod' in dst ? tieredSide(policies, admin, namespaces, dst.pod, 'ingress', src, dst, protocol, port, ipBlockMatchesPods) : true;
  return eg && ing;
}
