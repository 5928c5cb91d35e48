/**
 * The built-in catalog: every rule's fixtures (test/rules/<id>/{valid,invalid}/*.yaml, expectations on
 * `# expect:` markers) through the real pipeline, one test per rule folder.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFixtureRun, loadRuleSet, packageRoot, runFixtures } from '../../src/rules/index.js';

const root = packageRoot();
const fixtures = join(root, 'test', 'rules');
const ruleSet = loadRuleSet([]);

describe('built-in rule set', () => {
  it('loads without problems', () => {
    expect(ruleSet.findings.map((f) => `${f.location.file}:${f.location.line}: ${f.message}`)).toEqual([]);
  });
});

const ids = readdirSync(fixtures).filter((d) => statSync(join(fixtures, d)).isDirectory() && d !== 'golden');
describe('rule fixtures', () => {
  for (const id of ids) {
    it(id, () => {
      const run = runFixtures(fixtures, ruleSet.rules, [id]);
      expect(run.ok, formatFixtureRun(run)).toBe(true);
    });
  }
});
