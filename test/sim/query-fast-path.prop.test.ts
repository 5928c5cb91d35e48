/**
 * Property: the `dns` and `route` commands' fast path (src/sim/query.ts: load and model, then only the steps
 * the query reads, the endpoints step and DNS entries per Service on demand) answers exactly what the full run (`analyze`: schema, the whole dry run, rules) answers,
 * on random manifest sets: every DNS lookup (with and without a pod's search list, PTRs, SRVs, pod names),
 * the zone file, every route trace (NetworkPolicy hop included) and the routing table, byte for byte; and the
 * same input diagnostics on stderr. The same again with the scheduling cache (src/sim/schedule-cache.ts): the
 * answers from a placement read back from the cache are the full run's too.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeTexts, loadQueryTexts } from '../../src/index.js';
import type { ClusterState } from '../../src/sim/state.js';
import { formatLookup, lookup, lookupToJson, reverseName, zoneFile } from '../../src/sim/dns/index.js';
import { dnsDataOnDemand } from '../../src/sim/dns/data.js';
import type { DnsData, RRType } from '../../src/sim/dns/index.js';
import { formatTable, formatTrace, parseSource, parseTarget, routingTable, traceRoute, traceToJson } from '../../src/sim/routing/index.js';
import type { RoutingContext, TraceOptions } from '../../src/sim/routing/index.js';
import { routeReachHook } from '../../src/sim/netpol/route-hook.js';
import { dnsQueryState, queryState, routeQueryState } from '../../src/sim/query.js';
import type { ScheduleCache } from '../../src/sim/schedule-cache.js';

const APPS = ['web', 'api', 'db'] as const;
const NAMESPACES = ['shop', 'ops'] as const;

const workloadArb = fc.record({
  kind: fc.constantFrom('Deployment', 'StatefulSet'),
  app: fc.constantFrom(...APPS),
  ns: fc.constantFrom(...NAMESPACES),
  replicas: fc.integer({ min: 0, max: 3 }),
  portName: fc.constantFrom('http', 'web', 'metrics'),
  cpu: fc.constantFrom('100m', '500m', '3'),
  subdomain: fc.boolean(),
});

const serviceArb = fc.record({
  type: fc.constantFrom('ClusterIP', 'Headless', 'NodePort', 'LoadBalancer', 'ExternalName'),
  app: fc.constantFrom(...APPS),
  ns: fc.constantFrom(...NAMESPACES),
  targetPort: fc.constantFrom('http', 'web', '8080'),
  local: fc.boolean(),
  externalName: fc.constantFrom('db.example.com', 'web.shop.svc.cluster.local', '10.1.2.3'),
});

const ingressArb = fc.record({
  ns: fc.constantFrom(...NAMESPACES),
  host: fc.constantFrom('shop.example.com', '*.example.com', ''),
  path: fc.constantFrom('/', '/api', '/api/v1'),
  pathType: fc.constantFrom('Prefix', 'Exact', 'ImplementationSpecific'),
  service: fc.integer({ min: 0, max: 5 }),
  port: fc.constantFrom('80', 'http', '9999'),
});

const clusterArb = fc.record({
  nodes: fc.integer({ min: 0, max: 3 }),
  workloads: fc.array(workloadArb, { maxLength: 5 }),
  services: fc.array(serviceArb, { minLength: 1, maxLength: 6 }),
  ingresses: fc.array(ingressArb, { maxLength: 3 }),
  policy: fc.constantFrom('none', 'deny-shop', 'allow-web'),
  broken: fc.boolean(),
});

type Cluster = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

function manifests(c: Cluster): { file: string; text: string }[] {
  const docs: string[] = [];
  for (let i = 0; i < c.nodes; i++) {
    docs.push(`apiVersion: v1\nkind: Node\nmetadata: { name: node-${i}, labels: { topology.kubernetes.io/zone: z${i % 2} } }\nstatus:\n  allocatable: { cpu: "4", memory: 8Gi, pods: "110" }\n`);
  }
  c.workloads.forEach((w, i) => {
    const extra = w.kind === 'StatefulSet' ? `  serviceName: svc-0\n` : '';
    const sub = w.subdomain && w.kind === 'Deployment' ? `      hostname: host-${i}\n      subdomain: svc-1\n` : '';
    docs.push(
      `apiVersion: apps/v1\nkind: ${w.kind}\nmetadata: { name: wl-${i}, namespace: ${w.ns} }\nspec:\n${extra}  replicas: ${w.replicas}\n  selector: { matchLabels: { app: ${w.app}, wl: w${i} } }\n  template:\n    metadata: { labels: { app: ${w.app}, wl: w${i} } }\n    spec:\n${sub}      containers: [{ name: main, image: nginx, ports: [{ name: ${w.portName}, containerPort: 8080 }], resources: { requests: { cpu: ${w.cpu} } } }]\n`,
    );
  });
  c.services.forEach((s, i) => {
    const type = s.type === 'Headless' ? 'ClusterIP' : s.type;
    const spec =
      s.type === 'ExternalName'
        ? `  externalName: ${s.externalName}\n`
        : `${s.type === 'Headless' ? '  clusterIP: None\n' : ''}${s.local && (type === 'NodePort' || type === 'LoadBalancer') ? '  externalTrafficPolicy: Local\n' : ''}  selector: { app: ${s.app} }\n  ports: [{ name: http, port: 80, targetPort: ${s.targetPort} }, { name: metrics, port: 9090, protocol: TCP }]\n`;
    docs.push(`apiVersion: v1\nkind: Service\nmetadata: { name: svc-${i}, namespace: ${s.ns} }\nspec:\n  type: ${type}\n${spec}`);
  });
  c.ingresses.forEach((g, i) => {
    const port = /^\d+$/.test(g.port) ? `number: ${g.port}` : `name: ${g.port}`;
    const host = g.host ? `    - host: "${g.host}"\n      http:\n` : `    - http:\n`;
    docs.push(
      `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: ing-${i}, namespace: ${g.ns} }\nspec:\n  rules:\n${host}        paths:\n          - { path: ${g.path}, pathType: ${g.pathType}, backend: { service: { name: svc-${g.service}, port: { ${port} } } } }\n`,
    );
  });
  if (c.policy === 'deny-shop') docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: shop }\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`);
  if (c.policy === 'allow-web') {
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: allow-web, namespace: shop }\nspec:\n  podSelector: {}\n  ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }] }]\n`);
  }
  const files = [{ file: 'cluster.yaml', text: docs.join('---\n') }];
  // An unparsable file: its diagnostic must reach stderr on both paths.
  if (c.broken) files.push({ file: 'broken.yaml', text: 'kind: Service\nmetadata: {name: [\n' });
  return files;
}

/** The names a user would ask for on this state. */
function dnsQueries(state: ClusterState): { name: string; type: RRType }[] {
  const out: { name: string; type: RRType }[] = [
    { name: 'cluster.local', type: 'SOA' },
    { name: 'dns-version.cluster.local', type: 'TXT' },
  ];
  for (const s of state.services) {
    const fqdn = `${s.name}.${s.namespace}.svc.cluster.local`;
    for (const type of ['A', 'AAAA', 'SRV', 'CNAME'] as const) out.push({ name: fqdn, type });
    out.push({ name: `_http._tcp.${fqdn}`, type: 'SRV' }, { name: s.name, type: 'A' }, { name: `${s.name}.${s.namespace}`, type: 'A' });
    for (const ip of s.clusterIPs) out.push({ name: ip, type: 'PTR' });
  }
  for (const p of state.pods.slice(0, 6)) {
    if (!p.podIP) continue;
    out.push({ name: p.podIP, type: 'PTR' }, { name: `${p.podIP.replace(/\./g, '-')}.${p.namespace}.pod.cluster.local`, type: 'A' });
    const rev = reverseName(p.podIP);
    if (rev) out.push({ name: rev, type: 'PTR' });
  }
  return out;
}

