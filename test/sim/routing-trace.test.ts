/**
 * Route tracing through Service types and traffic policies, as documented in kubernetes/website
 * content/en/docs/concepts/services-networking/service.md (NodePort, LoadBalancer, externalIPs,
 * loadBalancerSourceRanges), service-traffic-policy.md (internalTrafficPolicy Local), and
 * tasks/access-application-cluster/create-external-load-balancer.md ("Preserving the client source IP":
 * externalTrafficPolicy Local keeps the client IP; nodes without local endpoints fail the health check).
 */
import { describe, expect, it } from 'vitest';
import { deriveEndpoints } from '../../src/sim/endpoints.js';
import { buildDnsData } from '../../src/sim/dns/index.js';
import { buildRoutingContext, parseSource, parseTarget, routingProblems, routingTable, traceRoute } from '../../src/sim/routing/index.js';
import type { RouteSource, RouteTarget } from '../../src/sim/routing/index.js';
import type { SimService } from '../../src/sim/types.js';
import { namespaces, node, pod, resource, service } from './services-builder.js';

const nodes = [node('node-1', '192.168.0.1'), node('node-2', '192.168.0.2'), node('node-3', '192.168.0.3')];
const pods = [
  pod({ name: 'web-1', namespace: 'shop', labels: { app: 'web' }, ip: '10.244.1.2', node: 'node-1', ports: [{ name: 'http', containerPort: 8080 }] }),
  pod({ name: 'web-2', namespace: 'shop', labels: { app: 'web' }, ip: '10.244.2.2', node: 'node-2', ports: [{ name: 'http', containerPort: 8080 }] }),
  pod({ name: 'client', namespace: 'shop', labels: { app: 'client' }, ip: '10.244.3.2', node: 'node-3' }),
];

function build(services: SimService[], extra: ReturnType<typeof resource>[] = []): ReturnType<typeof buildRoutingContext> {
  const eps = deriveEndpoints({ services, pods, nodes });
  return buildRoutingContext({ services, endpointSlices: eps.endpointSlices, nodes, pods, resources: extra });
}
const T = (s: string): RouteTarget => parseTarget(s, 'shop') as RouteTarget;
const S = (s: string): RouteSource => parseSource(s, pods, 'shop') as RouteSource;

