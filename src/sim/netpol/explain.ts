/**
 * One connection, judged directly from the compiled policies (not from the matrix), with its explanation:
 * which policies select the source for Egress and the destination for Ingress, and which rule (policy and
 * 1-based index, in netpol-analyzer's wording "allows connections by Ingress rule #1") allowed it — or that
 * none did ("'reviews-allow-from-product' selects default/reviews-v1, but default/productpage is allowed by
 * no Ingress rule").
 */
import type { Resource } from '../../model/resource.js';
import type { CompiledPolicy, CompiledRule, Direction } from './compile.js';
import { policyName } from './compile.js';
import { adminSelects, fixedMatch, peerMatches, policySelects, portCovers } from './match.js';
import type { MatchOptions } from './match.js';
import { isProtocol } from './ports.js';
import type { NetpolState } from './state.js';
import type { EndpointClass, PortAtom } from './universe.js';

/**
 * `depends-on-cni`: with `ipBlockMatchesPods: 'unknown'`, allowed if ipBlocks match pod IPs and denied if
 * they do not, or the reverse (network-policies.md leaves pod IPs in ipBlocks to the implementation).
 */
export type Verdict = 'allowed' | 'denied' | 'implementation-defined' | 'depends-on-cni';

/** A verdict as text output prints it. */
export function verdictText(v: Verdict | 'mixed' | 'partial'): string {
  return v === 'depends-on-cni' ? 'depends on the CNI' : v;
}

export interface RuleRef {
  /** `ns/name` of a NetworkPolicy; the name of an (Baseline)AdminNetworkPolicy. */
  readonly policy: string;
  /** Set for AdminNetworkPolicy / BaselineAdminNetworkPolicy rules. */
  readonly tier?: 'Admin' | 'Baseline';
  readonly resource: Resource;
  readonly direction: Direction;
  /** 0-based index in spec.ingress / spec.egress (printed 1-based, as netpol-analyzer does). */
  readonly index: number;
  readonly pointer: string;
}

export interface SideExplanation {
  readonly direction: Direction;
  /** False when this side is outside the cluster (no policy can apply to it). */
  readonly applies: boolean;
  /** Policies that select the pod for this direction (it is isolated when there is any). */
  readonly selectedBy: readonly string[];
  readonly allowedBy: readonly RuleRef[];
  readonly allowed: boolean;
  readonly text: string;
}

export interface ConnectionVerdict {
  readonly verdict: Verdict;
  readonly protocol: string;
  readonly port: number;
  readonly egress: SideExplanation;
  readonly ingress: SideExplanation;
  /** Why the verdict is implementation-defined, or what it relied on. */
  readonly notes: readonly string[];
}

function ruleMatches(
  state: NetpolState,
  p: Pick<CompiledPolicy, 'namespace'>,
  r: Pick<CompiledRule, 'peers' | 'ports'>,
  peer: EndpointClass,
  dst: EndpointClass,
  atom: PortAtom,
  o: MatchOptions,
): boolean {
  const u = state.universe;
  const peerOk = !r.peers || r.peers.some((x) => peerMatches(x, p.namespace, peer, u, o));
  if (!peerOk) return false;
  return !r.ports || r.ports.some((pm) => portCovers(pm, atom, dst));
}

