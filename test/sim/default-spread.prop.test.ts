/**
 * Property: the default spread selector (helper.DefaultSelector) found through the index of Service selectors
 * by first entry, and reused from the previous replica, is the one a scan of every Service of the namespace
 * in input order gives: the controller's selector with each matching Service selector merged in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelFromYaml } from '../helpers/model.js';
import { DefaultSpreadSelectors } from '../../src/sim/default-spread.js';
import type { PodDraft } from '../../src/sim/workloads.js';

const labelMap = fc.dictionary(fc.constantFrom('app', 'tier', 'team'), fc.constantFrom('a', 'b'), { maxKeys: 3 });

function scan(services: readonly { ns: string; selector: Record<string, string> }[], d: PodDraft): Record<string, string> | undefined {
  let merged: Record<string, string> = { ...(d.defaultSpreadSelector ?? {}) };
  for (const s of services) {
    const entries = Object.entries(s.selector);
    if (s.ns !== d.namespace || entries.length === 0) continue;
    if (entries.every(([k, v]) => d.labels[k] === v)) merged = { ...merged, ...s.selector };
  }
  return Object.keys(merged).length === 0 ? undefined : merged;
}

describe('default spread selectors', () => {
  it('equal a scan of every Service selector in input order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ ns: fc.constantFrom('x', 'y'), selector: labelMap }), { maxLength: 8 }),
        fc.array(fc.record({ ns: fc.constantFrom('x', 'y'), labels: labelMap, controller: fc.nat({ max: 2 }) }), { minLength: 1, maxLength: 10 }),
        (services, pods) => {
          const yaml = services
            .map((s, i) => `apiVersion: v1\nkind: Service\nmetadata: { name: s${i}, namespace: ${s.ns} }\nspec:\n  selector: ${JSON.stringify(s.selector)}\n  ports: [{ port: 80 }]\n`)
            .join('---\n');
          const selectors = new DefaultSpreadSelectors(modelFromYaml(yaml || 'apiVersion: v1\nkind: Namespace\nmetadata: { name: x }\n'));
          const controllers = [{ app: 'a' }, {}, { tier: 'b' }];
          for (const p of pods) {
            const d = { namespace: p.ns, labels: p.labels, defaultSpreadSelector: controllers[p.controller] } as unknown as PodDraft;
            expect(selectors.of(d)).toEqual(scan(services, d));
          }
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});
