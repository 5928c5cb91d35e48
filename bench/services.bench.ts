/**
 * Services benchmark (issue 6): 10k Services and 50k pods on 100 nodes, 1k Ingresses.
 * Budget: endpoints + routing table + full zone under 5 s; one `route` or `dns` query on that input under
 * 1 s wall including load. The pods and Services are built directly as the scheduler/ipam step would hand
 * them over (that step is benchmarked in bench/scheduler.bench.ts); "load" is the loader and model builder
 * on the equivalent manifests (10k Services + 10k Deployments of 5 replicas + 1k Ingresses).
 */
import { loadTexts } from '../src/load/index.js';
import { buildModel } from '../src/model/build.js';
import type { Resource } from '../src/model/resource.js';
import { splitApiVersion } from '../src/model/resource.js';
import { deriveEndpoints } from '../src/sim/endpoints.js';
import { buildDnsData, lookup, zoneFile } from '../src/sim/dns/index.js';
import { buildRoutingContext, parseSource, parseTarget, routingTable, traceRoute } from '../src/sim/routing/index.js';
import type { RouteSource, RouteTarget } from '../src/sim/routing/index.js';
import type { SimNamespace, SimNode, SimPod, SimService } from '../src/sim/types.js';
import { measure as measureWall, rng, table } from './util.js';

/**
 * Wall time and CPU time of one step. CPU time is reported too because a shared machine (several sessions
 * running tests at once) inflates wall time; on an idle machine they are close.
 */
async function measure<T>(fn: () => T): Promise<{ ms: number; cpuMs: number; peakMiB: number; result: T }> {
  const c0 = process.cpuUsage();
  const r = await measureWall(fn);
  const c = process.cpuUsage(c0);
  return { ...r, cpuMs: (c.user + c.system) / 1000 };
}

const SERVICES = 10_000;
const REPLICAS = 5;
const NODES = 100;
const INGRESSES = 1_000;
const NAMESPACES = 50;

function res(raw: Record<string, unknown>): Resource {
  const apiVersion = String(raw.apiVersion);
  const { group, version } = splitApiVersion(apiVersion);
  const meta = raw.metadata as { name: string; namespace?: string };
  const loc = { file: 'bench.yaml', line: 1, column: 1 };
  return {
    apiVersion,
    group,
    version,
    kind: String(raw.kind),
    namespace: meta.namespace,
    name: meta.name,
    key: `${group}/${String(raw.kind)}/${meta.namespace ?? ''}/${meta.name}`,
    raw,
    source: { file: 'bench.yaml', index: 0, startLine: 1, locate: () => loc },
    pointerPrefix: '',
  };
}

