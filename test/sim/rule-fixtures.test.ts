/**
 * The fixtures of this area's engine-backed rules (rules/scheduling/*.yaml with `function: dry-run-problem`),
 * checked against the dry run directly: the problems with the rule's codes sit exactly on the lines marked
 * `# expect: problem`. (The generic rule-fixture runner checks the same through the rule engine.)
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadTexts } from '../../src/load/index.js';
import { buildModel } from '../../src/model/build.js';
import { locateIn } from '../../src/model/resource.js';
import { simulate } from '../../src/sim/index.js';

const root = join(import.meta.dirname, '..', '..');
const rulesDir = join(root, 'rules', 'scheduling');

interface RuleFile {
  id: string;
  check: { function?: string; options?: { codes?: string[] } };
}

const rules = readdirSync(rulesDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => parse(readFileSync(join(rulesDir, f), 'utf8')) as RuleFile)
  .filter((r) => r.check.function === 'dry-run-problem');

describe.each(rules.map((r) => [r.id, r] as const))('%s fixtures', (id, rule) => {
  const codes = new Set(rule.check.options?.codes ?? []);
  for (const kind of ['valid', 'invalid'] as const) {
    const dir = join(root, 'test', 'rules', id, kind);
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')) : [];
    it(`has ${kind} fixtures`, () => expect(files.length).toBeGreaterThan(0));
    for (const file of files) {
      it(`${kind}/${file}`, () => {
        const text = readFileSync(join(dir, file), 'utf8');
        const expected = text
          .split('\n')
          .map((l, i) => (/#\s*expect:\s*problem\b/.test(l) ? i + 1 : 0))
          .filter((n) => n > 0);
        const loaded = loadTexts([{ file, text }]);
        const state = simulate(buildModel(loaded.resources));
        const lines = state.problems.filter((p) => codes.has(p.code)).map((p) => locateIn(p.resource, p.pointer).line);
        expect(lines.sort((a, b) => a - b)).toEqual(expected);
      });
    }
  }
});
