/**
 * `reach --exposure`: what each workload is open to beyond the pods in the input — rules written with
 * selectors match any pod or namespace that carries the labels, now or later, and ipBlocks match addresses
 * outside the cluster. In the spirit of netpol-analyzer's exposure analysis (np-guard/netpol-analyzer
 * docs/exposure_analysis.md: `entire-cluster`, `ns/[pod with {...}]`, `[namespace with {...}]/[all pods]`).
 */
import type { CompiledRule, Peer } from './compile.js';
import { policySelects, resolveNamedPort } from './match.js';
import type { NetpolState } from './state.js';
import type { PodClass } from './universe.js';
import { workloadNodes } from './workloads.js';

export interface ExposureLine {
  readonly workload: string;
  readonly direction: 'Ingress' | 'Egress';
  readonly peer: string;
  readonly conns: string;
}

export interface ExposureResult {
  readonly lines: readonly ExposureLine[];
  /** `workload direction` pairs no policy isolates: open to everything. */
  readonly unprotected: readonly { readonly workload: string; readonly direction: 'Ingress' | 'Egress' }[];
}

function braces(s: string): string {
  return `{${s}}`;
}

function peerText(p: Peer, ns: string): string | undefined {
  if (p.kind === 'invalid') return undefined;
  if (p.kind === 'ipBlock') return `${p.cidrText}${p.except.length > 0 ? ' except ' + p.except.length + ' range(s)' : ''}[External]`;
  const pods = p.podSelector.requirements.length === 0 ? '[all pods]' : `[pod with ${braces(p.podSelector.toString())}]`;
  if (!p.namespaceSelector) return `${ns}/${pods}`;
  if (p.namespaceSelector.requirements.length === 0) return pods === '[all pods]' ? 'entire-cluster' : `[all namespaces]/${pods}`;
  return `[namespace with ${braces(p.namespaceSelector.toString())}]/${pods}`;
}

function portsText(r: CompiledRule, dst: PodClass | undefined): string {
  if (!r.ports) return 'All Connections';
  const parts = r.ports.map((pm) => {
    if (pm.kind === 'range') return pm.lo === 1 && pm.hi === 65535 ? `${pm.protocol} 1-65535` : `${pm.protocol} ${pm.lo === pm.hi ? pm.lo : `${pm.lo}-${pm.hi}`}`;
    const n = dst ? resolveNamedPort(pm.name, pm.protocol, dst) : undefined;
    return `${pm.protocol} ${n ?? pm.name}`;
  });
  return [...new Set(parts)].sort().join(',');
}

export function exposure(state: NetpolState): ExposureResult {
  const m = state.matrix();
  const u = state.universe;
  const lines: ExposureLine[] = [];
  const unprotected: { workload: string; direction: 'Ingress' | 'Egress' }[] = [];
  const seen = new Set<string>();
  for (const w of workloadNodes(m)) {
    const cls = u.classes[w.classes[0] ?? -1];
    if (!cls || cls.kind !== 'pod') continue;
    for (const direction of ['Egress', 'Ingress'] as const) {
      const policies = (state.policiesByNamespace.get(cls.namespace) ?? []).filter((p) => (direction === 'Ingress' ? p.ingress : p.egress) && policySelects(p, cls));
      if (policies.length === 0) {
        unprotected.push({ workload: w.id, direction });
        continue;
      }
      for (const p of policies) {
        for (const r of direction === 'Ingress' ? p.ingressRules : p.egressRules) {
          const conns = portsText(r, direction === 'Ingress' ? cls : undefined);
          const peers = r.peers ? r.peers.map((x) => peerText(x, p.namespace)).filter((x): x is string => x !== undefined) : ['entire-cluster', '0.0.0.0-255.255.255.255[External]'];
          for (const peer of peers) {
            // Peers naming only this namespace's pods by labels are not exposure beyond the namespace, but
            // they still admit future pods with those labels: keep them, netpol-analyzer does too.
            const key = `${w.id}|${direction}|${peer}|${conns}`;
            if (seen.has(key)) continue;
            seen.add(key);
            lines.push({ workload: w.id, direction, peer, conns });
          }
        }
      }
    }
  }
  const cmp = (a: ExposureLine, b: ExposureLine): number => {
    const x = `${a.workload}|${a.peer}|${a.conns}`;
    const y = `${b.workload}|${b.peer}|${b.conns}`;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  return { lines: lines.sort(cmp), unprotected };
}

/** Text in netpol-analyzer's exposure layout (workload padded, then `=>`/`<=` and the peer). */
export function formatExposure(e: ExposureResult): string {
  const width = Math.max(0, ...e.lines.map((l) => l.workload.length));
  const out: string[] = ['Exposure Analysis Result:'];
  for (const direction of ['Egress', 'Ingress'] as const) {
    out.push(`${direction} Exposure:`);
    for (const l of e.lines.filter((x) => x.direction === direction))
      out.push(`${l.workload.padEnd(width)} \t${direction === 'Egress' ? '=>' : '<='} \t${l.peer} : ${l.conns}`);
    out.push('');
  }
  if (e.unprotected.length > 0) {
    out.push('Workloads not protected by network policies:');
    for (const x of e.unprotected) out.push(`${x.workload} is not protected on ${x.direction}`);
  }
  return out.join('\n') + '\n';
}
