import { describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY, formatSarif, sarifLevel } from '../../src/report/sarif.js';
import type { Finding } from '../../src/report/finding.js';
import { CWD, FINDINGS, HOSTILE, ctx } from './fixtures.js';
import { expectValidSarif } from './sarif-schema.js';

interface Log {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string }; help: { text: string }; helpUri?: string; fullDescription: { text: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex?: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number; startColumn: number; endLine?: number; endColumn?: number } } }[];
      partialFingerprints: Record<string, string>;
      suppressions: { kind: string; justification?: string }[];
    }[];
  }[];
}

describe('SARIF 2.1.0', () => {
  const text = formatSarif(FINDINGS, ctx());
  const log = JSON.parse(text) as Log;
  const run = log.runs[0]!;

  it('validates against the official SARIF 2.1.0 schema', () => {
    expectValidSarif(text);
    expectValidSarif(formatSarif([], ctx()));
  });

  it('has one run whose rules carry descriptions, help and helpUri', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const rule = run.tool.driver.rules.find((r) => r.id === 'service-selector-matches-no-pods')!;
    expect(rule.shortDescription.text).toBe('A Service selector matches no pod in the Service namespace.');
    expect(rule.fullDescription.text).toContain('Make spec.selector match');
    expect(rule.help.text).toBe('Make spec.selector match the labels of a pod template, or remove the Service.');
    expect(rule.helpUri).toBe('https://kubernetes.io/docs/concepts/services-networking/service/');
    // Input diagnostics that are not rule files still get a descriptor, so ruleIndex always resolves.
    expect(run.tool.driver.rules.map((r) => r.id)).toContain('yaml-syntax');
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex!]!.id).toBe(r.ruleId);
  });

  it('maps levels: SARIF has error, warning and note (§3.27.10)', () => {
    expect(sarifLevel('error')).toBe('error');
    expect(sarifLevel('warning')).toBe('warning');
    expect(sarifLevel('info')).toBe('note');
  });

  it('gives artifact URIs relative to the working directory, percent-encoded, with 1-based regions', () => {
    const web = run.results.find((r) => r.message.text.includes('"web"'))!;
    expect(web.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'manifests/web.yaml', uriBaseId: '%SRCROOT%' });
    expect(web.locations[0]!.physicalLocation.region).toEqual({ startLine: 20, startColumn: 11 });
    const cart = run.results.find((r) => r.ruleId === 'service-selector-matches-no-pods')!;
    expect(cart.locations[0]!.physicalLocation.region).toEqual({ startLine: 12, startColumn: 5, endLine: 13, endColumn: 16 });
    const broken = run.results.find((r) => r.ruleId === 'yaml-syntax')!;
    expect(broken.locations[0]!.physicalLocation.artifactLocation.uri).toBe('manifests/broken%20file.yaml');
  });

  it('reports Helm-rendered findings at the chart template', () => {
    const pg = run.results.find((r) => r.message.text.includes('"db"'))!;
    expect(pg.locations[0]!.physicalLocation.artifactLocation.uri).toBe('pg/templates/statefulset.yaml');
    expect(pg.locations[0]!.physicalLocation.region).toBeUndefined();
  });

  it('reports suppressed findings with suppressions, and others with an empty list (§3.27.23)', () => {
    const side = run.results.find((r) => r.message.text.includes('"side"'))!;
    expect(side.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'sidecar injected at admission' }]);
    const web = run.results.find((r) => r.message.text.includes('"web"'))!;
    expect(web.suppressions).toEqual([]);
  });

  it('keeps partialFingerprints stable when a finding only moves, and unique within a run', () => {
    const moved: Finding[] = FINDINGS.map((f) => ({ ...f, location: { ...f.location, line: f.location.line + 7 } }));
    const again = JSON.parse(formatSarif(moved, ctx())) as Log;
    const fps = (l: Log): string[] => l.runs[0]!.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]!);
    expect(fps(again)).toEqual(fps(log));
    const twice = JSON.parse(formatSarif([FINDINGS[0]!, FINDINGS[0]!], ctx())) as Log;
    const [a, b] = fps(twice);
    expect(a).not.toBe(b);
  });

  it('is deterministic: input order does not change a byte', () => {
    expect(formatSarif([...FINDINGS].reverse(), ctx())).toBe(text);
  });

  it('keeps hostile text as JSON data and stays schema-valid', () => {
    const out = formatSarif([{ ...FINDINGS[0]!, message: HOSTILE, location: { file: `${CWD}/we ird/%x.yaml`, line: 1, column: 1 } }], ctx());
    expectValidSarif(out);
    expect((JSON.parse(out) as Log).runs[0]!.results[0]!.message.text).toBe(HOSTILE);
    expect(out).not.toContain('\u001b');
  });
});
