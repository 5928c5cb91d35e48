/**
 * k8s-lint's programmatic API. `analyze` runs the one way through:
 * load -> model -> schema -> dry run (ClusterState) -> rules -> findings (sorted, deterministic).
 * The CLI commands in src/commands/ are thin shells over these functions.
 */
import { dryRunRules, manifestFindings, type ManifestJob } from './analysis/manifest-findings.js';
import { startManifestWorker, useWorker } from './analysis/parallel.js';
import { applyConfigIgnores, loadOptions, ruleDirsOf, ruleSetFor, ruleSettings, schemaOptions, type AnalyzeOptions } from './analysis/settings.js';
import { loadTexts, readPaths } from './load/index.js';
import type { InputText, LoadResult, ReadResult } from './load/index.js';
import type { ReadSources } from './load/walk.js';
import { buildModel } from './model/build.js';
import type { Model } from './model/model.js';
import type { Resource } from './model/resource.js';
import { displayName } from './model/resource.js';
import { compareFindings } from './report/finding.js';
import type { Finding } from './report/finding.js';
import { runRules } from './rules/index.js';
import { simulate } from './sim/index.js';
import type { ClusterState } from './sim/state.js';

export type { Finding, Severity } from './report/finding.js';
export type { Resource } from './model/resource.js';
export type { Model } from './model/model.js';
export type { ClusterState } from './sim/state.js';
export type { Config } from './config.js';
export type { InputText } from './load/index.js';
export type { AnalyzeOptions } from './analysis/settings.js';

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
  const read = readPaths(paths, loadOptions(options), io);
  const run = dryRunPart(load(read.texts, options, io), options);
  return assemble(read, run, manifestFindings(run.loaded.resources, run.model, manifestJob(options)), options);
}

/**
 * `analyze`, with the findings the manifests alone decide computed on a worker thread while this one runs
 * the dry run, when the input is large enough to gain from it (./analysis/parallel.ts). Same findings in the
 * same order.
 */
export async function analyzeInParallel(paths: readonly string[], options: AnalyzeOptions = {}, io: ReadSources = {}): Promise<Analysis> {
  const read = readPaths(paths, loadOptions(options), io);
  const worker = useWorker(read.texts) ? startManifestWorker({ texts: read.texts, load: loadOptions(options), job: manifestJob(options) }) : undefined;
  const run = dryRunPart(load(read.texts, options, io), options);
  const fromWorker = worker ? await worker : undefined;
  return assemble(read, run, fromWorker ?? manifestFindings(run.loaded.resources, run.model, manifestJob(options)), options);
}

/** Analyses texts already in memory (tests, editors, fuzzing). */
export function analyzeTexts(texts: readonly InputText[], options: AnalyzeOptions = {}): Analysis {
  const run = dryRunPart(load(texts, options, {}), options);
  return assemble({ texts, findings: [] }, run, manifestFindings(run.loaded.resources, run.model, manifestJob(options)), options);
}

function load(texts: readonly InputText[], options: AnalyzeOptions, io: ReadSources): LoadResult {
  return loadTexts(texts, io.onProgress ? { ...loadOptions(options), onProgress: io.onProgress } : loadOptions(options));
}

function manifestJob(options: AnalyzeOptions): ManifestJob {
  return { schema: schemaOptions(options), ruleDirs: ruleDirsOf(options), settings: ruleSettings(options) };
}

interface DryRunPart {
  readonly loaded: LoadResult;
  readonly model: Model;
  readonly state: ClusterState;
  /** Findings of the rules that read the dry run. */
  readonly findings: readonly Finding[];
}

/** The model, the dry run, and the rules that read it. */
function dryRunPart(loaded: LoadResult, options: AnalyzeOptions): DryRunPart {
  const model = buildModel(loaded.resources);
  const state = simulate(model, options);
  const findings = runRules(dryRunRules(ruleDirsOf(options)), { model, state, settings: ruleSettings(options) });
  return { loaded, model, state, findings };
}

/** Every finding of the run, config ignores applied, in the one deterministic order. */
function assemble(read: ReadResult, run: DryRunPart, manifest: readonly Finding[], options: AnalyzeOptions): Analysis {
  const findings: Finding[] = [...read.findings, ...run.loaded.findings, ...manifest, ...ruleSetFor(ruleDirsOf(options)).findings, ...run.findings];
  const sorted = applyConfigIgnores(findings, options.config).sort(compareFindings);
  return { files: read.texts.map((t) => t.file), resources: run.loaded.resources, model: run.model, state: run.state, findings: sorted };
}

export { displayName };
