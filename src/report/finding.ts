import type { Location } from '../model/location.js';

export type Severity = 'error' | 'warning' | 'info';

/** Severity order, highest first. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** True when `s` is at or above `threshold`. */
export function atOrAbove(s: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(s) <= SEVERITIES.indexOf(threshold);
}

/** Why a finding was not counted. */
export interface Suppression {
  /** `annotation` (k8s-lint.io/ignore, kube-linter or kube-score annotations) or `config`. */
  readonly kind: 'annotation' | 'config';
  readonly justification?: string;
}

/**
 * The one result type of every analysis: input errors, schema errors, lint rules and dry-run results.
 * Data first; `message` is rendered from the rule's message template and `data`.
 */
export interface Finding {
  /** Rule id (a file in rules/) or an input diagnostic code such as `yaml-syntax`. */
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** `ns/Kind/name` of the object concerned, when there is one. */
  readonly resource?: string;
  readonly location: Location;
  /** Other places that take part (the first of two duplicates, the Service a route ends at…). */
  readonly related?: readonly RelatedLocation[];
  /** True for input errors (unreadable or unparsable input): they make the exit code 2. */
  readonly input?: boolean;
  /** Set when the finding is suppressed; suppressed findings are reported but never counted. */
  readonly suppressed?: Suppression;
}

export interface RelatedLocation {
  readonly message: string;
  readonly location: Location;
}

/** Deterministic order: file, line, column, rule, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.location.file, b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    cmp(a.rule, b.rule) ||
    cmp(a.message, b.message) ||
    cmp(a.resource ?? '', b.resource ?? '')
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
