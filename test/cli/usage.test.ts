import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BROKEN, ROOT, ensureBuilt, k8sLint, tempTree } from './helpers.js';

beforeAll(() => ensureBuilt(), 120_000);

describe('usage and help', () => {
  it('`k8s-lint` alone prints a short usage with the commands', () => {
    const r = k8sLint([], ROOT);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('USAGE');
    expect(r.stdout).toMatch(/check\s+Lint manifests/);
    expect(r.stdout).toMatch(/report\s+Write a self-contained HTML report/);
  });

  it('every command has --help with examples', () => {
    for (const cmd of ['check', 'report']) {
      const r = k8sLint([cmd, '--help'], ROOT);
      expect(r.status, cmd).toBe(0);
      expect(r.stdout, cmd).toContain('EXAMPLES');
    }
  });

  it('--version prints what oclif prints, from the fast path', () => {
    const r = k8sLint(['--version'], ROOT);
    expect(r.stdout).toMatch(/^k8s-lint\/\d+\.\d+\.\d+ \S+-\S+ node-v\d+/);
  });

  it('shell completion is available (@oclif/plugin-autocomplete)', () => {
    const r = k8sLint(['autocomplete', '--help'], ROOT);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('autocomplete');
  });
});

describe('k8s-lint report', () => {
  it('writes one self-contained HTML file for the bookinfo example', () => {
    const dir = tempTree({});
    const out = join(dir, 'out', 'report.html');
    const r = k8sLint(['report', join(ROOT, 'examples', 'bookinfo'), '--output', out], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<section id="services">');
    expect(html).toContain('bookinfo/productpage');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
  });

  it('still writes the report when the input has errors, and exits 2', () => {
    const dir = tempTree({ 'bad.yaml': BROKEN });
    const r = k8sLint(['report', 'bad.yaml', '-o', 'r.html'], dir);
    expect(r.status).toBe(2);
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toContain('yaml-syntax');
  });
});