describe('traceRoute', () => {
  it('ClusterIP: reachable from a pod, dropped from outside', () => {
    const ctx = build([service({ name: 'web', namespace: 'shop', selector: { app: 'web' }, clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, targetPort: 'http' }] })]);
    const inside = traceRoute(ctx, T('10.96.0.20:80'), S('shop/client'));
    expect(inside.outcome).toBe('delivered');
    expect(inside.endpoints.map((e) => `${e.ip}:${e.port}`)).toEqual(['10.244.1.2:8080', '10.244.2.2:8080']);
    expect(inside.hops.find((h) => h.step === 'service')?.location).toEqual({ file: 'test.yaml', line: 1, column: 1 });
    const outside = traceRoute(ctx, T('10.96.0.20:80'), S('external'));
    expect(outside.outcome).toBe('dropped');
    expect(outside.hops.at(-1)?.decision).toContain('only reachable from inside the cluster');
  });

  it('NodePort on every node; externalTrafficPolicy Local answers only on nodes with a local endpoint', () => {
    const cluster = build([service({ name: 'web', namespace: 'shop', type: 'NodePort', selector: { app: 'web' }, clusterIP: '10.96.0.21', ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] })]);
    expect(traceRoute(cluster, T('node-3:30080'), S('external')).endpoints).toHaveLength(2);
    const local = build([service({ name: 'web', namespace: 'shop', type: 'NodePort', selector: { app: 'web' }, clusterIP: '10.96.0.21', ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }], externalTrafficPolicy: 'Local' })]);
    const onNode1 = traceRoute(local, T('192.168.0.1:30080'), S('external'));
    expect(onNode1.endpoints.map((e) => e.pod)).toEqual(['shop/web-1']);
    expect(onNode1.hops.some((h) => h.decision.includes('source IP is kept'))).toBe(true);
    const onNode3 = traceRoute(local, T('node-3:30080'), S('external'));
    expect(onNode3.outcome).toBe('dropped');
  });

  it('LoadBalancer: address allocated from the pool, loadBalancerSourceRanges enforced', () => {
    const ctx = build([
      service({ name: 'web', namespace: 'shop', type: 'LoadBalancer', selector: { app: 'web' }, clusterIP: '10.96.0.22', ports: [{ port: 80, targetPort: 8080, nodePort: 30081 }], loadBalancerSourceRanges: ['203.0.113.0/24'] }),
    ]);
    expect(ctx.lbIPs.get('shop/web')).toEqual({ ips: ['198.51.100.1'], source: 'pool' });
    expect(traceRoute(ctx, T('198.51.100.1:80'), S('external:203.0.113.9')).outcome).toBe('delivered');
    const denied = traceRoute(ctx, T('198.51.100.1:80'), S('external:192.0.2.1'));
    expect(denied.outcome).toBe('dropped');
    expect(denied.hops.at(-1)?.decision).toContain('outside loadBalancerSourceRanges');
  });

  it('LoadBalancer status addresses are used as given', () => {
    const svc = service({ name: 'web', namespace: 'shop', type: 'LoadBalancer', selector: { app: 'web' }, clusterIP: '10.96.0.23', ports: [{ port: 443, targetPort: 8080, nodePort: 30443 }], loadBalancerIPs: ['203.0.113.50'] });
    expect(build([svc]).lbIPs.get('shop/web')).toEqual({ ips: ['203.0.113.50'], source: 'status' });
  });

  it('internalTrafficPolicy Local drops traffic from a node without endpoints (service-traffic-policy.md)', () => {
    const ctx = build([service({ name: 'web', namespace: 'shop', selector: { app: 'web' }, clusterIP: '10.96.0.24', ports: [{ port: 80, targetPort: 8080 }], internalTrafficPolicy: 'Local' })]);
    const r = traceRoute(ctx, T('svc/shop/web:80'), S('shop/client'));
    expect(r.outcome).toBe('dropped');
  });

  it('externalIPs are accepted on any node', () => {
    const ctx = build([service({ name: 'web', namespace: 'shop', selector: { app: 'web' }, clusterIP: '10.96.0.25', ports: [{ port: 80, targetPort: 8080 }], externalIPs: ['192.0.2.10'] })]);
    const r = traceRoute(ctx, T('192.0.2.10:80'), S('external'));
    expect(r.outcome).toBe('delivered');
    expect(r.hops[1]?.decision).toContain('externalIP');
  });

  it('a URL through an Ingress to the Service endpoints, naming the Ingress path line', () => {
    const ing = resource(
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'shop', namespace: 'shop' },
        spec: { tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }], rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/cart', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }] },
      },
      'ingress.yaml',
      7,
    );
    const ctx = build([service({ name: 'web', namespace: 'shop', selector: { app: 'web' }, clusterIP: '10.96.0.26', ports: [{ name: 'http', port: 80, targetPort: 'http' }] })], [ing]);
    const r = traceRoute(ctx, T('https://shop.example.com/cart/items'), S('external'));
    expect(r.outcome).toBe('delivered');
    const ingressHop = r.hops.find((h) => h.step === 'ingress');
    expect(ingressHop).toMatchObject({ object: 'shop/Ingress/shop', location: { file: 'ingress.yaml', line: 7 } });
    expect(r.hops.some((h) => h.decision.includes('Secret shop-tls'))).toBe(true);
    expect(traceRoute(ctx, T('http://shop.example.com/other'), S('external')).outcome).toBe('no-route');
  });

  it('from a pod, an in-cluster name resolves through DNS first', () => {
    const svc = service({ name: 'web', namespace: 'shop', selector: { app: 'web' }, clusterIP: '10.96.0.27', ports: [{ port: 80, targetPort: 8080 }] });
    const eps = deriveEndpoints({ services: [svc], pods, nodes });
    const ctx = buildRoutingContext({ services: [svc], endpointSlices: eps.endpointSlices, nodes, pods, resources: [] });
    const dns = buildDnsData({ services: [svc], endpointSlices: eps.endpointSlices, pods, namespaces: namespaces('shop') });
    const r = traceRoute(ctx, T('http://web/'), S('shop/client'), { dns });
    expect(r.hops[1]).toMatchObject({ step: 'dns' });
    expect(r.hops[1]?.decision).toContain('10.96.0.27');
    expect(r.outcome).toBe('delivered');
  });

  it('applies a NetworkPolicy verdict to the last hop when the reachability step supplies one', () => {
    const ctx = build([service({ name: 'web', namespace: 'shop', selector: { app: 'web' }, clusterIP: '10.96.0.32', ports: [{ port: 80, targetPort: 8080 }] })]);
    const reach = (_s: RouteSource, e: { ip: string }): { allowed: boolean; decision: string } | undefined => (e.ip === '10.244.2.2' ? { allowed: false, decision: 'denied by NetworkPolicy shop/deny-web-2' } : undefined);
    const r = traceRoute(ctx, T('svc/shop/web:80'), S('shop/client'), { reach });
    expect(r.endpoints.map((e) => e.ip)).toEqual(['10.244.1.2']);
    expect(r.hops.some((h) => h.step === 'policy' && h.decision.includes('deny-web-2'))).toBe(true);
    expect(traceRoute(ctx, T('svc/shop/web:80'), S('shop/client'), { reach: () => ({ allowed: false, decision: 'default deny' }) }).outcome).toBe('dropped');
  });

  it('rejects targets it cannot read, as values', () => {
    expect(parseTarget('nonsense')).toHaveProperty('error');
    expect(parseSource('shop/nobody', pods)).toHaveProperty('error');
  });
});

