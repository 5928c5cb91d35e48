import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BROKEN, CLEAN, WARNING, ensureBuilt, k8sLint, tempTree } from './helpers.js';
import { expectValidSarif } from '../report/sarif-schema.js';

beforeAll(() => ensureBuilt(), 120_000);

const FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github', 'compact'] as const;

describe('exit-code contract, the same for every format (README "Exit codes")', () => {
  const dir = tempTree({ 'clean.yaml': CLEAN, 'warn.yaml': WARNING, 'broken.yaml': BROKEN });
  for (const format of FORMATS) {
    it(`${format}: 0 clean, 1 findings at or above --fail-on, 2 input errors`, () => {
      expect(k8sLint(['check', 'clean.yaml', '--format', format], dir).status).toBe(0);
      expect(k8sLint(['check', 'warn.yaml', '--format', format, '--fail-on', 'warning'], dir).status).toBe(1);
      const broken = k8sLint(['check', 'broken.yaml', 'clean.yaml', '--format', format], dir);
      expect(broken.status).toBe(2);
    });
  }
});

describe('several --format/--output pairs in one run', () => {
  it('writes every report, and the stdout one', () => {
    const dir = tempTree({ 'k8s/warn.yaml': WARNING, 'k8s/broken.yaml': BROKEN });
    const r = k8sLint(
      ['check', 'k8s', '-f', 'sarif', '-o', 'out/r.sarif', '-f', 'junit', '-o', 'out/r.xml', '-f', 'json', '-o', 'r.json', '-f', 'compact', '-o', '-'],
      dir,
    );
    expect(r.status).toBe(2);
    const sarif = readFileSync(join(dir, 'out/r.sarif'), 'utf8');
    expectValidSarif(sarif);
    expect(sarif).toContain('"uri": "k8s/warn.yaml"');
    expect(readFileSync(join(dir, 'out/r.xml'), 'utf8')).toContain('<testsuite name="k8s/broken.yaml"');
    expect((JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { schemaVersion: number }).schemaVersion).toBe(1);
    expect(r.stdout).toMatch(/^k8s\/broken\.yaml:\d+:\d+: error: /m);
    expect(r.stdout).toMatch(/^k8s\/warn\.yaml:\d+:\d+: warning: .*\[generate-name\]$/m);
  });

  it('refuses unpaired formats with exit status 2 and says what to do', () => {
    const dir = tempTree({ 'a.yaml': CLEAN });
    const r = k8sLint(['check', 'a.yaml', '-f', 'sarif', '-f', 'junit'], dir);
    expect(r.status).toBe(2);
    // oclif wraps error text to the terminal width and prefixes lines with `›`.
    expect(r.stderr.replace(/[\s›]+/g, ' ')).toContain('Add an --output FILE for each --format');
  });
});

describe('manifest values cannot inject into reports', () => {
  const hostile = `apiVersion: v1
kind: ConfigMap
metadata:
  generateName: "x\\e]0;pwned\\a\\e[2J%0A\\r\\n::error::fake,<b>"
`;
  const dir = tempTree({ 'h.yaml': hostile });
  it('stylish: no terminal escape reaches stdout', () => {
    const r = k8sLint(['check', 'h.yaml'], dir);
    expect(r.stdout).toContain('generate-name');
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).not.toContain('\u0007');
  });
  it('github: still one workflow command, message data escaped', () => {
    const r = k8sLint(['check', 'h.yaml', '-f', 'github'], dir);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::warning file=h\.yaml,line=\d+,col=\d+,(endLine=\d+,endColumn=\d+,)?title=k8s-lint\(generate-name\)::/);
    expect(lines[0]).toContain('%250A%0D%0A::error::fake');
    expect(r.stdout).not.toContain('\u001b');
  });
});
