/**
 * Properties of the engine's indexes and suppression (seeded, bounded):
 * - the label-indexed template lookup of cross-object rules equals a brute-force scan of the namespace
 *   with the apimachinery selector semantics (model/selector.ts);
 * - the label-indexed selector lookup (SelectorIndex) equals filtering every selector;
 * - the depth-first pointer-pattern expansion equals a level-by-level one;
 * - suppression never drops a finding: an ignore annotation marks exactly the listed rules' findings;
 * - the engine's direct calls of rule functions and schema validators give what each rule's `check` gives;
 * - dry-run-problem's by-code index gives the problems a scan of every problem gives, in the same order;
 * - targets with the same target key expand to the same nodes of any object (the engine shares them);
 * - the rules' cached pointer reader reads what the model's plain one reads, with its cache full or not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectorFromLabelSelector, isSelectorError, type Selector } from '../../src/model/selector.js';
import { evaluateRules, FUNCTIONS, loadRuleSet, runRules } from '../../src/rules/index.js';
import type { CompiledRule } from '../../src/rules/index.js';
import type { SimProblem } from '../../src/sim/state.js';
import { SelectorIndex } from '../../src/rules/functions/selector-index.js';
import { expandPointer, selectTemplates, templateIndex } from '../../src/rules/functions/util.js';
import type { FunctionContext } from '../../src/rules/index.js';
import { simulate } from '../../src/sim/index.js';
import { targetKey, targetNodes } from '../../src/rules/targets.js';
import { getAt } from '../../src/rules/pointer.js';
import { getAt as plainGetAt } from '../../src/model/location.js';
import { TARGET_ALIASES, type ContainerList, type RuleTarget } from '../../src/rules/types.js';
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

  it('direct calls of functions and validators report what the rules\' checks report', () => {
    // Without `direct`, the engine calls each rule's `check` closure: the plain path.
    const plain = rules.map((r): CompiledRule => (r.evaluate.scope === 'node' ? { ...r, evaluate: { ...r.evaluate, direct: undefined } } : r));
    const container = fc.record({
      image: fc.constantFrom('app', 'app:latest', 'app:1.0'),
      securityContext: fc.record({ privileged: fc.boolean(), runAsNonRoot: fc.boolean(), readOnlyRootFilesystem: fc.boolean(), runAsUser: fc.constantFrom(0, 1000) }, { requiredKeys: [] }),
      ports: fc.array(fc.record({ containerPort: fc.constantFrom(22, 80, 8080), name: fc.constantFrom('http', 'web', 'Bad--name') }, { requiredKeys: ['containerPort'] }), { maxLength: 2 }),
      readinessProbe: fc.constantFrom(undefined, { httpGet: { port: 'http' } }, { tcpSocket: { port: 81 } }),
      resources: fc.constantFrom(undefined, { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '100m', memory: '64Mi' } }),
    }, { requiredKeys: ['image'] });
    const workload = fc.record({
      kind: fc.constantFrom('Deployment', 'StatefulSet', 'Pod'),
      replicas: fc.integer({ min: 1, max: 3 }),
      labels,
      hostNetwork: fc.boolean(),
      containers: fc.array(container, { minLength: 1, maxLength: 2 }),
    });
    const service = fc.record({ selector: labels, targetPort: fc.constantFrom(80, 'http', 'web', 0, 'Bad--name') });
    type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;
    const yamlOfObjects = (ws: readonly Of<typeof workload>[], ss: readonly Of<typeof service>[]): string =>
      [
        ...ws.map((w, i) => {
          const spec = { hostNetwork: w.hostNetwork, containers: w.containers.map((c, j) => ({ name: `c${j}`, ...c })) };
          const body =
            w.kind === 'Pod'
              ? { metadata: { name: `w${i}`, namespace: 'x', labels: w.labels }, spec }
              : { metadata: { name: `w${i}`, namespace: 'x' }, spec: { replicas: w.replicas, selector: { matchLabels: w.labels }, template: { metadata: { labels: w.labels }, spec } } };
          return JSON.stringify({ apiVersion: w.kind === 'Pod' ? 'v1' : 'apps/v1', kind: w.kind, ...body });
        }),
        ...ss.map((s, i) => JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}`, namespace: 'x' }, spec: { selector: s.selector, ports: [{ port: 80, targetPort: s.targetPort }] } })),
      ].join('\n---\n');
    const summary = (results: ReturnType<typeof evaluateRules>) => results.map((r) => ({ finding: r.finding, rule: r.rule.id, messageId: r.messageId }));
    fc.assert(
      fc.property(fc.array(workload, { maxLength: 3 }), fc.array(service, { maxLength: 2 }), (ws, ss) => {
        const model = modelFromYaml(yamlOfObjects(ws, ss));
        const ctx = { model, state: simulate(model), settings: { enableAll: true, pss: 'restricted' as const } };
        expect(summary(evaluateRules(rules, ctx))).toEqual(summary(evaluateRules(plain, ctx)));
      }),
      { seed: 42, numRuns: 40 },
    );
  });

  it("dry-run-problem's index gives a scan's problems, in order", () => {
    const dryRunProblem = FUNCTIONS.get('dry-run-problem');
    const code = fc.constantFrom('a', 'b', 'c', 'd');
    fc.assert(
      fc.property(fc.array(code, { maxLength: 20 }), fc.array(code, { minLength: 1, maxLength: 3 }), (problemCodes, codes) => {
        const ctx = ctxOf('');
        const problems: SimProblem[] = problemCodes.map((c, i) => ({ code: c, message: `m${i}`, resource: ctx.model.resources[0], pointer: '' }) as unknown as SimProblem);
        const withProblems: FunctionContext = { ...ctx, state: { ...ctx.state, problems } };
        const got = dryRunProblem?.runGlobal?.({ codes }, withProblems).map((r) => r.data?.['message']);
        expect(got).toEqual(problems.filter((p) => (codes as readonly string[]).includes(p.code)).map((p) => p.message));
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('targets with the same key expand to the same nodes', () => {
    const lists: ContainerList[] = ['containers', 'initContainers', 'ephemeralContainers'];
    const kinds = fc.option(fc.subarray(['Pod', 'Deployment', 'CronJob', 'Service', 'ConfigMap', '*']), { nil: undefined });
    const target = fc.record(
      { alias: fc.option(fc.constantFrom(...TARGET_ALIASES), { nil: undefined }), kinds, containers: fc.option(fc.shuffledSubarray(lists), { nil: undefined }) },
      { requiredKeys: [] },
    );
    // An object of a kind with the parts targets expand: container lists (holes and non-objects too), volumes, ports.
    const items = fc.array(fc.oneof(fc.record({ name: fc.constantFrom('a', 'b') }, { requiredKeys: [] }), fc.constant('x')), { maxLength: 3 });
    const object = fc.record({
      kind: fc.constantFrom('Pod', 'Deployment', 'CronJob', 'Service', 'ConfigMap'),
      containers: items,
      initContainers: items,
      ephemeralContainers: items,
      volumes: items,
      ports: fc.array(fc.record({ name: fc.constantFrom('http', 'dns'), port: fc.constantFrom(80, 53) }, { requiredKeys: [] }), { maxLength: 2 }),
    });
    const yamlOfObject = (o: { kind: string; containers: unknown[]; initContainers: unknown[]; ephemeralContainers: unknown[]; volumes: unknown[]; ports: unknown[] }): string => {
      const podSpec = { containers: o.containers, initContainers: o.initContainers, ephemeralContainers: o.ephemeralContainers, volumes: o.volumes };
      const spec =
        o.kind === 'Pod'
          ? podSpec
          : o.kind === 'Deployment'
            ? { template: { metadata: { labels: { app: 'a' } }, spec: podSpec } }
            : o.kind === 'CronJob'
              ? { jobTemplate: { spec: { template: { spec: podSpec } } } }
              : { ports: o.ports };
      return JSON.stringify({ apiVersion: 'v1', kind: o.kind, metadata: { name: 'o', namespace: 'ns' }, spec });
    };
    fc.assert(
      fc.property(object, target, target, (o, t1, t2) => {
        const resource = modelFromYaml(yamlOfObject(o)).resources[0];
        if (resource === undefined) throw new Error('no object');
        const a = t1 as RuleTarget;
        const b = t2 as RuleTarget;
        if (targetKey(a) === targetKey(b)) expect(targetNodes(resource, b)).toEqual(targetNodes(resource, a));
        // The same target with other kinds and its container lists reordered: always the same key.
        const other: RuleTarget = { ...a, kinds: b.kinds, ...(a.containers ? { containers: [...a.containers].reverse() } : {}) };
        expect(targetKey(other)).toBe(targetKey(a));
        expect(targetNodes(resource, other)).toEqual(targetNodes(resource, a));
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it("the cached pointer reader reads what the model's reads", () => {
    const name = fc.constantFrom('a', 'b', '0', '1', '01', 'x/y', 'm~n', '');
    const json = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constantFrom(null, 1, 'v', true), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(name, tie('node'), { maxKeys: 3 })),
    })).node;
    const token = fc.constantFrom('a', 'b', '0', '1', '01', '-', 'x~1y', 'm~0n', '', 'length');
    const pointer = fc.array(token, { maxLength: 4 }).map((ts) => ts.map((t) => '/' + t).join(''));
    const check = (): void =>
      fc.assert(
        fc.property(json, pointer, (root, p) => {
          expect(getAt(root, p)).toBe(plainGetAt(root, p));
        }),
        { seed: 42, numRuns: 300 },
      );
    check();
    // Past the cache's bound, pointers are split on every read.
    for (let i = 0; i < 5000; i++) getAt({}, `/fill/${i}`);
    check();
  });
});
