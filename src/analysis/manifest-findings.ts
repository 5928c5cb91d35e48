/**
 * The findings the manifests alone decide: schema validation and every rule whose function does not read
 * the dry run. They are computed the same way on the main thread or on a worker (./parallel.ts).
 */
import type { Model } from '../model/model.js';
import type { Resource } from '../model/resource.js';
import type { Finding } from '../report/finding.js';
import type { CompiledRule, RuleSettings } from '../rules/index.js';
import { loadRuleSet, runRules } from '../rules/index.js';
import { schemaFindings } from '../schema/index.js';
import type { ClusterState } from '../sim/state.js';
import type { SchemaOptions } from './settings.js';

/** Everything the manifest-only part of an analysis needs besides the manifests: plain data, cloneable. */
export interface ManifestJob {
  readonly schema: SchemaOptions;
  readonly ruleDirs: readonly string[];
  readonly settings: RuleSettings;
}

/** What a rule that does not read the dry run is given for it: nothing. */
const NO_DRY_RUN: ClusterState = { namespaces: new Map(), nodes: [], pods: [], services: [], problems: [] };

export function manifestFindings(resources: readonly Resource[], model: Model, job: ManifestJob): Finding[] {
  const schema = schemaFindings(resources, job.schema);
  const rules = ruleSetFor(job.ruleDirs).rules.filter((r) => !r.readsDryRun);
  return [...schema.configErrors.map(usageFinding), ...schema.findings, ...runRules(rules, { model, state: NO_DRY_RUN, settings: job.settings })];
}

/** The rules that read the dry run: the part of the rule set that waits for ClusterState. */
export function dryRunRules(ruleDirs: readonly string[]): CompiledRule[] {
  return ruleSetFor(ruleDirs).rules.filter((r) => r.readsDryRun);
}

const ruleSetCache = new Map<string, { rules: CompiledRule[]; findings: Finding[] }>();

/** Rule files are read and compiled once per set of folders (a process analyses many inputs in tests). */
export function ruleSetFor(dirs: readonly string[]): { rules: CompiledRule[]; findings: Finding[] } {
  const key = dirs.join('\u0000');
  let set = ruleSetCache.get(key);
  if (!set) ruleSetCache.set(key, (set = loadRuleSet(dirs)));
  return set;
}

/** A bad flag or setting (an unknown --kube-version, a missing --schema-dir): exit status 2. */
export function usageFinding(message: string): Finding {
  return { rule: 'usage-error', severity: 'error', message, location: { file: '<command line>', line: 1, column: 1 }, input: true };
}
