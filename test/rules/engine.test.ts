/**
 * The engine's contracts: dispatch by kind, settings (off, re-grade, optional rules, --pss and Pod Security
 * Admission namespace labels), suppression (ours, kube-linter's and kube-score's annotations, the config),
 * bad rule files refused with file and JSON Pointer, user rules, and the dry-run-problem function.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/model/resource.js';
import { evaluateRules, loadRuleFile, loadRuleSet, runRules } from '../../src/rules/index.js';
import type { CompiledRule, RuleSettings } from '../../src/rules/index.js';
import { simulate } from '../../src/sim/index.js';
import type { ClusterState } from '../../src/sim/state.js';
import { modelFromYaml } from '../helpers/model.js';

const builtin = loadRuleSet([]);
const rule = (id: string): CompiledRule => {
  const r = builtin.rules.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
};

function run(yaml: string, rules: readonly CompiledRule[], settings: RuleSettings = {}, state?: ClusterState) {
  const model = modelFromYaml(yaml);
  return runRules(rules, { model, state: state ?? simulate(model), settings });
}

const PRIVILEGED_POD = (annotations = '', namespace = 'default') => `
apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: ${namespace}
  annotations: {${annotations}}
spec:
  containers:
    - name: a
      image: app:1.0
      securityContext: { privileged: true }
`;

describe('dispatch', () => {
  it('runs a rule only on the kinds it targets', () => {
    let calls = 0;
    const counting: CompiledRule = {
      ...rule('service-type-nodeport'),
      evaluate: {
        scope: 'node',
        target: { kinds: ['Service'] },
        targetKey: '|Service|',
        check: () => {
          calls++;
          return [];
        },
      },
    };
    const yaml = [1, 2, 3].map((i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c${i} }\n`).join('---\n') + '---\napiVersion: v1\nkind: Service\nmetadata: { name: s }\n';
    run(yaml, [counting]);
    expect(calls).toBe(1);
  });
});

describe('settings', () => {
  it('off disables, a severity re-grades, on enables an optional rule at its own severity', () => {
    expect(run(PRIVILEGED_POD(), [rule('privileged-container')], { rules: { 'privileged-container': 'off' } })).toEqual([]);
    const regraded = run(PRIVILEGED_POD(), [rule('privileged-container')], { rules: { 'privileged-container': 'info' } });
    expect(regraded.map((f) => f.severity)).toEqual(['info']);
    expect(run(PRIVILEGED_POD(), [rule('image-pull-policy')])).toEqual([]);
    expect(run(PRIVILEGED_POD(), [rule('image-pull-policy')], { rules: { 'image-pull-policy': 'on' } }).map((f) => f.severity)).toEqual(['info']);
    expect(run(PRIVILEGED_POD(), [rule('image-pull-policy')], { enableAll: true })).toHaveLength(1);
  });

  it('findings carry file, line and column of the field, and the resource name', () => {
    const [f] = run(PRIVILEGED_POD(), [rule('privileged-container')]);
    expect(f?.location).toMatchObject({ file: 'test.yaml', line: 12 });
    expect(f?.resource).toBe('default/Pod/p');
    expect(f?.message).toBe('container "a" runs privileged (securityContext.privileged: true)');
  });
});

describe('Pod Security Standards', () => {
  const pss = builtin.rules.filter((r) => r.definition.pss !== undefined);
  // A pod that sets nothing: baseline allows it, restricted does not (docs: "Baseline ... Allows the default (minimally specified) Pod configuration").
  const DEFAULT_POD = 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers: [{ name: a, image: app:1.0 }]\n';

  it('are off by default', () => {
    expect(run(PRIVILEGED_POD(), pss)).toEqual([]);
  });
  it('--pss baseline reports baseline controls only, as errors', () => {
    expect(run(DEFAULT_POD, pss, { pss: 'baseline' })).toEqual([]);
    const f = run(PRIVILEGED_POD(), pss, { pss: 'baseline' });
    expect(f.map((x) => [x.rule, x.severity])).toEqual([['pss-privileged', 'error']]);
    expect(f[0]?.message).toBe('violates PodSecurity "baseline:latest": privileged (container "a" must not set securityContext.privileged=true)');
  });
  it('--pss restricted includes baseline', () => {
    const ids = run(PRIVILEGED_POD(), pss, { pss: 'restricted' }).map((x) => x.rule);
    expect(ids).toContain('pss-privileged');
    expect(ids).toContain('pss-run-as-non-root');
    expect(ids).toContain('pss-seccomp-restricted');
    expect(run(DEFAULT_POD, pss, { pss: 'restricted' }).map((x) => x.rule).sort()).toEqual([
      'pss-capabilities-restricted',
      'pss-privilege-escalation',
      'pss-run-as-non-root',
      'pss-seccomp-restricted',
    ]);
  });
  it('Pod Security Admission labels on a Namespace of the input apply to that namespace only', () => {
    const ns = (name: string, label: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: { ${label} }\n---\n`;
    const yaml =
      ns('strict', 'pod-security.kubernetes.io/enforce: baseline') +
      ns('soft', 'pod-security.kubernetes.io/warn: restricted') +
      PRIVILEGED_POD('', 'strict') +
      '---\n' +
      PRIVILEGED_POD('', 'soft').replace('name: p', 'name: q') +
      '---\n' +
      PRIVILEGED_POD('', 'other').replace('name: p', 'name: r');
    const f = run(yaml, pss);
    const strict = f.filter((x) => x.resource?.startsWith('strict/'));
    expect(strict.map((x) => [x.rule, x.severity])).toEqual([['pss-privileged', 'error']]);
    const soft = f.filter((x) => x.resource?.startsWith('soft/'));
    expect(soft.length).toBeGreaterThan(1);
    expect(new Set(soft.map((x) => x.severity))).toEqual(new Set(['warning']));
    expect(f.filter((x) => x.resource?.startsWith('other/'))).toEqual([]);
  });
});

describe('suppression', () => {
  const priv = [rule('privileged-container')];
  it('k8s-lint.io/ignore with a reason: returned, marked, never dropped', () => {
    const f = run(PRIVILEGED_POD('k8s-lint.io/ignore: "latest-tag, privileged-container", k8s-lint.io/ignore-reason: "node agent"'), priv);
    expect(f).toHaveLength(1);
    expect(f[0]?.suppressed).toEqual({ kind: 'annotation', justification: 'node agent' });
  });
  it('other rules are not suppressed', () => {
    const f = run(PRIVILEGED_POD('k8s-lint.io/ignore: "latest-tag"'), priv);
    expect(f[0]?.suppressed).toBeUndefined();
  });
  it("kube-linter's ignore-check annotation suppresses the rules mapped to that check", () => {
    const f = run(PRIVILEGED_POD('ignore-check.kube-linter.io/privileged-container: "needs devices"'), priv);
    expect(f[0]?.suppressed).toEqual({ kind: 'annotation', justification: 'needs devices' });
  });
  it("kube-score's kube-score/ignore annotation suppresses the rules mapped to those checks", () => {
    const f = run(PRIVILEGED_POD('kube-score/ignore: "pod-probes,container-security-context-privileged"'), priv);
    expect(f[0]?.suppressed?.kind).toBe('annotation');
  });
  it('annotations on a pod template count for its workload', () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  selector: { matchLabels: { app: d } }
  template:
    metadata:
      labels: { app: d }
      annotations: { k8s-lint.io/ignore: privileged-container }
    spec:
      containers: [{ name: a, image: app:1.0, securityContext: { privileged: true } }]
`;
    expect(run(yaml, priv)[0]?.suppressed?.kind).toBe('annotation');
  });
  it('config entries by path glob and by object', () => {
    const byPath = run(PRIVILEGED_POD(), priv, { suppressions: [{ rules: ['privileged-container'], paths: ['*.yaml'], reason: 'vendored chart' }] });
    expect(byPath[0]?.suppressed).toEqual({ kind: 'config', justification: 'vendored chart' });
    const byObject = run(PRIVILEGED_POD(), priv, { suppressions: [{ rules: ['*'], kind: 'Pod', name: 'p*' }] });
    expect(byObject[0]?.suppressed).toEqual({ kind: 'config' });
    const other = run(PRIVILEGED_POD(), priv, { suppressions: [{ rules: ['*'], namespace: 'kube-system' }] });
    expect(other[0]?.suppressed).toBeUndefined();
  });
  it('ignoreAnnotations turns annotation suppression off', () => {
    const f = run(PRIVILEGED_POD('k8s-lint.io/ignore: privileged-container'), priv, { ignoreAnnotations: true });
    expect(f[0]?.suppressed).toBeUndefined();
  });
});

describe('rule files', () => {
  const good = `id: my-rule
summary: Containers must not use the busybox image.
category: hygiene
severity: warning
recommended: true
target: { alias: Container }
check:
  schema:
    properties:
      image: { not: { pattern: "^busybox" } }
messages:
  busybox: "container {{container}} uses busybox"
remediation: Use a distroless image.
`;
  it('a valid user rule runs through the engine', () => {
    const res = loadRuleFile(good, 'my-rule.yaml');
    expect('rule' in res).toBe(true);
    if (!('rule' in res)) return;
    const f = run('apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - name: a\n      image: busybox:1.36\n', [res.rule]);
    expect(f.map((x) => [x.rule, x.location.line, x.message])).toEqual([['my-rule', 7, 'container a uses busybox']]);
  });
  const bad = (text: string, file = 'my-rule.yaml') => {
    const res = loadRuleFile(text, file);
    if (!('finding' in res)) throw new Error('expected a refusal');
    return res.finding[0];
  };
  it('an unknown field is refused with its pointer and line', () => {
    const f = bad(good.replace('severity: warning', 'severity: warning\nseverty: error'));
    expect(f?.message).toBe('/severty: unknown field');
    expect(f?.location).toMatchObject({ file: 'my-rule.yaml', line: 5 });
    expect(f?.input).toBe(true);
  });
  it('a bad enum value names the field', () => {
    expect(bad(good.replace('severity: warning', 'severity: fatal'))?.message).toMatch(/^\/severity: must be equal to one of the allowed values/);
  });
  it('a summary without a period is refused', () => {
    expect(bad(good.replace('busybox image.', 'busybox image'))?.message).toBe('/summary: must end with a period');
  });
  it('the id must equal the file name', () => {
    expect(bad(good, 'other.yaml')?.message).toBe('/id: rule id "my-rule" must equal the file name "other"');
  });
  it('unknown functions and bad options are refused with the pointer of the option', () => {
    const fn = good.replace(/check:[\s\S]*?messages:/, 'check:\n  function: no-such-function\nmessages:');
    expect(bad(fn)?.message).toMatch(/^\/check\/function: unknown function "no-such-function"/);
    const opts = good.replace(/check:[\s\S]*?messages:/, 'check:\n  function: probe-port\n  options: { probe: heartbeat }\nmessages:');
    expect(bad(opts)?.message).toMatch(/^\/check\/options\/probe: must be equal to one of the allowed values/);
  });
  it('a function rule must define the messages its function reports', () => {
    const fn = good.replace(/check:[\s\S]*?messages:/, 'check:\n  function: probe-port\n  options: { probe: livenessProbe }\nmessages:');
    expect(bad(fn)?.message).toBe('/messages: function probe-port reports messageId "portNotExposed": add it to messages');
  });
  it('a schema that does not compile is refused', () => {
    expect(bad(good.replace('pattern: "^busybox"', 'pattern: "(["'))?.message).toMatch(/^\/check\/schema: schema does not compile/);
  });
  it('not YAML is refused with a position', () => {
    const f = bad('id: [unclosed\n');
    expect(f?.message).toMatch(/^not valid YAML/);
  });
  it('a user rule folder: rules load; a built-in id reused is an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-lint-rules-'));
    mkdirSync(join(dir, 'team'));
    writeFileSync(join(dir, 'team', 'my-rule.yaml'), good);
    writeFileSync(join(dir, 'latest-tag.yaml'), good.replace('id: my-rule', 'id: latest-tag'));
    const set = loadRuleSet([dir]);
    expect(set.rules.some((r) => r.id === 'my-rule' && !r.builtin)).toBe(true);
    expect(set.findings.map((f) => f.message)).toEqual(['/id: rule id "latest-tag" is already defined by rules/reliability/latest-tag.yaml']);
    expect(set.findings[0]?.location.file).toBe(join(dir, 'latest-tag.yaml'));
  });
  it('a missing rules folder is reported', () => {
    expect(loadRuleSet(['/nonexistent/rules-folder']).findings[0]?.message).toMatch(/rules folder not found/);
  });
});

describe('dry-run-problem', () => {
  const problemRule = `id: pod-unschedulable
summary: A pod cannot be scheduled on any node.
category: scheduling
severity: error
recommended: true
target: { kinds: ["*"] }
check:
  function: dry-run-problem
  options: { codes: [unschedulable] }
messages:
  problem: "{{message}} (priority {{priority}})"
remediation: Add capacity or relax the pod's constraints.
`;
  it('turns ClusterState problems with the listed codes into findings at the problem pointer', () => {
    const res = loadRuleFile(problemRule, 'pod-unschedulable.yaml');
    if (!('rule' in res)) throw new Error(JSON.stringify(res.finding));
    const model = modelFromYaml(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: big }\nspec:\n  selector: { matchLabels: { app: big } }\n  template:\n    metadata: { labels: { app: big } }\n    spec:\n      containers:\n        - name: a\n          image: app:1.0\n          resources: { requests: { cpu: "64" } }\n',
    );
    const big = model.resources[0] as Resource;
    const state: ClusterState = {
      ...simulate(model),
      problems: [
        // The scheduler's FitError text (kubernetes/kubernetes pkg/scheduler/framework/types.go FitError.Error).
        { code: 'unschedulable', resource: big, pointer: '/spec/template/spec/containers/0/resources/requests/cpu', message: '0/3 nodes are available: 3 Insufficient cpu.', data: { priority: 0 } },
        { code: 'quota-exceeded', resource: big, pointer: '/spec', message: 'exceeded quota' },
      ],
    };
    const results = evaluateRules([res.rule], { model, state, settings: {} });
    expect(results.map((r) => [r.messageId, r.finding.location.line, r.finding.message])).toEqual([
      ['problem', 12, '0/3 nodes are available: 3 Insufficient cpu. (priority 0)'],
    ]);
  });
  it('requires at least one code', () => {
    const res = loadRuleFile(problemRule.replace('codes: [unschedulable]', 'codes: []'), 'pod-unschedulable.yaml');
    expect('finding' in res && res.finding[0]?.message).toMatch(/^\/check\/options\/codes: must NOT have fewer than 1 items/);
  });
});

describe('external objects', () => {
  it('silence missing references for declared patterns only', () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
  serviceAccountName: terraform-sa
  containers:
    - name: a
      image: app:1.0
      envFrom: [{ secretRef: { name: operator-secret } }, { configMapRef: { name: local-config } }]
`;
    const f = run(yaml, [rule('missing-reference')], {
      external: [{ kind: 'ServiceAccount', name: 'terraform-*' }, { kind: 'Secret', namespace: 'shop', name: 'operator-*' }],
    });
    expect(f.map((x) => x.message)).toEqual(['ConfigMap "local-config" is not defined in namespace shop (it may exist in the cluster)']);
  });
});
