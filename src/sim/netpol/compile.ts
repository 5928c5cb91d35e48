/**
 * Compiles NetworkPolicy objects (networking.k8s.io/v1) once into a normalised form the engine, the
 * explainer and the findings read. Reads the raw object through the guards: a wrong type is "absent".
 *
 * Semantics, from kubernetes/api:networking/v1/types.go and the API reference (network-policy-v1):
 * - `podSelector` selects pods in the policy's own namespace; a missing one is the empty selector (all pods).
 * - policyTypes default (kubernetes/kubernetes:pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicy):
 *   Ingress always, Egress only when `len(spec.egress) != 0`.
 * - A peer with podSelector only means pods in the policy's namespace; namespaceSelector only means all pods
 *   of the selected namespaces; both in one peer is an AND.
 * - An empty or missing `from`/`to` matches all peers (external IPs included); an empty or missing `ports`
 *   matches all ports of all protocols; protocol defaults to TCP; `endPort` makes an inclusive range.
 */
import type { JsonPointer } from '../../model/location.js';
import type { Resource } from '../../model/resource.js';
import { asArray, asInteger, asObject, asString, get, isObject } from '../../model/guards.js';
import { EVERYTHING, NOTHING, isSelectorError, selectorFromLabelSelector } from '../../model/selector.js';
import type { Selector } from '../../model/selector.js';
import type { SimProblem } from '../state.js';
import { parseCidr, rangeWithin } from './ip.js';
import type { IpRange } from './ip.js';
import { MAX_PORT, MIN_PORT } from './ports.js';

export type Direction = 'Ingress' | 'Egress';

/** Pods matched by namespace and pod labels. `namespaceSelector` undefined = the policy's own namespace. */
export interface PodPeer {
  readonly kind: 'pods';
  readonly pointer: JsonPointer;
  readonly namespaceSelector?: Selector;
  readonly podSelector: Selector;
}

export interface IpBlockPeer {
  readonly kind: 'ipBlock';
  readonly pointer: JsonPointer;
  readonly cidrText: string;
  readonly cidr: IpRange;
  readonly except: readonly IpRange[];
  /** Matches pod IPs whatever the CNI does with NetworkPolicy ipBlocks (AdminNetworkPolicy `networks`). */
  readonly matchesPodIps?: true;
}

/** A peer the API would reject (no selector and no ipBlock, or an unparsable CIDR): it matches nothing. */
export interface InvalidPeer {
  readonly kind: 'invalid';
  readonly pointer: JsonPointer;
}

export type Peer = PodPeer | IpBlockPeer | InvalidPeer;

/**
 * One `ports` entry. `lo..hi` for numeric ports (or the whole range when `port` is omitted), `name` for a
 * named port resolved on the destination pod. `protocol` is kept as written (upper-cased) so that a protocol
 * outside TCP/UDP/SCTP matches nothing.
 */
export type PortMatch =
  | { readonly kind: 'range'; readonly pointer: JsonPointer; readonly protocol: string; readonly lo: number; readonly hi: number }
  | { readonly kind: 'named'; readonly pointer: JsonPointer; readonly protocol: string; readonly name: string };

export interface CompiledRule {
  readonly direction: Direction;
  /** 0-based index in spec.ingress / spec.egress. */
  readonly index: number;
  readonly pointer: JsonPointer;
  /** undefined = every peer (the list was missing or empty). */
  readonly peers?: readonly Peer[];
  /** undefined = every port of every protocol. */
  readonly ports?: readonly PortMatch[];
}

export interface CompiledPolicy {
  readonly resource: Resource;
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: Selector;
  /** Effective policyTypes after defaulting. */
  readonly ingress: boolean;
  readonly egress: boolean;
  /** True when policyTypes was absent or empty (the API server defaulted it). */
  readonly policyTypesDefaulted: boolean;
  readonly ingressRules: readonly CompiledRule[];
  readonly egressRules: readonly CompiledRule[];
}

export interface CompileResult {
  readonly policies: readonly CompiledPolicy[];
  readonly problems: readonly SimProblem[];
}

/** `ns/name` of a policy, as explanations print it. */
export function policyName(p: Pick<CompiledPolicy, 'namespace' | 'name'>): string {
  return `${p.namespace}/${p.name}`;
}

// Selectors are immutable values: policies repeat the same few, so parse each distinct text once.
const selectorCache = new Map<string, ReturnType<typeof selectorFromLabelSelector>>();

