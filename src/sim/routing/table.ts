/**
 * The routing table: every way into the cluster from outside — LoadBalancer addresses, NodePorts,
 * externalIPs, Ingress host+path rules and default backends — and where each leads.
 */
import type { Location } from '../../model/location.js';
import { locateIn } from '../../model/resource.js';
import type { SimService } from '../types.js';
import type { RoutingContext } from './context.js';
import { readyEndpoints, serviceKey, servicePortFor } from './context.js';

export type EntryKind = 'LoadBalancer' | 'NodePort' | 'ExternalIP' | 'Ingress';

export interface RouteEntry {
  readonly kind: EntryKind;
  /** `198.51.100.1:80/TCP`, `*:30080/TCP`, `http://shop.example.com/cart (Prefix)`. */
  readonly entry: string;
  /** `namespace/service:port`, or a description when it leads nowhere. */
  readonly leadsTo: string;
  /** Ready endpoints behind it (after externalTrafficPolicy: Local counts nodes with endpoints). */
  readonly endpoints: number;
  readonly note?: string;
  readonly object: string;
  readonly location: Location;
}

/** Every external entry point, in a stable order (kind, then entry text). */
export function routingTable(ctx: RoutingContext): RouteEntry[] {
  const out: RouteEntry[] = [];
  for (const svc of ctx.services) {
    if (svc.type === 'ExternalName') continue;
    const obj = `${svc.namespace}/Service/${svc.name}`;
    const lb = ctx.lbIPs.get(serviceKey(svc));
    // A plain ClusterIP Service is no entry point: its endpoints are not counted.
    if (!lb && svc.externalIPs.length === 0 && svc.ports.every((sp) => sp.nodePort === undefined)) continue;
    svc.ports.forEach((sp, i) => {
      const ready = readyEndpoints(ctx, svc, sp);
      const to = `${svc.namespace}/${svc.name}:${sp.port}`;
      const localNote = svc.externalTrafficPolicy === 'Local' ? `externalTrafficPolicy Local: nodes with endpoints: ${ready.nodes.join(', ') || 'none'}` : undefined;
      if (lb) {
        for (const ip of lb.ips) {
          const ranges = svc.loadBalancerSourceRanges.length > 0 ? `only from ${svc.loadBalancerSourceRanges.join(', ')}` : undefined;
          const note = [lb.source === 'pool' ? 'address allocated from --lb-pool' : undefined, ranges, localNote].filter(Boolean).join('; ');
          out.push(row('LoadBalancer', `${ip}:${sp.port}/${sp.protocol}`, to, ready.count, note, obj, locateIn(svc.resource, '/spec/type')));
        }
        if (lb.ips.length === 0) out.push(row('LoadBalancer', `<pending>:${sp.port}/${sp.protocol}`, to, ready.count, 'no address: the pool is exhausted', obj, locateIn(svc.resource, '/spec/type')));
      }
      if (sp.nodePort !== undefined) {
        out.push(row('NodePort', `*:${sp.nodePort}/${sp.protocol}`, to, ready.count, localNote ?? `every node (${ctx.nodes.length})`, obj, locateIn(svc.resource, `/spec/ports/${i}/nodePort`)));
      }
      svc.externalIPs.forEach((ip, j) => {
        out.push(row('ExternalIP', `${ip}:${sp.port}/${sp.protocol}`, to, ready.count, localNote ?? '', obj, locateIn(svc.resource, `/spec/externalIPs/${j}`)));
      });
    });
  }
  for (const ing of ctx.ingress.ingresses) {
    const obj = `${ing.namespace}/Ingress/${ing.name}`;
    const tlsHosts = new Set(ing.tls.flatMap((t) => t.hosts.map((h) => h.toLowerCase())));
    const served = ing.served ? undefined : `class ${ing.className ?? ''} is served by no IngressClass: unreachable`;
    for (const p of ing.paths) {
      const scheme = p.host !== undefined && tlsHosts.has(p.host) ? 'https' : 'http';
      const entry = `${scheme}://${p.host ?? '*'}${p.path} (${p.regex ? 'regex' : p.pathType})`;
      const { to, ready, note } = ingressBackend(ctx, ing.namespace, p.backend.serviceName, p.backend.port, p.backend.resource);
      out.push(row('Ingress', entry, to, ready, [served, note].filter(Boolean).join('; '), obj, locateIn(ing.resource, p.pointer)));
    }
    if (ing.defaultBackend) {
      const { to, ready, note } = ingressBackend(ctx, ing.namespace, ing.defaultBackend.serviceName, ing.defaultBackend.port, ing.defaultBackend.resource);
      out.push(row('Ingress', 'http://*/* (default backend)', to, ready, [served, note].filter(Boolean).join('; '), obj, locateIn(ing.resource, ing.defaultBackend.pointer)));
    }
  }
  const order: Record<EntryKind, number> = { LoadBalancer: 0, ExternalIP: 1, NodePort: 2, Ingress: 3 };
  return out.sort((a, b) => order[a.kind] - order[b.kind] || cmp(a.entry, b.entry) || cmp(a.object, b.object));
}

function ingressBackend(
  ctx: RoutingContext,
  namespace: string,
  name: string | undefined,
  port: number | string | undefined,
  resource: { kind: string; name: string } | undefined,
): { to: string; ready: number; note?: string } {
  if (resource) return { to: `${resource.kind}/${resource.name}`, ready: 0, note: 'resource backend (not routed by the dry run)' };
  const svc: SimService | undefined = ctx.byKey.get(`${namespace}/${name ?? ''}`);
  if (!svc) return { to: `${namespace}/${name ?? '?'}:${port ?? '?'}`, ready: 0, note: 'Service missing' };
  const sp = servicePortFor(svc, port);
  if (!sp) return { to: `${namespace}/${svc.name}:${port ?? '?'}`, ready: 0, note: 'Service port missing' };
  const ready = readyEndpoints(ctx, svc, sp).count;
  return { to: `${namespace}/${svc.name}:${sp.port}`, ready, ...(ready === 0 ? { note: 'no ready endpoints' } : {}) };
}

function row(kind: EntryKind, entry: string, leadsTo: string, endpoints: number, note: string | undefined, object: string, location: Location): RouteEntry {
  return { kind, entry, leadsTo, endpoints, ...(note ? { note } : {}), object, location };
}

/** Text form: one aligned line per entry. */
export function formatTable(rows: readonly RouteEntry[]): string {
  if (rows.length === 0) return 'no external entry points (no LoadBalancer, NodePort, externalIPs or Ingress)\n';
  const cells = rows.map((r) => [r.kind, r.entry, `-> ${r.leadsTo}`, `${r.endpoints} endpoint(s)`, `${r.location.file}:${r.location.line}:${r.location.column}`, r.note ?? '']);
  const header = ['KIND', 'ENTRY', 'LEADS TO', 'READY', 'DECLARED AT', 'NOTE'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: string[]): string => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i] as number))).join('  ').trimEnd();
  return [line(header), ...cells.map(line)].join('\n') + '\n';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
