/**
 * `reach SRC DST [--port P[/PROTO]]`: the verdict per port and protocol between every pod of SRC and every
 * pod of DST (grouped by equivalence class, so per-pod differences show), each with its explanation.
 * Services are reached through their ports' targetPorts: policies apply after DNAT, to the endpoint pod's
 * port (network-policies.md; the e2e probes reach pods through Services the same way).
 */
import type { SimServicePort } from '../types.js';
import { portClasses } from './engine.js';
import { judgeClasses, verdictText } from './explain.js';
import type { ConnectionVerdict, Verdict } from './explain.js';
import { formatRange } from './ip.js';
import { resolveNamedPort } from './match.js';
import { ALL_CONNS, connSetOf, formatConnSet } from './ports.js';
import type { ConnSet, Protocol } from './ports.js';
import { isAdminPolicy } from './admin.js';
import { compileNetpol } from './state.js';
import type { NetpolInput, NetpolOptions, NetpolState } from './state.js';
import { podsNamedBy, resolveTarget } from './targets.js';
import type { Target } from './targets.js';
import type { EndpointClass } from './universe.js';

export interface ReachOptions {
  /** Only this protocol/port (for a Service target: the Service port). */
  readonly port?: { readonly protocol: string; readonly port: number };
  readonly defaultNamespace?: string;
}

export interface PortGroup {
  /** The ports this group covers, in netpol-analyzer's text (`TCP 9080`, `All Connections`). */
  readonly ports: string;
  readonly verdict: Verdict;
  readonly egress: string;
  readonly ingress: string;
  readonly notes: readonly string[];
  /** Rules that allowed it: `ns/name Ingress #1`. */
  readonly allowedBy: readonly string[];
}

export interface PairReport {
  /** Pods (or address ranges) on each side that share this result. */
  readonly sources: readonly string[];
  readonly destinations: readonly string[];
  /** For Service targets: `svc/ns/name port 80/TCP -> targetPort 9080`. */
  readonly via?: string;
  /** Everything allowed between them, netpol-analyzer style. */
  readonly allowed: string;
  readonly groups: readonly PortGroup[];
}

export interface ReachResult {
  readonly source: string;
  readonly destination: string;
  readonly pairs: readonly PairReport[];
  /** allowed / denied when every pair agrees (on the asked port, or on all ports), else mixed. */
  readonly summary: Verdict | 'mixed' | 'partial';
}

interface Side {
  readonly cls: EndpointClass;
  readonly members: string[];
  readonly pods: number[];
}

function sides(state: NetpolState, t: Target): Side[] {
  const u = state.universe;
  if (t.kind === 'node') return t.classes.map((id) => ({ cls: u.classes[id] as EndpointClass, members: [t.label], pods: [] }));
  if (t.kind === 'external') return t.classes.map((id) => {
    const c = u.classes[id] as EndpointClass;
    return { cls: c, members: [c.kind === 'external' ? formatRange(c.range) : String(id)], pods: [] };
  });
  const byClass = new Map<number, Side>();
  for (const i of t.pods) {
    const id = u.classOfPod[i] as number;
    let s = byClass.get(id);
    if (!s) byClass.set(id, (s = { cls: u.classes[id] as EndpointClass, members: [], pods: [] }));
    const p = u.pods[i];
    s.members.push(`${p?.namespace}/${p?.name}`);
    s.pods.push(i);
  }
  return [...byClass.values()];
}

function group(v: ConnectionVerdict): Omit<PortGroup, 'ports'> {
  return {
    verdict: v.verdict,
    egress: v.egress.text,
    ingress: v.ingress.text,
    notes: v.notes,
    allowedBy: [...v.egress.allowedBy, ...v.ingress.allowedBy].map((r) => `${r.policy} ${r.direction} #${r.index + 1}`),
  };
}

function allPortGroups(state: NetpolState, s: Side, d: Side): { groups: PortGroup[]; allowed: ConnSet } {
  const u = state.universe;
  const { classes } = portClasses(u, state.policies, state.admin);
  const grouped = new Map<string, { g: Omit<PortGroup, 'ports'>; atoms: number[] }>();
  for (const pc of classes) {
    const rep = u.portAtoms[pc.atoms[0] as number];
    if (!rep) continue;
    const v = judgeClasses(state, s.cls, s.members[0] as string, d.cls, d.members[0] as string, rep.protocol, rep.lo);
    const g = group(v);
    const key = JSON.stringify(g);
    const hit = grouped.get(key);
    if (hit) hit.atoms.push(...pc.atoms);
    else grouped.set(key, { g, atoms: [...pc.atoms] });
  }
  const groups: PortGroup[] = [];
  const allowedPieces: { protocol: Protocol; lo: number; hi: number }[] = [];
  for (const { g, atoms } of grouped.values()) {
    const pieces = atoms.map((a) => u.portAtoms[a] as { protocol: Protocol; lo: number; hi: number });
    if (g.verdict === 'allowed') allowedPieces.push(...pieces);
    groups.push({ ports: formatConnSet(connSetOf(pieces)), ...g });
  }
  // Allowed groups first, then those that depend on the CNI, then the rest, each by ports text: deterministic.
  const rank = (v: Verdict): number => (v === 'allowed' ? 0 : v === 'depends-on-cni' ? 1 : 2);
  groups.sort((a, b) => rank(a.verdict) - rank(b.verdict) || (a.ports < b.ports ? -1 : a.ports > b.ports ? 1 : 0));
  return { groups, allowed: connSetOf(allowedPieces) };
}

