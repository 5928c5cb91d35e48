import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConfigFile, loadConfig } from '../src/config.js';
import { analyzeTexts } from '../src/index.js';
import { pathGlob as globMatch } from '../src/rules/suppress.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'k8s-lint-config-'));
  mkdirSync(join(dir, 'a/b/c'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('config file', () => {
  it('is found upward from the working directory', () => {
    writeFileSync(join(dir, 'a/.k8s-lint.yaml'), 'failOn: warning\n');
    expect(findConfigFile(join(dir, 'a/b/c'))).toBe(join(dir, 'a/.k8s-lint.yaml'));
  });

  it('reads settings and resolves rule folders against its own folder', () => {
    writeFileSync(join(dir, 'a/ok.yaml'), 'failOn: warning\nruleDirs: [./my-rules]\nrules:\n  latest-tag: off\n');
    const loaded = loadConfig(join(dir, 'a/ok.yaml'));
    expect(loaded.findings).toEqual([]);
    expect(loaded.config).toMatchObject({ failOn: 'warning', rules: { 'latest-tag': 'off' }, ruleDirs: [join(dir, 'a/my-rules')] });
  });

  it('reports its own errors with file, line and column', () => {
    writeFileSync(join(dir, 'a/bad.yaml'), 'failOn: sometimes\nrules:\n  latest-tag: loud\nunknownSetting: 1\n');
    const { findings } = loadConfig(join(dir, 'a/bad.yaml'));
    // Positions point at the offending key, as every finding does (see PositionIndex.locate).
    expect(findings.map((f) => [f.location.line, f.location.column, f.message])).toEqual([
      [4, 1, 'unknownSetting: unknown setting'],
      [3, 3, 'rules.latest-tag: must be one of "off", "on", "error", "warning", "info"'],
      [1, 1, 'failOn: must be one of "error", "warning", "info", "none"'],
    ]);
    expect(findings.every((f) => f.input && f.rule === 'config-invalid')).toBe(true);
  });

  it('reports a missing or unparsable config file', () => {
    expect(loadConfig(join(dir, 'nope.yaml')).findings[0]?.message).toContain('cannot read config file');
    writeFileSync(join(dir, 'a/syntax.yaml'), 'rules: [\n');
    expect(loadConfig(join(dir, 'a/syntax.yaml')).findings[0]).toMatchObject({ rule: 'config-invalid', input: true });
  });
});

describe('config ignore entries', () => {
  it('suppress by path glob and keep the finding visible as suppressed', () => {
    const analysis = analyzeTexts([{ file: 'vendor/chart/x.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {generateName: x-}\nspec: {containers: []}\n' }], {
      config: { ignore: [{ rules: ['generate-name'], paths: ['vendor/**'], reason: 'upstream chart' }] },
    });
    const f = analysis.findings.find((x) => x.rule === 'generate-name');
    expect(f?.suppressed).toEqual({ kind: 'config', justification: 'upstream chart' });
  });

  it('globs: * stays within a segment, ** crosses them', () => {
    expect(globMatch('vendor/**', 'vendor/a/b.yaml')).toBe(true);
    expect(globMatch('vendor/*', 'vendor/a/b.yaml')).toBe(false);
    expect(globMatch('*/Secret/tls-*', 'prod/Secret/tls-web')).toBe(true);
  });
});
