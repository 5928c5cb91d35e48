/**
 * Services benchmark (issue 6): 10k Services and 50k pods on 100 nodes, 1k Ingresses.
 * Budget: endpoints + routing table + full zone under 5 s; one `route` or `dns` query on that input under
 * 1 s wall including load.
 *
 * Three tables:
 * 1. the services steps on a synthetic dry-run state (pods and Services built directly, as the scheduler and
 *    ipam would hand them over): endpoints, routing context + table, DNS data + zone file;
 * 2. what one query pays, step by step, in process, on the same cluster written as manifests (100 Nodes, 10k
 *    Services, 10k Deployments x 5 replicas, 1k Ingresses): load, model, scheduling, then what `dns` and
 *    `route` run after (endpoints and DNS entries on demand, src/sim/query.ts) — the split between the
 *    loader/model/scheduler and the services steps; writing and reading the load and scheduling cache entries
 *    (src/cache/load-cache.ts, src/sim/schedule-cache.ts); the endpoints of all Services for comparison;
 * 3. the built CLI on those files, as a user runs it: `dns NAME -f DIR`, `route URL -f DIR`, `dns --zone`,
 *    `route --table` (whole processes, wall and CPU time; `npm run build` first), each three ways: cold
 *    (`--no-cache`: parses the files, schedules every pod), first cached run (the same, then writes the load
 *    and scheduling cache entries) and warm (reads the parsed objects and the placement back), in a scratch
 *    cache directory.
 * Best of BENCH_RUNS runs (default 3) for tables 1 and 3, one run for table 2. The machine's load average is
 * printed with each table: on a shared machine wall time is inflated, CPU time much less.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeLoad, encodeLoad } from '../src/cache/load-cache.js';
import { loadTexts, readPaths } from '../src/load/index.js';
import { buildModel } from '../src/model/build.js';
import type { Resource } from '../src/model/resource.js';
import { splitApiVersion } from '../src/model/resource.js';
import { deriveEndpoints, endpointsOnDemand } from '../src/sim/endpoints.js';
import { buildDnsData, lookup, zoneFile } from '../src/sim/dns/index.js';
import { dnsDataOnDemand } from '../src/sim/dns/data.js';
import { scheduledState } from '../src/sim/index.js';
import { buildRoutingContext, parseSource, parseTarget, routingTable, traceRoute } from '../src/sim/routing/index.js';
import type { RouteSource, RouteTarget } from '../src/sim/routing/index.js';
import { endpointsInput, endpointsStep, routingInput } from '../src/sim/services.js';
import { decodeState, encodeState } from '../src/sim/state-codec.js';
import type { SimNamespace, SimNode, SimPod, SimService } from '../src/sim/types.js';
import { measure as measureWall, rng, table } from './util.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));

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

/** Best (lowest CPU) of `runs` measurements. */
async function best<T>(runs: number, fn: () => T): Promise<{ ms: number; cpuMs: number; peakMiB: number; result: T }> {
  let out: { ms: number; cpuMs: number; peakMiB: number; result: T } | undefined;
  for (let i = 0; i < runs; i++) {
    const m = await measure(fn);
    if (!out || m.cpuMs < out.cpuMs) out = m;
  }
  return out as { ms: number; cpuMs: number; peakMiB: number; result: T };
}

function load(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');
}

/** One whole CLI process: wall time here, CPU time (user + system) reported by the child itself on exit. */
function cli(args: readonly string[], cacheHome: string): { ms: number; cpuMs: number; bytes: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', join(root, 'bench', 'cpu-on-exit.mjs'), join(root, 'bin', 'run.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`k8s-lint ${args.join(' ')} exited ${String(r.status)}: ${r.stderr}`);
  const cpu = /K8S_LINT_BENCH_CPU_MS (\d+(?:\.\d+)?)/.exec(r.stderr);
  return { ms, cpuMs: cpu ? Number(cpu[1]) : NaN, bytes: r.stdout.length };
}

