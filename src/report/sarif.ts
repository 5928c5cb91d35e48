/**
 * SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), the format GitHub code scanning and
 * other analysis hubs ingest. One run; the rules that ran as `tool.driver.rules`; one result per finding.
 * Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html (section numbers below).
 * GitHub's subset: https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
import { createHash } from 'node:crypto';
import type { Location } from '../model/location.js';
import type { Finding, Severity } from './finding.js';
import { compareFindings } from './finding.js';
import { displayPath, sortForReport } from './text.js';
import type { FormatContext, RuleMeta } from './types.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Key under `partialFingerprints` (§3.27.17): versioned, so a future change of recipe is a new key. */
export const FINGERPRINT_KEY = 'k8sLintFinding/v1';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json | undefined };
type JsonObject = { [k: string]: Json | undefined };

/** §3.27.10 `level`: SARIF has no "info"; `note` is its lowest reportable level. */
export function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

/** Renders findings as a SARIF 2.1.0 log (pretty-printed JSON, trailing newline). */
export function formatSarif(findings: readonly Finding[], ctx: FormatContext): string {
  return JSON.stringify(sarifLog(findings, ctx), null, 2) + '\n';
}

/** The SARIF log as a plain object (what formatSarif serialises). */
export function sarifLog(findings: readonly Finding[], ctx: FormatContext): JsonObject {
  const sorted = sortForReport(findings, ctx.cwd, compareFindings);
  const rules = ruleTable(sorted, ctx.rules);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const seen = new Map<string, number>();
  const results = sorted.map((f) => result(f, ctx, index.get(f.rule) ?? -1, seen));
  const driver: JsonObject = {
    name: ctx.tool.name,
    version: ctx.tool.version,
    semanticVersion: /^\d+\.\d+\.\d+/.test(ctx.tool.version) ? ctx.tool.version : undefined,
    informationUri: ctx.tool.informationUri,
    rules: rules.map(descriptor),
  };
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        // §3.14.23: our columns come from JavaScript string indices, i.e. UTF-16 code units.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** Rules that ran, plus any id a finding uses that is not a rule file (input diagnostics), sorted by id. */
function ruleTable(findings: readonly Finding[], rules: readonly RuleMeta[]): RuleMeta[] {
  const byId = new Map<string, RuleMeta>();
  for (const r of rules) byId.set(r.id, r);
  for (const f of findings) {
    if (!byId.has(f.rule)) byId.set(f.rule, { id: f.rule, summary: `${f.rule}.`, severity: f.severity });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** §3.49 reportingDescriptor. */
function descriptor(r: RuleMeta): JsonObject {
  const helpUri = r.references?.find((u) => /^[a-z][a-z0-9+.-]*:/i.test(u));
  return {
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: r.summary },
    fullDescription: { text: r.remediation === undefined ? r.summary : `${r.summary} ${r.remediation}` },
    help: {
      text: r.remediation ?? r.summary,
      markdown: [r.remediation ?? r.summary, ...(r.references ?? []).map((u) => `- <${u}>`)].join('\n\n'),
    },
    helpUri,
    defaultConfiguration: { level: sarifLevel(r.severity) },
    properties: r.category === undefined ? undefined : { tags: [r.category] },
  };
}

/** §3.49.7: `name` is an identifier-like form of the id (GitHub shows it); kebab-case to PascalCase. */
function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p !== '')
    .map((p) => p[0]?.toUpperCase() + p.slice(1))
    .join('');
}

function result(f: Finding, ctx: FormatContext, ruleIndex: number, seen: Map<string, number>): JsonObject {
  const loc = physical(f.location, ctx.cwd);
  const fp = fingerprint(f, ctx.cwd, seen);
  const related = (f.related ?? []).map((r, i) => ({
    id: i + 1,
    physicalLocation: physical(r.location, ctx.cwd),
    message: { text: r.message },
  }));
  return {
    ruleId: f.rule,
    ruleIndex: ruleIndex >= 0 ? ruleIndex : undefined,
    level: sarifLevel(f.severity),
    // §3.27.9 kind: a failed check is `fail` (the default, stated for clarity).
    kind: 'fail',
    message: { text: f.message },
    locations: [
      {
        physicalLocation: loc,
        logicalLocations: f.resource === undefined ? undefined : [{ fullyQualifiedName: f.resource, kind: 'object' }],
      },
    ],
    relatedLocations: related.length > 0 ? related : undefined,
    partialFingerprints: { [FINGERPRINT_KEY]: fp },
    // §3.27.23: an empty array says "we looked and it is not suppressed"; absent would mean "unknown".
    suppressions: f.suppressed
      ? [
          {
            // §3.35.2: an annotation in the manifest is in-source; a config-file entry is external.
            kind: f.suppressed.kind === 'annotation' ? 'inSource' : 'external',
            status: 'accepted',
            justification: f.suppressed.justification,
          },
        ]
      : [],
    properties: f.input ? { input: true } : undefined,
  };
}

/**
 * §3.29 physicalLocation. Files are URIs relative to the working directory (`%SRCROOT%`), which for a CI
 * checkout is the repository root code scanning resolves them against. Helm output (`<stdin>` with a
 * `# Source:` template) is reported at the chart template; its line in the rendered text is not a line
 * of the template, so the region is left out rather than made up.
 */
function physical(l: Location, cwd: string): JsonObject {
  if (l.file.startsWith('<') && l.template !== undefined) {
    return { artifactLocation: { uri: toUri(l.template), uriBaseId: '%SRCROOT%' } };
  }
  const region: JsonObject = { startLine: Math.max(1, l.line), startColumn: Math.max(1, l.column) };
  if (l.endLine !== undefined && l.endLine >= l.line) region.endLine = l.endLine;
  if (l.endColumn !== undefined && l.endColumn >= 1) region.endColumn = l.endColumn;
  const path = displayPath(l.file, cwd);
  return {
    artifactLocation: path.startsWith('<') ? { uri: toUri(path) } : { uri: toUri(path), uriBaseId: '%SRCROOT%' },
    region,
  };
}

/** A relative URI reference: each path segment percent-encoded (RFC 3986), `/` kept. */
function toUri(path: string): string {
  return path
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

/**
 * Stable across runs and across edits that only move the finding: rule, file, object and message, but not
 * line or column. Identical findings (same object, same message) get an ordinal so keys stay unique.
 */
function fingerprint(f: Finding, cwd: string, seen: Map<string, number>): string {
  const file = f.location.template ?? displayPath(f.location.file, cwd);
  const base = createHash('sha256')
    .update([f.rule, file, f.resource ?? '', f.message].join('\0'))
    .digest('hex')
    .slice(0, 32);
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return `${base}:${n}`;
}
