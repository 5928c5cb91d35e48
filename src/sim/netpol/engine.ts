/**
 * The bitset engine: the allowed-connection matrix over equivalence classes, per port class.
 *
 * In the spirit of Kano (Li et al., "Kano: Efficient Container Network Policy Verification", HotI 2020; the
 * algorithm as in oubotong/Kubernetes-verification:kano_py/kano/model.py build_matrix) with the parts Kano
 * lacks — namespaces, ports, protocols, ipBlocks, named ports: for every port class (a set of port atoms no
 * rule can tell apart) and every destination class d, the row In[d] is the set of sources its ingress admits
 * (all ones when no policy isolates d for Ingress), built by OR-ing whole peer bitsets word by word; the
 * egress side likewise per source and transposed; the answer is In[d] & EgT[d].
 * A connection needs both the source's egress and the destination's ingress (network-policies.md).
 */
import { andInto, fillOnes, forEachBit, hasBit, newBitset, orInto, setBit, words } from './bitset.js';
import type { CompiledPolicy, CompiledRule, Peer } from './compile.js';
import { adminSelects, fixedMatch, ipBlockCovers, peerMatches, policySelects } from './match.js';
import type { AdminAction, AdminPolicy } from './admin.js';
import type { MatchOptions } from './match.js';
import { connSetOf } from './ports.js';
import type { ConnSet } from './ports.js';
import type { EndpointClass, Universe } from './universe.js';
import type { IpRange } from './ip.js';
import type { NetpolOptions } from './state.js';

/** Port atoms no rule and no named-port resolution can tell apart. */
export interface PortClass {
  readonly id: number;
  readonly atoms: readonly number[];
}

export interface ClassMatrix {
  readonly universe: Universe;
  readonly policies: readonly CompiledPolicy[];
  readonly portClasses: readonly PortClass[];
  readonly portClassOfAtom: Int32Array;
  /** Words per row. */
  readonly words: number;
  /** Per port class: rows by destination class, each a bitset over source classes. */
  readonly cols: readonly Uint32Array[];
  /**
   * With `ipBlockMatchesPods: 'unknown'`: per port class, what is allowed under either CNI behaviour (ipBlocks
   * match pod IPs, or not); `cols` then holds what both allow. Absent when the behaviour is fixed.
   */
  readonly possible?: readonly Uint32Array[];
  /** Per class: selected by some policy for Ingress / Egress. */
  readonly isolatedIngress: Uint32Array;
  readonly isolatedEgress: Uint32Array;
}

interface RuleInfo {
  readonly rule: Pick<CompiledRule, 'peers' | 'ports'>;
  readonly peers: Uint32Array;
  /** Port classes covered whatever the destination (numeric ports, or all ports). */
  readonly staticPcs: Uint8Array;
  /** Per port class: destination classes on which a named port of the rule resolves into it. */
  readonly namedDst: Map<number, Uint32Array>;
}

/** Groups port atoms into port classes (exported for queries that need them without the matrix). */
export function portClasses(
  u: Universe,
  policies: readonly CompiledPolicy[],
  admin: readonly AdminPolicy[] = [],
): { classes: PortClass[]; ofAtom: Int32Array } {
  // Signature of an atom: which distinct numeric port entries cover it, and whether it is a named-port number.
  const specs = new Map<string, { protocol: string; lo: number; hi: number }>();
  const rules = [...policies.flatMap((p) => [...p.ingressRules, ...p.egressRules]), ...admin.flatMap((a) => [...a.ingressRules, ...a.egressRules])];
  for (const r of rules) for (const pm of r.ports ?? []) if (pm.kind === 'range') specs.set(`${pm.protocol}/${pm.lo}/${pm.hi}`, pm);
  const named = new Set<string>();
  for (const c of u.podClasses) for (const n of c.namedPorts) named.add(`${n.protocol}/${n.port}`);
  const specList = [...specs.values()];
  const bySig = new Map<string, number[]>();
  const ofAtom = new Int32Array(u.portAtoms.length);
  for (const [i, a] of u.portAtoms.entries()) {
    const sig: string[] = [a.protocol];
    for (const [j, s] of specList.entries()) if (s.protocol === a.protocol && s.lo <= a.lo && a.hi <= s.hi) sig.push(String(j));
    if (a.lo === a.hi && named.has(`${a.protocol}/${a.lo}`)) sig.push(`n${a.lo}`);
    const key = sig.join(',');
    const list = bySig.get(key) ?? [];
    list.push(i);
    bySig.set(key, list);
  }
  const classes: PortClass[] = [];
  for (const atoms of bySig.values()) {
    for (const a of atoms) ofAtom[a] = classes.length;
    classes.push({ id: classes.length, atoms });
  }
  return { classes, ofAtom };
}