function side(
  state: NetpolState,
  direction: Direction,
  self: EndpointClass,
  selfName: string,
  other: EndpointClass,
  otherName: string,
  dst: EndpointClass,
  atom: PortAtom,
  o: MatchOptions,
): SideExplanation {
  if (self.kind !== 'pod') {
    return { direction, applies: false, selectedBy: [], allowedBy: [], allowed: true, text: `${selfName} is outside the cluster: no ${direction} policy applies` };
  }
  // Tier 1: AdminNetworkPolicies by priority; the first matching rule decides (Allow/Deny) or passes.
  let passedBy: string | undefined;
  for (const a of state.admin) {
    if (a.tier !== 'Admin' || !adminSelects(a, self)) continue;
    const rules = direction === 'Ingress' ? a.ingressRules : a.egressRules;
    const r = rules.find((x) => ruleMatches(state, { namespace: '' }, x, other, dst, atom, o));
    if (!r) continue;
    const ref: RuleRef = { policy: a.name, tier: 'Admin', resource: a.resource, direction, index: r.index, pointer: r.pointer };
    const what = `AdminNetworkPolicy '${a.name}' (priority ${a.priority}) ${r.action === 'Allow' ? 'allows' : r.action === 'Deny' ? 'denies' : 'passes'} connections by ${direction} rule #${r.index + 1}${r.name ? ` (${r.name})` : ''}`;
    if (r.action === 'Pass') {
      passedBy = what;
      break;
    }
    return { direction, applies: true, selectedBy: [a.name], allowedBy: r.action === 'Allow' ? [ref] : [], allowed: r.action === 'Allow', text: what };
  }
  const prefix = passedBy ? `${passedBy}; ` : '';
  // Tier 2: NetworkPolicies of the pod's namespace, a union.
  const selectedBy: string[] = [];
  const allowedBy: RuleRef[] = [];
  for (const p of state.policiesByNamespace.get(self.namespace) ?? []) {
    if (!(direction === 'Ingress' ? p.ingress : p.egress) || !policySelects(p, self)) continue;
    selectedBy.push(policyName(p));
    for (const r of direction === 'Ingress' ? p.ingressRules : p.egressRules) {
      if (ruleMatches(state, p, r, other, dst, atom, o))
        allowedBy.push({ policy: policyName(p), resource: p.resource, direction, index: r.index, pointer: r.pointer });
    }
  }
  if (selectedBy.length === 0) {
    // Tier 3: the BaselineAdminNetworkPolicy, when no NetworkPolicy isolates the pod.
    for (const a of state.admin) {
      if (a.tier !== 'Baseline' || !adminSelects(a, self)) continue;
      const r = (direction === 'Ingress' ? a.ingressRules : a.egressRules).find((x) => ruleMatches(state, { namespace: '' }, x, other, dst, atom, o));
      if (!r) continue;
      const ref: RuleRef = { policy: a.name, tier: 'Baseline', resource: a.resource, direction, index: r.index, pointer: r.pointer };
      const text = `${prefix}no NetworkPolicy selects ${selfName} for ${direction}; BaselineAdminNetworkPolicy '${a.name}' ${r.action === 'Allow' ? 'allows' : 'denies'} connections by ${direction} rule #${r.index + 1}${r.name ? ` (${r.name})` : ''}`;
      return { direction, applies: true, selectedBy: [a.name], allowedBy: r.action === 'Allow' ? [ref] : [], allowed: r.action === 'Allow', text };
    }
  }
  const allowed = selectedBy.length === 0 || allowedBy.length > 0;
  let text: string;
  if (selectedBy.length === 0) text = `${prefix}no NetworkPolicy selects ${selfName} for ${direction}`;
  else if (allowedBy.length > 0)
    text = prefix + allowedBy.map((a) => `NetworkPolicy '${a.policy}' allows connections by ${direction} rule #${a.index + 1}`).join('; ');
  else
    text = `${prefix}${selectedBy.map((s) => `'${s}'`).join(', ')} ${selectedBy.length === 1 ? 'selects' : 'select'} ${selfName}, but ${otherName} is allowed by no ${direction} rule`;
  return { direction, applies: true, selectedBy, allowedBy, allowed, text };
}

function atomFor(state: NetpolState, protocol: string, port: number): PortAtom {
  if (!isProtocol(protocol)) return { protocol: 'TCP', lo: -1, hi: -1 };
  return state.universe.portAtoms.find((a) => a.protocol === protocol && a.lo <= port && port <= a.hi) ?? { protocol, lo: port, hi: port };
}

/**
 * Judges src → dst on protocol/port at class level (two pods of one class are judged like any two pods;
 * a pod to itself is the caller's business: see `judgePods`).
 */