function routeTargets(state: ClusterState, routing: RoutingContext): string[] {
  const out = ['http://shop.example.com/api/v1', 'https://a.example.com/', 'http://other.test/', 'http://web.shop/', 'http://svc-0.shop.svc.cluster.local/'];
  for (const s of state.services) {
    out.push(`svc/${s.namespace}/${s.name}:80`, `svc/${s.namespace}/${s.name}:metrics`);
    for (const p of s.ports) if (p.nodePort !== undefined) out.push(`node-0:${p.nodePort}`, `${state.nodes[0]?.internalIP ?? '192.168.0.1'}:${p.nodePort}`);
    for (const ip of routing.lbIPs.get(`${s.namespace}/${s.name}`)?.ips ?? []) out.push(`${ip}:80`);
  }
  return out;
}

function lookups(data: DnsData, state: ClusterState): string[] {
  const out: string[] = [];
  const from = state.pods.find((p) => p.podIP !== undefined);
  for (const q of dnsQueries(state)) {
    out.push(formatLookup(lookup(data, q.name, { type: q.type })));
    if (from) out.push(JSON.stringify(lookupToJson(lookup(data, q.name, { type: q.type, from }))));
  }
  return out;
}

describe('dns and route fast path (property)', () => {
  it('answers exactly what the full analysis answers', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const texts = manifests(c);
        const options = { namespace: 'shop', clusterDomain: 'cluster.local', lbPool: '198.51.100.0/30' };
        const full = analyzeTexts(texts, options);
        const fullState = full.state;
        if (!fullState.dns || !fullState.routing || !fullState.netpol) throw new Error('the full run has no dns, routing or netpol');
        const input = loadQueryTexts(texts, options);
        expect(input.findings).toEqual(full.findings.filter((f) => f.input));

        // dns: every query answered alone by fresh on-demand data (Service entries made as the name asks), then
        // all queries on one, then the zone file: the same as the full run's DNS data.
        const fast = queryState(input.model, options);
        const fresh = (): DnsData => dnsDataOnDemand({ services: fast.state.services, pods: fast.state.pods, namespaces: fast.state.namespaces, endpoints: fast.endpoints }, options);
        for (const q of dnsQueries(fullState)) {
          expect(formatLookup(lookup(fresh(), q.name, { type: q.type }))).toBe(formatLookup(lookup(fullState.dns, q.name, { type: q.type })));
        }
        expect(zoneFile(fresh())).toBe(zoneFile(fullState.dns));

        // Without the cache, then with a placement read back from it (the first call writes the entry).
        const cacheDir = mkdtempSync(join(tmpdir(), 'k8s-lint-query-cache-'));
        try {
          const warm: ScheduleCache = { dir: cacheDir, input: input.digest() };
          queryState(input.model, options, warm);
          expect(readdirSync(cacheDir)).toHaveLength(1);
          for (const cache of [undefined, warm]) {
            const fastDns = dnsQueryState(input.model, options, cache);
            expect(lookups(fastDns.dns, fastDns.state)).toEqual(lookups(fullState.dns, fullState));
            expect(zoneFile(fastDns.dns)).toBe(zoneFile(fullState.dns));

            // route: the same table and the same traces, DNS and NetworkPolicy hops included.
            const fastRoute = routeQueryState(input.model, options, cache);
            expect(formatTable(routingTable(fastRoute.routing))).toBe(formatTable(routingTable(fullState.routing)));
            const fullOptions: TraceOptions = { dns: fullState.dns, reach: routeReachHook(fullState.netpol) };
            const sources = ['external', 'external:203.0.113.9', ...fullState.pods.slice(0, 4).map((p) => `${p.namespace}/${p.name}`)];
            for (const t of routeTargets(fullState, fullState.routing)) {
              const target = parseTarget(t, 'shop');
              if ('error' in target) continue;
              for (const s of sources) {
                const fullSource = parseSource(s, fullState.pods, 'shop');
                const fastSource = parseSource(s, fastRoute.state.pods, 'shop');
                if ('error' in fullSource || 'error' in fastSource) {
                  expect(fastSource).toEqual(fullSource);
                  continue;
                }
                const want = traceRoute(fullState.routing, target, fullSource, fullOptions);
                const got = traceRoute(fastRoute.routing, target, fastSource, fastRoute.traceOptions);
                expect(formatTrace(got)).toBe(formatTrace(want));
                expect(traceToJson(got)).toEqual(traceToJson(want));
              }
            }
            // The DNS data a route trace builds on demand is the full run's.
            expect(typeof fastRoute.traceOptions.dns).toBe('function');
            expect(zoneFile((fastRoute.traceOptions.dns as () => DnsData)())).toBe(zoneFile(fullState.dns));
          }
        } finally {
          rmSync(cacheDir, { recursive: true, force: true });
        }
      }),
      { seed: 6, numRuns: 40 },
    );
  }, 120_000);
});