function selector(raw: unknown, resource: Resource, pointer: JsonPointer, problems: SimProblem[]): Selector {
  if (raw === undefined || raw === null) return EVERYTHING;
  const text = JSON.stringify(raw);
  let s = selectorCache.get(text);
  if (s === undefined) {
    s = selectorFromLabelSelector(raw);
    if (selectorCache.size > 100_000) selectorCache.clear();
    selectorCache.set(text, s);
  }
  if (isSelectorError(s)) {
    problems.push({
      code: 'netpol-invalid-selector',
      resource,
      pointer: pointer + (s.path ?? ''),
      message: `invalid label selector: ${s.error}`,
    });
    return NOTHING;
  }
  return s;
}

function compilePeer(raw: unknown, resource: Resource, pointer: JsonPointer, problems: SimProblem[]): Peer {
  const obj = asObject(raw);
  const ipBlock = asObject(obj?.ipBlock);
  const hasPod = obj !== undefined && obj.podSelector !== undefined && obj.podSelector !== null;
  const hasNs = obj !== undefined && obj.namespaceSelector !== undefined && obj.namespaceSelector !== null;
  if (ipBlock) {
    if (hasPod || hasNs) {
      problems.push({
        code: 'netpol-invalid-peer',
        resource,
        pointer,
        message: 'a peer may set ipBlock or selectors, not both: the API server rejects this policy',
      });
      return { kind: 'invalid', pointer };
    }
    const cidrText = asString(ipBlock.cidr) ?? '';
    const cidr = parseCidr(cidrText);
    if (!cidr) {
      problems.push({ code: 'netpol-invalid-cidr', resource, pointer: `${pointer}/ipBlock/cidr`, message: `invalid CIDR "${cidrText}"` });
      return { kind: 'invalid', pointer };
    }
    const except: IpRange[] = [];
    for (const [i, e] of asArray(ipBlock.except).entries()) {
      const text = asString(e) ?? '';
      const r = parseCidr(text);
      const ep = `${pointer}/ipBlock/except/${i}`;
      if (!r) problems.push({ code: 'netpol-invalid-cidr', resource, pointer: ep, message: `invalid CIDR "${text}"` });
      else if (!rangeWithin(r, cidr))
        problems.push({ code: 'netpol-invalid-cidr', resource, pointer: ep, message: `except "${text}" is not within cidr "${cidrText}"` });
      else except.push(r);
    }
    return { kind: 'ipBlock', pointer, cidrText, cidr, except };
  }
  if (!hasPod && !hasNs) {
    problems.push({
      code: 'netpol-invalid-peer',
      resource,
      pointer,
      message: 'a peer must set podSelector, namespaceSelector or ipBlock: the API server rejects this policy',
    });
    return { kind: 'invalid', pointer };
  }
  const podSelector = hasPod ? selector(obj?.podSelector, resource, `${pointer}/podSelector`, problems) : EVERYTHING;
  if (!hasNs) return { kind: 'pods', pointer, podSelector };
  const namespaceSelector = selector(obj?.namespaceSelector, resource, `${pointer}/namespaceSelector`, problems);
  return { kind: 'pods', pointer, namespaceSelector, podSelector };
}

function compilePort(raw: unknown, resource: Resource, pointer: JsonPointer, problems: SimProblem[]): PortMatch | undefined {
  const obj = asObject(raw) ?? {};
  const protocol = (asString(obj.protocol) ?? 'TCP').toUpperCase();
  if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') {
    problems.push({
      code: 'netpol-invalid-protocol',
      resource,
      pointer: `${pointer}/protocol`,
      message: `protocol "${String(obj.protocol)}" is not supported: NetworkPolicy covers TCP, UDP and SCTP`,
    });
  }
  const port = obj.port;
  const endPort = asInteger(obj.endPort);
  if (typeof port === 'string' && !/^\d+$/.test(port)) {
    if (endPort !== undefined) {
      problems.push({
        code: 'netpol-invalid-port',
        resource,
        pointer: `${pointer}/endPort`,
        message: 'endPort may only be set with a numeric port: the API server rejects this policy',
      });
    }
    return { kind: 'named', pointer, protocol, name: port };
  }
  const num = typeof port === 'string' ? Number(port) : asInteger(port);
  if (port === undefined || port === null) return { kind: 'range', pointer, protocol, lo: MIN_PORT, hi: MAX_PORT };
  if (num === undefined || num < MIN_PORT || num > MAX_PORT) {
    problems.push({ code: 'netpol-invalid-port', resource, pointer: `${pointer}/port`, message: `port ${String(port)} is not between 1 and 65535` });
    return undefined;
  }
  if (endPort !== undefined) {
    if (endPort < num || endPort > MAX_PORT) {
      problems.push({
        code: 'netpol-invalid-port',
        resource,
        pointer: `${pointer}/endPort`,
        message: `endPort ${endPort} must be between port ${num} and 65535`,
      });
      return undefined;
    }
    return { kind: 'range', pointer, protocol, lo: num, hi: endPort };
  }
  return { kind: 'range', pointer, protocol, lo: num, hi: num };
}

