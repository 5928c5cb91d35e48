/**
 * Property: the scheduler's scoring shortcuts give the scores a plain evaluation gives. PodTopologySpread
 * scores (resolved constraints cached per template, weights cached when every node is feasible, counts in
 * reused scratch arrays) equal a recount from the placement written from scoring.go; the weighted total of a
 * node (whose resource part is kept on the node while it is unchanged) equals the sum of its plugin scores;
 * pod specs with equal scheduling views (one compilation, shared) place pods as specs compiled one by one do.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Quantity } from '../../src/model/quantity.js';
import type { SimNode } from '../../src/sim/types.js';
import { Scheduler, type PodToSchedule } from '../../src/sim/scheduler/scheduler.js';
import { SCORE_WEIGHTS, type ScorePlugin } from '../../src/sim/scheduler/scores.js';

const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

interface GenNode {
  zone: string | undefined;
  hasHost: boolean;
  unschedulable: boolean;
  cpu: number;
}

function node(g: GenNode, i: number): SimNode {
  const name = `n${String(i).padStart(2, '0')}`;
  const labels: Record<string, string> = {};
  if (g.hasHost) labels[HOST] = name;
  if (g.zone !== undefined) labels[ZONE] = g.zone;
  return {
    name,
    labels,
    taints: [],
    unschedulable: g.unschedulable,
    allocatable: new Map([
      ['cpu', Quantity.fromMilli(g.cpu)],
      ['memory', Quantity.parse('8Gi')],
      ['pods', Quantity.fromValue(50)],
    ]),
    addresses: [],
    internalIP: '10.0.0.1',
    podCIDR: '10.244.0.0/24',
  };
}

const genNode = fc.record({
  zone: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }),
  hasHost: fc.constantFrom(true, true, true, false),
  unschedulable: fc.boolean(),
  cpu: fc.constantFrom(2000, 4000, 8000),
});

interface GenConstraint {
  key: string;
  maxSkew: number;
}

const genConstraints = fc.array(fc.record({ key: fc.constantFrom(HOST, ZONE), maxSkew: fc.integer({ min: 1, max: 4 }) }), { maxLength: 2 });

function spec(cs: readonly GenConstraint[], cpu: string): Record<string, unknown> {
  return {
    containers: [{ name: 'c', resources: { requests: { cpu, memory: '64Mi' } } }],
    ...(cs.length > 0
      ? { topologySpreadConstraints: cs.map((c) => ({ maxSkew: c.maxSkew, topologyKey: c.key, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'x' } } })) }
      : {}),
  };
}

/** scoring.go, evaluated from scratch: the PodTopologySpread score of each feasible node. */
function referenceSpread(nodes: readonly SimNode[], feasible: readonly string[], placed: ReadonlyMap<string, string[]>, cs: readonly GenConstraint[], declared: boolean): Map<string, number> {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const constraints = declared ? cs : [{ key: HOST, maxSkew: 3 }, { key: ZONE, maxSkew: 5 }];
  const hasAll = (n: SimNode): boolean => constraints.every((c) => n.labels[c.key] !== undefined);
  const scored = feasible.filter((f) => !declared || hasAll(byName.get(f) as SimNode));
  const weights = constraints.map((c) => Math.log((c.key === HOST ? scored.length : new Set(scored.map((f) => (byName.get(f) as SimNode).labels[c.key] ?? '')).size) + 2));
  const counts = constraints.map(() => new Map<string, number>());
  for (const [nodeName, apps] of placed) {
    const n = byName.get(nodeName) as SimNode;
    if (declared && !hasAll(n)) continue;
    constraints.forEach((c, i) => {
      const v = n.labels[c.key];
      if (v === undefined) return;
      const k = c.key === HOST ? n.name : v;
      const m = counts[i] as Map<string, number>;
      m.set(k, (m.get(k) ?? 0) + apps.filter((a) => a === 'x').length);
    });
  }
  const raw = new Map<string, number>();
  for (const f of scored) {
    const n = byName.get(f) as SimNode;
    let s = 0;
    constraints.forEach((c, i) => {
      const v = n.labels[c.key];
      if (v === undefined) return;
      if (c.key !== HOST) s += ((counts[i] as Map<string, number>).get(v) ?? 0) * (weights[i] as number);
      s += c.maxSkew - 1;
    });
    constraints.forEach((c, i) => {
      const cnt = c.key === HOST && n.labels[c.key] !== undefined ? ((counts[i] as Map<string, number>).get(n.name) ?? 0) : 0;
      if (cnt > 0) s += cnt * (weights[i] as number);
    });
    raw.set(f, Math.round(s));
  }
  const values = [...raw.values()];
  const min = Math.min(...values);
  const max = Math.max(0, ...values);
  return new Map(feasible.map((f) => [f, !raw.has(f) ? 0 : max === 0 ? 100 : Math.trunc((100 * (max + min - (raw.get(f) as number))) / max)]));
}

