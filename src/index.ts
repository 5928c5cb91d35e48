/**
 * k8s-lint's programmatic API. `analyze` runs the one way through:
 * load -> model -> schema -> dry run (ClusterState) -> rules -> findings (sorted, deterministic).
 * The CLI commands in src/commands/ are thin shells over these functions.
 */
import type { Config } from './config.js';
import { loadPaths, loadTexts } from './load/index.js';
import type { InputText, LoadResult } from './load/index.js';
import type { ReadSources } from './load/walk.js';
import { buildModel } from './model/build.js';
import type { Model } from './model/model.js';
import type { Resource } from './model/resource.js';
import { displayName } from './model/resource.js';
import { compareFindings } from './report/finding.js';
import type { Finding } from './report/finding.js';
import { schemaFindings } from './schema/index.js';
import { loadRuleSet, runRules } from './rules/index.js';
import { pathGlob } from './rules/suppress.js';
import type { CompiledRule, RuleSettings } from './rules/index.js';
import { simulate } from './sim/index.js';
import type { SimOptions } from './sim/index.js';
import type { ClusterState } from './sim/state.js';

export type { Finding, Severity } from './report/finding.js';
export type { Resource } from './model/resource.js';
export type { Model } from './model/model.js';
export type { ClusterState } from './sim/state.js';
export type { Config } from './config.js';
export type { InputText } from './load/index.js';

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

/** Everything one run knows: what was read, the model, the dry-run state and the findings. */
export interface Analysis {
  readonly files: readonly string[];
  readonly resources: readonly Resource[];
  readonly model: Model;
  readonly state: ClusterState;
  /** All findings, suppressed ones included (marked), in deterministic order. */
  readonly findings: readonly Finding[];
}

/** Analyses files, directories and `-` (stdin). */
export function analyze(paths: readonly string[], options: AnalyzeOptions = {}, io: ReadSources = {}): Analysis {
  const loaded = loadPaths(paths, loadOptions(options), io);
  return analyzeLoaded(loaded, loaded.files, options);
}

/** Analyses texts already in memory (tests, editors, fuzzing). */
export function analyzeTexts(texts: readonly InputText[], options: AnalyzeOptions = {}): Analysis {
  return analyzeLoaded(loadTexts(texts, loadOptions(options)), texts.map((t) => t.file), options);
}

function loadOptions(options: AnalyzeOptions): { namespace?: string; maxFileSize?: number } {
  const namespace = options.namespace ?? options.config?.namespace;
  const maxFileSize = options.maxFileSize ?? options.config?.maxFileSize;
  return { ...(namespace ? { namespace } : {}), ...(maxFileSize ? { maxFileSize } : {}) };
}

function analyzeLoaded(loaded: LoadResult, files: readonly string[], options: AnalyzeOptions): Analysis {
  const model = buildModel(loaded.resources);
  const schema = schemaFindings(loaded.resources, schemaOptions(options));
  const state = simulate(model, options);
  const ruleSet = ruleSetFor(options);
  const findings: Finding[] = [
    ...loaded.findings,
    ...schema.configErrors.map(usageFinding),
    ...schema.findings,
    ...ruleSet.findings,
    ...runRules(ruleSet.rules, { model, state, settings: ruleSettings(options) }),
  ];
  const sorted = applyConfigIgnores(findings, options.config).sort(compareFindings);
  return { files, resources: loaded.resources, model, state, findings: sorted };
}

function schemaOptions(options: AnalyzeOptions): Parameters<typeof schemaFindings>[1] {
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

/** A bad flag or setting (an unknown --kube-version, a missing --schema-dir): exit status 2. */
function usageFinding(message: string): Finding {
  return { rule: 'usage-error', severity: 'error', message, location: { file: '<command line>', line: 1, column: 1 }, input: true };
}

const ruleSetCache = new Map<string, { rules: CompiledRule[]; findings: Finding[] }>();

/** Rule files are read and compiled once per set of folders (a process analyses many inputs in tests). */
function ruleSetFor(options: AnalyzeOptions): { rules: CompiledRule[]; findings: Finding[] } {
  const dirs = [...(options.config?.ruleDirs ?? []), ...(options.ruleDirs ?? [])];
  const key = dirs.join('\u0000');
  let set = ruleSetCache.get(key);
  if (!set) ruleSetCache.set(key, (set = loadRuleSet(dirs)));
  return set;
}

function ruleSettings(options: AnalyzeOptions): RuleSettings {
  const config = options.config ?? {};
  const pss = options.pss ?? config.pss;
  return {
    ...(config.rules ? { rules: config.rules } : {}),
    enableAll: options.enableAll ?? config.enableAll ?? false,
    ...(pss ? { pss } : {}),
    external: [...(config.external ?? []), ...(options.external ?? [])],
  };
}

/** Config `ignore:` entries suppress rules by path glob or object pattern; suppressed findings stay visible. */
function applyConfigIgnores(findings: Finding[], config: Config | undefined): Finding[] {
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

export { displayName };
export { loadQueryInput, loadQueryTexts } from './query-input.js';
export type { QueryInput, QueryLoadOptions } from './query-input.js';
