/**
 * The per-class predicates both the bitset engine and the explainer use: does a policy select a class,
 * does a peer match a class, does a port entry cover a port atom for a destination class.
 */
import type { AdminPolicy } from './admin.js';
import type { CompiledPolicy, Peer, PortMatch } from './compile.js';
import type { IpRange } from './ip.js';
import { rangeWithin } from './ip.js';
import type { EndpointClass, PortAtom, Universe } from './universe.js';

export interface MatchOptions {
  /**
   * Whether an ipBlock matches pods whose IP it covers. Upstream e2e says yes ("should allow egress access to
   * server in CIDR block", kubernetes/kubernetes:test/e2e/network/netpol/network_policy.go); netpol-analyzer
   * and Cilium (cilium/cilium#9209) say no. Default true. (The step's `'unknown'` is answered by judging
   * both ways: see NetpolOptions.)
   */
  readonly ipBlockMatchesPods?: boolean;
}

/**
 * How the dry run treats an ipBlock that covers a pod IP. The API says ipBlocks are meant for
 * cluster-external IPs and leaves pod IPs to the implementation (network-policies.md, ipBlock:
 * "cluster-external IPs"; the e2e tests expect a match, Cilium and netpol-analyzer do not):
 * `true` matches them (upstream e2e; the default), `false` does not, `'unknown'` judges both ways and
 * reports a connection on which they disagree as depending on the CNI.
 */
export type IpBlockPodMode = boolean | 'unknown';

/** The MatchOptions of one fixed behaviour (`'unknown'` judged as matching: callers judge both). */
export function fixedMatch(mode: IpBlockPodMode | undefined, matches: boolean): MatchOptions {
  return { ipBlockMatchesPods: mode === 'unknown' ? matches : (mode ?? true) };
}

/** A policy selects pods of its own namespace whose labels match spec.podSelector. */
export function policySelects(p: CompiledPolicy, c: EndpointClass): boolean {
  return c.kind === 'pod' && c.namespace === p.namespace && p.podSelector.matches(c.labels);
}

/** An (Baseline)AdminNetworkPolicy's subject: pods of matching namespaces with matching labels, cluster-wide. */
export function adminSelects(a: AdminPolicy, c: EndpointClass): boolean {
  return c.kind === 'pod' && a.subjectNamespaces.matches(c.nsLabels) && a.subjectPods.matches(c.labels);
}

/** True when the whole atom lies in the ipBlock's cidr and in none of its excepts (atoms never straddle). */
export function ipBlockCovers(peer: { readonly cidr: IpRange; readonly except: readonly IpRange[] }, atom: IpRange): boolean {
  return rangeWithin(atom, peer.cidr) && !peer.except.some((e) => rangeWithin(atom, e));
}

export function peerMatches(peer: Peer, policyNamespace: string, c: EndpointClass, u: Universe, o: MatchOptions): boolean {
  switch (peer.kind) {
    case 'invalid':
      return false;
    case 'pods':
      if (c.kind !== 'pod') return false;
      if (peer.namespaceSelector ? !peer.namespaceSelector.matches(c.nsLabels) : c.namespace !== policyNamespace) return false;
      return peer.podSelector.matches(c.labels);
    case 'ipBlock': {
      if (c.kind === 'pod' && ((o.ipBlockMatchesPods === false && !peer.matchesPodIps) || c.ipAtom < 0)) return false;
      const atom = u.ipAtoms[c.ipAtom];
      return atom !== undefined && ipBlockCovers(peer, atom);
    }
  }
}

/** The port number a named port resolves to on a destination class (same name and protocol), if any. */
export function resolveNamedPort(name: string, protocol: string, dst: EndpointClass): number | undefined {
  if (dst.kind !== 'pod') return undefined;
  return dst.namedPorts.find((n) => n.name === name && n.protocol === protocol)?.port;
}

/** Does a port entry cover the atom, for traffic to `dst`? Named ports resolve on the destination pod. */
export function portCovers(pm: PortMatch, atom: PortAtom, dst: EndpointClass): boolean {
  if (pm.protocol !== atom.protocol) return false;
  if (pm.kind === 'range') return pm.lo <= atom.lo && atom.hi <= pm.hi;
  const n = resolveNamedPort(pm.name, pm.protocol, dst);
  return n !== undefined && n === atom.lo && n === atom.hi;
}
