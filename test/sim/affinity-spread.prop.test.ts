/**
 * Property (issue 5, Tests), for the constraint plugins: every placement satisfies required pod anti-affinity
 * (hostname) and DoNotSchedule topology spread (zone, maxSkew 1), and every unschedulable pod fails a filter on
 * every node, as judged by an independent evaluator written from the documentation
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/ "skew" definition and
 * https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Quantity } from '../../src/model/quantity.js';
import type { SimNode } from '../../src/sim/types.js';
import { Scheduler } from '../../src/sim/scheduler/scheduler.js';

type App = 'anti' | 'spread' | 'plain';
interface GenNode {
  zone: string;
  cpu: number;
}
interface GenPod {
  app: App;
  cpu: number;
}

const specs: Record<App, Record<string, unknown>> = {
  anti: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'anti' } }, topologyKey: 'kubernetes.io/hostname' }] } } },
  spread: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'spread' } } }] },
  plain: {},
};

function node(g: GenNode, i: number): SimNode {
  const name = `n${String(i).padStart(2, '0')}`;
  return {
    name,
    labels: { 'kubernetes.io/hostname': name, zone: g.zone },
    taints: [],
    unschedulable: false,
    allocatable: new Map([
      ['cpu', Quantity.fromMilli(g.cpu)],
      ['memory', Quantity.parse('8Gi')],
      ['pods', Quantity.fromValue(20)],
    ]),
    addresses: [],
    internalIP: '10.0.0.1',
    podCIDR: '10.244.0.0/24',
  };
}

describe('constraint plugins against an independent evaluator', () => {
  it('anti-affinity and spread hold for every placement; unschedulable pods fail everywhere', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ zone: fc.constantFrom('a', 'b', 'c'), cpu: fc.integer({ min: 500, max: 4000 }) }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.record({ app: fc.constantFrom<App>('anti', 'spread', 'plain'), cpu: fc.integer({ min: 100, max: 1500 }) }), { minLength: 1, maxLength: 25 }),
        (gnodes, gpods) => {
          const s = new Scheduler(gnodes.map(node));
          const cpuUsed = gnodes.map(() => 0);
          const apps: App[][] = gnodes.map(() => []);
          const fits = (p: GenPod, i: number): boolean => {
            const n = gnodes[i] as GenNode;
            if ((cpuUsed[i] as number) + p.cpu > n.cpu) return false;
            if ((apps[i] as App[]).length + 1 > 20) return false;
            // Anti-affinity is symmetric here: an "anti" pod may not share a node with another "anti" pod.
            if (p.app === 'anti' && (apps[i] as App[]).includes('anti')) return false;
            if (p.app === 'spread') {
              const zones = [...new Set(gnodes.map((x) => x.zone))];
              const count = (z: string): number => gnodes.reduce((sum, x, j) => sum + (x.zone === z ? (apps[j] as App[]).filter((a) => a === 'spread').length : 0), 0);
              const min = Math.min(...zones.map(count));
              if (count(n.zone) + 1 - min > 1) return false;
            }
            return true;
          };
          gpods.forEach((p, k) => {
            const spec = { containers: [{ name: 'c', resources: { requests: { cpu: `${p.cpu}m` } } }], ...specs[p.app] };
            const r = s.schedule({ namespace: 'default', name: `p${k}`, labels: { app: p.app }, spec, priority: 0 });
            if (r.node !== undefined) {
              const i = Number(r.node.slice(1));
              expect(fits(p, i)).toBe(true);
              cpuUsed[i] = (cpuUsed[i] as number) + p.cpu;
              (apps[i] as App[]).push(p.app);
            } else {
              for (let i = 0; i < gnodes.length; i++) expect(fits(p, i)).toBe(false);
            }
          });
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});
