/**
 * Golden: a realistic manifest set of ours (test/rules/golden/shop/: a web Deployment with its Service,
 * Ingress, PDB and ConfigMap, a PostgreSQL StatefulSet, a CronJob, NetworkPolicies, a Namespace with Pod
 * Security Admission labels) through the whole pipeline with the default settings; every finding is
 * compared. The expected list was reviewed finding by finding against the rule's documented behaviour.
 * Set UPDATE_GOLDEN=1 to rewrite it after an intended change (and review the diff).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadTexts } from '../../src/load/index.js';
import { buildModel } from '../../src/model/build.js';
import { loadRuleSet, packageRoot, runRules } from '../../src/rules/index.js';
import { simulate } from '../../src/sim/index.js';

it('shop: every finding of the default rule set', () => {
  const dir = join(packageRoot(), 'test', 'rules', 'golden', 'shop');
  const texts = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: `shop/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
  const model = buildModel(loadTexts(texts).resources);
  const findings = runRules(loadRuleSet([]).rules, { model, state: simulate(model), settings: {} });
  const actual =
    findings
      .map((f) => {
        const s = f.suppressed ? `  [suppressed: ${f.suppressed.justification ?? f.suppressed.kind}]` : '';
        return `${f.location.file}:${f.location.line}:${f.location.column}  ${f.severity}  ${f.rule}  ${f.message}${s}`;
      })
      .join('\n') + '\n';
  const expectedFile = join(packageRoot(), 'test', 'rules', 'golden', 'shop.expected');
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(expectedFile, actual);
  expect(actual).toBe(readFileSync(expectedFile, 'utf8'));
});
