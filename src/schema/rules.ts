import type { Severity } from '../report/finding.js';

/**
 * The rule ids schema validation reports. Each is a stable id the lead's `check` turns into a Finding;
 * severities are the defaults (unknown fields drop to `warning` with `strict: false`).
 */
export const SCHEMA_RULES = {
  /** A value breaks the schema: wrong type, missing required field, value outside an enumeration, bad format or range. */
  'schema-invalid': 'error',
  /** A field the schema does not know (strict field validation, as `kubectl apply` since 1.27). */
  'schema-unknown-field': 'error',
  /** The apiVersion of this kind is no longer served by the target Kubernetes version. */
  'api-removed': 'error',
  /** The apiVersion of this kind is deprecated at the target Kubernetes version. */
  'api-deprecated': 'warning',
  /** The apiVersion/kind pair never existed in Kubernetes (a typo, most often). */
  'api-unknown': 'error',
  /** No schema for this kind: no built-in one, no CRD in the input, none in --schema-dir. Once per kind. */
  'schema-missing': 'info',
  /** A CRD validation rule (x-kubernetes-validations) that could not be evaluated like the API server would. Once per rule. */
  'schema-rule-not-evaluated': 'info',
} as const satisfies Record<string, Severity>;

export type SchemaRuleId = keyof typeof SCHEMA_RULES;
