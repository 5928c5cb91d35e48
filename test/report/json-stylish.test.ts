import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { analyzeTexts } from '../../src/index.js';
import { formatJson } from '../../src/report/json.js';
import { formatStylish, sanitizeForTerminal } from '../../src/report/stylish.js';
import type { Finding } from '../../src/report/finding.js';

const root = join(import.meta.dirname, '..', '..');

describe('json output', () => {
  it('validates against the documented schema (schemas/cli/check.schema.json)', () => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas/cli/check.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false }).compile(schema);
    const analysis = analyzeTexts([{ file: 'a.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, name: b}\n---\n- x\n' }]);
    const suppressed: Finding = { ...(analysis.findings[0] as Finding), rule: 'x', input: false, suppressed: { kind: 'config', justification: 'test' } };
    const report = JSON.parse(formatJson([...analysis.findings, suppressed], { version: '0.0.0', files: 1, objects: 0 })) as unknown;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report).toMatchObject({ summary: { errors: 2, suppressed: 1 } });
  });
});

describe('stylish output', () => {
  it('cannot be made to emit terminal escape sequences by manifest values', () => {
    const f: Finding = { rule: 'r', severity: 'error', message: 'name \u001b[2J\u001b]0;pwned\u0007 here\nnext', location: { file: 'evil\u001b[31m.yaml', line: 1, column: 1 } };
    const out = formatStylish([f], { color: false });
    expect(out.includes('\u001b')).toBe(false);
    expect(out.includes('\u0007')).toBe(false);
    expect(out).toContain('\\x1b[2J');
    expect(sanitizeForTerminal('a\r\nb')).toBe('a b');
  });

  it('colours only when asked', () => {
    const f: Finding = { rule: 'r', severity: 'warning', message: 'm', location: { file: 'f.yaml', line: 2, column: 3 } };
    expect(formatStylish([f], { color: false })).toBe('f.yaml\n  2:3  warning  m  r\n\n✖ 1 problem (0 errors, 1 warning, 0 info)\n');
    expect(formatStylish([f], { color: true })).toContain('\u001b[33mwarning');
  });
});