export function judgeClasses(
  state: NetpolState,
  src: EndpointClass,
  srcName: string,
  dst: EndpointClass,
  dstName: string,
  protocol: string,
  port: number,
): ConnectionVerdict {
  const mode = state.options.ipBlockMatchesPods;
  const o = fixedMatch(mode, true);
  const atom = atomFor(state, protocol, port);
  let egress = side(state, 'Egress', src, srcName, dst, dstName, dst, atom, o);
  let ingress = side(state, 'Ingress', dst, dstName, src, srcName, dst, atom, o);
  const notes: string[] = [];
  let verdict: Verdict = egress.allowed && ingress.allowed ? 'allowed' : 'denied';
  // Only pod peers are affected by how ipBlocks treat pod IPs: judge a pod pair the other way too.
  let cniDependent = false;
  if (mode === 'unknown' && src.kind === 'pod' && dst.kind === 'pod') {
    const no = fixedMatch(mode, false);
    const e2 = side(state, 'Egress', src, srcName, dst, dstName, dst, atom, no);
    const i2 = side(state, 'Ingress', dst, dstName, src, srcName, dst, atom, no);
    cniDependent = (e2.allowed && i2.allowed) !== (verdict === 'allowed');
    if (cniDependent) {
      const both = (a: SideExplanation, b: SideExplanation): SideExplanation =>
        a.text === b.text ? a : { ...a, allowed: a.allowed && b.allowed, text: `if ipBlocks match pod IPs: ${a.text}; if not: ${b.text}` };
      egress = both(egress, e2);
      ingress = both(ingress, i2);
    } else {
      // The same either way: explain with what holds on every CNI.
      egress = e2;
      ingress = i2;
    }
  }
  if (!isProtocol(protocol)) {
    // network-policies.md "Network traffic filtering": behaviour for other protocols is undefined.
    notes.push(`NetworkPolicy is defined for TCP, UDP and SCTP only: ${protocol} traffic is implementation-defined`);
    verdict = 'implementation-defined';
  }
  if (cniDependent && verdict !== 'implementation-defined') {
    notes.push(
      `depends on the CNI: ${verdict === 'allowed' ? 'allowed' : 'denied'} if ipBlocks match pod IPs (upstream e2e), ${verdict === 'allowed' ? 'denied' : 'allowed'} if they do not (Cilium, netpol-analyzer); --ipblock-matches-pods=yes|no decides`,
    );
    verdict = 'depends-on-cni';
  }
  for (const [c, n] of [
    [src, srcName],
    [dst, dstName],
  ] as const) {
    if (c.kind === 'pod' && c.hostNetwork) {
      // network-policies.md "NetworkPolicy and hostNetwork pods": the behaviour is undefined.
      notes.push(`${n} uses hostNetwork: NetworkPolicy behaviour is implementation-defined (as a pod-network pod it would be ${verdict === 'implementation-defined' ? 'judged as above' : verdictText(verdict)})`);
      verdict = 'implementation-defined';
    }
  }
  if (verdict !== 'implementation-defined' && verdict !== 'depends-on-cni' && mode !== false && mode !== 'unknown' && src.kind === 'pod' && dst.kind === 'pod') {
    const other: MatchOptions = { ...o, ipBlockMatchesPods: false };
    const e2 = side(state, 'Egress', src, srcName, dst, dstName, dst, atom, other);
    const i2 = side(state, 'Ingress', dst, dstName, src, srcName, dst, atom, other);
    if ((e2.allowed && i2.allowed) !== (verdict === 'allowed'))
      notes.push(
        'decided by an ipBlock covering a pod IP: upstream e2e matches pod IPs, some CNIs (Cilium) and netpol-analyzer do not (--ipblock-matches-pods=no|unknown)',
      );
  }
  // A pod the dry run gave no IP cannot be matched by an ipBlock: say so when an ipBlock was in play.
  for (const [c, n, dir] of [
    [src, srcName, 'Ingress'],
    [dst, dstName, 'Egress'],
  ] as const) {
    if (c.kind !== 'pod' || c.ipAtom >= 0 || mode === false) continue;
    const other = dir === 'Ingress' ? dst : src;
    if (other.kind !== 'pod') continue;
    const usesIpBlock = (state.policiesByNamespace.get(other.namespace) ?? []).some(
      (p) => policySelects(p, other) && (dir === 'Ingress' ? p.ingressRules : p.egressRules).some((r) => r.peers?.some((x) => x.kind === 'ipBlock')),
    );
    if (usesIpBlock) notes.push(`${n} has no IP in the dry run, so no ipBlock can match it: the verdict may change once it has one`);
  }
  return { verdict, protocol, port, egress, ingress, notes };
}
