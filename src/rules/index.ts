/**
 * The rule engine's public API. `check` / `analyze` call:
 *
 * ```ts
 * const { rules, findings } = loadRuleSet(config.ruleDirs ?? []);   // findings: bad rule files (input errors)
 * const ruleFindings = runRules(rules, { model, state, settings });  // suppressed findings included, marked
 * ```
 */
export { loadRuleSet, loadRuleFile, builtinRulesDir, packageRoot, ruleFilesIn } from './load.js';
export type { RuleSet } from './load.js';
export { runRules, evaluateRules, ruleMode, pssCovers } from './engine.js';
export type { RuleResult } from './engine.js';
export { runFixtures, runFixtureText, formatFixtureRun, expectedMarkers } from './fixtures.js';
export type { FixtureCase, FixtureRun } from './fixtures.js';
export { FUNCTIONS } from './functions/index.js';
export { IGNORE_ANNOTATION, IGNORE_REASON_ANNOTATION } from './suppress.js';
export type {
  Category,
  CompiledRule,
  ConfigSuppression,
  ExternalObject,
  FunctionContext,
  MapsTo,
  PssLevel,
  Report,
  RuleContext,
  RuleDefinition,
  RuleFunction,
  RuleSettings,
  RuleTarget,
  TargetNode,
} from './types.js';
export { CATEGORIES, TARGET_ALIASES } from './types.js';
export { ruleSettingsFromConfig } from './settings.js';
export type { RuleFlags } from './settings.js';