export default async function (): Promise<void> {
  // 1. The services steps on a synthetic state.
  console.log(`load average (1, 5, 15 min): ${load()}; best of ${RUNS}`);
  const g = synthetic();
  const rows: Record<string, string | number>[] = [];
  const eps = await best(RUNS, () => deriveEndpoints({ services: g.services, pods: g.pods, nodes: g.nodes }));
  rows.push({ step: 'endpoints (10k Services, 50k pods)', ms: eps.ms, cpuMs: eps.cpuMs, peakMiB: eps.peakMiB, out: `${eps.result.endpointSlices.length} slices` });
  const slices = eps.result.endpointSlices;
  const tbl = await best(RUNS, () => {
    const ctx = buildRoutingContext({ services: g.services, endpointSlices: slices, nodes: g.nodes, pods: g.pods, resources: g.ingresses });
    return { ctx, rows: routingTable(ctx) };
  });
  rows.push({ step: 'routing context + table', ms: tbl.ms, cpuMs: tbl.cpuMs, peakMiB: tbl.peakMiB, out: `${tbl.result.rows.length} entries` });
  const zone = await best(RUNS, () => {
    const data = buildDnsData({ services: g.services, endpointSlices: slices, pods: g.pods, namespaces: g.namespaces });
    return { data, text: zoneFile(data) };
  });
  rows.push({ step: 'DNS data + full zone file', ms: zone.ms, cpuMs: zone.cpuMs, peakMiB: zone.peakMiB, out: `${zone.result.text.split('\n').length} lines` });
  rows.push({ step: 'TOTAL endpoints + table + zone (budget 5000)', ms: eps.ms + tbl.ms + zone.ms, cpuMs: eps.cpuMs + tbl.cpuMs + zone.cpuMs, peakMiB: '', out: '' });
  const client = g.pods[123] as SimPod;
  const q = await best(RUNS, () => lookup(zone.result.data, 'svc-4242.ns-42', { from: client }));
  rows.push({ step: 'one dns query --from (search list walk)', ms: q.ms, cpuMs: q.cpuMs, peakMiB: '', out: q.result.response.rcode });
  const target = parseTarget('http://app-17.example.com/api/items') as RouteTarget;
  const source = parseSource('external', g.pods) as RouteSource;
  const r = await best(RUNS, () => traceRoute(tbl.result.ctx, target, source, { dns: zone.result.data }));
  rows.push({ step: 'one route trace (Ingress -> endpoints)', ms: r.ms, cpuMs: r.cpuMs, peakMiB: '', out: `${r.result.outcome}, ${r.result.hops.length} hops` });
  table(rows);

  // 2. and 3. The same cluster as files.
  const dir = mkdtempSync(join(tmpdir(), 'k8s-lint-bench-services-'));
  try {
    for (const [file, text] of benchManifests()) writeFileSync(join(dir, file), text);
    console.log(`\nquery path in process, step by step (one run); load average: ${load()}`);
    const split: Record<string, string | number>[] = [];
    const loaded = await measure(() => {
      const { texts } = readPaths([dir]);
      return { texts, ...loadTexts(texts) };
    });
    split.push({ step: 'load (read + parse 51 files)', ms: loaded.ms, cpuMs: loaded.cpuMs, out: `${loaded.result.resources.length} objects` });
    const loadEntry = await measure(() => Buffer.from(encodeLoad(loaded.result.texts, loaded.result) ?? ''));
    split.push({ step: 'load cache: write the entry (encode)', ms: loadEntry.ms, cpuMs: loadEntry.cpuMs, out: `${(loadEntry.result.length / 1048576).toFixed(1)} MiB` });
    const loadBack = await measure(() => decodeLoad(loadEntry.result, loaded.result.texts));
    split.push({ step: 'load cache: read it back (decode), instead of parsing', ms: loadBack.ms, cpuMs: loadBack.cpuMs, out: `${loadBack.result.resources.length} objects` });
    const model = await measure(() => buildModel(loaded.result.resources));
    split.push({ step: 'model', ms: model.ms, cpuMs: model.cpuMs, out: '' });
    const scheduled = await measure(() => scheduledState(model.result));
    const running = scheduled.result.pods.filter((p) => p.podIP !== undefined).length;
    split.push({ step: 'scheduling (workloads, admission, scheduler, ipam, Services)', ms: scheduled.ms, cpuMs: scheduled.cpuMs, out: `${running} of ${scheduled.result.pods.length} pods running` });
    const stored = await measure(() => encodeState(scheduled.result, model.result.resources) ?? '');
    split.push({ step: 'scheduling cache: write the entry (encode)', ms: stored.ms, cpuMs: stored.cpuMs, out: `${(stored.result.length / 1048576).toFixed(1)} MiB` });
    const readBack = await measure(() => decodeState(stored.result, model.result.resources));
    split.push({ step: 'scheduling cache: read it back (decode), instead of scheduling', ms: readBack.ms, cpuMs: readBack.cpuMs, out: '' });
    const ep = await measure(() => endpointsStep(model.result, scheduled.result));
    split.push({ step: 'endpoints of all Services (check, dns --zone, route --table)', ms: ep.ms, cpuMs: ep.cpuMs, out: `${ep.result.endpointSlices.length} slices` });
    const state = scheduled.result;
    const dq = await measure(() => {
      const endpoints = endpointsOnDemand(endpointsInput(model.result, state));
      const data = dnsDataOnDemand({ services: state.services, pods: state.pods, namespaces: state.namespaces, endpoints });
      return lookup(data, 'svc-4242.ns-42.svc.cluster.local');
    });
    split.push({ step: 'dns NAME: endpoints + DNS entry on demand + lookup', ms: dq.ms, cpuMs: dq.cpuMs, out: dq.result.response.rcode });
    const rq = await measure(() => {
      const endpoints = endpointsOnDemand(endpointsInput(model.result, state));
      return traceRoute(buildRoutingContext(routingInput(model.result, state, endpoints)), target, source);
    });
    split.push({ step: 'route URL: routing context + endpoints on demand + trace', ms: rq.ms, cpuMs: rq.cpuMs, out: `${rq.result.outcome}, ${rq.result.hops.length} hops` });
    table(split);

    console.log(`\nthe built CLI on those files (whole processes, best of ${RUNS}); load average: ${load()}`);
    const cacheHome = join(dir, '.cache-home');
    const cliRows: Record<string, string | number>[] = [];
    for (const args of [
      ['dns', 'svc-4242.ns-42.svc.cluster.local', '-f', dir],
      ['route', 'http://app-17.example.com/api/items', '-f', dir],
      ['dns', '--zone', dir],
      ['route', '--table', dir],
    ]) {
      const command = `k8s-lint ${args.map((a) => (a === dir ? 'DIR' : a)).join(' ')}`;
      const budget = args[1] === '--zone' || args[1] === '--table' ? '' : 1000;
      // Best wall and best CPU time, each over the runs (on a shared machine they may come from different runs).
      const row = (how: string, runs: { ms: number; cpuMs: number; bytes: number }[]): void => {
        cliRows.push({ command, cache: how, 'wall ms': Math.min(...runs.map((m) => m.ms)), 'cpu ms': Math.min(...runs.map((m) => m.cpuMs)), 'stdout KiB': Math.round((runs[0]?.bytes ?? 0) / 1024), budget });
      };
      row('cold (--no-cache)', Array.from({ length: RUNS }, () => cli([...args, '--no-cache'], cacheHome)));
      // Each first run starts from an empty cache: it schedules and writes the entry.
      row('first (writes)', Array.from({ length: RUNS }, () => {
        rmSync(cacheHome, { recursive: true, force: true });
        return cli(args, cacheHome);
      }));
      row('warm (reads)', Array.from({ length: RUNS }, () => cli(args, cacheHome)));
    }
    table(cliRows);
    console.log(`load average after: ${load()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