/** True when some ipBlock of some rule covers the IP of some pod class (else matching pods changes nothing). */
function ipBlocksCoverPods(u: Universe, policies: readonly CompiledPolicy[], admin: readonly AdminPolicy[]): boolean {
  const atoms = new Set<number>();
  for (const c of u.podClasses) if (c.ipAtom >= 0) atoms.add(c.ipAtom);
  if (atoms.size === 0) return false;
  const rules = [...policies.flatMap((p) => [...p.ingressRules, ...p.egressRules]), ...admin.flatMap((a) => [...a.ingressRules, ...a.egressRules])];
  for (const r of rules)
    for (const peer of r.peers ?? []) {
      if (peer.kind !== 'ipBlock' || peer.matchesPodIps) continue;
      for (const a of atoms) if (ipBlockCovers(peer, u.ipAtoms[a] as IpRange)) return true;
    }
  return false;
}

/**
 * Computes the class matrix. Pure; cost grows with classes² × port classes / 32 words. With
 * `ipBlockMatchesPods: 'unknown'` both behaviours are computed (when some ipBlock covers a pod IP at all):
 * `cols` holds what both allow and `possible` what either allows.
 */
export function computeClassMatrix(
  u: Universe,
  policies: readonly CompiledPolicy[],
  o: NetpolOptions = {},
  admin: readonly AdminPolicy[] = [],
): ClassMatrix {
  if (o.ipBlockMatchesPods !== 'unknown') return computeFixed(u, policies, fixedMatch(o.ipBlockMatchesPods, true), admin);
  const yes = computeFixed(u, policies, fixedMatch(o.ipBlockMatchesPods, true), admin);
  if (!ipBlocksCoverPods(u, policies, admin)) return yes;
  const no = computeFixed(u, policies, fixedMatch(o.ipBlockMatchesPods, false), admin);
  // In place: yes.cols becomes "both allow", no.cols "either allows" (same port classes: they depend on
  // the rules and named ports only).
  for (let pc = 0; pc < yes.cols.length; pc++) {
    const a = yes.cols[pc] as Uint32Array;
    const b = no.cols[pc] as Uint32Array;
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as number;
      const y = b[i] as number;
      a[i] = x & y;
      b[i] = x | y;
    }
  }
  return { ...yes, possible: no.cols };
}