function onePort(state: NetpolState, s: Side, d: Side, protocol: string, port: number): { groups: PortGroup[]; allowed: ConnSet } {
  const v = judgeClasses(state, s.cls, s.members[0] as string, d.cls, d.members[0] as string, protocol, port);
  const ports = `${protocol} ${port}`;
  const allowed = v.verdict === 'allowed' && (protocol === 'TCP' || protocol === 'UDP' || protocol === 'SCTP') ? connSetOf([{ protocol, lo: port, hi: port }]) : {};
  return { groups: [{ ports, ...group(v) }], allowed };
}

/** Answers `reach SRC DST`; target errors come back as `{ error }`. */
export function reach(state: NetpolState, srcSpec: string, dstSpec: string, options: ReachOptions = {}): ReachResult | { error: string } {
  const ns = options.defaultNamespace ?? 'default';
  const src = resolveTarget(state, srcSpec, ns);
  if ('error' in src) return { error: `SRC: ${src.error}` };
  const dst = resolveTarget(state, dstSpec, ns);
  if ('error' in dst) return { error: `DST: ${dst.error}` };
  if ((src.kind === 'external' || src.kind === 'node') && (dst.kind === 'external' || dst.kind === 'node'))
    return { error: 'SRC and DST are both outside the pod network: NetworkPolicy has nothing to say' };
  if (dst.kind === 'node') return { error: 'DST: a node is not a NetworkPolicy destination (use its address as a CIDR to judge egress to it)' };
  if (dst.kind === 'service' && dst.pods.length === 0) return { error: `DST: Service ${dst.service.namespace}/${dst.service.name} selects no pod in the dry run` };
  if (dst.kind === 'service' && servicePorts(dst, options).length === 0)
    return { error: `DST: Service ${dst.service.namespace}/${dst.service.name} has no port ${options.port?.port}/${options.port?.protocol}` };
  const pairs: PairReport[] = [];
  for (const s of sides(state, src)) {
    for (const d of sides(state, dst)) {
      if (src.kind === 'node') {
        // kubernetes/api networking/v1 types.go (NetworkPolicySpec.Ingress): traffic from the pod's own node
        // is always allowed; from another node it is judged by the node's address.
        const same = d.pods.filter((i) => state.universe.pods[i]?.nodeName === src.node);
        if (same.length > 0) {
          pairs.push({
            sources: s.members,
            destinations: same.map((i) => `${state.universe.pods[i]?.namespace}/${state.universe.pods[i]?.name}`),
            allowed: formatConnSet(ALL_CONNS),
            groups: [{ ports: 'All Connections', verdict: 'allowed', egress: '', ingress: `traffic from the pod's own node (${src.node}) is always allowed`, notes: [], allowedBy: [] }],
          });
          if (same.length === d.pods.length) continue;
        }
      }
      const d2: Side =
        src.kind === 'node'
          ? { cls: d.cls, pods: d.pods.filter((i) => state.universe.pods[i]?.nodeName !== src.node), members: d.pods.flatMap((i) => (state.universe.pods[i]?.nodeName !== src.node ? [`${state.universe.pods[i]?.namespace}/${state.universe.pods[i]?.name}`] : [])) }
          : d;
      if (d2.pods.length > 0 || d2.cls.kind !== 'pod') pairsFor(state, dst, s, d2, options, pairs);
    }
  }
  const onePortAsked = options.port !== undefined || dst.kind === 'service';
  return { source: src.label, destination: dst.label, pairs, summary: summarize(pairs, onePortAsked) };
}

