/**
 * NetworkPolicy problems for the engine-backed rules (rules/networking/netpol-*.yaml, function
 * `dry-run-problem`). Each has a stable code; messages say what is wrong and what it means.
 */
import { displayName } from '../../model/resource.js';
import type { Resource } from '../../model/resource.js';
import type { SimProblem } from '../state.js';
import type { SimService } from '../types.js';
import type { CompiledPolicy, CompiledRule } from './compile.js';
import { policyName } from './compile.js';
import { computeClassMatrix } from './engine.js';
import type { ClassMatrix } from './engine.js';
import { judgeClasses } from './explain.js';
import { classIndex } from './class-index.js';
import { fixedMatch } from './match.js';
import type { NetpolState } from './state.js';
import type { PodClass } from './universe.js';
import { NAMESPACE_NAME_LABEL } from './universe.js';

/** Work bound (policies × classes² × port atoms) above which the redundancy check is skipped. */
const REDUNDANCY_BUDGET = 20_000_000;

/** The classes a policy selects (policySelects, found through the index). */
function selectedClasses(state: NetpolState, p: CompiledPolicy): PodClass[] {
  return classIndex(state.universe).selectIn(p.namespace, p.podSelector);
}

function rulesOf(p: CompiledPolicy): CompiledRule[] {
  return [...(p.ingress ? p.ingressRules : []), ...(p.egress ? p.egressRules : [])];
}

/** The kube-dns pod as a cluster has it (k8s-app=kube-dns in kube-system, ports 53 UDP/TCP), for the DNS check. */
function kubeDnsClass(state: NetpolState): PodClass {
  const real = state.universe.podClasses.find((c) => c.namespace === 'kube-system' && c.labels['k8s-app'] === 'kube-dns');
  if (real) return real;
  return {
    kind: 'pod',
    id: -1,
    namespace: 'kube-system',
    nsLabels: { ...(state.universe.namespaces.get('kube-system')?.labels ?? {}), [NAMESPACE_NAME_LABEL]: 'kube-system' },
    labels: { 'k8s-app': 'kube-dns' },
    namedPorts: [
      { name: 'dns', protocol: 'UDP', port: 53 },
      { name: 'dns-tcp', protocol: 'TCP', port: 53 },
    ],
    ipAtom: -1,
    hostNetwork: false,
    pods: [],
  };
}

function sameMatrix(a: ClassMatrix, b: ClassMatrix): boolean {
  const u = a.universe;
  const C = u.classes.length;
  for (let atom = 0; atom < u.portAtoms.length; atom++) {
    const pa = a.portClassOfAtom[atom] as number;
    const pb = b.portClassOfAtom[atom] as number;
    const ca = a.cols[pa] as Uint32Array;
    const cb = b.cols[pb] as Uint32Array;
    for (let i = 0; i < C * a.words; i++) if (ca[i] !== cb[i]) return false;
  }
  return true;
}

