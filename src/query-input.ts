/**
 * What a query command (`dns`, `route`) reads before its own dry-run steps: the input, its model and the input
 * diagnostics (unreadable or unparsable input). No schema validation and no rules: neither changes a query's
 * answer, and on a large input they cost more than the query (src/sim/query.ts runs the steps it reads).
 */
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
  /** Hash of the input bytes and load options: what the scheduling cache (src/sim/schedule-cache.ts) keys on. */
  digest(): string;
}

/** Options of the load: the default namespace of objects without one, the file size limit. */
export type QueryLoadOptions = Pick<LoadOptions, 'namespace' | 'maxFileSize'>;

/** Loads files, directories and `-` (stdin) for a query: load and model, nothing else. */
export function loadQueryInput(paths: readonly string[], options: QueryLoadOptions = {}, io: ReadSources = {}): QueryInput {
  // loadPaths, with the texts kept for the digest.
  const read = readPaths(paths, options, io);
  const loaded = loadTexts(read.texts, options);
  return queryInputOf({ resources: loaded.resources, findings: [...read.findings, ...loaded.findings] }, read.texts, options);
}

/** {@link loadQueryInput} for texts already in memory. */
export function loadQueryTexts(texts: readonly InputText[], options: QueryLoadOptions = {}): QueryInput {
  return queryInputOf(loadTexts(texts, options), texts, options);
}

function queryInputOf(loaded: LoadResult, texts: readonly InputText[], options: QueryLoadOptions): QueryInput {
  const findings = loaded.findings.filter((f) => f.input).sort(compareFindings);
  let digest: string | undefined;
  return {
    files: texts.map((t) => t.file),
    resources: loaded.resources,
    model: buildModel(loaded.resources),
    findings,
    // Callers pass their whole option object; only what the load reads is part of the input.
    digest: () => (digest ??= inputDigest(texts, { namespace: options.namespace, maxFileSize: options.maxFileSize })),
  };
}
