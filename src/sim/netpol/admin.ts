/**
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1), compiled into the
 * same peer and port shapes as NetworkPolicy rules, for the tier pipeline Admin → NetworkPolicy → Baseline
 * (kubernetes-sigs/network-policy-api apis/v1alpha1/adminnetworkpolicy_types.go,
 * baselineadminnetworkpolicy_types.go):
 * - an ANP selects its subject (`namespaces` or `pods: {namespaceSelector, podSelector}`) cluster-wide;
 * - ANPs apply in ascending `priority` (0 first; two ANPs with one priority are undefined: reported), and
 *   inside one ANP its rules in order; the first rule whose peer and port match decides: Allow and Deny are
 *   final, Pass hands the connection to the NetworkPolicy tier;
 * - when no ANP rule decided (or one passed) and NetworkPolicies isolate the pod in that direction, they
 *   decide; otherwise the BANP's rules (singleton named `default`, Allow or Deny) in order, and with no match
 *   the connection is allowed;
 * - peers: `namespaces` (all pods of matching namespaces), `pods`, and for egress `networks` (CIDRs, which
 *   match pod IPs too) and `nodes` (not modelled here: reported, matches nothing);
 * - ports: `portNumber`, `portRange`, `namedPort` (any protocol the destination pod declares it with);
 *   no `ports` = all ports.
 */
import type { JsonPointer } from '../../model/location.js';
import type { Resource } from '../../model/resource.js';
import { asArray, asInteger, asObject, asString } from '../../model/guards.js';
import { EVERYTHING, NOTHING, isSelectorError, selectorFromLabelSelector } from '../../model/selector.js';
import type { Selector } from '../../model/selector.js';
import type { SimProblem } from '../state.js';
import type { Direction, Peer, PortMatch } from './compile.js';
import { parseCidr } from './ip.js';
import { MAX_PORT, MIN_PORT } from './ports.js';

export type AdminTier = 'Admin' | 'Baseline';
export type AdminAction = 'Allow' | 'Deny' | 'Pass';

export interface AdminRule {
  readonly direction: Direction;
  readonly index: number;
  readonly name: string;
  readonly action: AdminAction;
  readonly pointer: JsonPointer;
  readonly peers: readonly Peer[];
  /** undefined = all ports. */
  readonly ports?: readonly PortMatch[];
}

export interface AdminPolicy {
  readonly resource: Resource;
  readonly tier: AdminTier;
  readonly name: string;
  readonly priority: number;
  readonly subjectNamespaces: Selector;
  readonly subjectPods: Selector;
  readonly ingressRules: readonly AdminRule[];
  readonly egressRules: readonly AdminRule[];
}

const GROUP = 'policy.networking.k8s.io';

export function isAdminPolicy(r: Resource): boolean {
  return r.group === GROUP && (r.kind === 'AdminNetworkPolicy' || r.kind === 'BaselineAdminNetworkPolicy');
}

function sel(raw: unknown, resource: Resource, pointer: JsonPointer, problems: SimProblem[]): Selector {
  if (raw === undefined || raw === null) return NOTHING;
  const s = selectorFromLabelSelector(raw);
  if (isSelectorError(s)) {
    problems.push({ code: 'netpol-invalid-selector', resource, pointer: pointer + (s.path ?? ''), message: `invalid label selector: ${s.error}` });
    return NOTHING;
  }
  return s;
}

function peers(raw: unknown, resource: Resource, pointer: JsonPointer, problems: SimProblem[]): Peer[] {
  const out: Peer[] = [];
  for (const [i, p] of asArray(raw).entries()) {
    const o = asObject(p) ?? {};
    const pp = `${pointer}/${i}`;
    if (o.namespaces !== undefined) out.push({ kind: 'pods', pointer: pp, namespaceSelector: sel(o.namespaces, resource, `${pp}/namespaces`, problems), podSelector: EVERYTHING });
    else if (asObject(o.pods)) {
      const pods = asObject(o.pods) ?? {};
      out.push({
        kind: 'pods',
        pointer: pp,
        namespaceSelector: sel(pods.namespaceSelector ?? {}, resource, `${pp}/pods/namespaceSelector`, problems),
        podSelector: sel(pods.podSelector ?? {}, resource, `${pp}/pods/podSelector`, problems),
      });
    } else if (o.networks !== undefined) {
      for (const [j, n] of asArray(o.networks).entries()) {
        const text = asString(n) ?? '';
        const cidr = parseCidr(text);
        // "cluster-internal traffic will be checked against the rule as well" (network-policy-api
        // apis/v1alpha1 adminnetworkpolicy_types.go, Networks): pod IPs match whatever --ipblock-matches-pods says.
        if (cidr) out.push({ kind: 'ipBlock', pointer: `${pp}/networks/${j}`, cidrText: text, cidr, except: [], matchesPodIps: true });
        else problems.push({ code: 'netpol-invalid-cidr', resource, pointer: `${pp}/networks/${j}`, message: `invalid CIDR "${text}"` });
      }
    } else {
      problems.push({
        code: 'netpol-admin-peer-unsupported',
        resource,
        pointer: pp,
        message: 'this peer kind (nodes, domainNames or unknown) is not modelled by the dry run: it matches nothing here',
      });
      out.push({ kind: 'invalid', pointer: pp });
    }
  }
  return out;
}