export function synthetic(): { services: SimService[]; pods: SimPod[]; nodes: SimNode[]; namespaces: Map<string, SimNamespace>; ingresses: Resource[]; yaml: string } {
  const rand = rng(42);
  const nodes: SimNode[] = Array.from({ length: NODES }, (_, i) => ({
    name: `node-${i}`,
    labels: { 'kubernetes.io/hostname': `node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 3}` },
    taints: [],
    unschedulable: false,
    allocatable: new Map(),
    addresses: [{ type: 'InternalIP', address: `192.168.${Math.floor(i / 250)}.${(i % 250) + 1}` }],
    internalIP: `192.168.${Math.floor(i / 250)}.${(i % 250) + 1}`,
    podCIDR: `10.244.${i}.0/24`,
  }));
  const namespaces = new Map<string, SimNamespace>();
  for (let n = 0; n < NAMESPACES; n++) namespaces.set(`ns-${n}`, { name: `ns-${n}`, labels: { 'kubernetes.io/metadata.name': `ns-${n}` } });
  const services: SimService[] = [];
  const pods: SimPod[] = [];
  const ingresses: Resource[] = [];
  const yaml: string[] = [];
  const perNode = new Array<number>(NODES).fill(0);
  for (let s = 0; s < SERVICES; s++) {
    const ns = `ns-${s % NAMESPACES}`;
    const name = `svc-${s}`;
    const kindRoll = rand();
    const type: SimService['type'] = kindRoll < 0.05 ? 'LoadBalancer' : kindRoll < 0.15 ? 'NodePort' : 'ClusterIP';
    const headless = type === 'ClusterIP' && kindRoll > 0.9;
    const clusterIP = headless ? 'None' : `10.${96 + Math.floor(s / 65536)}.${Math.floor(s / 256) % 256}.${s % 256}`;
    const raw = { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { app: name } } };
    services.push({
      namespace: ns,
      name,
      resource: res(raw),
      type,
      selector: { app: name },
      clusterIP,
      clusterIPs: headless ? [] : [clusterIP],
      headless,
      ports: [
        { name: 'http', protocol: 'TCP', port: 80, targetPort: 'http', ...(type !== 'ClusterIP' ? { nodePort: 30000 + (s % 2768) } : {}) },
        { name: 'metrics', protocol: 'TCP', port: 9090, targetPort: 9090 },
      ],
      externalIPs: [],
      loadBalancerIPs: [],
      loadBalancerSourceRanges: [],
      externalTrafficPolicy: rand() < 0.3 ? 'Local' : 'Cluster',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      sessionAffinityTimeoutSeconds: 10800,
      publishNotReadyAddresses: false,
    });
    yaml.push(`apiVersion: v1\nkind: Service\nmetadata: { name: ${name}, namespace: ${ns} }\nspec:\n  selector: { app: ${name} }\n  ports: [{ name: http, port: 80, targetPort: http }, { name: metrics, port: 9090 }]\n`);
    yaml.push(
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${name}, namespace: ${ns} }\nspec:\n  replicas: ${REPLICAS}\n  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} } }\n    spec:\n      containers: [{ name: main, image: nginx, ports: [{ name: http, containerPort: 8080 }] }]\n`,
    );
    const owner = res({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns }, spec: {} });
    for (let r = 0; r < REPLICAS; r++) {
      const n = Math.floor(rand() * NODES);
      const idx = ++perNode[n]!;
      pods.push({
        namespace: ns,
        name: `${name}-7d9f8c-${r}`,
        uid: `${s}-${r}`,
        labels: { app: name },
        annotations: {},
        spec: { containers: [{ name: 'main', ports: [{ name: 'http', containerPort: 8080 }] }] },
        origin: { resource: owner, templatePointer: '/spec/template' },
        phase: 'Running',
        nodeName: `node-${n}`,
        // Node n's pod CIDR is 10.244.n.0/24; pods past the 250th on a node spill into 10.245.n.0/24.
        podIP: idx <= 250 ? `10.244.${n}.${idx + 1}` : `10.245.${n}.${idx - 249}`,
        hostNetwork: false,
        ready: rand() > 0.02,
        priority: 0,
      });
    }
  }
  for (let i = 0; i < INGRESSES; i++) {
    const s = Math.floor(rand() * SERVICES);
    const ns = `ns-${s % NAMESPACES}`;
    const raw = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: `ing-${i}`, namespace: ns },
      spec: { rules: [{ host: `app-${i}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: `svc-${s}`, port: { number: 80 } } } }, { path: '/api', pathType: 'Prefix', backend: { service: { name: `svc-${s}`, port: { name: 'http' } } } }] } }] },
    };
    ingresses.push(res(raw));
    yaml.push(`apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: ing-${i}, namespace: ${ns} }\nspec:\n  rules:\n    - host: app-${i}.example.com\n      http:\n        paths:\n          - { path: /, pathType: Prefix, backend: { service: { name: svc-${s}, port: { number: 80 } } } }\n`);
  }
  return { services, pods, nodes, namespaces, ingresses, yaml: yaml.join('---\n') };
}


/**
 * The same cluster as manifests, as a user has it on disk: 100 Node objects (600 pods and a /22 podCIDR each,
 * so all 50k pods fit), then per namespace one file of its Services, Deployments and Ingresses. Seeded: the
 * same bytes every run. Returns file name -> text.
 */