function computeFixed(
  u: Universe,
  policies: readonly CompiledPolicy[],
  o: MatchOptions,
  admin: readonly AdminPolicy[],
): ClassMatrix {
  const C = u.classes.length;
  const W = words(C);
  const { classes: pcs, ofAtom } = portClasses(u, policies, admin);
  const P = pcs.length;

  // Peer sets, cached by the peer's meaning (selectors print canonically).
  const peerCache = new Map<string, Uint32Array>();
  const nsMatchCache = new Map<string, string[]>();
  const namespacesWithPods = [...u.classesByNamespace.keys()];
  const peerSet = (peer: Peer, ns: string): Uint32Array => {
    const key =
      peer.kind === 'pods'
        ? `p|${peer.namespaceSelector ? 'n:' + peer.namespaceSelector.toString() + (peer.namespaceSelector.nothing ? '!' : '') : 'own:' + ns}|${peer.podSelector.toString()}${peer.podSelector.nothing ? '!' : ''}`
        : peer.kind === 'ipBlock'
          ? `i|${peer.cidr.family}/${peer.cidr.lo}/${peer.cidr.hi}|${peer.except.map((e) => `${e.lo}/${e.hi}`).join(',')}`
          : 'x';
    let b = peerCache.get(key);
    if (b) return b;
    b = newBitset(C);
    if (peer.kind === 'pods') {
      let nss: string[];
      if (!peer.namespaceSelector) nss = u.classesByNamespace.has(ns) ? [ns] : [];
      else {
        const nsKey = peer.namespaceSelector.toString() + (peer.namespaceSelector.nothing ? '!' : '');
        let hit = nsMatchCache.get(nsKey);
        if (!hit) {
          const sel = peer.namespaceSelector;
          hit = namespacesWithPods.filter((n) => {
            const first = u.classesByNamespace.get(n)?.[0];
            const c = first === undefined ? undefined : u.classes[first];
            return c !== undefined && c.kind === 'pod' && sel.matches(c.nsLabels);
          });
          nsMatchCache.set(nsKey, hit);
        }
        nss = hit;
      }
      for (const n of nss)
        for (const id of u.classesByNamespace.get(n) ?? []) {
          const c = u.classes[id] as EndpointClass;
          if (c.kind === 'pod' && peer.podSelector.matches(c.labels)) setBit(b, id);
        }
    } else if (peer.kind === 'ipBlock') {
      for (const c of u.classes) if (peerMatches(peer, ns, c, u, o)) setBit(b, c.id);
    }
    peerCache.set(key, b);
    return b;
  };
  const all = newBitset(C);
  fillOnes(all, C);

  // Rules, compiled against the universe.
  const atomOf = new Map<string, number>();
  for (const [i, a] of u.portAtoms.entries()) if (a.lo === a.hi) atomOf.set(`${a.protocol}/${a.lo}`, i);
  // Per (name, protocol): the classes on which a named port resolves into each port class. Shared, read-only.
  const namedCache = new Map<string, Map<number, Uint32Array>>();
  const namedClasses = (name: string, protocol: string): Map<number, Uint32Array> => {
    const key = `${name}/${protocol}`;
    let hit = namedCache.get(key);
    if (hit) return hit;
    hit = new Map();
    for (const c of u.podClasses) {
      const n = c.namedPorts.find((x) => x.name === name && x.protocol === protocol);
      if (!n) continue;
      const atom = atomOf.get(`${n.protocol}/${n.port}`);
      if (atom === undefined) continue;
      const pc = ofAtom[atom] as number;
      let b = hit.get(pc);
      if (!b) hit.set(pc, (b = newBitset(C)));
      setBit(b, c.id);
    }
    namedCache.set(key, hit);
    return hit;
  };
  const ruleInfo = (rule: Pick<CompiledRule, 'peers' | 'ports'>, ns: string): RuleInfo => {
    let peers: Uint32Array;
    if (!rule.peers) peers = all;
    else if (rule.peers.length === 1) peers = peerSet(rule.peers[0] as Peer, ns);
    else {
      peers = newBitset(C);
      for (const p of rule.peers) orInto(peers, peerSet(p, ns));
    }
    const staticPcs = new Uint8Array(P);
    const namedDst = new Map<number, Uint32Array>();
    if (!rule.ports) staticPcs.fill(1);
    else {
      for (const pm of rule.ports) {
        if (pm.kind === 'range') {
          for (const [i, a] of u.portAtoms.entries())
            if (a.protocol === pm.protocol && pm.lo <= a.lo && a.hi <= pm.hi) staticPcs[ofAtom[i] as number] = 1;
        } else {
          for (const [pc, b] of namedClasses(pm.name, pm.protocol)) {
            const prev = namedDst.get(pc);
            if (!prev) namedDst.set(pc, b);
            else {
              const merged = prev.slice();
              orInto(merged, b);
              namedDst.set(pc, merged);
            }
          }
        }
      }
    }
    return { rule, peers, staticPcs, namedDst };
  };

  // Which policies select which classes, per direction.
  const ingressOf: RuleInfo[][] = Array.from({ length: C }, () => []);
  const egressOf: RuleInfo[][] = Array.from({ length: C }, () => []);
  const isolatedIngress = newBitset(C);
  const isolatedEgress = newBitset(C);
  for (const p of policies) {
    if (!p.ingress && !p.egress) continue;
    const selected: number[] = [];
    for (const id of u.classesByNamespace.get(p.namespace) ?? []) if (policySelects(p, u.classes[id] as EndpointClass)) selected.push(id);
    if (selected.length === 0) continue;
    const ins = p.ingress ? p.ingressRules.map((r) => ruleInfo(r, p.namespace)) : [];
    const egs = p.egress ? p.egressRules.map((r) => ruleInfo(r, p.namespace)) : [];
    for (const id of selected) {
      if (p.ingress) {
        setBit(isolatedIngress, id);
        (ingressOf[id] as RuleInfo[]).push(...ins);
      }
      if (p.egress) {
        setBit(isolatedEgress, id);
        (egressOf[id] as RuleInfo[]).push(...egs);
      }
    }
  }
  // Admin and Baseline tiers: per class and direction, the rules of the policies whose subject it is, in
  // evaluation order (./admin.ts).
  type AdminEntry = { readonly action: AdminAction; readonly ri: RuleInfo };
  const perClass = (): AdminEntry[][] => Array.from({ length: C }, () => []);
  const anpOf: readonly [AdminEntry[][], AdminEntry[][]] = [perClass(), perClass()];
  const banpOf: readonly [AdminEntry[][], AdminEntry[][]] = [perClass(), perClass()];
  const adminIn = newBitset(C);
  const adminEg = newBitset(C);
  for (const a of admin) {
    const selected = u.podClasses.filter((c) => adminSelects(a, c)).map((c) => c.id);
    if (selected.length === 0) continue;
    const target = a.tier === 'Admin' ? anpOf : banpOf;
    for (const [dir, list] of [
      [0, a.ingressRules],
      [1, a.egressRules],
    ] as const) {
      const infos = list.map((r) => ({ action: r.action, ri: ruleInfo(r, '') }));
      if (infos.length === 0) continue;
      for (const id of selected) {
        (target[dir][id] as AdminEntry[]).push(...infos);
        setBit(dir === 0 ? adminIn : adminEg, id);
      }
    }
  }

  /** What a rule lets `self` exchange on port class pc (ingress: sources; egress: destinations). */
  const contribution = (ri: RuleInfo, pc: number, ingress: boolean, self: number, tmp: Uint32Array): Uint32Array | undefined => {
    if (ri.staticPcs[pc] === 1) return ri.peers;
    const nd = ri.namedDst.get(pc);
    if (!nd) return undefined;
    if (ingress) return hasBit(nd, self) ? ri.peers : undefined;
    tmp.set(ri.peers);
    andInto(tmp, nd);
    return tmp;
  };
  const decided = newBitset(C);
  const passed = newBitset(C);
  const allowed = newBitset(C);
  const bDecided = newBitset(C);
  const bAllowed = newBitset(C);
  const scratch = newBitset(C);
  const np = newBitset(C);
  /** The row of `self` in one direction through the tiers: Admin, then NetworkPolicy, then Baseline. */
  const tierRow = (self: number, dir: 0 | 1, pc: number, out: Uint32Array): void => {
    const ingress = dir === 0;
    const isolated = hasBit(ingress ? isolatedIngress : isolatedEgress, self);
    const anps = anpOf[dir][self] as AdminEntry[];
    const banps = banpOf[dir][self] as AdminEntry[];
    np.fill(0);
    if (isolated) for (const ri of (ingress ? ingressOf : egressOf)[self] as RuleInfo[]) {
      const c = contribution(ri, pc, ingress, self, scratch);
      if (c) orInto(np, c);
    }
    if (anps.length === 0 && banps.length === 0) {
      out.set(isolated ? np : all);
      return;
    }
    decided.fill(0);
    passed.fill(0);
    allowed.fill(0);
    for (const { action, ri } of anps) {
      const c = contribution(ri, pc, ingress, self, scratch);
      if (!c) continue;
      for (let w = 0; w < W; w++) {
        const m = (c[w] as number) & ~(decided[w] as number);
        if (action === 'Allow') allowed[w] = (allowed[w] as number) | m;
        else if (action === 'Pass') passed[w] = (passed[w] as number) | m;
        decided[w] = (decided[w] as number) | m;
      }
    }
    bDecided.fill(0);
    bAllowed.fill(0);
    if (!isolated)
      for (const { action, ri } of banps) {
        const c = contribution(ri, pc, ingress, self, scratch);
        if (!c) continue;
        for (let w = 0; w < W; w++) {
          const m = (c[w] as number) & ~(bDecided[w] as number);
          if (action === 'Allow') bAllowed[w] = (bAllowed[w] as number) | m;
          bDecided[w] = (bDecided[w] as number) | m;
        }
      }
    for (let w = 0; w < W; w++) {
      const undecided = ~(decided[w] as number) | (passed[w] as number);
      const lower = isolated ? (np[w] as number) : (bAllowed[w] as number) | ~(bDecided[w] as number);
      out[w] = ((allowed[w] as number) | (undecided & lower)) & (all[w] as number);
    }
  };

  const computedEgress = newBitset(C);
  orInto(computedEgress, isolatedEgress);
  orInto(computedEgress, adminEg);
  const defaultEgress = newBitset(C);
  for (let i = 0; i < defaultEgress.length; i++) defaultEgress[i] = ~(computedEgress[i] as number) & (all[i] as number);
  const egressComputed: number[] = [];
  forEachBit(computedEgress, (i) => egressComputed.push(i));

  const cols: Uint32Array[] = [];
  const row = newBitset(C);
  for (let pc = 0; pc < P; pc++) {
    const col = new Uint32Array(C * W);
    // Ingress rows: for each destination, the sources it admits.
    for (let d = 0; d < C; d++) tierRow(d, 0, pc, col.subarray(d * W, (d + 1) * W));
    // Egress: rows per computed source, transposed into per-destination bitsets over sources.
    const egT = new Uint32Array(C * W);
    for (let d = 0; d < C; d++) egT.set(defaultEgress, d * W);
    for (const s of egressComputed) {
      tierRow(s, 1, pc, row);
      const word = s >>> 5;
      const bit = 1 << (s & 31);
      forEachBit(row, (d) => {
        const i = d * W + word;
        egT[i] = (egT[i] as number) | bit;
      });
    }
    for (let i = 0; i < col.length; i++) col[i] = (col[i] as number) & (egT[i] as number);
    cols.push(col);
  }
  return { universe: u, policies, portClasses: pcs, portClassOfAtom: ofAtom, words: W, cols, isolatedIngress, isolatedEgress };
}

