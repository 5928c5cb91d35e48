/**
 * The connectivity matrix aggregated by workload, as netpol-analyzer's `list` shows it: one node per
 * workload (`ns/name[Kind]`) and per external address range (`0.0.0.0-255.255.255.255[External]`).
 * A workload pair's connections are those allowed between every pod of one and every pod of the other
 * (the intersection); `uniform` says whether every pod pair agrees (union = intersection). Workload → itself
 * is left out, as netpol-analyzer does. Consecutive external atoms with the same connections to or from a
 * workload are merged into one range.
 */
import type { ClassMatrix } from './engine.js';
import { connSetOfPortClasses } from './engine.js';
import { formatRange } from './ip.js';
import type { IpRange } from './ip.js';
import { connSetHas, connSetIntersect, connSetIsEmpty, connSetOf, formatConnSet } from './ports.js';
import type { ConnSet, Protocol } from './ports.js';

export interface MatrixNode {
  /** `ns/name[Kind]` or `lo-hi[External]`. */
  readonly id: string;
  readonly kind: 'workload' | 'external';
  readonly namespace?: string;
  readonly name: string;
  readonly workloadKind?: string;
  readonly classes: readonly number[];
  readonly pods: readonly number[];
  readonly range?: IpRange;
  readonly hostNetwork: boolean;
}

export interface MatrixEntry {
  readonly src: string;
  readonly dst: string;
  readonly conns: ConnSet;
  /** netpol-analyzer's text of `conns`. */
  readonly text: string;
  /** False when some pod pairs of the two workloads are allowed more than others. */
  readonly uniform: boolean;
  /** A hostNetwork pod takes part: the verdict is implementation-defined. */
  readonly implementationDefined: boolean;
  /**
   * With `--ipblock-matches-pods=unknown`: connections beyond `conns` that every pod pair is allowed under
   * one of the two CNI behaviours (ipBlocks match pod IPs, or they do not) but not under both: they depend
   * on the CNI. Absent when nothing does.
   */
  readonly dependsOnCni?: ConnSet;
  readonly dependsOnCniText?: string;
  readonly srcNode: MatrixNode;
  readonly dstNode: MatrixNode;
}

/**
 * The connections of an entry as the text formats print them: netpol-analyzer's text, followed by what
 * depends on the CNI in brackets (`TCP 80 [depends on the CNI: TCP 443]`), or only the bracket when nothing
 * is allowed on every CNI.
 */
export function entryText(e: Pick<MatrixEntry, 'text' | 'conns' | 'dependsOnCniText'>): string {
  if (e.dependsOnCniText === undefined) return e.text;
  const dep = `[depends on the CNI: ${e.dependsOnCniText}]`;
  return connSetIsEmpty(e.conns) ? dep : `${e.text} ${dep}`;
}

export interface WorkloadMatrix {
  readonly nodes: readonly MatrixNode[];
  /** Pairs with some allowed connection, sorted by `src => dst` text. */
  readonly entries: readonly MatrixEntry[];
}

export interface MatrixOptions {
  /** Keep only pairs with this workload on one side: `ns/name`, `name`, `Kind/ns/name` or the node id. */
  readonly focus?: string;
  /** Keep only this protocol/port in every entry. */
  readonly focusPort?: { readonly protocol: string; readonly port: number };
}

/** Workload nodes (one per pod origin), in pod order. */
export function workloadNodes(m: ClassMatrix): MatrixNode[] {
  const u = m.universe;
  const byKey = new Map<string, { node: MatrixNode; classes: Set<number>; pods: number[] }>();
  u.pods.forEach((p, i) => {
    const o = p.origin.resource;
    const key = `${o.kind}/${p.namespace}/${o.name}`;
    let hit = byKey.get(key);
    if (!hit) {
      const node = { id: `${p.namespace}/${o.name}[${o.kind}]`, kind: 'workload' as const, namespace: p.namespace, name: o.name, workloadKind: o.kind, classes: [], pods: [], hostNetwork: false };
      byKey.set(key, (hit = { node, classes: new Set(), pods: [] }));
    }
    hit.classes.add(u.classOfPod[i] as number);
    hit.pods.push(i);
  });
  return [...byKey.values()].map(({ node, classes, pods }) => {
    const cls = [...classes].sort((a, b) => a - b);
    return { ...node, classes: cls, pods, hostNetwork: cls.some((c) => { const k = u.classes[c]; return k?.kind === 'pod' && k.hostNetwork; }) };
  });
}

