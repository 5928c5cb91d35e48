/**
 * Schema validation: built-in Kubernetes 1.36 kinds (bundled schemas), CRDs from the input, kubeconform
 * schema directories, and the API removals and deprecations of 1.16–1.36.
 *
 * `check` creates one validator per run and calls `validate` for every resource:
 * ```ts
 * const v = createSchemaValidator({ kubeVersion: '1.36', strict: true, schemaDirs: [], crds });
 * for (const r of resources) for (const issue of v.validate(r)) report(issue, locateIn(r, issue.pointer));
 * ```
 * or, in one call, `schemaFindings(resources, { kubeVersion, strict, schemaDirs, skipKinds })`.
 * @packageDocumentation
 */
export { createSchemaValidator } from './validator.js';
export { schemaFindings, isCrd, type SchemaFindingsOptions } from './findings.js';
export type { SchemaIssue, SchemaValidator, SchemaValidatorOptions } from './types.js';
export { SCHEMA_RULES, type SchemaRuleId } from './rules.js';
export {
  API_LIFECYCLE,
  API_INTRODUCED,
  DEFAULT_KUBE_VERSION,
  apiStatus,
  introducedAfter,
  parseKubeVersion,
  formatKubeVersion,
  type ApiLifecycle,
  type ApiStatus,
  type KubeVersion,
} from './api-versions.js';
export { crdSchemaToJsonSchema, crdVersions, type CrdVersion } from './crd.js';
export { kubeconformNames } from './schema-dir.js';
export { fieldPath } from './field-path.js';
export { didYouMean } from './did-you-mean.js';
export { bundle, type BuiltinKind } from './bundled.js';
