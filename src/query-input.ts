/**
 * What a query command (`dns`, `route`) reads before its own dry-run steps: the input, its model and the input
 * diagnostics (unreadable or unparsable input). No schema validation and no rules: neither changes a query's
 * answer, and on a large input they cost more than the query (src/sim/query.ts runs the steps it reads).
 */
import { loadPaths, loadTexts } from './load/index.js';
import type { InputText, LoadOptions, LoadResult } from './load/index.js';
import type { ReadSources } from './load/walk.js';
import { buildModel } from './model/build.js';
import type { Model } from './model/model.js';
import type { Resource } from './model/resource.js';
import { compareFindings } from './report/finding.js';
import type { Finding } from './report/finding.js';

export interface QueryInput {
  readonly files: readonly string[];
  readonly resources: readonly Resource[];
  readonly model: Model;
  /** Input diagnostics only (`input: true`), in deterministic order: the ones `analyze` reports for the input. */
  readonly findings: readonly Finding[];
}

/** Options of the load: the default namespace of objects without one, the file size limit. */
export type QueryLoadOptions = Pick<LoadOptions, 'namespace' | 'maxFileSize'>;

/** Loads files, directories and `-` (stdin) for a query: load and model, nothing else. */
export function loadQueryInput(paths: readonly string[], options: QueryLoadOptions = {}, io: ReadSources = {}): QueryInput {
  const loaded = loadPaths(paths, options, io);
  return queryInputOf(loaded, loaded.files);
}

/** {@link loadQueryInput} for texts already in memory. */
export function loadQueryTexts(texts: readonly InputText[], options: QueryLoadOptions = {}): QueryInput {
  return queryInputOf(loadTexts(texts, options), texts.map((t) => t.file));
}

function queryInputOf(loaded: LoadResult, files: readonly string[]): QueryInput {
  const findings = loaded.findings.filter((f) => f.input).sort(compareFindings);
  return { files, resources: loaded.resources, model: buildModel(loaded.resources), findings };
}
