/**
 * Indexes over the pod classes of a universe, so that "which classes does this selector or peer match?"
 * costs what it finds, not a scan of every class: classes by namespace and label (`key=value`, and `key`
 * for Exists), namespaces by selector (cached per selector text), classes by named port and by IP atom.
 * The index only narrows the candidates; every answer is confirmed with the same predicates the engine
 * uses (./match.ts), so it cannot change a result.
 */
import type { Selector } from '../../model/selector.js';
import type { Peer } from './compile.js';
import { peerMatches } from './match.js';
import type { MatchOptions } from './match.js';
import type { PodClass, Universe } from './universe.js';

export interface ClassIndex {
  /** Pod classes of namespace `ns` whose labels match `sel`, ascending by id. */
  selectIn(ns: string, sel: Selector): PodClass[];
  /** Namespaces (with pods) whose labels match `sel`. */
  namespacesMatching(sel: Selector): readonly string[];
  /** Does the peer of a policy in namespace `ns` match any pod class (for which `where` holds, if given)? */
  peerMatchesAny(peer: Peer, ns: string, o: MatchOptions, where?: (c: PodClass) => boolean): boolean;
  /** Pod classes declaring a container port with this name and protocol, ascending by id. */
  withNamedPort(name: string, protocol: string): readonly PodClass[];
  /** The first pod (by input order) of each namespace with pods: an index into Universe.pods. */
  firstPod(ns: string): number | undefined;
}

const cache = new WeakMap<Universe, ClassIndex>();

/** The index of a universe, built once on first use. */
export function classIndex(u: Universe): ClassIndex {
  let hit = cache.get(u);
  if (!hit) cache.set(u, (hit = build(u)));
  return hit;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The list under `a`, then `b`, of a two-level map (made on first push). */
function push2<V>(m: Map<string, Map<string, V[]>>, a: string, b: string, v: V): void {
  let inner = m.get(a);
  if (!inner) m.set(a, (inner = new Map()));
  push(inner, b, v);
}

/** Per label key: the classes having it (`all`) and, by value, those having that value. */
interface LabelKeyIndex {
  readonly all: PodClass[];
  readonly byValue: Map<string, PodClass[]>;
}

function build(u: Universe): ClassIndex {
  // Per namespace and label key: the classes with the key, and by value (pushed in id order, so lists are
  // ascending). Nested maps: no `key=value` string is written per class.
  const byLabel = new Map<string, Map<string, LabelKeyIndex>>();
  const all = new Map<string, PodClass[]>();
  // Named port name, then protocol.
  const named = new Map<string, Map<string, PodClass[]>>();
  const byAtom = new Map<number, PodClass[]>();
  for (const c of u.podClasses) {
    push(all, c.namespace, c);
    let m = byLabel.get(c.namespace);
    if (!m) byLabel.set(c.namespace, (m = new Map()));
    for (const k in c.labels) {
      if (!Object.prototype.hasOwnProperty.call(c.labels, k)) continue;
      let keyIndex = m.get(k);
      if (!keyIndex) m.set(k, (keyIndex = { all: [], byValue: new Map() }));
      push(keyIndex.byValue, c.labels[k] as string, c);
      keyIndex.all.push(c);
    }
    for (const n of c.namedPorts) push2(named, n.name, n.protocol, c);
    if (c.ipAtom >= 0) push(byAtom, c.ipAtom, c);
  }
  const firstPods = new Map<string, number>();
  for (const [ns, list] of all) {
    const first = list[0]?.pods[0];
    if (first !== undefined) firstPods.set(ns, first);
  }
  const namespaces = [...all.keys()];
  const nsCache = new Map<string, string[]>();

  /** The smallest list the selector's positive requirements allow, or every class of the namespace. */
  const candidates = (ns: string, sel: Selector): readonly PodClass[] => {
    const m = byLabel.get(ns);
    const everything = all.get(ns) ?? [];
    if (!m) return everything;
    let best: readonly PodClass[] = everything;
    for (const r of sel.requirements) {
      let list: readonly PodClass[];
      if (r.operator === '=' || r.operator === '==' || (r.operator === 'in' && r.values.length === 1)) list = m.get(r.key)?.byValue.get(r.values[0] ?? '') ?? [];
      else if (r.operator === 'in') {
        const union = new Set<PodClass>();
        for (const v of r.values) for (const c of m.get(r.key)?.byValue.get(v) ?? []) union.add(c);
        list = [...union].sort((a, b) => a.id - b.id);
      } else if (r.operator === 'exists') list = m.get(r.key)?.all ?? [];
      else continue;
      if (list.length < best.length) best = list;
      if (best.length === 0) break;
    }
    return best;
  };

  const namespacesMatching = (sel: Selector): readonly string[] => {
    const key = sel.toString() + (sel.nothing ? '!' : '');
    let hit = nsCache.get(key);
    if (!hit) {
      hit = namespaces.filter((ns) => {
        const c = all.get(ns)?.[0];
        return c !== undefined && sel.matches(c.nsLabels);
      });
      nsCache.set(key, hit);
    }
    return hit;
  };

  return {
    selectIn: (ns, sel) => candidates(ns, sel).filter((c) => sel.matches(c.labels)),
    namespacesMatching,
    peerMatchesAny(peer, ns, o, where) {
      if (peer.kind === 'invalid') return false;
      if (peer.kind === 'ipBlock') {
        // Classes of one IP atom are all matched or none: test one of each.
        for (const list of byAtom.values()) {
          const first = list[0];
          if (first && peerMatches(peer, ns, first, u, o) && (!where || list.some(where))) return true;
        }
        return false;
      }
      const nss = peer.namespaceSelector ? namespacesMatching(peer.namespaceSelector) : [ns];
      for (const n of nss) if (candidates(n, peer.podSelector).some((c) => peer.podSelector.matches(c.labels) && (!where || where(c)))) return true;
      return false;
    },
    withNamedPort: (name, protocol) => named.get(name)?.get(protocol) ?? [],
    firstPod: (ns) => firstPods.get(ns),
  };
}
