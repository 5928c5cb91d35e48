/**
 * The fixture runner: `<dir>/<rule-id>/{valid,invalid}/*.yaml`, each expected finding marked on its line
 * with `# expect: <messageId>` (several: `# expect: a, b`). Each fixture runs through the real pipeline
 * (loadTexts -> buildModel -> simulate -> rules) with only its rule on, and the exact set of
 * (line, messageId) pairs of its unsuppressed findings is compared. `k8s-lint rules test DIR` and the
 * built-in catalog's test use this same runner.
 *
 * A fixture may pass settings in a comment line `# k8s-lint-settings: {"external": [...]}` (JSON).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadTexts } from '../load/index.js';
import { buildModel } from '../model/build.js';
import { simulate } from '../sim/index.js';
import { evaluateRules, type RuleResult } from './engine.js';
import type { CompiledRule, RuleSettings } from './types.js';

export interface FixtureCase {
  readonly rule: string;
  readonly variant: 'valid' | 'invalid';
  /** Path of the fixture as given (`<dir>/<id>/<variant>/<file>`). */
  readonly file: string;
  /** `line:messageId`, sorted. */
  readonly expected: readonly string[];
  readonly actual: readonly string[];
  readonly ok: boolean;
  /** Problems with the fixture itself (a valid file with markers, an invalid one without). */
  readonly problem?: string;
  /** The findings, for display (`rules explain`). */
  readonly results: readonly RuleResult[];
}

export interface FixtureRun {
  readonly cases: readonly FixtureCase[];
  /** Folder-level problems: fixtures for an unknown rule, a rule folder without valid or invalid cases. */
  readonly problems: readonly string[];
  readonly ok: boolean;
}

const EXPECT = /#\s*expect:\s*([A-Za-z][A-Za-z0-9]*(?:\s*,\s*[A-Za-z][A-Za-z0-9]*)*)/;
const SETTINGS = /^\s*#\s*k8s-lint-settings:\s*(\{.*\})\s*$/;

/** `line:messageId` pairs a fixture text expects. */
export function expectedMarkers(text: string): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = EXPECT.exec(line);
    if (m) for (const id of (m[1] as string).split(',')) out.push(`${i + 1}:${id.trim()}`);
  });
  return out.sort(byLineThenId);
}

function byLineThenId(a: string, b: string): number {
  const [la, ia] = a.split(':') as [string, string];
  const [lb, ib] = b.split(':') as [string, string];
  return Number(la) - Number(lb) || (ia < ib ? -1 : ia > ib ? 1 : 0);
}

function fixtureSettings(text: string): RuleSettings {
  for (const line of text.split(/\r?\n/)) {
    const m = SETTINGS.exec(line);
    if (m) {
      try {
        return JSON.parse(m[1] as string) as RuleSettings;
      } catch {
        return {};
      }
    }
  }
  return {};
}

/** Runs one rule over one fixture text through the whole pipeline. */
export function runFixtureText(rule: CompiledRule, file: string, text: string): RuleResult[] {
  const loaded = loadTexts([{ file, text }]);
  const model = buildModel(loaded.resources);
  const state = simulate(model);
  const extra = fixtureSettings(text);
  const settings: RuleSettings = { ...extra, rules: { ...(extra.rules ?? {}), [rule.id]: extra.rules?.[rule.id] ?? 'on' } };
  return evaluateRules([rule], { model, state, settings });
}

/** Runs a fixture folder against a rule set; `only` restricts to some rule ids. */
export function runFixtures(dir: string, rules: readonly CompiledRule[], only?: readonly string[]): FixtureRun {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const cases: FixtureCase[] = [];
  const problems: string[] = [];
  if (!existsSync(dir)) return { cases, problems: [`fixture folder not found: ${dir}`], ok: false };
  for (const id of readdirSync(dir).sort()) {
    const ruleDir = join(dir, id);
    if (!statSync(ruleDir).isDirectory() || id.startsWith('.')) continue;
    if (only && !only.includes(id)) continue;
    // Folders without valid/ or invalid/ are not fixture folders (a user's rule category folder, say).
    if (!existsSync(join(ruleDir, 'valid')) && !existsSync(join(ruleDir, 'invalid'))) continue;
    const rule = byId.get(id);
    if (rule === undefined) {
      problems.push(`${ruleDir}: no rule with id "${id}"`);
      continue;
    }
    for (const variant of ['valid', 'invalid'] as const) {
      const vdir = join(ruleDir, variant);
      const files = existsSync(vdir) ? readdirSync(vdir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
      if (files.length === 0) problems.push(`${ruleDir}: no ${variant} fixture (${variant}/*.yaml)`);
      for (const f of files) {
        const file = join(vdir, f);
        const text = readFileSync(file, 'utf8');
        const expected = expectedMarkers(text);
        const results = runFixtureText(rule, file, text);
        const actual = results
          .filter((r) => r.finding.suppressed === undefined && r.finding.location.file === file)
          .map((r) => `${r.finding.location.line}:${r.messageId}`)
          .sort(byLineThenId);
        let problem: string | undefined;
        if (variant === 'valid' && expected.length > 0) problem = 'a valid fixture must not have # expect: markers';
        if (variant === 'invalid' && expected.length === 0) problem = 'an invalid fixture needs at least one # expect: marker';
        const ok = problem === undefined && expected.join('|') === actual.join('|');
        cases.push({ rule: id, variant, file, expected, actual, ok, results, ...(problem ? { problem } : {}) });
      }
    }
  }
  return { cases, problems, ok: problems.length === 0 && cases.every((c) => c.ok) };
}

/** Human-readable report of a fixture run (used by `rules test` and the catalog test's failure message). */
export function formatFixtureRun(run: FixtureRun): string {
  const lines: string[] = [];
  for (const c of run.cases) {
    if (c.ok) continue;
    lines.push(`FAIL ${c.file}`);
    if (c.problem) lines.push(`  ${c.problem}`);
    const missing = c.expected.filter((e) => !c.actual.includes(e));
    const unexpected = c.actual.filter((a) => !c.expected.includes(a));
    for (const m of missing) lines.push(`  expected but not found: line ${m.replace(':', ' ')}`);
    for (const u of unexpected) {
      const [line, id] = u.split(':');
      const r = c.results.find((x) => String(x.finding.location.line) === line && x.messageId === id);
      lines.push(`  unexpected: line ${line} ${id}${r ? ` (${r.finding.message})` : ''}`);
    }
  }
  for (const p of run.problems) lines.push(`PROBLEM ${p}`);
  const passed = run.cases.filter((c) => c.ok).length;
  lines.push(`${passed}/${run.cases.length} fixtures passed${run.problems.length > 0 ? `, ${run.problems.length} problem(s)` : ''}`);
  return lines.join('\n');
}
