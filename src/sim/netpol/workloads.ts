/**
 * The connectivity matrix aggregated by workload, as netpol-analyzer's `list` shows it: one node per
 * workload (`ns/name[Kind]`) and per external address range (`0.0.0.0-255.255.255.255[External]`).
 * A workload pair's connections are those allowed between every pod of one and every pod of the other
 * (the intersection); `uniform` says whether every pod pair agrees (union = intersection). Workload → itself
 * is left out, as netpol-analyzer does. Consecutive external atoms with the same connections to or from a
 * workload are merged into one range.
 */
import type { ClassMatrix } from './engine.js';
import { classAllowed, connSetOfPortClasses } from './engine.js';
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
  readonly srcNode: MatrixNode;
  readonly dstNode: MatrixNode;
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
 * Calls `fn(src, dst, allowed, uniform)` for every ordered pair of distinct nodes (external → external
 * excluded) with the port classes allowed between all their class pairs (the intersection), and whether
 * every class pair agrees. The engine of the matrix output and of the benchmark: no strings for ≤ 31 port
 * classes, and a word-access fast path for single-class nodes.
 */
export function forEachNodePair(
  m: ClassMatrix,
  nodes: readonly MatrixNode[],
  fn: (s: number, d: number, allowed: PortClassSet, uniform: boolean) => void,
): void {
  const P = m.portClasses.length;
  const W = m.words;
  const cols = m.cols;
  if (P <= 31) {
    for (let d = 0; d < nodes.length; d++) {
      const dn = nodes[d] as MatrixNode;
      for (let s = 0; s < nodes.length; s++) {
        if (s === d) continue;
        const sn = nodes[s] as MatrixNode;
        if (sn.kind === 'external' && dn.kind === 'external') continue;
        let inter = (1 << P) - 1;
        let union = 0;
        for (const dc of dn.classes) {
          const base = dc * W;
          for (const sc of sn.classes) {
            const word = base + (sc >>> 5);
            const bit = sc & 31;
            let mask = 0;
            for (let pc = 0; pc < P; pc++) mask |= (((cols[pc] as Uint32Array)[word] as number) >>> bit & 1) << pc;
            inter &= mask;
            union |= mask;
          }
        }
        fn(s, d, inter, inter === union);
      }
    }
    return;
  }
  const inter = new Uint8Array(P);
  const union = new Uint8Array(P);
  for (let d = 0; d < nodes.length; d++) {
    const dn = nodes[d] as MatrixNode;
    for (let s = 0; s < nodes.length; s++) {
      if (s === d) continue;
      const sn = nodes[s] as MatrixNode;
      if (sn.kind === 'external' && dn.kind === 'external') continue;
      inter.fill(1);
      union.fill(0);
      for (const sc of sn.classes)
        for (const dc of dn.classes)
          for (let pc = 0; pc < P; pc++) {
            if (classAllowed(m, sc, dc, pc)) union[pc] = 1;
            else inter[pc] = 0;
          }
      let uniform = true;
      for (let pc = 0; pc < P; pc++) if (inter[pc] !== union[pc]) uniform = false;
      fn(s, d, inter.join(''), uniform);
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
  const cache = new Map<string, ConnSet>();
  const raw: { s: number; d: number; conns: ConnSet; uniform: boolean }[] = [];
  const focusIdx = options.focus === undefined ? undefined : new Set(nodes.flatMap((n, i) => (matchesFocus(n, options.focus as string) ? [i] : [])));
  const fp = options.focusPort;
  const focusSet = fp && (fp.protocol === 'TCP' || fp.protocol === 'UDP' || fp.protocol === 'SCTP') ? connSetOf([{ protocol: fp.protocol as Protocol, lo: fp.port, hi: fp.port }]) : undefined;
  forEachNodePair(m, nodes, (s, d, allowed, uniform) => {
    if (focusIdx && !focusIdx.has(s) && !focusIdx.has(d)) return;
    if (isEmptySet(allowed)) return;
    const key = String(allowed);
    let conns = cache.get(key);
    if (!conns) {
      conns = connSetOfPortClasses(m, portClassesOfSet(allowed, m.portClasses.length));
      cache.set(key, conns);
    }
    if (fp) conns = focusSet && connSetHas(conns, fp.protocol as Protocol, fp.port) ? connSetIntersect(conns, focusSet) : {};
    if (connSetIsEmpty(conns)) return;
    raw.push({ s, d, conns, uniform });
  });
  // Merge runs of adjacent external atoms with the same connections to/from one workload.
  const merged: MatrixEntry[] = [];
  const text = (c: ConnSet): string => formatConnSet(c);
  const groups = new Map<string, { s: number; d: number; conns: ConnSet; uniform: boolean }[]>();
  for (const e of raw) {
    const sn = nodes[e.s] as MatrixNode;
    const dn = nodes[e.d] as MatrixNode;
    const ext = sn.kind === 'external' ? 'src' : dn.kind === 'external' ? 'dst' : undefined;
    if (!ext) {
      merged.push(entry(sn, dn, e.conns, text(e.conns), e.uniform, m));
      continue;
    }
    const wl = ext === 'src' ? e.d : e.s;
    const key = `${ext}|${wl}|${text(e.conns)}`;
    const list = groups.get(key) ?? [];
    list.push(e);
    groups.set(key, list);
  }
  for (const list of groups.values()) {
    const first = list[0];
    if (!first) continue;
    const ext = (nodes[first.s] as MatrixNode).kind === 'external' ? 'src' : 'dst';
    const ranges = list.map((e) => (nodes[ext === 'src' ? e.s : e.d] as MatrixNode).range as IpRange).sort((a, b) => a.family - b.family || (a.lo < b.lo ? -1 : 1));
    const runs: IpRange[] = [];
    for (const r of ranges) {
      const last = runs[runs.length - 1];
      if (last && last.family === r.family && last.hi + 1n === r.lo) runs[runs.length - 1] = { family: r.family, lo: last.lo, hi: r.hi };
      else runs.push(r);
    }
    const wlNode = nodes[ext === 'src' ? first.d : first.s] as MatrixNode;
    for (const r of runs) {
      const extNode: MatrixNode = { id: `${formatRange(r)}[External]`, kind: 'external', name: formatRange(r), classes: [], pods: [], range: r, hostNetwork: false };
      merged.push(ext === 'src' ? entry(extNode, wlNode, first.conns, text(first.conns), true, m) : entry(wlNode, extNode, first.conns, text(first.conns), true, m));
    }
  }
  merged.sort((a, b) => {
    const x = `${a.src} => ${a.dst}`;
    const y = `${b.src} => ${b.dst}`;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return { nodes, entries: merged };
}

function entry(s: MatrixNode, d: MatrixNode, conns: ConnSet, text: string, uniform: boolean, _m: ClassMatrix): MatrixEntry {
  return { src: s.id, dst: d.id, conns, text, uniform, implementationDefined: s.hostNetwork || d.hostNetwork, srcNode: s, dstNode: d };
}
