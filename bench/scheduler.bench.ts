/**
 * Scheduler throughput: 10k pods onto 1k and 5k nodes (issue 5 targets: >= 2,000 pods/s for basic pods at 5k
 * nodes, > 300 pods/s with spread and anti-affinity; memory under 1 GiB). Pods come in workloads of 50 replicas
 * sharing one spec, as controllers make them; requests, node selectors and tolerations are mixed; a tenth of
 * the nodes is tainted. Seeded: figures are comparable run to run.
 */
import { Quantity } from '../src/model/quantity.js';
import type { SimNode } from '../src/sim/types.js';
import { Scheduler, type PodToSchedule } from '../src/sim/scheduler/scheduler.js';
import { measure, rng, table } from './util.js';

const ZONES = ['zone-a', 'zone-b', 'zone-c'];

function makeNodes(n: number, rand: () => number): SimNode[] {
  return Array.from({ length: n }, (_, i) => {
    const big = rand() < 0.3;
    return {
      name: `node-${String(i).padStart(5, '0')}`,
      labels: {
        'kubernetes.io/hostname': `node-${i}`,
        'topology.kubernetes.io/zone': ZONES[i % 3] as string,
        ...(rand() < 0.5 ? { disk: 'ssd' } : { disk: 'hdd' }),
      },
      taints: i % 10 === 0 ? [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] : [],
      unschedulable: false,
      allocatable: new Map([
        ['cpu', Quantity.parse(big ? '32' : '8')],
        ['memory', Quantity.parse(big ? '128Gi' : '32Gi')],
        ['pods', Quantity.fromValue(110)],
      ]),
      addresses: [],
      internalIP: '10.0.0.1',
      podCIDR: '10.244.0.0/24',
    };
  });
}

type Mix = 'basic' | 'spread+anti-affinity';

function makePods(count: number, mix: Mix, rand: () => number): PodToSchedule[] {
  const pods: PodToSchedule[] = [];
  const cpus = ['100m', '250m', '500m', '1', '2'];
  const mems = ['128Mi', '256Mi', '512Mi', '1Gi', '2Gi'];
  for (let w = 0; pods.length < count; w++) {
    const app = `app-${w}`;
    const r = rand();
    const spec: Record<string, unknown> = {
      containers: [{ name: 'c', resources: { requests: { cpu: cpus[Math.floor(rand() * cpus.length)], memory: mems[Math.floor(rand() * mems.length)] } } }],
    };
    if (r < 0.2) spec.nodeSelector = { disk: 'ssd' };
    if (rand() < 0.1) spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }];
    if (mix === 'spread+anti-affinity') {
      const k = w % 4;
      if (k === 0)
        spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app } } }];
      else if (k === 1)
        spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' }] } };
      else if (k === 2)
        spec.topologySpreadConstraints = [{ maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app } } }];
    }
    for (let i = 0; i < 50 && pods.length < count; i++) pods.push({ namespace: `ns-${w % 20}`, name: `${app}-${i}`, labels: { app }, spec, priority: 0, defaultSpreadSelector: { app } });
  }
  return pods;
}

export default async function (): Promise<void> {
  const rows: Record<string, string | number>[] = [];
  for (const nodes of [1000, 5000]) {
    for (const mix of ['basic', 'spread+anti-affinity'] as const) {
      const rand = rng(42);
      const ns = makeNodes(nodes, rand);
      const pods = makePods(10_000, mix, rand);
      const cpu0 = process.cpuUsage();
      const m = await measure(() => {
        const s = new Scheduler(ns);
        let placed = 0;
        for (const p of pods) if (s.schedule(p).node !== undefined) placed++;
        return placed;
      });
      const cpu = process.cpuUsage(cpu0);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      // Wall time depends on what else the machine runs; CPU time of this process does not (much).
      rows.push({
        nodes,
        pods: pods.length,
        mix,
        placed: m.result,
        'wall s': m.ms / 1000,
        'pods/s (wall)': Math.round(pods.length / (m.ms / 1000)),
        'cpu s': cpuSeconds,
        'pods/s (cpu)': Math.round(pods.length / cpuSeconds),
        'peak MiB': m.peakMiB,
      });
    }
  }
  table(rows);
}