export function benchManifests(): Map<string, string> {
  const rand = rng(42);
  const files = new Map<string, string[]>();
  const add = (file: string, doc: string): void => {
    const list = files.get(file);
    if (list) list.push(doc);
    else files.set(file, [doc]);
  };
  for (let i = 0; i < NODES; i++) {
    add(
      'nodes.yaml',
      `apiVersion: v1\nkind: Node\nmetadata:\n  name: node-${i}\n  labels: { kubernetes.io/hostname: node-${i}, topology.kubernetes.io/zone: zone-${i % 3} }\nspec:\n  podCIDR: 10.${128 + Math.floor(i / 64)}.${(i % 64) * 4}.0/22\nstatus:\n  allocatable: { cpu: "64", memory: 256Gi, pods: "600" }\n  addresses: [{ type: InternalIP, address: 192.168.${Math.floor(i / 250)}.${(i % 250) + 1} }]\n`,
    );
  }
  for (let s = 0; s < SERVICES; s++) {
    const ns = `ns-${s % NAMESPACES}`;
    const name = `svc-${s}`;
    const kindRoll = rand();
    const type = kindRoll < 0.05 ? 'LoadBalancer' : kindRoll < 0.15 ? 'NodePort' : 'ClusterIP';
    const headless = type === 'ClusterIP' && kindRoll > 0.9;
    const local = type !== 'ClusterIP' && rand() < 0.3;
    const file = `${ns}.yaml`;
    add(
      file,
      `apiVersion: v1\nkind: Service\nmetadata: { name: ${name}, namespace: ${ns} }\nspec:\n  type: ${type}\n${headless ? '  clusterIP: None\n' : ''}${local ? '  externalTrafficPolicy: Local\n' : ''}  selector: { app: ${name} }\n  ports: [{ name: http, port: 80, targetPort: http }, { name: metrics, port: 9090 }]\n`,
    );
    add(
      file,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${name}, namespace: ${ns} }\nspec:\n  replicas: ${REPLICAS}\n  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} } }\n    spec:\n      containers: [{ name: main, image: nginx, ports: [{ name: http, containerPort: 8080 }], resources: { requests: { cpu: 10m, memory: 16Mi } } }]\n`,
    );
  }
  for (let i = 0; i < INGRESSES; i++) {
    const s = Math.floor(rand() * SERVICES);
    const ns = `ns-${s % NAMESPACES}`;
    add(
      `${ns}.yaml`,
      `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: ing-${i}, namespace: ${ns} }\nspec:\n  rules:\n    - host: app-${i}.example.com\n      http:\n        paths:\n          - { path: /, pathType: Prefix, backend: { service: { name: svc-${s}, port: { number: 80 } } } }\n          - { path: /api, pathType: Prefix, backend: { service: { name: svc-${s}, port: { name: http } } } }\n`,
    );
  }
  return new Map([...files].map(([f, docs]) => [f, docs.join('---\n')]));
}

export default async function (): Promise<void> {
  const g = synthetic();
  const rows: Record<string, string | number>[] = [];
  const eps = await measure(() => deriveEndpoints({ services: g.services, pods: g.pods, nodes: g.nodes }));
  rows.push({ step: 'endpoints (10k Services, 50k pods)', ms: eps.ms, cpuMs: eps.cpuMs, peakMiB: eps.peakMiB, out: `${eps.result.endpointSlices.length} slices` });
  const slices = eps.result.endpointSlices;
  const ctx = await measure(() => buildRoutingContext({ services: g.services, endpointSlices: slices, nodes: g.nodes, pods: g.pods, resources: g.ingresses }));
  const tbl = await measure(() => routingTable(ctx.result));
  rows.push({ step: 'routing context + table', ms: ctx.ms + tbl.ms, cpuMs: ctx.cpuMs + tbl.cpuMs, peakMiB: Math.max(ctx.peakMiB, tbl.peakMiB), out: `${tbl.result.length} entries` });
  const dns = await measure(() => buildDnsData({ services: g.services, endpointSlices: slices, pods: g.pods, namespaces: g.namespaces }));
  const zone = await measure(() => zoneFile(dns.result));
  rows.push({ step: 'DNS data + full zone file', ms: dns.ms + zone.ms, cpuMs: dns.cpuMs + zone.cpuMs, peakMiB: Math.max(dns.peakMiB, zone.peakMiB), out: `${zone.result.split('\n').length} lines` });
  rows.push({ step: 'TOTAL endpoints + table + zone (budget 5000)', ms: eps.ms + ctx.ms + tbl.ms + dns.ms + zone.ms, cpuMs: eps.cpuMs + ctx.cpuMs + tbl.cpuMs + dns.cpuMs + zone.cpuMs, peakMiB: '', out: '' });

  const load = await measure(() => buildModel(loadTexts([{ file: 'bench.yaml', text: g.yaml }]).resources));
  rows.push({ step: 'load + model of the manifests (21k objects)', ms: load.ms, cpuMs: load.cpuMs, peakMiB: load.peakMiB, out: `${load.result.resources.length} objects` });
  const client = g.pods[123] as SimPod;
  const q = await measure(() => lookup(dns.result, 'svc-4242.ns-42', { from: client }));
  rows.push({ step: 'one dns query --from (search list walk)', ms: q.ms, cpuMs: q.cpuMs, peakMiB: '', out: q.result.response.rcode });
  const target = parseTarget('http://app-17.example.com/api/items') as RouteTarget;
  const source = parseSource('external', g.pods) as RouteSource;
  const r = await measure(() => traceRoute(ctx.result, target, source, { dns: dns.result }));
  rows.push({ step: 'one route trace (Ingress -> endpoints)', ms: r.ms, cpuMs: r.cpuMs, peakMiB: '', out: `${r.result.outcome}, ${r.result.hops.length} hops` });
  // What one CLI query pays after loading: its own steps on the loaded input, then the query.
  rows.push({ step: 'one query incl. load + endpoints + dns/routing (budget 1000)', ms: load.ms + eps.ms + ctx.ms + dns.ms + Math.max(q.ms, r.ms), cpuMs: load.cpuMs + eps.cpuMs + ctx.cpuMs + dns.cpuMs + Math.max(q.cpuMs, r.cpuMs), peakMiB: '', out: 'scheduler step not included' });
  table(rows);
}