function pairsFor(state: NetpolState, dst: Target, s: Side, d: Side, options: ReachOptions, pairs: PairReport[]): void {
  if (s.pods.length === 1 && d.pods.length === 1 && s.pods[0] === d.pods[0]) {
    pairs.push({
      sources: s.members,
      destinations: d.members,
      allowed: formatConnSet(ALL_CONNS),
      groups: [{ ports: 'All Connections', verdict: 'allowed', egress: 'a pod may always reach itself', ingress: 'a pod may always reach itself', notes: [], allowedBy: [] }],
    });
    return;
  }
  if (dst.kind === 'service') {
    for (const sp of servicePorts(dst, options)) {
      const target = typeof sp.targetPort === 'number' ? sp.targetPort : resolveNamedPort(sp.targetPort, sp.protocol, d.cls);
      const via = `svc/${dst.service.namespace}/${dst.service.name} port ${sp.port}/${sp.protocol} -> targetPort ${String(sp.targetPort)}${typeof sp.targetPort === 'string' && target !== undefined ? ` (${target})` : ''}`;
      if (target === undefined) {
        pairs.push({
          sources: s.members,
          destinations: d.members,
          via,
          allowed: 'No Connections',
          groups: [{ ports: `${sp.protocol} ${sp.targetPort}`, verdict: 'denied', egress: '', ingress: '', notes: [`the pod declares no ${sp.protocol} container port named "${sp.targetPort}": the Service has no endpoint on it`], allowedBy: [] }],
        });
        continue;
      }
      const r = onePort(state, s, d, sp.protocol, target);
      pairs.push({ sources: s.members, destinations: d.members, via, allowed: formatConnSet(r.allowed), groups: r.groups });
    }
    return;
  }
  const r = options.port ? onePort(state, s, d, options.port.protocol, options.port.port) : allPortGroups(state, s, d);
  pairs.push({ sources: s.members, destinations: d.members, allowed: formatConnSet(r.allowed), groups: r.groups });
}

/** The Service ports a query goes through: all, or the one `--port` names (a Service port). */
function servicePorts(dst: Extract<Target, { kind: 'service' }>, options: ReachOptions): readonly SimServicePort[] {
  return options.port ? dst.ports.filter((p) => p.port === options.port?.port && p.protocol === options.port.protocol) : dst.ports;
}

function summarize(pairs: readonly PairReport[], single: boolean): ReachResult['summary'] {
  const verdicts = new Set(pairs.flatMap((p) => p.groups.map((g) => g.verdict)));
  if (verdicts.size === 1) return [...verdicts][0] as Verdict;
  if (!single && !verdicts.has('implementation-defined') && !verdicts.has('depends-on-cni') && pairs.every((p) => p.groups.some((g) => g.verdict === 'allowed'))) return 'partial';
  return 'mixed';
}

/** Text rendering of a reach result. */
export function formatReachText(r: ReachResult): string {
  const lines: string[] = [`${r.source} => ${r.destination}: ${verdictText(r.summary)}`];
  for (const p of r.pairs) {
    lines.push('');
    lines.push(`${p.sources.join(', ')} => ${p.destinations.join(', ')} : ${p.allowed}`);
    if (p.via) lines.push(`  via ${p.via}`);
    for (const g of p.groups) {
      lines.push(`  ${g.ports}: ${verdictText(g.verdict)}`);
      if (g.egress) lines.push(`    egress:  ${g.egress}`);
      if (g.ingress) lines.push(`    ingress: ${g.ingress}`);
      for (const n of g.notes) lines.push(`    note: ${n}`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * `reach A B` without compiling the whole input: a verdict between two pods depends only on the policies of
 * their two namespaces and on the two pods themselves (network-policies.md: each side is judged by the
 * policies of its own namespace), so the state is built from the named pods, their namespaces' policies
 * and the Services named. Same answer as `reach(compileNetpol(input), …)`, at a fraction of the cost on
 * large inputs.
 */
export function reachInput(input: NetpolInput, srcSpec: string, dstSpec: string, options: ReachOptions = {}, matchOptions: NetpolOptions = {}): ReachResult | { error: string } {
  const ns = options.defaultNamespace ?? input.defaultNamespace ?? 'default';
  const services = input.services ?? [];
  const keep = new Set([...podsNamedBy(input.pods, services, srcSpec, ns), ...podsNamedBy(input.pods, services, dstSpec, ns)]);
  const pods = input.pods.filter((_, i) => keep.has(i));
  const namespaces = new Set(pods.map((p) => p.namespace));
  // Admin policies are cluster-scoped: all of them may apply to the two pods.
  const resources = input.resources.filter(
    (r) => isAdminPolicy(r) || (r.kind === 'NetworkPolicy' && namespaces.has(r.namespace ?? input.defaultNamespace ?? 'default')),
  );
  const state = compileNetpol({ ...input, pods, resources }, matchOptions);
  return reach(state, srcSpec, dstSpec, options);
}
