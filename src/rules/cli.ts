/**
 * The pure functions behind `k8s-lint rules list | explain | test`: the commands only parse flags, call
 * these and print.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFixtureText } from './fixtures.js';
import type { Category, CompiledRule, MapsTo } from './types.js';

/** The `--json` shape of `rules list`: one entry per rule, sorted by id. */
export interface RuleListEntry {
  readonly id: string;
  readonly category: Category;
  readonly severity: string;
  readonly recommended: boolean;
  readonly pss?: string;
  readonly summary: string;
  readonly mapsTo: MapsTo;
  readonly builtin: boolean;
}

export function ruleListEntries(rules: readonly CompiledRule[], category?: string): RuleListEntry[] {
  return rules
    .filter((r) => category === undefined || r.definition.category === category)
    .map((r) => ({
      id: r.id,
      category: r.definition.category,
      severity: r.definition.severity,
      recommended: r.definition.recommended,
      ...(r.definition.pss ? { pss: r.definition.pss } : {}),
      summary: r.definition.summary,
      mapsTo: r.definition['maps-to'] ?? {},
      builtin: r.builtin,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `rules list` as text: aligned columns; optional rules and PSS levels marked. */
export function formatRuleList(entries: readonly RuleListEntry[]): string {
  const rows = entries.map((e) => [e.id, e.category, e.severity, e.pss ? `pss:${e.pss}` : e.recommended ? 'on' : 'optional', e.summary]);
  const header = ['RULE', 'CATEGORY', 'SEVERITY', 'DEFAULT', 'SUMMARY'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const on = entries.filter((e) => e.recommended).length;
  return [line(header), ...rows.map(line), '', `${entries.length} rules (${on} on by default)`, ''].join('\n');
}

function fixture(dirs: readonly string[], id: string, variant: 'valid' | 'invalid'): { file: string; text: string } | undefined {
  for (const d of dirs) {
    const dir = join(d, id, variant);
    if (!existsSync(dir)) continue;
    const f = readdirSync(dir)
      .filter((x) => /\.ya?ml$/.test(x))
      .sort()[0];
    if (f !== undefined) return { file: join(dir, f), text: readFileSync(join(dir, f), 'utf8') };
  }
  return undefined;
}

function list(v: string | readonly string[]): string {
  return typeof v === 'string' ? v : v.join(', ');
}

/** `rules explain ID`: the rule's texts, then an invalid fixture with its findings and a valid one. */
export function explainRule(rule: CompiledRule, fixtureDirs: readonly string[], display: (file: string) => string = (f) => f): string {
  const d = rule.definition;
  const out: string[] = [];
  out.push(`${d.id} (${d.category}, ${d.severity}, ${d.pss ? `Pod Security Standards ${d.pss}` : d.recommended ? 'on by default' : 'optional'})`);
  out.push('');
  out.push(d.summary);
  if (d.description) out.push('', d.description.trim());
  out.push('', `Remediation: ${d.remediation}`);
  const m = d['maps-to'];
  if (m && Object.keys(m).length > 0) {
    out.push('', 'Same as:');
    for (const [peer, names] of Object.entries(m)) if (names !== undefined) out.push(`  ${peer}: ${list(names)}`);
  }
  if (d.references && d.references.length > 0) {
    out.push('', 'References:');
    for (const r of d.references) out.push(`  ${r}`);
  }
  const invalid = fixture(fixtureDirs, d.id, 'invalid');
  if (invalid) {
    const shown = display(invalid.file);
    out.push('', `Flagged (${shown}):`, '');
    out.push(...invalid.text.trimEnd().split('\n').map((l) => `  ${l}`));
    out.push('');
    for (const r of runFixtureText(rule, shown, invalid.text)) {
      const f = r.finding;
      out.push(`  => ${f.location.line}:${f.location.column}  ${f.severity}  ${f.message}`);
    }
  }
  const valid = fixture(fixtureDirs, d.id, 'valid');
  if (valid) {
    out.push('', `Not flagged (${display(valid.file)}):`, '');
    out.push(...valid.text.trimEnd().split('\n').map((l) => `  ${l}`));
  }
  out.push('');
  return out.join('\n');
}
