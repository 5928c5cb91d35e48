/**
 * The machine format: a documented, versioned JSON document (schemas/cli/check.schema.json).
 * `schemaVersion` changes only when a field is removed or changes meaning.
 */
import type { Finding } from './finding.js';

export const JSON_SCHEMA_VERSION = 1;

export interface JsonReport {
  readonly schemaVersion: number;
  readonly tool: { readonly name: string; readonly version: string };
  readonly summary: {
    readonly files: number;
    readonly objects: number;
    readonly errors: number;
    readonly warnings: number;
    readonly infos: number;
    readonly suppressed: number;
  };
  readonly findings: readonly Finding[];
  /** Findings suppressed by annotations or config, with why (never silently dropped). */
  readonly suppressed: readonly Finding[];
}

export function formatJson(findings: readonly Finding[], meta: { version: string; files: number; objects: number }): string {
  const active = findings.filter((f) => !f.suppressed);
  const report: JsonReport = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: 'k8s-lint', version: meta.version },
    summary: {
      files: meta.files,
      objects: meta.objects,
      errors: active.filter((f) => f.severity === 'error').length,
      warnings: active.filter((f) => f.severity === 'warning').length,
      infos: active.filter((f) => f.severity === 'info').length,
      suppressed: findings.length - active.length,
    },
    findings: active,
    suppressed: findings.filter((f) => f.suppressed),
  };
  return JSON.stringify(report, null, 2) + '\n';
}
