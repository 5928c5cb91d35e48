/**
 * Properties of the engine's indexes and suppression (seeded, bounded):
 * - the label-indexed template lookup of cross-object rules equals a brute-force scan of the namespace
 *   with the apimachinery selector semantics (model/selector.ts);
 * - suppression never drops a finding: an ignore annotation marks exactly the listed rules' findings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectorFromLabelSelector, isSelectorError } from '../../src/model/selector.js';
import { loadRuleSet, runRules } from '../../src/rules/index.js';
import { selectTemplates, templateIndex } from '../../src/rules/functions/util.js';
import type { FunctionContext } from '../../src/rules/index.js';
import { simulate } from '../../src/sim/index.js';
import { modelFromYaml } from '../helpers/model.js';

const key = fc.constantFrom('app', 'tier', 'env');
const value = fc.constantFrom('a', 'b', 'c');
const labels = fc.dictionary(key, value, { maxKeys: 3 });
const pod = fc.record({ ns: fc.constantFrom('x', 'y'), labels });
const requirement = fc.record({
  key,
  operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'),
  values: fc.uniqueArray(value, { minLength: 1, maxLength: 2 }),
});
const labelSelector = fc.record({ matchLabels: fc.dictionary(key, value, { maxKeys: 2 }), matchExpressions: fc.array(requirement, { maxLength: 2 }) });

function yamlOf(pods: readonly { ns: string; labels: Record<string, string> }[]): string {
  return pods
    .map((p, i) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\n  namespace: ${p.ns}\n  labels: ${JSON.stringify(p.labels)}\nspec:\n  containers: [{ name: a, image: app:1.0 }]\n`)
    .join('---\n');
}

function ctxOf(yaml: string): FunctionContext {
  const model = modelFromYaml(yaml);
  const memo = new Map<string, unknown>();
  return {
    model,
    state: simulate(model),
    settings: {},
    memo<T>(k: string, build: () => T): T {
      if (!memo.has(k)) memo.set(k, build());
      return memo.get(k) as T;
    },
    isExternal: () => false,
    targets: () => [],
  };
}

describe('engine properties', () => {
  it('indexed template selection equals a brute-force scan', () => {
    fc.assert(
      fc.property(fc.array(pod, { maxLength: 8 }), labelSelector, fc.constantFrom('x', 'y'), (pods, ls, ns) => {
        const sel = selectorFromLabelSelector({ matchLabels: ls.matchLabels, matchExpressions: ls.matchExpressions.map((r) => (r.operator === 'Exists' || r.operator === 'DoesNotExist' ? { key: r.key, operator: r.operator } : r)) });
        if (isSelectorError(sel)) return;
        const ctx = ctxOf(yamlOf(pods));
        const indexed = selectTemplates(templateIndex(ctx), ns, sel).map((t) => t.resource.name).sort();
        const brute = ctx.model.resources.filter((r) => r.namespace === ns && sel.matches(pods[Number(r.name.slice(1))]?.labels)).map((r) => r.name).sort();
        expect(indexed).toEqual(brute);
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  const rules = loadRuleSet([]).rules;
  const ids = ['privileged-container', 'latest-tag', 'read-only-root-filesystem', 'run-as-non-root', 'drop-net-raw-capability'];
  it('an ignore annotation marks exactly the listed rules and drops nothing', () => {
    const base = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations: ANNOTATIONS\nspec:\n  containers: [{ name: a, image: app, securityContext: { privileged: true } }]\n`;
    const plain = runRules(rules, { model: modelFromYaml(base.replace('ANNOTATIONS', '{}')), state: simulate(modelFromYaml('')), settings: {} });
    fc.assert(
      fc.property(fc.subarray(ids), (ignored) => {
        const yaml = base.replace('ANNOTATIONS', JSON.stringify({ 'k8s-lint.io/ignore': ignored.join(',') }));
        const model = modelFromYaml(yaml);
        const f = runRules(rules, { model, state: simulate(model), settings: {} });
        expect(f.map((x) => x.rule)).toEqual(plain.map((x) => x.rule));
        for (const x of f) expect(x.suppressed !== undefined).toBe(ignored.includes(x.rule));
      }),
      { seed: 42, numRuns: 32 },
    );
  });
});
