/**
 * Properties of the scheduler (issue 5, Tests): no node is ever overcommitted; every placement satisfies every
 * filter and every unschedulable pod fails a filter on every node, both judged by an independent evaluator
 * written here from the API documentation (taints/tolerations, nodeSelector, hostPorts, allocatable); the same
 * input gives the same placement; adding an empty node never makes a schedulable pod unschedulable.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Quantity } from '../../src/model/quantity.js';
import type { SimNode } from '../../src/sim/types.js';
import { Scheduler, type PodToSchedule } from '../../src/sim/scheduler/scheduler.js';

interface GenNode {
  cpu: number;
  memMi: number;
  pods: number;
  zone: string;
  disk?: string;
  tainted: boolean;
  unschedulable: boolean;
}
interface GenPod {
  cpu: number;
  memMi: number;
  disk?: string;
  tolerates: boolean;
  hostPort: number;
}

const nodeArb: fc.Arbitrary<GenNode> = fc.record({
  cpu: fc.integer({ min: 500, max: 8000 }),
  memMi: fc.integer({ min: 512, max: 16384 }),
  pods: fc.integer({ min: 1, max: 8 }),
  zone: fc.constantFrom('a', 'b', 'c'),
  disk: fc.option(fc.constantFrom('ssd', 'hdd'), { nil: undefined }),
  tainted: fc.boolean(),
  // About one node in ten is cordoned.
  unschedulable: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
});
const podArb: fc.Arbitrary<GenPod> = fc.record({
  cpu: fc.integer({ min: 0, max: 3000 }),
  memMi: fc.integer({ min: 0, max: 4096 }),
  disk: fc.option(fc.constantFrom('ssd', 'hdd'), { nil: undefined }),
  tolerates: fc.boolean(),
  hostPort: fc.constantFrom(0, 0, 0, 80, 443),
});

function simNode(g: GenNode, i: number): SimNode {
  return {
    name: `n${String(i).padStart(2, '0')}`,
    labels: { 'kubernetes.io/hostname': `n${i}`, zone: g.zone, ...(g.disk ? { disk: g.disk } : {}) },
    taints: g.tainted ? [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] : [],
    unschedulable: g.unschedulable,
    allocatable: new Map([
      ['cpu', Quantity.fromMilli(g.cpu)],
      ['memory', Quantity.fromValue(g.memMi * 1024 * 1024)],
      ['pods', Quantity.fromValue(g.pods)],
    ]),
    addresses: [],
    internalIP: `172.18.0.${i + 2}`,
    podCIDR: `10.244.${i}.0/24`,
  };
}

function podSpec(g: GenPod): PodToSchedule['spec'] {
  const requests: Record<string, string> = {};
  if (g.cpu > 0) requests.cpu = `${g.cpu}m`;
  if (g.memMi > 0) requests.memory = `${g.memMi}Mi`;
  return {
    containers: [{ name: 'c', resources: { requests }, ...(g.hostPort ? { ports: [{ containerPort: g.hostPort, hostPort: g.hostPort, protocol: 'TCP' }] } : {}) }],
    ...(g.disk ? { nodeSelector: { disk: g.disk } } : {}),
    ...(g.tolerates ? { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] } : {}),
  };
}

/** Independent oracle: per-node usage and the documented admission rules for these generated shapes. */
class Oracle {
  readonly cpu: number[];
  readonly mem: number[];
  readonly count: number[];
  readonly ports: Set<number>[];
  constructor(readonly nodes: readonly GenNode[]) {
    this.cpu = nodes.map(() => 0);
    this.mem = nodes.map(() => 0);
    this.count = nodes.map(() => 0);
    this.ports = nodes.map(() => new Set());
  }
  fits(p: GenPod, i: number): boolean {
    const n = this.nodes[i] as GenNode;
    if (n.unschedulable) return false;
    if (n.tainted && !p.tolerates) return false;
    if (p.disk !== undefined && n.disk !== p.disk) return false;
    if (p.hostPort && (this.ports[i] as Set<number>).has(p.hostPort)) return false;
    if ((this.count[i] as number) + 1 > n.pods) return false;
    if (p.cpu > 0 && (this.cpu[i] as number) + p.cpu > n.cpu) return false;
    if (p.memMi > 0 && (this.mem[i] as number) + p.memMi > n.memMi) return false;
    return true;
  }
  add(p: GenPod, i: number): void {
    this.cpu[i] = (this.cpu[i] as number) + p.cpu;
    this.mem[i] = (this.mem[i] as number) + p.memMi;
    this.count[i] = (this.count[i] as number) + 1;
    if (p.hostPort) (this.ports[i] as Set<number>).add(p.hostPort);
  }
}

