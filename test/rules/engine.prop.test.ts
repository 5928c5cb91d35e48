/**
 * Properties of the engine's indexes and suppression (seeded, bounded):
 * - the label-indexed template lookup of cross-object rules equals a brute-force scan of the namespace
 *   with the apimachinery selector semantics (model/selector.ts);
 * - the label-indexed selector lookup (SelectorIndex) equals filtering every selector;
 * - the depth-first pointer-pattern expansion equals a level-by-level one;
 * - suppression never drops a finding: an ignore annotation marks exactly the listed rules' findings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectorFromLabelSelector, isSelectorError, type Selector } from '../../src/model/selector.js';
import { loadRuleSet, runRules } from '../../src/rules/index.js';
import { SelectorIndex } from '../../src/rules/functions/selector-index.js';
import { expandPointer, selectTemplates, templateIndex } from '../../src/rules/functions/util.js';
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

  it('indexed selector lookup equals filtering every selector, in input order', () => {
    const selectors = fc.array(labelSelector, { maxLength: 8 });
    fc.assert(
      fc.property(selectors, labels, (lss, podLabels) => {
        const sels = lss
          .map((ls) => selectorFromLabelSelector({ matchLabels: ls.matchLabels, matchExpressions: ls.matchExpressions.map((r) => (r.operator === 'Exists' || r.operator === 'DoesNotExist' ? { key: r.key, operator: r.operator } : r)) }))
          .filter((s): s is Selector => !isSelectorError(s));
        const index = new SelectorIndex();
        for (const s of sels) index.add(s);
        const brute = sels.filter((s) => s.matches(podLabels));
        expect(index.matching(podLabels)).toEqual(brute);
        expect(index.matchesAny(podLabels)).toBe(brute.length > 0);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('pointer patterns expand as a level-by-level walk does', () => {
    // The plain expansion: every partial path of one level, then the next level.
    const levelByLevel = (root: unknown, pattern: string): { pointer: string; value: unknown }[] => {
      let current: { path: string[]; value: unknown }[] = [{ path: [], value: root }];
      for (const step of pattern === '' ? [] : pattern.slice(1).split('/')) {
        const next: { path: string[]; value: unknown }[] = [];
        for (const { path, value } of current) {
          const isObj = value !== null && typeof value === 'object' && !Array.isArray(value);
          if (step === '*') {
            if (Array.isArray(value)) value.forEach((v, i) => next.push({ path: [...path, String(i)], value: v }));
            else if (isObj) for (const [k, v] of Object.entries(value)) next.push({ path: [...path, k.replace(/~/g, '~0').replace(/\//g, '~1')], value: v });
          } else {
            const v = Array.isArray(value) ? value[Number(step)] : isObj ? (value as Record<string, unknown>)[step] : undefined;
            if (v !== undefined) next.push({ path: [...path, step], value: v });
          }
        }
        current = next;
      }
      return current.map((c) => ({ pointer: c.path.length === 0 ? '' : '/' + c.path.join('/'), value: c.value }));
    };
    const name = fc.constantFrom('a', 'b', '0', '1', 'x/y', 'm~n');
    const json = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constantFrom(null, 1, 'v', true), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(name, tie('node'), { maxKeys: 3 })),
    })).node;
    const pattern = fc.array(fc.constantFrom('*', 'a', 'b', '0', '1'), { maxLength: 4 }).map((steps) => steps.map((s) => '/' + s).join(''));
    fc.assert(
      fc.property(json, pattern, (root, p) => {
        expect(expandPointer(root, p)).toEqual(levelByLevel(root, p));
      }),
      { seed: 42, numRuns: 300 },
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
