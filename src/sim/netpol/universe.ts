/**
 * The universe the engine reasons over: pods grouped into equivalence classes, external IP atoms, and port
 * atoms. Two pods are in one class when no policy can tell them apart: same namespace (name and labels),
 * same pod labels, same named ports, same ipBlock atom of their IP and same hostNetwork flag. External
 * addresses are split into the disjoint atoms bounded by every cidr/except a policy mentions
 * (np-guard/netpol-analyzer's disjoint IP blocks), and each protocol's port range into atoms bounded by every
 * numeric port, endPort and named-port resolution, so every rule covers each atom wholly or not at all.
 */
import type { Labels } from '../../model/kinds.js';
import { asArray, asInteger, asObject, asString } from '../../model/guards.js';
import type { SimNamespace, SimPod } from '../types.js';
import type { CompiledPolicy, CompiledRule } from './compile.js';
import { atomize, parseIp } from './ip.js';
import type { IpAddress, IpFamily, IpRange } from './ip.js';
import { MAX_PORT, MIN_PORT, PROTOCOLS } from './ports.js';
import type { Protocol } from './ports.js';

/** The label every namespace carries (kubernetes/kubernetes KEP-2161, network-policies.md). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** A container port declared with a name: what a named port in a rule resolves to on that pod. */
export interface NamedPort {
  readonly name: string;
  readonly protocol: string;
  readonly port: number;
}

/**
 * Named ports of a pod: `spec.containers[*].ports` only, as netpol-analyzer (pod.go) and the upstream e2e
 * model do; ports declared by init/sidecar containers are not considered. The first declaration of a
 * (name, protocol) pair wins.
 */