function scheduleAll(nodes: readonly GenNode[], pods: readonly GenPod[]): (string | undefined)[] {
  const s = new Scheduler(nodes.map(simNode));
  return pods.map((p, i) => s.schedule({ namespace: 'default', name: `p${i}`, labels: { app: 'x' }, spec: podSpec(p), priority: 0 }).node);
}

const SEED = 42;

describe('scheduler properties', () => {
  it('placements satisfy every filter, unschedulable pods fail on every node, nothing is overcommitted', () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 6 }), fc.array(podArb, { minLength: 1, maxLength: 25 }), (gnodes, gpods) => {
        const s = new Scheduler(gnodes.map(simNode));
        const oracle = new Oracle(gnodes);
        gpods.forEach((p, k) => {
          const r = s.schedule({ namespace: 'default', name: `p${k}`, labels: { app: 'x' }, spec: podSpec(p), priority: 0 });
          if (r.node !== undefined) {
            const i = Number(r.node.slice(1));
            expect(oracle.fits(p, i)).toBe(true);
            oracle.add(p, i);
          } else {
            for (let i = 0; i < gnodes.length; i++) expect(oracle.fits(p, i)).toBe(false);
            expect(r.message?.startsWith(`0/${gnodes.length} nodes are available:`)).toBe(true);
          }
        });
        gnodes.forEach((n, i) => {
          expect(oracle.cpu[i]).toBeLessThanOrEqual(n.cpu);
          expect(oracle.mem[i]).toBeLessThanOrEqual(n.memMi);
          expect(oracle.count[i]).toBeLessThanOrEqual(n.pods);
        });
        for (const u of s.usage()) {
          expect(u.cpu[0]).toBeLessThanOrEqual(u.cpu[1]);
          expect(u.memory[0]).toBeLessThanOrEqual(u.memory[1]);
          expect(u.pods[0]).toBeLessThanOrEqual(u.pods[1]);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('the same input gives the same placement', () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 6 }), fc.array(podArb, { minLength: 1, maxLength: 25 }), (gnodes, gpods) => {
        expect(scheduleAll(gnodes, gpods)).toEqual(scheduleAll(gnodes, gpods));
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('adding an empty node never makes a schedulable pod unschedulable', () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 5 }), fc.array(podArb, { maxLength: 15 }), podArb, nodeArb, (gnodes, existing, p, extra) => {
        // The existing pods are bound where the first run put them, in both clusters.
        const base = new Scheduler(gnodes.map(simNode));
        const grown = new Scheduler([...gnodes, extra].map(simNode));
        existing.forEach((e, k) => {
          const pod = { namespace: 'default', name: `e${k}`, labels: { app: 'x' }, spec: podSpec(e), priority: 0 };
          const r = base.schedule(pod);
          if (r.node) grown.bind(pod, r.node);
        });
        const candidate = { namespace: 'default', name: 'p', labels: { app: 'x' }, spec: podSpec(p), priority: 0 };
        if (base.schedule(candidate).node !== undefined) expect(grown.schedule(candidate).node).toBeDefined();
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
