/**
 * The steps of one analysis, shared by `analyze` (one thread) and `analyzeInParallel` (./parallel.ts): the
 * main thread's part (model, dry run, the rules that read it) and the assembly of every finding.
 */
import type { Config } from '../config.js';
import { loadTexts } from '../load/index.js';
import type { InputText, LoadResult, ReadResult } from '../load/index.js';
import type { ReadSources } from '../load/walk.js';
import { buildModel } from '../model/build.js';
import type { Model } from '../model/model.js';
import type { Resource } from '../model/resource.js';
import { compareFindings } from '../report/finding.js';
import type { Finding } from '../report/finding.js';
import { runRules } from '../rules/index.js';
import { pathGlob } from '../rules/suppress.js';
import { simulate } from '../sim/index.js';
import type { ClusterState } from '../sim/state.js';
import { dryRunRules, manifestFindings, ruleSetFor } from './manifest-findings.js';
import { loadOptions, manifestJob, ruleDirsOf, ruleSettings, type AnalyzeOptions } from './settings.js';

/** Everything one run knows: what was read, the model, the dry-run state and the findings. */
export interface Analysis {
  readonly files: readonly string[];
  readonly resources: readonly Resource[];
  readonly model: Model;
  readonly state: ClusterState;
  /** All findings, suppressed ones included (marked), in deterministic order. */
  readonly findings: readonly Finding[];
}

/** One thread, start to end. */
export function analyzeRead(read: ReadResult, options: AnalyzeOptions, io: ReadSources): Analysis {
  const run = dryRunPart(load(read.texts, options, io), options);
  return assemble(read, run, manifestFindings(run.loaded.resources, run.model, manifestJob(options)), options);
}

export function load(texts: readonly InputText[], options: AnalyzeOptions, io: ReadSources): LoadResult {
  return loadTexts(texts, io.onProgress ? { ...loadOptions(options), onProgress: io.onProgress } : loadOptions(options));
}

export interface DryRunPart {
  readonly loaded: LoadResult;
  readonly model: Model;
  readonly state: ClusterState;
  /** Findings of the rules that read the dry run. */
  readonly findings: readonly Finding[];
}

/** The model, the dry run, and the rules that read it. */
export function dryRunPart(loaded: LoadResult, options: AnalyzeOptions): DryRunPart {
  const model = buildModel(loaded.resources);
  const state = simulate(model, options);
  const findings = runRules(dryRunRules(ruleDirsOf(options)), { model, state, settings: ruleSettings(options) });
  return { loaded, model, state, findings };
}

/** Every finding of the run, config ignores applied, in the one deterministic order. */
export function assemble(read: ReadResult, run: DryRunPart, manifest: readonly Finding[], options: AnalyzeOptions): Analysis {
  const findings: Finding[] = [...read.findings, ...run.loaded.findings, ...manifest, ...ruleSetFor(ruleDirsOf(options)).findings, ...run.findings];
  const sorted = applyConfigIgnores(findings, options.config).sort(compareFindings);
  return { files: read.texts.map((t) => t.file), resources: run.loaded.resources, model: run.model, state: run.state, findings: sorted };
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
