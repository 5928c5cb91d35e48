/**
 * CLI scenarios for `rules list`, `rules explain` and `rules test`: the oclif commands run in-process with
 * stdout captured, and their output and exit status are pinned.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import RulesExplain from '../../src/commands/rules/explain.js';
import RulesList from '../../src/commands/rules/list.js';
import RulesTest from '../../src/commands/rules/test.js';

async function capture(run: () => Promise<unknown>): Promise<{ stdout: string; exit: number }> {
  const chunks: string[] = [];
  const orig = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((c: string | Uint8Array) => {
    chunks.push(typeof c === 'string' ? c : Buffer.from(c).toString());
    return true;
  }) as typeof process.stdout.write;
  let exit = 0;
  try {
    await run();
  } catch (e) {
    const code = (e as { oclif?: { exit?: number } }).oclif?.exit;
    if (code === undefined) throw e;
    exit = code;
  } finally {
    process.stdout.write = orig;
  }
  return { stdout: chunks.join(''), exit };
}

describe('k8s-lint rules list', () => {
  it('--category references prints an aligned table and a count', async () => {
    const { stdout, exit } = await capture(() => RulesList.run(['--category', 'references']));
    expect(exit).toBe(0);
    expect(stdout).toBe(
      [
        'RULE                              CATEGORY    SEVERITY  DEFAULT  SUMMARY',
        'duplicate-object                  references  error     on       Two objects of the input have the same identity (group, kind, namespace and name).',
        "hpa-target-missing                references  warning   on       A HorizontalPodAutoscaler's scaleTargetRef names an object that is not in the input.",
        'ingress-backend-service-missing   references  error     on       An Ingress backend names a Service that is not in the input, or a port that Service does not have.',
        'missing-reference                 references  warning   on       A pod references a ConfigMap, Secret, PersistentVolumeClaim or ServiceAccount that is not in the input.',
        'missing-reference-key             references  error     on       An environment variable reads a key that the referenced Secret or ConfigMap of the input does not hold.',
        "service-selector-matches-no-pods  references  warning   on       A Service selector matches no pod in the Service's namespace.",
        "service-target-port-not-found     references  error     on       A Service port's targetPort is not declared by any container of the pods the Service selects.",
        "workload-selector-mismatch        references  error     on       A workload's selector does not match the labels of its own pod template.",
        '',
        '8 rules (8 on by default)',
        '',
      ].join('\n'),
    );
  });
  it('--json lists every rule with its peer mapping', async () => {
    const { stdout } = await capture(() => RulesList.run(['--json']));
    const entries = JSON.parse(stdout) as { id: string; mapsTo: Record<string, unknown>; recommended: boolean }[];
    expect(entries.length).toBeGreaterThanOrEqual(90);
    expect(entries.find((e) => e.id === 'service-selector-matches-no-pods')?.mapsTo).toEqual({ 'kube-linter': 'dangling-service', 'kube-score': 'service-targets-pod' });
  });
});

describe('k8s-lint rules explain', () => {
  it('shows texts, the flagged fixture with its findings, and a clean one', async () => {
    const { stdout, exit } = await capture(() => RulesExplain.run(['duplicate-env-var']));
    expect(exit).toBe(0);
    expect(stdout).toContain('duplicate-env-var (reliability, warning, on by default)');
    expect(stdout).toContain('Remediation: Remove the duplicate env entry.');
    expect(stdout).toContain('  kube-score: environment-variable-key-duplication');
    expect(stdout).toContain('Flagged (test/rules/duplicate-env-var/invalid/dup.yaml):');
    expect(stdout).toContain('  => 10:11  warning  container "a" defines environment variable MODE more than once');
    expect(stdout).toContain('Not flagged (test/rules/duplicate-env-var/valid/unique.yaml):');
  });
  it('an unknown id is a usage error', async () => {
    const { exit } = await capture(() => RulesExplain.run(['no-such-rule']));
    expect(exit).toBe(2);
  });
});

describe('k8s-lint rules test', () => {
  const rule = `id: no-busybox
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
  const pod = (image: string, marker = '') => `apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - name: a\n      image: ${image}${marker}\n`;
  function folder(invalidMarker: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-lint-rules-test-'));
    mkdirSync(join(dir, 'team'));
    writeFileSync(join(dir, 'team', 'no-busybox.yaml'), rule);
    mkdirSync(join(dir, 'no-busybox', 'valid'), { recursive: true });
    mkdirSync(join(dir, 'no-busybox', 'invalid'), { recursive: true });
    writeFileSync(join(dir, 'no-busybox', 'valid', 'nginx.yaml'), pod('nginx:1.27'));
    writeFileSync(join(dir, 'no-busybox', 'invalid', 'busybox.yaml'), pod('busybox:1.36', invalidMarker));
    return dir;
  }
  it('passes when the markers match', async () => {
    const dir = folder('  # expect: busybox');
    const { stdout, exit } = await capture(() => RulesTest.run([dir]));
    expect(exit).toBe(0);
    expect(stdout).toContain('2/2 fixtures passed');
  });
  it('fails with the difference when they do not', async () => {
    const dir = folder('');
    const { stdout, exit } = await capture(() => RulesTest.run([dir]));
    expect(exit).toBe(1);
    expect(stdout).toContain('an invalid fixture needs at least one # expect: marker');
    expect(stdout).toContain('unexpected: line 7 busybox (container a uses busybox)');
    expect(stdout).toContain('1/2 fixtures passed');
  });
});
