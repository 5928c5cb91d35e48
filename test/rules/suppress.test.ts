/**
 * Peer annotations map to our rule ids the way each peer reads them:
 * - kube-linter: `ignore-check.kube-linter.io/<check>` and `kube-linter.io/ignore-all` on the object's own
 *   metadata only (stackrox/kube-linter:pkg/run/run.go calls ignore.ObjectForCheck(obj.K8sObject.GetAnnotations())).
 * - kube-score: `kube-score/ignore` on the object, and for pod checks on the pod template too
 *   (zegl/kube-score:score/score.go, scorecard/enabled.go); `container-resources` implies
 *   `container-ephemeral-storage-request-and-limit` (scorecard/scorecard.go impliedIgnoreAnnotations).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asStringMap } from '../../src/model/guards.js';
import type { Resource } from '../../src/model/resource.js';
import { loadRuleSet, runRules } from '../../src/rules/index.js';
import type { CompiledRule } from '../../src/rules/index.js';
import { annotationSuppression, suppressionAnnotations } from '../../src/rules/suppress.js';
import { simulate } from '../../src/sim/index.js';
import { modelFromYaml } from '../helpers/model.js';

const builtin = loadRuleSet([]);
const rule = (id: string): CompiledRule => {
  const r = builtin.rules.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
};

function run(yaml: string, id: string) {
  const model = modelFromYaml(yaml);
  return runRules([rule(id)], { model, state: simulate(model), settings: { enableAll: true } });
}

/** A Deployment with annotations on the object and on its pod template; 2 replicas, no resources, no PDB. */
const DEPLOYMENT = (own: string, template: string) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  annotations: {${own}}
spec:
  replicas: 2
  selector: { matchLabels: { app: d } }
  template:
    metadata:
      labels: { app: d }
      annotations: {${template}}
    spec:
      containers:
        - name: a
          image: app:1.0
          securityContext: { privileged: true }
`;

describe('kube-linter annotations (stackrox/kube-linter:pkg/ignore/ignore.go)', () => {
  it('on the object suppress the mapped rule', () => {
    const f = run(DEPLOYMENT('ignore-check.kube-linter.io/privileged-container: "needs devices"', ''), 'privileged-container');
    expect(f[0]?.suppressed).toEqual({ kind: 'annotation', justification: 'needs devices' });
  });
  it('kube-linter.io/ignore-all on the object suppresses every rule mapped to a kube-linter check', () => {
    const f = run(DEPLOYMENT('kube-linter.io/ignore-all: "vendored"', ''), 'privileged-container');
    expect(f[0]?.suppressed).toEqual({ kind: 'annotation', justification: 'vendored' });
  });
  it('on the pod template do not count: kube-linter reads the object metadata only', () => {
    const f = run(DEPLOYMENT('', 'ignore-check.kube-linter.io/privileged-container: "needs devices"'), 'privileged-container');
    expect(f).toHaveLength(1);
    expect(f[0]?.suppressed).toBeUndefined();
  });
});

describe('kube-score annotations (zegl/kube-score:scorecard/enabled.go)', () => {
  it('a pod check is ignored from the pod template too', () => {
    const f = run(DEPLOYMENT('', 'kube-score/ignore: container-security-context-privileged'), 'privileged-container');
    expect(f[0]?.suppressed?.kind).toBe('annotation');
  });
  it('a Deployment check reads the object annotations only', () => {
    expect(run(DEPLOYMENT('', ''), 'workload-has-pdb')).toHaveLength(1);
    const template = run(DEPLOYMENT('', 'kube-score/ignore: deployment-has-poddisruptionbudget'), 'workload-has-pdb');
    expect(template[0]?.suppressed).toBeUndefined();
    const own = run(DEPLOYMENT('kube-score/ignore: deployment-has-poddisruptionbudget', ''), 'workload-has-pdb');
    expect(own[0]?.suppressed?.kind).toBe('annotation');
  });
  it('ignoring container-resources ignores container-ephemeral-storage-request-and-limit as well', () => {
    const f = run(DEPLOYMENT('kube-score/ignore: "container-resources"', ''), 'ephemeral-storage-request-and-limit');
    expect(f).toHaveLength(1);
    expect(f[0]?.suppressed?.kind).toBe('annotation');
  });
  it('a list is split on commas and trimmed', () => {
    const f = run(DEPLOYMENT('kube-score/ignore: "pod-probes, container-security-context-privileged"', ''), 'privileged-container');
    expect(f[0]?.suppressed?.kind).toBe('annotation');
  });
});

describe('suppressionAnnotations keeps what annotationSuppression reads', () => {
  // The engine reads each object's annotations once, keeping only the keys suppression looks at; the verdict
  // must be the one the object's full annotations give, for every rule.
  const mapped = builtin.rules.map((r) => r.definition).filter((d) => d['maps-to'] !== undefined);
  const checks = mapped.flatMap((d) => [d['maps-to']?.['kube-linter'] ?? [], d['maps-to']?.['kube-score'] ?? []].flat());
  const key = fc.constantFrom(
    'k8s-lint.io/ignore',
    'k8s-lint.io/ignore-reason',
    'kube-linter.io/ignore-all',
    'kube-score/ignore',
    'app',
    'k8s-lint.io/other',
    ...checks.map((c) => `ignore-check.kube-linter.io/${c}`),
  );
  const listed = fc.subarray([...mapped.map((d) => d.id), ...checks, '*', ' ', '']).map((xs) => xs.join(','));
  const value = fc.oneof(listed, fc.constantFrom('', 'why', 1, true, null));
  const annotations = fc.option(fc.dictionary(key, value, { maxKeys: 4 }), { nil: undefined });

  it('gives the same suppression as the full annotation maps', () => {
    fc.assert(
      fc.property(fc.constantFrom(...mapped), fc.constantFrom('Deployment', 'Pod', 'Service'), annotations, annotations, (def, kind, own, template) => {
        const raw = { metadata: { annotations: own }, spec: { template: { metadata: { annotations: template } } } };
        const full = { own: asStringMap(own), template: kind === 'Deployment' ? asStringMap(template) : {} };
        const resource = { kind, raw } as unknown as Resource;
        expect(annotationSuppression(def, suppressionAnnotations(resource))).toEqual(annotationSuppression(def, full));
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
