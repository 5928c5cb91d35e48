/**
 * Routing problems the dry run reports (SimProblem codes, turned into findings by rules/networking/*.yaml):
 *
 * - `ingress-backend-service-missing`, `ingress-backend-port-missing`, `ingress-backend-no-endpoints`
 * - `ingress-duplicate-host-path` (ingress-nginx's admission wording: `host "…" and path "…" is already
 *   defined in ingress ns/name`)
 * - `ingress-path-invalid` (kubernetes/kubernetes:pkg/apis/networking/validation/validation.go validateIngressPath)
 * - `ingress-tls-host-uncovered`, `ingress-unknown-class`
 * - `lb-local-nodes-without-endpoints` (externalTrafficPolicy Local and the health check on healthCheckNodePort)
 */
import type { SimProblem } from '../state.js';
import type { RoutingContext } from './context.js';
import { backendsFor, loadBalancerNodes, readyEndpoints, servicePortFor } from './context.js';
import type { IngressBackendSpec, SimIngress } from './ingress.js';
import { hostMatches, validateIngressPath } from './ingress.js';

export function routingProblems(ctx: RoutingContext): SimProblem[] {
  const out: SimProblem[] = [...ctx.problems];
  for (const ing of ctx.ingress.ingresses) {
    out.push(...backendProblems(ctx, ing));
    out.push(...pathProblems(ing));
    out.push(...tlsProblems(ing));
    if (!ing.served) {
      const known = ctx.ingress.classes.map((c) => c.name).join(', ');
      out.push({
        code: 'ingress-unknown-class',
        resource: ing.resource,
        pointer: '/spec/ingressClassName',
        message: `Ingress ${ing.namespace}/${ing.name} names IngressClass ${JSON.stringify(ing.className)}, which the input does not define (IngressClasses: ${known}): no controller serves it and it never gets an address`,
        data: { className: ing.className ?? '' },
      });
    }
  }
  out.push(...duplicateProblems(ctx));
  out.push(...lbLocalProblems(ctx));
  return out;
}

function backendProblems(ctx: RoutingContext, ing: SimIngress): SimProblem[] {
  const out: SimProblem[] = [];
  const seen = new Set<string>();
  const check = (b: IngressBackendSpec): void => {
    if (b.resource || b.serviceName === undefined || seen.has(b.pointer)) return;
    seen.add(b.pointer);
    const svc = ctx.byKey.get(`${ing.namespace}/${b.serviceName}`);
    if (!svc) {
      out.push({ code: 'ingress-backend-service-missing', resource: ing.resource, pointer: b.pointer, message: `Ingress ${ing.namespace}/${ing.name} sends to Service ${ing.namespace}/${b.serviceName}, which does not exist: requests get 503`, data: { service: b.serviceName } });
      return;
    }
    const sp = servicePortFor(svc, b.port);
    if (!sp) {
      const ports = svc.ports.map((p) => (p.name ? `${p.name}/${p.port}` : String(p.port))).join(', ');
      out.push({
        code: 'ingress-backend-port-missing',
        resource: ing.resource,
        pointer: b.pointer.replace(/\/(name|serviceName)$/, (m) => (m === '/name' ? '/port' : '/servicePort')),
        message: `Service ${svc.namespace}/${svc.name} has no port ${JSON.stringify(b.port ?? '(none given)')} (its ports: ${ports || 'none'}); a backend names the Service port, not the targetPort`,
        data: { service: svc.name, port: String(b.port ?? '') },
      });
      return;
    }
    if (svc.type !== 'ExternalName' && readyEndpoints(ctx, svc, sp).count === 0) {
      out.push({ code: 'ingress-backend-no-endpoints', resource: ing.resource, pointer: b.pointer, message: `backend Service ${svc.namespace}/${svc.name} port ${sp.name ?? sp.port} has no ready endpoints: requests get 503`, data: { service: svc.name } });
    }
  };
  if (ing.defaultBackend) check(ing.defaultBackend);
  for (const p of ing.paths) check(p.backend);
  return out;
}

function pathProblems(ing: SimIngress): SimProblem[] {
  const out: SimProblem[] = [];
  for (const p of ing.paths) {
    // Legacy objects without pathType were defaulted to ImplementationSpecific; an empty path is allowed there.
    const errs = validateIngressPath(p.rawPath, p.pathType);
    for (const e of errs) {
      out.push({ code: 'ingress-path-invalid', resource: ing.resource, pointer: `${p.pointer}/path`, message: `${fieldPath(p.pointer)}.path: Invalid value: ${JSON.stringify(p.rawPath)}: ${e}`, data: { path: p.rawPath, pathType: p.pathType } });
    }
  }
  return out;
}