/** External nodes: every IPv4 atom, and IPv6 ones when the input uses IPv6. */
export function externalNodes(m: ClassMatrix): MatrixNode[] {
  const u = m.universe;
  return u.externalClasses
    .filter((c) => c.range.family === 4 || u.ipv6InUse)
    .map((c) => ({ id: `${formatRange(c.range)}[External]`, kind: 'external' as const, name: formatRange(c.range), classes: [c.id], pods: [], range: c.range, hostNetwork: false }));
}

/**
 * A set of port classes: a bitmask number when there are at most 31 port classes (the usual case), else a
 * string of '0'/'1' per port class.
 */
export type PortClassSet = number | string;

/** The port classes of a set, ascending. */
export function portClassesOfSet(set: PortClassSet, count: number): number[] {
  const out: number[] = [];
  for (let pc = 0; pc < count; pc++) if (typeof set === 'number' ? (set >>> pc) & 1 : set[pc] === '1') out.push(pc);
  return out;
}

export function isEmptySet(set: PortClassSet): boolean {
  return typeof set === 'number' ? set === 0 : !set.includes('1');
}

/**
 * Calls `fn(src, dst, allowed, uniform, possible)` for every ordered pair of distinct nodes (external →
 * external excluded) that some port class may connect: `allowed` holds the port classes allowed between
 * all their class pairs (the intersection), `uniform` whether every class pair agrees, and `possible` the
 * port classes allowed between all class pairs under one of the CNI behaviours the matrix leaves open
 * (`ClassMatrix.possible`; equal to `allowed` when it leaves none open). Pairs with both empty are skipped.
 *
 * Output-sensitive, not all-pairs: per destination node, the rows of its classes are intersected word by
 * word once per port class; only source nodes whose lowest class has a bit in the union of those rows can
 * have a non-empty intersection, and they are found through an index (lowest class → nodes). Destinations
 * are visited in `nodes` order. No strings for ≤ 31 port classes.
 */
export function forEachNodePair(
  m: ClassMatrix,
  nodes: readonly MatrixNode[],
  fn: (s: number, d: number, allowed: PortClassSet, uniform: boolean, possible: PortClassSet) => void,
): void {
  const P = m.portClasses.length;
  const W = m.words;
  const C = m.universe.classes.length;
  const cols = m.cols;
  const pcols = m.possible ?? m.cols;
  const open = m.possible !== undefined;
  // Source nodes by their lowest class (classes are sorted), as singly linked lists.
  const head = new Int32Array(C).fill(-1);
  const next = new Int32Array(nodes.length).fill(-1);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const first = (nodes[i] as MatrixNode).classes[0];
    if (first === undefined) continue;
    next[i] = head[first] as number;
    head[first] = i;
  }
  const inter = Array.from({ length: P }, () => new Uint32Array(W));
  const union = Array.from({ length: P }, () => new Uint32Array(W));
  const pinter = open ? Array.from({ length: P }, () => new Uint32Array(W)) : inter;
  const any = new Uint32Array(W);
  const im = new Uint8Array(P);
  const um = new Uint8Array(P);
  const pm = new Uint8Array(P);
  for (let d = 0; d < nodes.length; d++) {
    const dn = nodes[d] as MatrixNode;
    const dcs = dn.classes;
    if (dcs.length === 0) continue;
    any.fill(0);
    for (let pc = 0; pc < P; pc++) {
      const col = cols[pc] as Uint32Array;
      const I = inter[pc] as Uint32Array;
      const U = union[pc] as Uint32Array;
      const base0 = (dcs[0] as number) * W;
      for (let w = 0; w < W; w++) I[w] = U[w] = col[base0 + w] as number;
      for (let k = 1; k < dcs.length; k++) {
        const base = (dcs[k] as number) * W;
        for (let w = 0; w < W; w++) {
          const v = col[base + w] as number;
          I[w] = (I[w] as number) & v;
          U[w] = (U[w] as number) | v;
        }
      }
      let PI = I;
      if (open) {
        const pcol = pcols[pc] as Uint32Array;
        PI = pinter[pc] as Uint32Array;
        for (let w = 0; w < W; w++) PI[w] = pcol[base0 + w] as number;
        for (let k = 1; k < dcs.length; k++) {
          const base = (dcs[k] as number) * W;
          for (let w = 0; w < W; w++) PI[w] = (PI[w] as number) & (pcol[base + w] as number);
        }
      }
      // `possible` contains `allowed`, so its rows alone bound the candidates.
      for (let w = 0; w < W; w++) any[w] = (any[w] as number) | (PI[w] as number);
    }
    const dExternal = dn.kind === 'external';
    for (let w = 0; w < W; w++) {
      let word = any[w] as number;
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const c = (w << 5) + (31 - Math.clz32(low));
        for (let s = head[c] as number; s >= 0; s = next[s] as number) {
          if (s === d) continue;
          const sn = nodes[s] as MatrixNode;
          if (dExternal && sn.kind === 'external') continue;
          const scs = sn.classes;
          if (P <= 31) {
            // Bitmask numbers, no allocation: the usual case.
            let ia = 0;
            let ua = 0;
            let pa = 0;
            for (let pc = 0; pc < P; pc++) {
              const bits = sourceBits(inter[pc] as Uint32Array, union[pc] as Uint32Array, pinter[pc] as Uint32Array, scs);
              ia |= (bits & 1) << pc;
              ua |= ((bits >>> 1) & 1) << pc;
              pa |= ((bits >>> 2) & 1) << pc;
            }
            if (ia !== 0 || pa !== 0) fn(s, d, ia, ia === ua, open ? pa : ia);
            continue;
          }
          let someAllowed = false;
          let somePossible = false;
          let uniform = true;
          for (let pc = 0; pc < P; pc++) {
            const bits = sourceBits(inter[pc] as Uint32Array, union[pc] as Uint32Array, pinter[pc] as Uint32Array, scs);
            im[pc] = bits & 1;
            um[pc] = (bits >>> 1) & 1;
            pm[pc] = (bits >>> 2) & 1;
            if (im[pc] === 1) someAllowed = true;
            if (pm[pc] === 1) somePossible = true;
            if (im[pc] !== um[pc]) uniform = false;
          }
          if (!someAllowed && !somePossible) continue;
          const allowed = im.join('');
          fn(s, d, allowed, uniform, open ? pm.join('') : allowed);
        }
      }
    }
  }
}

