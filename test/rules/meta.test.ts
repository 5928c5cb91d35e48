/**
 * Meta-test: keeps rule files, fixtures and docs in step (typescript-eslint's lesson). Every rule validates
 * against the meta-schema (loadRuleSet refuses it otherwise), its id equals its file name, it has at least
 * one valid and one invalid fixture, its summary and remediation end with a period, and docs/rules.md has
 * its entry.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleSet, packageRoot, ruleFilesIn } from '../../src/rules/index.js';

const root = packageRoot();
const { rules, findings } = loadRuleSet([]);

describe('rule catalog meta', () => {
  it('every rule file loads (meta-schema, id = file name, function options)', () => {
    expect(findings).toEqual([]);
    expect(rules.length).toBe(ruleFilesIn(join(root, 'rules')).length);
  });

  it('has at least 90 rules', () => {
    expect(rules.length).toBeGreaterThanOrEqual(90);
  });

  for (const rule of rules) {
    describe(rule.id, () => {
      it('id equals file name, texts end with a period', () => {
        expect(basename(rule.file).replace(/\.ya?ml$/, '')).toBe(rule.id);
        expect(rule.definition.summary.endsWith('.')).toBe(true);
        expect(rule.definition.remediation.endsWith('.')).toBe(true);
      });
      it('has valid and invalid fixtures', () => {
        for (const variant of ['valid', 'invalid']) {
          const dir = join(root, 'test', 'rules', rule.id, variant);
          const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];
          expect(files.length, `${rule.id}: no ${variant} fixture`).toBeGreaterThan(0);
        }
      });
      it('is documented in docs/rules.md', () => {
        const docs = readFileSync(join(root, 'docs', 'rules.md'), 'utf8');
        expect(docs).toContain(`### ${rule.id}`);
      });
    });
  }
});
