/**
 * How one analysis' options (CLI flags over the config file) become the settings of each step: loading,
 * schema validation, the rule set and its settings, and the config's `ignore:` entries.
 */
import type { Config } from '../config.js';
import type { LoadOptions } from '../load/index.js';
import type { Finding } from '../report/finding.js';
import { loadRuleSet } from '../rules/index.js';
import type { CompiledRule, RuleSettings } from '../rules/index.js';
import { pathGlob } from '../rules/suppress.js';
import type { schemaFindings } from '../schema/index.js';
import type { SimOptions } from '../sim/index.js';

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

const ruleSetCache = new Map<string, { rules: CompiledRule[]; findings: Finding[] }>();

/** Rule files are read and compiled once per set of folders (a process analyses many inputs in tests). */
export function ruleSetFor(dirs: readonly string[]): { rules: CompiledRule[]; findings: Finding[] } {
  const key = dirs.join('\u0000');
  let set = ruleSetCache.get(key);
  if (!set) ruleSetCache.set(key, (set = loadRuleSet(dirs)));
  return set;
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

/** A bad flag or setting (an unknown --kube-version, a missing --schema-dir): exit status 2. */
export function usageFinding(message: string): Finding {
  return { rule: 'usage-error', severity: 'error', message, location: { file: '<command line>', line: 1, column: 1 }, input: true };
}

/** Config `ignore:` entries suppress rules by path glob or object pattern; suppressed findings stay visible. */
export function applyConfigIgnores(findings: Finding[], config: Config | undefined): Finding[] {
  const entries = config?.ignore ?? [];
  if (entries.length === 0) return findings;
  return findings.map((f) => {
    if (f.suppressed || f.input) return f;
    for (const e of entries) {
      if (!e.rules.includes(f.rule) && !e.rules.includes('*')) continue;
      const pathHit = e.paths?.some((p) => pathGlob(p, f.location.file)) ?? false;
      const objectHit = f.resource !== undefined && (e.objects?.some((o) => pathGlob(o, f.resource as string)) ?? false);
      const unscoped = e.paths === undefined && e.objects === undefined;
      if (pathHit || objectHit || unscoped) {
        return { ...f, suppressed: { kind: 'config' as const, ...(e.reason ? { justification: e.reason } : {}) } };
      }
    }
    return f;
  });
}