function matchesFocus(n: MatrixNode, focus: string): boolean {
  if (n.id === focus || n.name === focus) return true;
  if (n.kind !== 'workload') return false;
  return focus === `${n.namespace}/${n.name}` || focus.toLowerCase() === `${n.workloadKind}/${n.namespace}/${n.name}`.toLowerCase();
}

/** The workload matrix with its entries (for the output formats). */
export function workloadMatrix(m: ClassMatrix, options: MatrixOptions = {}): WorkloadMatrix {
  const nodes = [...workloadNodes(m), ...externalNodes(m)];
  // Visit destinations in id order and file entries by source in id order: the entries then come out
  // nearly sorted, and the final sort (TimSort) only merges in the few merged external ranges.
  const order = nodes.map((_, i) => i).sort((a, b) => cmp((nodes[a] as MatrixNode).id, (nodes[b] as MatrixNode).id));
  const sorted = order.map((i) => nodes[i] as MatrixNode);
  const focusIdx = options.focus === undefined ? undefined : new Set(sorted.flatMap((n, i) => (matchesFocus(n, options.focus as string) ? [i] : [])));
  const fp = options.focusPort;
  const focusSet = fp && (fp.protocol === 'TCP' || fp.protocol === 'UDP' || fp.protocol === 'SCTP') ? connSetOf([{ protocol: fp.protocol as Protocol, lo: fp.port, hi: fp.port }]) : undefined;
  // Connections and their text per distinct port-class set (a handful in practice).
  const cache = new Map<PortClassSet, Conns>();
  const connsOf = (set: PortClassSet): Conns => {
    let hit = cache.get(set);
    if (!hit) {
      let conns = connSetOfPortClasses(m, portClassesOfSet(set, m.portClasses.length));
      if (fp) conns = focusSet && connSetHas(conns, fp.protocol as Protocol, fp.port) ? connSetIntersect(conns, focusSet) : {};
      cache.set(set, (hit = { conns, text: formatConnSet(conns), empty: connSetIsEmpty(conns) }));
    }
    return hit;
  };
  const bySource: MatrixEntry[][] = sorted.map(() => []);
  const external: { s: number; d: number; a: Conns; p: Conns; uniform: boolean }[] = [];
  forEachNodePair(m, sorted, (s, d, allowed, uniform, possible) => {
    if (focusIdx && !focusIdx.has(s) && !focusIdx.has(d)) return;
    const a = connsOf(allowed);
    const p = possible === allowed ? NONE : connsOf(setMinus(possible, allowed));
    if (a.empty && p.empty) return;
    const sn = sorted[s] as MatrixNode;
    const dn = sorted[d] as MatrixNode;
    if (sn.kind === 'external' || dn.kind === 'external') external.push({ s, d, a, p, uniform });
    else (bySource[s] as MatrixEntry[]).push(entry(sn, dn, a, p, uniform));
  });
  // Merge runs of adjacent external atoms with the same connections to/from one workload.
  const merged: MatrixEntry[] = [];
  for (const list of bySource) for (const e of list) merged.push(e);
  const groups = new Map<string, typeof external>();
  for (const e of external) {
    const ext = (sorted[e.s] as MatrixNode).kind === 'external' ? 'src' : 'dst';
    const wl = ext === 'src' ? e.d : e.s;
    const key = `${ext}|${wl}|${e.a.text}|${e.p.text}`;
    const list = groups.get(key) ?? [];
    list.push(e);
    groups.set(key, list);
  }
  for (const list of groups.values()) {
    const first = list[0];
    if (!first) continue;
    const ext = (sorted[first.s] as MatrixNode).kind === 'external' ? 'src' : 'dst';
    const ranges = list.map((e) => (sorted[ext === 'src' ? e.s : e.d] as MatrixNode).range as IpRange).sort((a, b) => a.family - b.family || (a.lo < b.lo ? -1 : 1));
    const runs: IpRange[] = [];
    for (const r of ranges) {
      const last = runs[runs.length - 1];
      if (last && last.family === r.family && last.hi + 1n === r.lo) runs[runs.length - 1] = { family: r.family, lo: last.lo, hi: r.hi };
      else runs.push(r);
    }
    const wlNode = sorted[ext === 'src' ? first.d : first.s] as MatrixNode;
    for (const r of runs) {
      const extNode: MatrixNode = { id: `${formatRange(r)}[External]`, kind: 'external', name: formatRange(r), classes: [], pods: [], range: r, hostNetwork: false };
      merged.push(ext === 'src' ? entry(extNode, wlNode, first.a, first.p, true) : entry(wlNode, extNode, first.a, first.p, true));
    }
  }
  // By `src => dst` text. No id is a proper prefix of another (each ends at its only `]`), so comparing
  // src then dst orders exactly as comparing the joined text, without building it.
  merged.sort((a, b) => (a.src === b.src ? cmp(a.dst, b.dst) : cmp(a.src, b.src)));
  return { nodes, entries: merged };
}