/** Every NetworkPolicy problem of the state, compile problems first. */
export function netpolProblems(state: NetpolState): SimProblem[] {
  const u = state.universe;
  const out: SimProblem[] = [...state.problems];
  const havePods = u.pods.length > 0;
  // Peers, selectors and named ports are looked up through an index: the checks cost what they find.
  const idx = classIndex(u);
  const firstPodResource = (ns: string): Resource | undefined => {
    const i = idx.firstPod(ns);
    return i === undefined ? undefined : u.pods[i]?.origin.resource;
  };
  const servicesByNs = new Map<string, SimService[]>();
  for (const s of state.services) {
    const list = servicesByNs.get(s.namespace);
    if (list) list.push(s);
    else servicesByNs.set(s.namespace, [s]);
  }
  let dnsClass: PodClass | undefined;
  // A destination an ipBlock may match on some CNI counts as reachable for these checks.
  const match = fixedMatch(state.options.ipBlockMatchesPods, true);

  // Namespaces assumed because the input lacks their Namespace object.
  for (const ns of u.assumedNamespaces) {
    const r: Resource | undefined = state.policiesByNamespace.get(ns)?.[0]?.resource ?? firstPodResource(ns);
    if (!r) continue;
    out.push({
      code: 'netpol-namespace-assumed',
      resource: r,
      pointer: '/metadata/namespace',
      message: `namespace "${ns}" is not in the input: assumed to exist with only the label ${NAMESPACE_NAME_LABEL}=${ns}`,
      data: { namespace: ns },
    });
  }

  for (const p of state.policies) {
    const selected = selectedClasses(state, p);
    if (havePods && selected.length === 0)
      out.push({
        code: 'netpol-selects-no-pods',
        resource: p.resource,
        pointer: '/spec/podSelector',
        message: `podSelector ${p.podSelector.toString() || '{}'} selects no pod in namespace ${p.namespace}`,
        data: { namespace: p.namespace },
      });

    // `egress: []` without policyTypes: defaulting leaves egress open (defaults.go SetDefaults_NetworkPolicy).
    const spec = p.resource.raw.spec;
    if (p.policyTypesDefaulted && spec !== null && typeof spec === 'object' && Array.isArray((spec as Record<string, unknown>).egress) && p.egressRules.length === 0)
      out.push({
        code: 'netpol-egress-without-policy-types',
        resource: p.resource,
        pointer: '/spec/egress',
        message: '`egress: []` without policyTypes isolates nothing for egress: policyTypes defaults to [Ingress]; add policyTypes: [Ingress, Egress] to deny all egress',
      });

    for (const r of rulesOf(p)) {
      for (const peer of r.peers ?? []) {
        if (havePods && peer.kind === 'pods' && !idx.peerMatchesAny(peer, p.namespace, match))
          out.push({
            code: 'netpol-peer-selects-nothing',
            resource: p.resource,
            pointer: peer.pointer,
            message: `${peer.namespaceSelector ? `namespaceSelector ${peer.namespaceSelector.toString() || '{}'} with ` : ''}podSelector ${peer.podSelector.toString() || '{}'} selects no pod${peer.namespaceSelector ? '' : ` in namespace ${p.namespace}`}`,
          });
      }
      for (const pm of r.ports ?? []) {
        if (pm.kind !== 'named') continue;
        const onlyIpBlocks = r.direction === 'Egress' && r.peers !== undefined && r.peers.every((x) => x.kind === 'ipBlock');
        if (onlyIpBlocks) {
          out.push({
            code: 'netpol-named-port-unresolved',
            resource: p.resource,
            pointer: pm.pointer,
            message: `named port "${pm.name}" in a rule whose peers are all ipBlocks never matches: named ports resolve on destination pods only`,
          });
          continue;
        }
        if (!havePods) continue;
        // Destinations: the selected pods (Ingress) or the rule's peers (Egress); does any declare the port?
        const declares = (c: PodClass): boolean => c.namedPorts.some((n) => n.name === pm.name && n.protocol === pm.protocol);
        const peers = r.peers;
        const anyDst = r.direction === 'Ingress' ? selected.length > 0 : !peers ? u.podClasses.length > 0 : peers.some((x) => idx.peerMatchesAny(x, p.namespace, match));
        const portDst =
          r.direction === 'Ingress'
            ? selected.some(declares)
            : !peers
              ? idx.withNamedPort(pm.name, pm.protocol).length > 0
              : peers.some((x) => idx.peerMatchesAny(x, p.namespace, match, declares));
        if (anyDst && !portDst)
          out.push({
            code: 'netpol-named-port-unresolved',
            resource: p.resource,
            pointer: pm.pointer,
            message: `no ${r.direction === 'Ingress' ? 'selected' : 'destination'} pod declares a ${pm.protocol} container port named "${pm.name}": this port entry matches nothing`,
          });
      }
      // Ingress ports that no Service of the namespace sends traffic to.
      if (r.direction === 'Ingress' && r.ports && state.services.length > 0) {
        const svcs = servicesByNs.get(p.namespace) ?? [];
        for (const pm of r.ports) {
          if (pm.kind === 'range' && pm.lo === 1 && pm.hi === 65535) continue;
          const hit = svcs.some((s) =>
            s.ports.some((sp) => {
              if (sp.protocol !== pm.protocol) return false;
              if (pm.kind === 'named') return sp.targetPort === pm.name;
              if (typeof sp.targetPort === 'number') return pm.lo <= sp.targetPort && sp.targetPort <= pm.hi;
              return selected.some((c) => c.namedPorts.some((n) => n.name === sp.targetPort && n.protocol === sp.protocol && pm.lo <= n.port && n.port <= pm.hi));
            }),
          );
          if (!hit)
            out.push({
              code: 'netpol-port-without-service',
              resource: p.resource,
              pointer: pm.pointer,
              message: `no Service in namespace ${p.namespace} targets ${pm.protocol} ${pm.kind === 'named' ? pm.name : pm.lo === pm.hi ? pm.lo : `${pm.lo}-${pm.hi}`}: traffic through a Service never arrives on this port`,
            });
        }
      }
      // Rules open to everyone: every namespace, or outside the cluster.
      if (r.direction === 'Ingress' && selected.length > 0) {
        const world = !r.peers || r.peers.some((x) => x.kind === 'ipBlock' && x.cidr.lo === 0n && x.except.length === 0 && (x.cidr.family === 4 ? x.cidr.hi === 0xffffffffn : x.cidr.hi === (1n << 128n) - 1n));
        const allNs = r.peers?.some((x) => x.kind === 'pods' && x.namespaceSelector !== undefined && x.namespaceSelector.requirements.length === 0 && !x.namespaceSelector.nothing && x.podSelector.requirements.length === 0);
        if (world || allNs)
          out.push({
            code: 'netpol-rule-exposes',
            resource: p.resource,
            pointer: r.pointer,
            message: `Ingress rule #${r.index + 1} admits ${world ? 'any source, outside the cluster included' : 'every pod of every namespace'} to ${selected.length === 1 ? 'the selected pods' : `${selected.length} classes of selected pods`}`,
            data: { scope: world ? 'world' : 'cluster' },
          });
      }
    }

    // Egress isolation that blocks DNS (UDP and TCP 53 to kube-dns).
    if (p.egress && selected.length > 0) {
      const dns = (dnsClass ??= kubeDnsClass(state));
      for (const c of selected) {
        const blocked = (['UDP', 'TCP'] as const).filter((proto) => !judgeClasses(state, c, 'pod', dns, 'kube-dns', proto, 53).egress.allowed);
        if (blocked.length === 0) continue;
        const pod = u.pods[c.pods[0] as number];
        out.push({
          code: 'netpol-egress-blocks-dns',
          resource: p.resource,
          pointer: '/spec/policyTypes',
          message: `egress isolation of ${pod ? `${pod.namespace}/${pod.name}` : 'the selected pods'} blocks DNS: ${blocked.map((b) => `${b} 53`).join(' and ')} to kube-dns in kube-system ${blocked.length === 1 ? 'is' : 'are'} allowed by no Egress rule`,
          data: { blocked: blocked.join(',') },
        });
        break;
      }
    }
  }

  // Namespaces with pods but no default-deny ingress policy (podSelector {} and no ingress rules).
  for (const [ns, classes] of u.classesByNamespace) {
    if (classes.length === 0) continue;
    const policies = state.policiesByNamespace.get(ns) ?? [];
    const denyAll = policies.some((p) => p.ingress && p.ingressRules.length === 0 && p.podSelector.requirements.length === 0 && !p.podSelector.nothing);
    if (denyAll) continue;
    const r = u.namespaces.get(ns)?.resource ?? firstPodResource(ns);
    if (!r) continue;
    out.push({
      code: 'netpol-namespace-without-default-deny',
      resource: r,
      pointer: r.kind === 'Namespace' ? '/metadata/name' : '/metadata',
      message: `namespace ${ns} has pods but no default-deny ingress NetworkPolicy (podSelector: {} with no ingress rules)`,
      data: { namespace: ns },
    });
  }

  // Redundant policies: removing one changes no connection (bounded: skipped on large inputs).
  const C = u.classes.length;
  if (havePods && state.policies.length > 1 && state.policies.length * C * C * Math.max(1, u.portAtoms.length) <= REDUNDANCY_BUDGET) {
    const full = state.matrix();
    for (const p of state.policies) {
      if (!p.ingress && !p.egress) continue;
      if (selectedClasses(state, p).length === 0) continue; // reported as selecting no pods
      const without = computeClassMatrix(u, state.policies.filter((q) => q !== p), state.options, state.admin);
      if (sameMatrix(full, without))
        out.push({
          code: 'netpol-redundant',
          resource: p.resource,
          pointer: '/spec',
          message: `NetworkPolicy ${policyName(p)} changes no connection: what it isolates and allows is already isolated and allowed by other policies`,
          data: { policy: displayName(p.resource) },
        });
    }
  }
  return out;
}
