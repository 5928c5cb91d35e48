/**
 * How one analysis' options (CLI flags over the config file) become the settings of each step: loading,
 * schema validation, the rule folders and the rule settings. Plain functions over plain data, cheap to import.
 */
import type { Config } from '../config.js';
import type { LoadOptions } from '../load/index.js';
import type { RuleSettings } from '../rules/index.js';
import type { schemaFindings } from '../schema/index.js';
import type { SimOptions } from '../sim/index.js';
import type { ManifestJob } from './manifest-findings.js';

/** Options of one analysis; CLI flags override the config file's settings. */
export interface AnalyzeOptions extends SimOptions {
  readonly config?: Config;
  /** Default namespace for namespaced objects without one. */
  readonly namespace?: string;
  readonly maxFileSize?: number;
  /** Kubernetes release whose APIs exist (`--kube-version`, default 1.36). */
  readonly kubeVersion?: string;
  /** Unknown fields are errors (default), or warnings with `strict: false` (`--no-strict`). */
  readonly strict?: boolean;
  /** Extra JSON Schemas in kubeconform's layout (`--schema-dir`). */
  readonly schemaDirs?: readonly string[];
  /** Kinds not schema-validated (`--skip-kinds`). */
  readonly skipKinds?: readonly string[];
  /** User rule folders (`--rules`), beside the config's `ruleDirs`. */
  readonly ruleDirs?: readonly string[];
  /** Turn optional rules on (`--enable-all`). */
  readonly enableAll?: boolean;
  /** Pod Security Standards profile enforced as errors (`--pss`). */
  readonly pss?: 'baseline' | 'restricted';
  /** Objects that exist outside the manifests (`--external` file), beside the config's `external`. */
  readonly external?: Config['external'];
}

export type SchemaOptions = Parameters<typeof schemaFindings>[1];

export function loadOptions(options: AnalyzeOptions): Pick<LoadOptions, 'namespace' | 'maxFileSize'> {
  const namespace = options.namespace ?? options.config?.namespace;
  const maxFileSize = options.maxFileSize ?? options.config?.maxFileSize;
  return { ...(namespace ? { namespace } : {}), ...(maxFileSize ? { maxFileSize } : {}) };
}

export function schemaOptions(options: AnalyzeOptions): SchemaOptions {
  const config = options.config ?? {};
  const kubeVersion = options.kubeVersion ?? config.kubeVersion;
  const schemaDirs = [...(config.schemaDirs ?? []), ...(options.schemaDirs ?? [])];
  const skipKinds = [...(config.skipKinds ?? []), ...(options.skipKinds ?? [])];
  return {
    ...(kubeVersion ? { kubeVersion } : {}),
    strict: options.strict ?? config.strict ?? true,
    ...(schemaDirs.length > 0 ? { schemaDirs } : {}),
    ...(skipKinds.length > 0 ? { skipKinds } : {}),
  };
}

/** User rule folders: the config's, then the flags'. */
export function ruleDirsOf(options: AnalyzeOptions): string[] {
  return [...(options.config?.ruleDirs ?? []), ...(options.ruleDirs ?? [])];
}

export function ruleSettings(options: AnalyzeOptions): RuleSettings {
  const config = options.config ?? {};
  const pss = options.pss ?? config.pss;
  return {
    ...(config.rules ? { rules: config.rules } : {}),
    enableAll: options.enableAll ?? config.enableAll ?? false,
    ...(pss ? { pss } : {}),
    external: [...(config.external ?? []), ...(options.external ?? [])],
  };
}

/** What the manifest-only part of an analysis needs besides the manifests (./manifest-findings.ts). */
export function manifestJob(options: AnalyzeOptions): ManifestJob {
  return { schema: schemaOptions(options), ruleDirs: ruleDirsOf(options), settings: ruleSettings(options) };
}