function ports(raw: unknown, pointer: JsonPointer): PortMatch[] | undefined {
  const list = asArray(raw);
  if (list.length === 0) return undefined;
  const out: PortMatch[] = [];
  for (const [i, p] of list.entries()) {
    const o = asObject(p) ?? {};
    const pp = `${pointer}/${i}`;
    const num = asObject(o.portNumber);
    const range = asObject(o.portRange);
    if (num) {
      const port = asInteger(num.port);
      if (port !== undefined && port >= MIN_PORT && port <= MAX_PORT)
        out.push({ kind: 'range', pointer: pp, protocol: (asString(num.protocol) ?? 'TCP').toUpperCase(), lo: port, hi: port });
    } else if (range) {
      const lo = asInteger(range.start);
      const hi = asInteger(range.end);
      if (lo !== undefined && hi !== undefined && lo <= hi)
        out.push({ kind: 'range', pointer: pp, protocol: (asString(range.protocol) ?? 'TCP').toUpperCase(), lo: Math.max(lo, MIN_PORT), hi: Math.min(hi, MAX_PORT) });
    } else if (typeof o.namedPort === 'string') {
      // namedPort carries no protocol: it matches the name on whichever protocol the pod declares it.
      for (const protocol of ['TCP', 'UDP', 'SCTP']) out.push({ kind: 'named', pointer: pp, protocol, name: o.namedPort });
    }
  }
  return out;
}

function rules(raw: unknown, direction: Direction, tier: AdminTier, resource: Resource, problems: SimProblem[]): AdminRule[] {
  const field = direction === 'Ingress' ? 'ingress' : 'egress';
  return asArray(raw).map((r, index) => {
    const o = asObject(r) ?? {};
    const pointer = `/spec/${field}/${index}`;
    const action = asString(o.action) ?? '';
    const ok = action === 'Allow' || action === 'Deny' || (action === 'Pass' && tier === 'Admin');
    if (!ok)
      problems.push({ code: 'netpol-invalid-action', resource, pointer: `${pointer}/action`, message: `action "${action}" is not one of ${tier === 'Admin' ? 'Allow, Deny, Pass' : 'Allow, Deny'}: the rule is ignored` });
    const p = ports(o.ports, `${pointer}/ports`);
    return {
      direction,
      index,
      name: asString(o.name) ?? '',
      action: ok ? (action as AdminAction) : 'Pass',
      pointer,
      peers: ok ? peers(direction === 'Ingress' ? o.from : o.to, resource, `${pointer}/${direction === 'Ingress' ? 'from' : 'to'}`, problems) : [],
      ...(p ? { ports: p } : {}),
    };
  });
}

/** Compiles ANPs and the BANP; returns them in evaluation order (ANPs by priority, then name; then BANP). */
export function compileAdminPolicies(resources: readonly Resource[], problems: SimProblem[]): AdminPolicy[] {
  const out: AdminPolicy[] = [];
  for (const r of resources) {
    if (!isAdminPolicy(r)) continue;
    if (r.version !== 'v1alpha1') {
      problems.push({ code: 'netpol-api-version', resource: r, pointer: '/apiVersion', message: `${r.kind} ${r.apiVersion} is not modelled: k8s-lint reads ${GROUP}/v1alpha1` });
      continue;
    }
    const tier: AdminTier = r.kind === 'AdminNetworkPolicy' ? 'Admin' : 'Baseline';
    const spec = asObject(r.raw.spec) ?? {};
    const subject = asObject(spec.subject) ?? {};
    let subjectNamespaces: Selector = NOTHING;
    let subjectPods: Selector = NOTHING;
    if (subject.namespaces !== undefined) {
      subjectNamespaces = sel(subject.namespaces, r, '/spec/subject/namespaces', problems);
      subjectPods = EVERYTHING;
    } else if (asObject(subject.pods)) {
      const pods = asObject(subject.pods) ?? {};
      subjectNamespaces = sel(pods.namespaceSelector ?? {}, r, '/spec/subject/pods/namespaceSelector', problems);
      subjectPods = sel(pods.podSelector ?? {}, r, '/spec/subject/pods/podSelector', problems);
    }
    const priority = tier === 'Admin' ? (asInteger(spec.priority) ?? 0) : Number.MAX_SAFE_INTEGER;
    out.push({
      resource: r,
      tier,
      name: r.name,
      priority,
      subjectNamespaces,
      subjectPods,
      ingressRules: rules(spec.ingress, 'Ingress', tier, r, problems),
      egressRules: rules(spec.egress, 'Egress', tier, r, problems),
    });
  }
  out.sort((a, b) => (a.tier !== b.tier ? (a.tier === 'Admin' ? -1 : 1) : a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  for (let i = 1; i < out.length; i++) {
    const a = out[i - 1] as AdminPolicy;
    const b = out[i] as AdminPolicy;
    if (a.tier === 'Admin' && b.tier === 'Admin' && a.priority === b.priority)
      problems.push({
        code: 'netpol-admin-same-priority',
        resource: b.resource,
        pointer: '/spec/priority',
        message: `AdminNetworkPolicies ${a.name} and ${b.name} share priority ${a.priority}: their order is undefined (evaluated by name here)`,
      });
  }
  return out;
}
