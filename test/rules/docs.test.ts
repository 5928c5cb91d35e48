/** docs/rules.md must be what `npm run docs` generates from the current rules and fixtures. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { renderRuleDocs } from '../../src/rules/docs.js';
import { loadRuleSet, packageRoot } from '../../src/rules/index.js';

it('docs/rules.md is up to date (run `npm run docs`)', () => {
  const root = packageRoot();
  const expected = renderRuleDocs(loadRuleSet([]).rules, join(root, 'test', 'rules'));
  const actual = readFileSync(join(root, 'docs', 'rules.md'), 'utf8');
  expect(actual === expected, 'docs/rules.md is stale: run `npm run docs`').toBe(true);
});
