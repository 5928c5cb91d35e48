/**
 * selectorAccepted answers a matchLabels-only selector without compiling it; on random workloads it agrees with
 * the plain form it replaces: compile the selector (LabelSelectorAsSelector), refuse it when invalid or empty,
 * else accept it when it matches the template's labels.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asStringMap, get, isObject } from '../../src/model/guards.js';
import type { Resource } from '../../src/model/resource.js';
import { isSelectorError, selectorFromLabelSelector, selectorFromMap } from '../../src/model/selector.js';
import { selectorAccepted } from '../../src/sim/workloads.js';

const VALIDATED = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController']);

function plainAccepted(r: Resource): boolean {
  if (!VALIDATED.has(r.kind)) return true;
  const template = get(r.raw, 'spec', 'template');
  if (!isObject(template)) return true;
  const raw = get(r.raw, 'spec', 'selector');
  if (raw === undefined || raw === null) return r.kind === 'ReplicationController' || r.group === 'extensions';
  const sel = r.kind === 'ReplicationController' ? selectorFromMap(asStringMap(raw)) : selectorFromLabelSelector(raw);
  if (isSelectorError(sel) || sel.requirements.length === 0) return r.kind === 'ReplicationController' && !isSelectorError(sel);
  return sel.matches(asStringMap(get(template, 'metadata', 'labels')));
}

// Keys and values valid and invalid as labels (prefix, length, characters), and a few that collide.
const key = fc.constantFrom('app', 'tier', 'example.com/app', 'a/b/c', '-bad', '', 'k'.repeat(64), '__proto__', 'Bad_Key.1');
const value = fc.oneof(fc.constantFrom('web', '', '-x', 'v'.repeat(64), 'db', 'a b'), fc.integer({ min: 0, max: 3 }), fc.constant(null));
const labels = fc.dictionary(key, value, { maxKeys: 4 });
const expression = fc.record({ key, operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'Bogus'), values: fc.option(fc.array(value, { maxLength: 2 }), { nil: undefined }) });
const selector = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant('app=web'),
  fc.record({ matchLabels: fc.oneof(labels, fc.constant(null), fc.constant('x')) }, { requiredKeys: [] }),
  fc.record({ matchLabels: labels, matchExpressions: fc.oneof(fc.array(expression, { maxLength: 2 }), fc.constant(null)) }, { requiredKeys: [] }),
  labels,
);
const workload = fc
  .record({
    kind: fc.constantFrom('Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController', 'Job'),
    group: fc.constantFrom('apps', 'extensions', ''),
    selector,
    template: fc.oneof(fc.constant(undefined), fc.record({ metadata: fc.record({ labels }, { requiredKeys: [] }) })),
    // Most selectors select their own template: its labels then start from the selector's.
    copySelector: fc.boolean(),
  })
  .map((w) => {
    const own = isObject(w.selector) && isObject(w.selector.matchLabels) ? w.selector.matchLabels : isObject(w.selector) ? w.selector : {};
    const template = w.copySelector && w.template ? { metadata: { labels: { ...own, ...(w.template.metadata.labels ?? {}) } } } : w.template;
    // Through JSON, as the loader makes them: own `__proto__` keys are data, never prototypes.
    return JSON.parse(JSON.stringify({ kind: w.kind, group: w.group, raw: { spec: { selector: w.selector ?? null, template } } })) as Resource;
  });

describe('selectorAccepted', () => {
  it('agrees with compiling the selector and matching the template labels', () => {
    fc.assert(
      fc.property(workload, (r) => {
        expect(selectorAccepted(r)).toBe(plainAccepted(r));
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});
