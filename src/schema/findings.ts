/**
 * Convenience for `check`: schema issues of a whole input as Findings, with each issue's pointer mapped to
 * its file, line and column. CRDs are taken from the input itself.
 */
import { displayName, locateIn, type Resource } from '../model/resource.js';
import type { Finding } from '../report/finding.js';
import type { SchemaValidatorOptions } from './types.js';
import { createSchemaValidator } from './validator.js';

export interface SchemaFindingsOptions extends Omit<SchemaValidatorOptions, 'crds'> {
  /** Kinds not validated at all (`--skip-kinds`): neither schema nor apiVersion checks. */
  readonly skipKinds?: readonly string[];
}

/** True for apiextensions CustomResourceDefinitions (any served version of that API). */
export function isCrd(r: Resource): boolean {
  return r.kind === 'CustomResourceDefinition' && r.group === 'apiextensions.k8s.io';
}

/**
 * Validates every resource; problems with the options come back as `configErrors` (user errors as values).
 * Findings are in input order; the caller sorts them with the rest.
 */
export function schemaFindings(
  resources: readonly Resource[],
  options: SchemaFindingsOptions = {},
): { findings: Finding[]; configErrors: readonly string[] } {
  const validator = createSchemaValidator({ ...options, crds: resources.filter(isCrd) });
  const skip = new Set(options.skipKinds ?? []);
  const findings: Finding[] = [];
  for (const r of resources) {
    if (skip.has(r.kind)) continue;
    for (const issue of validator.validate(r)) {
      findings.push({
        rule: issue.rule,
        severity: issue.severity,
        message: issue.message,
        resource: displayName(r),
        location: locateIn(r, issue.pointer),
      });
    }
  }
  return { findings, configErrors: validator.configErrors };
}