function compileRule(
  raw: unknown,
  direction: Direction,
  index: number,
  resource: Resource,
  problems: SimProblem[],
): CompiledRule {
  const pointer = `/spec/${direction === 'Ingress' ? 'ingress' : 'egress'}/${index}`;
  const peerField = direction === 'Ingress' ? 'from' : 'to';
  const rawPeers = asArray(get(raw, peerField));
  const rawPorts = asArray(get(raw, 'ports'));
  const peers =
    rawPeers.length === 0
      ? undefined
      : rawPeers.map((p, i) => compilePeer(p, resource, `${pointer}/${peerField}/${i}`, problems));
  const ports =
    rawPorts.length === 0
      ? undefined
      : rawPorts.flatMap((p, i) => compilePort(p, resource, `${pointer}/ports/${i}`, problems) ?? []);
  return { direction, index, pointer, ...(peers ? { peers } : {}), ...(ports ? { ports } : {}) };
}

/** Compiles one NetworkPolicy. `defaultNamespace` names the namespace of an object without one. */
export function compilePolicy(resource: Resource, problems: SimProblem[], defaultNamespace = 'default'): CompiledPolicy {
  const raw = resource.raw;
  const spec = asObject(raw.spec) ?? {};
  const namespace = resource.namespace ?? defaultNamespace;
  const podSelector = selector(spec.podSelector, resource, '/spec/podSelector', problems);
  const rawIngress = asArray(spec.ingress);
  const rawEgress = asArray(spec.egress);
  const types = asArray(spec.policyTypes).flatMap((t) => (typeof t === 'string' ? [t] : []));
  for (const [i, t] of types.entries()) {
    if (t !== 'Ingress' && t !== 'Egress')
      problems.push({ code: 'netpol-invalid-policy-type', resource, pointer: `/spec/policyTypes/${i}`, message: `unknown policy type "${t}"` });
  }
  const defaulted = types.length === 0;
  const ingress = defaulted ? true : types.includes('Ingress');
  const egress = defaulted ? rawEgress.length > 0 : types.includes('Egress');
  return {
    resource,
    namespace,
    name: resource.name,
    podSelector,
    ingress,
    egress,
    policyTypesDefaulted: defaulted,
    ingressRules: rawIngress.map((r, i) => compileRule(r, 'Ingress', i, resource, problems)),
    egressRules: rawEgress.map((r, i) => compileRule(r, 'Egress', i, resource, problems)),
  };
}

/** The API versions NetworkPolicy was ever served under, and what became of them. */
const NETPOL_API_VERSIONS: Readonly<Record<string, 'ok' | 'removed'>> = {
  'networking.k8s.io/v1': 'ok',
  // extensions/v1beta1 NetworkPolicy was removed in Kubernetes 1.16 (kubernetes/kubernetes CHANGELOG-1.16).
  'extensions/v1beta1': 'removed',
};

/** True for objects of kind NetworkPolicy (any group, so a wrong apiVersion is reported, not ignored). */
export function isNetworkPolicy(r: Resource): boolean {
  return r.kind === 'NetworkPolicy' && isObject(r.raw);
}

/** Compiles every NetworkPolicy; ones with an unknown or removed apiVersion are reported and skipped. */
export function compilePolicies(resources: readonly Resource[], defaultNamespace = 'default'): CompileResult {
  const problems: SimProblem[] = [];
  const policies: CompiledPolicy[] = [];
  for (const r of resources) {
    if (!isNetworkPolicy(r)) continue;
    const status = NETPOL_API_VERSIONS[r.apiVersion];
    if (status !== 'ok') {
      problems.push({
        code: 'netpol-api-version',
        resource: r,
        pointer: '/apiVersion',
        message:
          status === 'removed'
            ? `NetworkPolicy ${r.apiVersion} was removed in Kubernetes 1.16: use networking.k8s.io/v1`
            : `unknown apiVersion "${r.apiVersion}" for NetworkPolicy: use networking.k8s.io/v1`,
        data: { apiVersion: r.apiVersion },
      });
      continue;
    }
    policies.push(compilePolicy(r, problems, defaultNamespace));
  }
  return { policies, problems };
}