describe('routingTable and routing problems', () => {
  it('lists LoadBalancer, NodePort, externalIP and Ingress entries', () => {
    const ing = resource({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'shop' }, spec: { rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } });
    const ctx = build([service({ name: 'web', namespace: 'shop', type: 'LoadBalancer', selector: { app: 'web' }, clusterIP: '10.96.0.28', ports: [{ port: 80, targetPort: 8080, nodePort: 30082 }], externalIPs: ['192.0.2.11'] })], [ing]);
    expect(routingTable(ctx).map((r) => `${r.kind} ${r.entry} -> ${r.leadsTo} (${r.endpoints})`)).toEqual([
      'LoadBalancer 198.51.100.1:80/TCP -> shop/web:80 (2)',
      'ExternalIP 192.0.2.11:80/TCP -> shop/web:80 (2)',
      'NodePort *:30082/TCP -> shop/web:80 (2)',
      'Ingress http://a.example.com/ (Prefix) -> shop/web:80 (2)',
    ]);
  });

  it('explains externalTrafficPolicy Local nodes without endpoints', () => {
    const ctx = build([service({ name: 'web', namespace: 'shop', type: 'LoadBalancer', selector: { app: 'web' }, clusterIP: '10.96.0.29', ports: [{ port: 80, targetPort: 8080, nodePort: 30083 }], externalTrafficPolicy: 'Local', healthCheckNodePort: 32000 })]);
    const p = routingProblems(ctx).filter((x) => x.code === 'lb-local-nodes-without-endpoints');
    expect(p).toHaveLength(1);
    expect(p[0]!.message).toContain('node-3');
    expect(p[0]!.message).toContain('healthCheckNodePort 32000');
  });

  it('leaves nodes labelled exclude-from-external-load-balancers out of the load balancer (kubeadm control plane)', () => {
    const svc = service({ name: 'web', namespace: 'shop', type: 'LoadBalancer', selector: { app: 'web' }, clusterIP: '10.96.0.31', ports: [{ port: 80, targetPort: 8080, nodePort: 30084 }], externalTrafficPolicy: 'Local' });
    const cp = node('node-3', '192.168.0.3', { 'node.kubernetes.io/exclude-from-external-load-balancers': '' });
    const ns = [nodes[0]!, nodes[1]!, cp];
    const eps = deriveEndpoints({ services: [svc], pods, nodes: ns });
    const ctx = buildRoutingContext({ services: [svc], endpointSlices: eps.endpointSlices, nodes: ns, pods, resources: [] });
    expect(routingProblems(ctx).filter((p) => p.code === 'lb-local-nodes-without-endpoints')).toEqual([]);
  });

  it('reports missing backends, ports, duplicate host+path, invalid paths, uncovered TLS hosts', () => {
    const mk = (name: string, spec: Record<string, unknown>, ts: string): ReturnType<typeof resource> => resource({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: 'shop', creationTimestamp: ts }, spec });
    const path = (p: string, svc: string, port: Record<string, unknown>): Record<string, unknown> => ({ path: p, pathType: 'Prefix', backend: { service: { name: svc, port } } });
    const ctx = build([service({ name: 'web', namespace: 'shop', selector: { app: 'web' }, clusterIP: '10.96.0.30', ports: [{ name: 'http', port: 80, targetPort: 8080 }] })], [
      mk('a', { tls: [{ hosts: ['other.example.com'] }], rules: [{ host: 'a.example.com', http: { paths: [path('/', 'web', { number: 80 }), path('/x', 'missing', { number: 80 }), path('/y', 'web', { number: 8080 }), path('bad', 'web', { name: 'http' })] } }] }, '2024-01-01T00:00:00Z'),
      mk('b', { rules: [{ host: 'a.example.com', http: { paths: [path('/', 'web', { number: 80 })] } }] }, '2024-02-01T00:00:00Z'),
    ]);
    const codes = routingProblems(ctx).map((p) => `${p.code} ${p.resource.name} ${p.pointer}`);
    expect(codes).toEqual([
      'ingress-backend-service-missing a /spec/rules/0/http/paths/1/backend/service/name',
      'ingress-backend-port-missing a /spec/rules/0/http/paths/2/backend/service/port',
      'ingress-path-invalid a /spec/rules/0/http/paths/3/path',
      'ingress-tls-host-uncovered a /spec/tls/0/hosts/0',
      'ingress-duplicate-host-path b /spec/rules/0/http/paths/0/path',
    ]);
  });
});
