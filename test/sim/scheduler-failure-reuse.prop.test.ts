/**
 * The scheduler skips the cycle of a pod identical to one that failed since the last bind (the next replica
 * of an unschedulable workload). Property: on random clusters and workloads (replicas sharing one spec, as
 * the controllers make them, in two namespaces; anti-affinity, spread, affinity to another workload, priorities that preempt, pinned nodes), every pod gets
 * exactly the result it gets with the shortcut off: node, FitError message and victims.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Quantity } from '../../src/model/quantity.js';
import type { SimNode } from '../../src/sim/types.js';
import { Scheduler, type PodToSchedule } from '../../src/sim/scheduler/scheduler.js';

type Shape = 'plain' | 'anti' | 'spread' | 'pinned' | 'affine';
interface Workload {
  shape: Shape;
  namespace: string;
  cpu: number;
  replicas: number;
  priority: number;
}

function node(zone: string, cpu: number, i: number): SimNode {
  const name = `n${String(i).padStart(2, '0')}`;
  return {
    name,
    labels: { 'kubernetes.io/hostname': name, zone },
    taints: [],
    unschedulable: false,
    allocatable: new Map([
      ['cpu', Quantity.fromMilli(cpu)],
      ['memory', Quantity.parse('8Gi')],
      ['pods', Quantity.fromValue(6)],
    ]),
    addresses: [],
    internalIP: `10.0.0.${i + 1}`,
    podCIDR: `10.244.${i}.0/24`,
  };
}

function spec(w: Workload, app: string): PodToSchedule['spec'] {
  const containers = [{ name: 'c', resources: { requests: { cpu: `${w.cpu}m` } } }];
  switch (w.shape) {
    case 'anti':
      return { containers, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' }] } } };
    case 'spread':
      return { containers, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app } } }] };
    case 'affine':
      // Unschedulable until some app-0 pod runs in the zone: a later bind can make an identical pod fit.
      return { containers, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'app-0' } }, topologyKey: 'zone' }] } } };
    case 'pinned':
      return { containers, affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n00'] }] }] } } } };
    default:
      return { containers };
  }
}

/** Every replica of every workload, in an interleaved order given by `order` (replicas share their spec). */
function pods(workloads: Workload[], order: number[]): PodToSchedule[] {
  const all: PodToSchedule[] = [];
  workloads.forEach((w, i) => {
    const app = `app-${i % 3}`;
    const shared = spec(w, app);
    // Workloads of one template in other namespaces, with labels of their own: a failure may be shared only when
    // nothing in the cycle reads them.
    const labels = { app, workload: `w${i}` };
    for (let r = 0; r < w.replicas; r++) all.push({ namespace: w.namespace, name: `w${i}-${r}`, labels, spec: shared, priority: w.priority });
  });
  const rank = all.map((_, i) => order[i % Math.max(1, order.length)] ?? 0);
  return all.map((p, i) => ({ p, i })).sort((a, b) => (rank[a.i] as number) - (rank[b.i] as number) || a.i - b.i).map((x) => x.p);
}

function run(nodes: SimNode[], queue: PodToSchedule[], reuse: boolean): unknown[] {
  const s = new Scheduler(nodes, new Map(), 0, reuse);
  return queue.map((p) => {
    const res = s.schedule(p);
    return { node: res.node, message: res.message, victims: res.victims?.map((v) => v.name) };
  });
}

describe('reusing a failed cycle for an identical pod', () => {
  it('gives every pod the result of its own cycle', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 300, max: 3000 })), { minLength: 1, maxLength: 5 }),
        fc.array(
          fc.record({
            shape: fc.constantFrom<Shape>('plain', 'anti', 'spread', 'pinned', 'affine'),
            namespace: fc.constantFrom('ns', 'ns', 'other'),
            cpu: fc.constantFrom(100, 300, 700, 1500, 2000),
            replicas: fc.integer({ min: 1, max: 6 }),
            priority: fc.constantFrom(0, 0, 100, 1000),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 20 }),
        (gnodes, workloads, order) => {
          const nodes = gnodes.map(([zone, cpu], i) => node(zone, cpu, i));
          const queue = pods(workloads, order);
          expect(run(nodes, queue, true)).toEqual(run(nodes, queue, false));
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('does not share a failure caused by a placed pod anti-affine to the failed pod alone', () => {
    const nodes = [node('a', 1000, 0)];
    const plain = spec({ shape: 'plain', namespace: 'ns', cpu: 100, replicas: 1, priority: 0 }, 'unused');
    const queue: PodToSchedule[] = [
      { namespace: 'ns', name: 'guard', labels: { app: 'app-0' }, spec: spec({ shape: 'anti', namespace: 'ns', cpu: 100, replicas: 1, priority: 0 }, 'app-0'), priority: 0 },
      // Kept off the node by the guard's anti-affinity …
      { namespace: 'ns', name: 'same-app', labels: { app: 'app-0' }, spec: plain, priority: 0 },
      // … while a pod of the same template with other labels fits.
      { namespace: 'ns', name: 'other-app', labels: { app: 'app-1' }, spec: plain, priority: 0 },
    ];
    const results = run(nodes, queue, true);
    expect(results).toEqual(run(nodes, queue, false));
    expect(results[2]).toMatchObject({ node: 'n00' });
  });
});
