import type { JsonPointer } from '../model/location.js';
import type { Resource } from '../model/resource.js';
import type { Severity } from '../report/finding.js';
import type { SchemaRuleId } from './rules.js';

/** One schema problem of one resource. `pointer` is relative to the resource (use `locateIn`). */
export interface SchemaIssue {
  readonly rule: SchemaRuleId;
  readonly severity: Severity;
  /** Kubernetes-style text: `<field path>: <what is wrong>`. */
  readonly message: string;
  /** The offending field; for an unknown field the unknown key itself; for a missing one, its parent. */
  readonly pointer: JsonPointer;
}

export interface SchemaValidatorOptions {
  /** Target Kubernetes version (`1.36`, `v1.29`, `1.25.3`); default 1.36. */
  readonly kubeVersion?: string;
  /** Unknown fields are errors when true (default), warnings when false (`--no-strict`). */
  readonly strict?: boolean;
  /** Directories of JSON Schemas in kubeconform's layout (`{kind}-{group}-{version}.json`). */
  readonly schemaDirs?: readonly string[];
  /** CustomResourceDefinitions found in the input: their served versions' schemas are registered. */
  readonly crds: readonly Resource[];
}

export interface SchemaValidator {
  /** Problems with the options themselves (bad --kube-version, unreadable --schema-dir): user errors as values. */
  readonly configErrors: readonly string[];
  /** Validates one resource. `schema-missing` is reported once per apiVersion/kind per validator. */
  validate(resource: Resource): SchemaIssue[];
}
