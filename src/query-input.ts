/**
 * What a query command (`dns`, `route`) reads before its own dry-run steps: the input, its model and the input
 * diagnostics (unreadable or unparsable input). No schema validation and no rules: neither changes a query's
 * answer, and on a large input they cost more than the query (src/sim/query.ts runs the steps it reads).
 */
import { cachedLoad } from './cache/load-cache.js';
import { loadTexts } from './load/index.js';
import type { InputText, LoadOptions, LoadResult } from './load/index.js';
import { readPaths } from './load/walk.js';
import type { ReadSources } from './load/walk.js';
import { buildModel } from './model/build.js';
import type { Model } from './model/model.js';
import type { Resource } from './model/resource.js';
import { compareFindings } from './report/finding.js';
import type { Finding } from './report/finding.js';
import { inputDigest } from './sim/schedule-cache.js';

export interface QueryInput {
  readonly files: readonly string[];
  readonly resources: readonly Resource[];
  readonly model: Model;
  /** Input diagnostics only (`input: true`), in deterministic order: the ones `analyze` reports for the input. */
  readonly findings: readonly Finding[];
  /** Hash of the input bytes and load options: what the query caches (src/cache/) key on. */
  digest(): string;
}

/** Options of the load: the default namespace of objects without one, the file size limit. */
export type QueryLoadOptions = Pick<LoadOptions, 'namespace' | 'maxFileSize'>;

/**
 * Loads files, directories and `-` (stdin) for a query: load and model, nothing else. With `cacheDir`, the
 * parsed objects of unchanged texts are read from the load cache (src/cache/load-cache.ts) and stored there.
 */
export function loadQueryInput(paths: readonly string[], options: QueryLoadOptions = {}, io: ReadSources = {}, cacheDir?: string): QueryInput {
  // loadPaths, with the texts kept for the digest.
  const read = readPaths(paths, options, io);
  const digest = inputDigestOf(read.texts, options);
  const load = (): LoadResult => inputDiagnosticsOnly(loadTexts(read.texts, options));
  const loaded = cacheDir === undefined ? load() : cachedLoad(read.texts, { dir: cacheDir, input: digest() }, load);
  return queryInputOf({ resources: loaded.resources, findings: [...read.findings, ...loaded.findings] }, read.texts, digest);
}

/** {@link loadQueryInput} for texts already in memory. */
export function loadQueryTexts(texts: readonly InputText[], options: QueryLoadOptions = {}): QueryInput {
  return queryInputOf(loadTexts(texts, options), texts, inputDigestOf(texts, options));
}

/** The load's resources and its input diagnostics: the other findings of the load are `check`'s. */
function inputDiagnosticsOnly(loaded: LoadResult): LoadResult {
  return { resources: loaded.resources, findings: loaded.findings.filter((f) => f.input) };
}

/** The digest of the texts and load options, computed once when first asked. */
function inputDigestOf(texts: readonly InputText[], options: QueryLoadOptions): () => string {
  let digest: string | undefined;
  // Callers pass their whole option object; only what the load reads is part of the input.
  return () => (digest ??= inputDigest(texts, { namespace: options.namespace, maxFileSize: options.maxFileSize }));
}

function queryInputOf(loaded: LoadResult, texts: readonly InputText[], digest: () => string): QueryInput {
  const findings = loaded.findings.filter((f) => f.input).sort(compareFindings);
  return {
    files: texts.map((t) => t.file),
    resources: loaded.resources,
    model: buildModel(loaded.resources),
    findings,
    digest,
  };
}
