/**
 * k8s-lint's programmatic API. `analyze` runs the one way through:
 * load -> model -> schema -> dry run (ClusterState) -> rules -> findings (sorted, deterministic).
 * The CLI commands in src/commands/ are thin shells over these functions.
 */
import { analyzeRead, type Analysis } from './analysis/run.js';
import { loadOptions, type AnalyzeOptions } from './analysis/settings.js';
import type { InputText } from './load/index.js';
import { readPaths } from './load/index.js';
import type { ReadSources } from './load/walk.js';
import { displayName } from './model/resource.js';

export type { Finding, Severity } from './report/finding.js';
export type { Resource } from './model/resource.js';
export type { Model } from './model/model.js';
export type { ClusterState } from './sim/state.js';
export type { Config } from './config.js';
export type { InputText } from './load/index.js';
export type { AnalyzeOptions } from './analysis/settings.js';
export type { Analysis } from './analysis/run.js';
export { analyzeInParallel } from './analysis/parallel.js';

/** Analyses files, directories and `-` (stdin). */
export function analyze(paths: readonly string[], options: AnalyzeOptions = {}, io: ReadSources = {}): Analysis {
  return analyzeRead(readPaths(paths, loadOptions(options), io), options, io);
}

/** Analyses texts already in memory (tests, editors, fuzzing). */
export function analyzeTexts(texts: readonly InputText[], options: AnalyzeOptions = {}): Analysis {
  return analyzeRead({ texts, findings: [] }, options, {});
}

export { displayName };
export { loadQueryInput, loadQueryTexts } from './query-input.js';
export type { QueryInput, QueryLoadOptions } from './query-input.js';