function fieldPath(pointer: string): string {
  return pointer
    .slice(1)
    .split('/')
    .reduce((acc, t) => (/^\d+$/.test(t) ? `${acc}[${t}]` : acc ? `${acc}.${t}` : t), '');
}

function tlsProblems(ing: SimIngress): SimProblem[] {
  const out: SimProblem[] = [];
  const ruleHosts = ing.hosts.map((h) => h.host).filter((h): h is string => h !== undefined);
  ing.tls.forEach((t, i) => {
    t.hosts.forEach((h, j) => {
      const host = h.toLowerCase();
      const covered = ruleHosts.some((r) => r === host || (host.startsWith('*.') && hostMatches(host, r.replace(/^\*\./, 'x.'))));
      if (!covered) {
        out.push({
          code: 'ingress-tls-host-uncovered',
          resource: ing.resource,
          pointer: `/spec/tls/${i}/hosts/${j}`,
          message: `TLS host ${h} of Ingress ${ing.namespace}/${ing.name} matches none of its rule hosts (${ruleHosts.join(', ') || 'none'}): the certificate is served for a host no rule routes`,
          data: { host: h },
        });
      }
    });
  });
  return out;
}

function duplicateProblems(ctx: RoutingContext): SimProblem[] {
  const out: SimProblem[] = [];
  const firstBy = new Map<string, { ing: SimIngress }>();
  // Ingresses are sorted oldest first, so the first claim is the one ingress-nginx keeps.
  for (const ing of ctx.ingress.ingresses) {
    if (!ing.served) continue;
    const mine = new Set<string>();
    for (const p of ing.paths) {
      const key = `${ing.className ?? ''}\u0000${p.host ?? ''}\u0000${p.path}\u0000${p.pathType}`;
      if (mine.has(key)) continue;
      mine.add(key);
      const first = firstBy.get(key);
      if (!first) {
        firstBy.set(key, { ing });
        continue;
      }
      out.push({
        code: 'ingress-duplicate-host-path',
        resource: ing.resource,
        pointer: `${p.pointer}/path`,
        message: `host ${JSON.stringify(p.host ?? '*')} and path ${JSON.stringify(p.path)} is already defined in ingress ${first.ing.namespace}/${first.ing.name}: the API leaves the choice to the controller (ingress-nginx keeps the oldest, and its admission webhook rejects this one)`,
        data: { host: p.host ?? '', path: p.path, other: `${first.ing.namespace}/${first.ing.name}` },
      });
    }
  }
  return out;
}

function lbLocalProblems(ctx: RoutingContext): SimProblem[] {
  const out: SimProblem[] = [];
  if (ctx.nodes.length === 0) return out;
  for (const svc of ctx.services) {
    if (svc.type !== 'LoadBalancer' || svc.externalTrafficPolicy !== 'Local') continue;
    const withEp = new Set<string>();
    for (const sp of svc.ports) for (const b of backendsFor(ctx, svc, sp)) if (b.nodeName) withEp.add(b.nodeName);
    const lbNodes = loadBalancerNodes(ctx.nodes);
    const without = lbNodes.map((n) => n.name).filter((n) => !withEp.has(n));
    if (without.length === 0) continue;
    const hc = svc.healthCheckNodePort !== undefined ? `healthCheckNodePort ${svc.healthCheckNodePort}` : 'its healthCheckNodePort';
    const message =
      withEp.size === 0
        ? `LoadBalancer ${svc.namespace}/${svc.name} has externalTrafficPolicy Local and no node runs one of its endpoints: kube-proxy answers 503 on ${hc} of every node, the load balancer marks them all unhealthy and drops the traffic`
        : `LoadBalancer ${svc.namespace}/${svc.name} has externalTrafficPolicy Local: ${without.length} of ${lbNodes.length} load-balancer node(s) (${without.slice(0, 5).join(', ')}${without.length > 5 ? ', …' : ''}) run none of its endpoints, so kube-proxy answers 503 on ${hc} there and the load balancer sends all traffic to ${[...withEp].sort().join(', ')}`;
    out.push({ code: 'lb-local-nodes-without-endpoints', resource: svc.resource, pointer: '/spec/externalTrafficPolicy', message, data: { nodesWithout: without.length, nodesWith: withEp.size } });
  }
  return out;
}