describe('scoring shortcuts against plain evaluation', () => {
  it('spread scores equal a recount; totals equal the weighted plugin scores', () => {
    fc.assert(
      fc.property(
        fc.array(genNode, { minLength: 1, maxLength: 8 }),
        fc.array(fc.record({ app: fc.constantFrom('x', 'y'), node: fc.nat() }), { maxLength: 12 }),
        genConstraints,
        fc.integer({ min: 0, max: 4 }),
        (gens, existing, cs, replicas) => {
          const nodes = gens.map(node);
          const s = new Scheduler(nodes);
          const placed = new Map<string, string[]>();
          existing.forEach((e, i) => {
            const n = nodes[e.node % nodes.length] as SimNode;
            s.bind({ namespace: 'default', name: `e${i}`, labels: { app: e.app }, spec: spec([], '100m'), priority: 0 }, n.name);
            placed.set(n.name, [...(placed.get(n.name) ?? []), e.app]);
          });
          const podSpec = spec(cs, '250m');
          const pod = (i: number): PodToSchedule => ({ namespace: 'default', name: `p${i}`, labels: { app: 'x' }, spec: podSpec, priority: 0, defaultSpreadSelector: { app: 'x' } });
          // Replicas first: they fill the per-node score caches the explained pod then reads.
          for (let i = 0; i < replicas; i++) {
            const r = s.schedule(pod(i));
            if (r.node !== undefined) placed.set(r.node, [...(placed.get(r.node) ?? []), 'x']);
          }
          const e = s.explain(pod(replicas));
          const feasible = e.nodes.filter((n) => n.feasible).map((n) => n.node);
          const want = referenceSpread(nodes, feasible, placed, cs, cs.length > 0);
          for (const n of e.nodes) {
            if (!n.feasible || !n.scores) continue;
            expect(n.scores.PodTopologySpread).toBe(want.get(n.node));
            const total = (Object.entries(n.scores) as [ScorePlugin, number][]).reduce((sum, [plugin, v]) => sum + SCORE_WEIGHTS[plugin] * v, 0);
            expect(n.total).toBe(total);
          }
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('specs sharing one compilation place pods as specs compiled one by one', () => {
    fc.assert(
      fc.property(
        fc.array(genNode, { minLength: 1, maxLength: 6 }),
        fc.array(fc.record({ cs: genConstraints, cpu: fc.constantFrom('100m', '500m', '1500m'), replicas: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 5 }),
        (gens, workloads) => {
          // A toleration of a taint no node has makes every spec distinct for the scheduler without changing
          // where it fits, so each is compiled on its own.
          const place = (distinct: boolean): (string | undefined)[] => {
            const s = new Scheduler(gens.map(node));
            const out: (string | undefined)[] = [];
            workloads.forEach((w, wi) => {
              const shared = spec(w.cs, w.cpu);
              for (let i = 0; i < w.replicas; i++) {
                const podSpec = distinct ? { ...structuredClone(shared), tolerations: [{ key: `unused-${out.length}`, operator: 'Exists' }] } : structuredClone(shared);
                const p = { namespace: 'default', name: `w${wi}-${i}`, labels: { app: wi % 2 === 0 ? 'x' : 'y' }, spec: podSpec, priority: 0 };
                const r = s.schedule(p);
                out.push(r.node ?? r.message);
              }
            });
            return out;
          };
          expect(place(true)).toEqual(place(false));
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});