export function namedPortsOf(pod: SimPod): NamedPort[] {
  const out: NamedPort[] = [];
  const seen = new Set<string>();
  for (const c of asArray(pod.spec.containers)) {
    for (const p of asArray(asObject(c)?.ports)) {
      const name = asString(asObject(p)?.name);
      const port = asInteger(asObject(p)?.containerPort);
      if (!name || port === undefined) continue;
      const protocol = (asString(asObject(p)?.protocol) ?? 'TCP').toUpperCase();
      const key = `${name}/${protocol}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ name, protocol, port });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
}

export interface PodClass {
  readonly kind: 'pod';
  readonly id: number;
  readonly namespace: string;
  readonly nsLabels: Labels;
  readonly labels: Labels;
  readonly namedPorts: readonly NamedPort[];
  /** Index in `ipAtoms` of the pods' IP, or -1 when they have none (or it lies in no atom). */
  readonly ipAtom: number;
  readonly hostNetwork: boolean;
  /** Indexes into Universe.pods. */
  readonly pods: number[];
}

export interface ExternalClass {
  readonly kind: 'external';
  readonly id: number;
  /** Index in `ipAtoms`. */
  readonly ipAtom: number;
  readonly range: IpRange;
}

export type EndpointClass = PodClass | ExternalClass;

export interface PortAtom {
  readonly protocol: Protocol;
  readonly lo: number;
  readonly hi: number;
}

export interface Universe {
  readonly pods: readonly SimPod[];
  readonly namespaces: ReadonlyMap<string, SimNamespace>;
  /**
   * Namespaces pods or policies live in that the input does not declare (no Namespace object): assumed to
   * carry only the name label, unless labels were given for them (`--namespace-label`).
   */
  readonly assumedNamespaces: readonly string[];
  readonly ipAtoms: readonly IpRange[];
  /** True when some policy or pod uses IPv6 (IPv6 atoms exist regardless, so any address has a class). */
  readonly ipv6InUse: boolean;
  readonly classes: readonly EndpointClass[];
  readonly podClasses: readonly PodClass[];
  readonly externalClasses: readonly ExternalClass[];
  /** Class id of each pod (by index in `pods`). */
  readonly classOfPod: Int32Array;
  /** Pod class ids per namespace. */
  readonly classesByNamespace: ReadonlyMap<string, readonly number[]>;
  readonly portAtoms: readonly PortAtom[];
}

/** Labels of a namespace as selectors see them: the declared ones plus the automatic name label. */
export function namespaceLabels(namespaces: ReadonlyMap<string, SimNamespace>, name: string): Labels {
  const ns = namespaces.get(name);
  return { ...(ns?.labels ?? {}), [NAMESPACE_NAME_LABEL]: name };
}

// Class keys use the labels' JSON text: label maps written in another key order make another (equivalent)
// class, which costs a little compression but no correctness, and JSON.stringify is far cheaper than sorting.
const labelsKeyCache = new WeakMap<object, string>();
function labelsKey(l: Labels): string {
  let k = labelsKeyCache.get(l);
  if (k === undefined) labelsKeyCache.set(l, (k = JSON.stringify(l)));
  return k;
}

// Pods of one template share their spec object: resolve its named ports once.
const namedPortsCache = new WeakMap<object, NamedPort[]>();
function cachedNamedPorts(pod: SimPod): NamedPort[] {
  const spec = pod.spec as object;
  let n = namedPortsCache.get(spec);
  if (n === undefined) namedPortsCache.set(spec, (n = namedPortsOf(pod)));
  return n;
}

const namedKeyCache = new WeakMap<object, string>();
function namedKey(named: NamedPort[]): string {
  let k = namedKeyCache.get(named);
  if (k === undefined) namedKeyCache.set(named, (k = named.map((n) => `${n.name}/${n.protocol}/${n.port}`).join(',')));
  return k;
}

/** The inner map under `key` (made on first use). */
function level<K, V>(m: Map<string, Map<K, V>>, key: string): Map<K, V> {
  let inner = m.get(key);
  if (!inner) m.set(key, (inner = new Map()));
  return inner;
}

/** Index of the atom that contains `ip`, by binary search over the ordered atoms. */
export function atomIndexOf(atoms: readonly IpRange[], ip: IpAddress): number {
  let lo = 0;
  let hi = atoms.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const a = atoms[mid] as IpRange;
    if (a.family < ip.family || (a.family === ip.family && a.hi < ip.value)) lo = mid + 1;
    else if (a.family > ip.family || a.lo > ip.value) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** The IP of a pod as policies see it (podIP; none for pods the dry run gave no address). */
export function podAddress(pod: SimPod): IpAddress | undefined {
  return pod.podIP === undefined ? undefined : parseIp(pod.podIP);
}

/** Builds the universe from pods, namespaces and compiled policies. */
export function buildUniverse(
  pods: readonly SimPod[],
  namespaces: ReadonlyMap<string, SimNamespace>,
  policies: readonly CompiledPolicy[],
  adminRules: readonly Pick<CompiledRule, 'peers' | 'ports'>[] = [],
): Universe {
  // External IP atoms of both families (outputs list IPv6 ones only when the input uses IPv6).
  const ranges: IpRange[] = [];
  const numeric: { protocol: string; lo: number; hi: number }[] = [];
  for (const r of [...policies.flatMap((p) => [...p.ingressRules, ...p.egressRules]), ...adminRules]) {
    for (const peer of r.peers ?? []) if (peer.kind === 'ipBlock') ranges.push(peer.cidr, ...peer.except);
    for (const port of r.ports ?? []) if (port.kind === 'range') numeric.push(port);
  }
  const families: IpFamily[] = [4, 6];
  const addresses = pods.map(podAddress);
  const ipv6InUse = ranges.some((r) => r.family === 6) || addresses.some((a) => a?.family === 6);
  const ipAtoms = atomize(ranges, families);

  // Pod classes.
  const assumed = new Set<string>();
  const classes: EndpointClass[] = [];
  const podClasses: PodClass[] = [];
  // Namespace, labels text, named ports text, then IP atom and hostNetwork as one number: nested maps, so a
  // lookup hashes strings made (and hashed) once, not a joined key per pod class.
  const byKey = new Map<string, Map<string, Map<string, Map<number, PodClass>>>>();
  const classOfPod = new Int32Array(pods.length);
  const classesByNamespace = new Map<string, number[]>();
  const nsLabelCache = new Map<string, Labels>();
  const namedPortNumbers: { protocol: string; port: number }[] = [];
  // The previous pod's class and what its key was made of: replicas come in a row and share their labels and
  // spec objects, so the next one usually joins the same class without a key being written.
  let last: { readonly namespace: string; readonly labels: Labels; readonly spec: object; readonly ipAtom: number; readonly hostNetwork: boolean; readonly cls: PodClass } | undefined;
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i] as SimPod;
    const addr = addresses[i];
    const ipAtom = addr ? atomIndexOf(ipAtoms, addr) : -1;
    if (last && last.labels === pod.labels && last.spec === pod.spec && last.namespace === pod.namespace && last.ipAtom === ipAtom && last.hostNetwork === pod.hostNetwork) {
      last.cls.pods.push(i);
      classOfPod[i] = last.cls.id;
      continue;
    }
    if (!namespaces.get(pod.namespace)?.resource) assumed.add(pod.namespace);
    let nsLabels = nsLabelCache.get(pod.namespace);
    if (!nsLabels) {
      nsLabels = namespaceLabels(namespaces, pod.namespace);
      nsLabelCache.set(pod.namespace, nsLabels);
    }
    const named = cachedNamedPorts(pod);
    const byAtom = level(level(level(byKey, pod.namespace), labelsKey(pod.labels)), namedKey(named));
    // ipAtom >= -1: twice it, plus the flag, is one number per (atom, flag) pair.
    const atomKey = ipAtom * 2 + (pod.hostNetwork ? 1 : 0);
    let cls = byAtom.get(atomKey);
    if (!cls) {
      cls = {
        kind: 'pod',
        id: classes.length,
        namespace: pod.namespace,
        nsLabels,
        labels: pod.labels,
        namedPorts: named,
        ipAtom,
        hostNetwork: pod.hostNetwork,
        pods: [],
      };
      byAtom.set(atomKey, cls);
      classes.push(cls);
      podClasses.push(cls);
      const list = classesByNamespace.get(pod.namespace) ?? [];
      list.push(cls.id);
      classesByNamespace.set(pod.namespace, list);
      for (const n of named) namedPortNumbers.push(n);
    }
    cls.pods.push(i);
    classOfPod[i] = cls.id;
    last = { namespace: pod.namespace, labels: pod.labels, spec: pod.spec, ipAtom, hostNetwork: pod.hostNetwork, cls };
  }
  for (const p of policies) if (!namespaces.get(p.namespace)?.resource) assumed.add(p.namespace);

  const externalClasses: ExternalClass[] = ipAtoms.map((range, ipAtom) => ({ kind: 'external', id: classes.length + ipAtom, ipAtom, range }));
  classes.push(...externalClasses);

  // Port atoms per protocol, cut at every numeric bound and every named-port number.
  const portAtoms: PortAtom[] = [];
  for (const protocol of PROTOCOLS) {
    const cuts = new Set<number>([MIN_PORT, MAX_PORT + 1]);
    for (const r of numeric) if (r.protocol === protocol) cuts.add(r.lo).add(r.hi + 1);
    for (const n of namedPortNumbers) if (n.protocol === protocol && n.port >= MIN_PORT && n.port <= MAX_PORT) cuts.add(n.port).add(n.port + 1);
    const sorted = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < sorted.length; i++) portAtoms.push({ protocol, lo: sorted[i] as number, hi: (sorted[i + 1] as number) - 1 });
  }

  return {
    pods,
    namespaces,
    assumedNamespaces: [...assumed].sort(),
    ipAtoms,
    ipv6InUse,
    classes,
    podClasses,
    externalClasses,
    classOfPod,
    classesByNamespace,
    portAtoms,
  };
}