const NONE: Conns = { conns: {}, text: '', empty: true };

/** Port classes in `a` but not in `b`. */
function setMinus(a: PortClassSet, b: PortClassSet): PortClassSet {
  if (typeof a === 'number' && typeof b === 'number') return a & ~b;
  const x = String(a);
  const y = String(b);
  let out = '';
  for (let i = 0; i < x.length; i++) out += x[i] === '1' && y[i] !== '1' ? '1' : '0';
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A port-class set's connections, their text, and whether there are none (computed once per set). */
type Conns = { readonly conns: ConnSet; readonly text: string; readonly empty: boolean };

function entry(s: MatrixNode, d: MatrixNode, a: Conns, p: Conns, uniform: boolean): MatrixEntry {
  const e: { -readonly [K in keyof MatrixEntry]: MatrixEntry[K] } = { src: s.id, dst: d.id, conns: a.conns, text: a.text, uniform, implementationDefined: s.hostNetwork || d.hostNetwork, srcNode: s, dstNode: d };
  if (!p.empty) {
    e.dependsOnCni = p.conns;
    e.dependsOnCniText = p.text;
  }
  return e;
}

/**
 * For one port class, whether every class of a source is in `inter` (bit 0), some is in `union` (bit 1), and
 * every one is in `pinter` (bit 2): the source's rows read at once, one bit per class.
 */
function sourceBits(inter: Uint32Array, union: Uint32Array, pinter: Uint32Array, sourceClasses: readonly number[]): number {
  let ib = 1;
  let ub = 0;
  let pb = 1;
  for (let k = 0; k < sourceClasses.length; k++) {
    const sc = sourceClasses[k] as number;
    const wi = sc >>> 5;
    const bit = sc & 31;
    ib &= (inter[wi] as number) >>> bit;
    ub |= (union[wi] as number) >>> bit;
    pb &= (pinter[wi] as number) >>> bit;
  }
  return (ib & 1) | ((ub & 1) << 1) | ((pb & 1) << 2);
}