/** Is traffic from class s to class d allowed on port class pc (pod-network semantics, classes not pods)? */
export function classAllowed(m: ClassMatrix, s: number, d: number, pc: number): boolean {
  const col = m.cols[pc] as Uint32Array;
  return (((col[d * m.words + (s >>> 5)] as number) >>> (s & 31)) & 1) === 1;
}

/** Port classes allowed from s to d, as a bitmask key (one char per port class). */
export function allowedPortClasses(m: ClassMatrix, s: number, d: number): number[] {
  const out: number[] = [];
  for (let pc = 0; pc < m.cols.length; pc++) if (classAllowed(m, s, d, pc)) out.push(pc);
  return out;
}

/** The connection set of a list of port classes. */
export function connSetOfPortClasses(m: ClassMatrix, pcs: readonly number[]): ConnSet {
  const pieces: { protocol: 'TCP' | 'UDP' | 'SCTP'; lo: number; hi: number }[] = [];
  for (const pc of pcs) for (const a of (m.portClasses[pc] as PortClass).atoms) pieces.push(m.universe.portAtoms[a] as (typeof pieces)[number]);
  return connSetOf(pieces);
}

/** Allowed connections from class s to class d. */
export function classConnSet(m: ClassMatrix, s: number, d: number): ConnSet {
  return connSetOfPortClasses(m, allowedPortClasses(m, s, d));
}
