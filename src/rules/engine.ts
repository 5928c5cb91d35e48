/**
 * Running rules: dispatch by kind (rules are indexed by the kinds they target, so an object only meets
 * the rules that can apply to it), settings (off / re-grade / optional rules / PSS profile), suppression,
 * and rendering reports into Findings with file:line:column.
 */
import { asStringMap } from '../model/guards.js';
import { getAt } from './pointer.js';
import { displayName, locateIn, type Resource } from '../model/resource.js';
import { compareFindings, type Finding, type Severity } from '../report/finding.js';
import { globMatch } from './functions/util.js';
import { annotationSuppression, configSuppression } from './suppress.js';
import { targetNodes } from './targets.js';
import type { CompiledRule, FunctionContext, PssLevel, Report, RuleContext, RuleSettings, TargetNode } from './types.js';

/** A finding with what produced it: the rule and the messageId (the fixture runner asserts on both). */
export interface RuleResult {
  readonly finding: Finding;
  readonly rule: CompiledRule;
  readonly messageId: string;
}

/** Pod Security Admission namespace labels (https://kubernetes.io/docs/concepts/security/pod-security-admission/). */
const PSA_ENFORCE = 'pod-security.kubernetes.io/enforce';
const PSA_WARN = 'pod-security.kubernetes.io/warn';
const PSA_AUDIT = 'pod-security.kubernetes.io/audit';

/** True when a profile level includes a control's level: restricted includes everything baseline has. */
export function pssCovers(profile: string | undefined, level: PssLevel): boolean {
  if (profile === 'restricted') return true;
  if (profile === 'baseline') return level === 'baseline';
  return false;
}

type Mode = { readonly kind: 'on'; readonly severity?: Severity } | { readonly kind: 'pss-namespaces' } | { readonly kind: 'off' };

/** Whether a rule runs under these settings, and at which severity (undefined: the rule's or the report's). */
export function ruleMode(rule: CompiledRule, settings: RuleSettings): Mode {
  const def = rule.definition;
  const override = settings.rules?.[def.id];
  if (override === 'off') return { kind: 'off' };
  if (override === 'on') return { kind: 'on' };
  if (override !== undefined) return { kind: 'on', severity: override };
  if (def.pss !== undefined) {
    // `--pss` turns the profile on as errors, as Pod Security Admission's enforce mode would reject the pod.
    if (pssCovers(settings.pss, def.pss)) return { kind: 'on', severity: 'error' };
    if (settings.enableAll) return { kind: 'on' };
    return { kind: 'pss-namespaces' };
  }
  return def.recommended || settings.enableAll ? { kind: 'on' } : { kind: 'off' };
}

function render(template: string, data: Readonly<Record<string, string | number | boolean>>): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_m, k: string) => (data[k] === undefined ? '' : String(data[k])));
}

/** Runs the rules and returns findings with their rule and messageId, sorted deterministically. */
export function evaluateRules(rules: readonly CompiledRule[], ctx: RuleContext): RuleResult[] {
  const settings = ctx.settings;
  const memo = new Map<string, unknown>();
  const external = settings.external ?? [];
  const targetKeys = new WeakMap<object, string>();
  // Target nodes per object, keyed by target shape: rules sharing an alias share the expansion.
  let nodeCache: { resource: Resource | undefined; byTarget: Map<string, readonly TargetNode[]> } = { resource: undefined, byTarget: new Map() };
  const fctx: FunctionContext = {
    model: ctx.model,
    state: ctx.state,
    settings,
    memo<T>(key: string, build: () => T): T {
      let v = memo.get(key) as T | undefined;
      if (v === undefined && !memo.has(key)) {
        v = build();
        memo.set(key, v);
      }
      return v as T;
    },
    targets(resource, target) {
      if (nodeCache.resource !== resource) nodeCache = { resource, byTarget: new Map() };
      let key = targetKeys.get(target);
      if (key === undefined) {
        key = `${target.alias ?? ''}|${(target.kinds ?? []).join(',')}|${(target.containers ?? []).join(',')}`;
        targetKeys.set(target, key);
      }
      let nodes = nodeCache.byTarget.get(key);
      if (nodes === undefined) {
        nodes = targetNodes(resource, target);
        nodeCache.byTarget.set(key, nodes);
      }
      return nodes;
    },
    isExternal(kind, namespace, name) {
      return external.some(
        (e) => globMatch(e.kind, kind) && (e.name === undefined || globMatch(e.name, name)) && (e.namespace === undefined || globMatch(e.namespace, namespace ?? '')),
      );
    },
  };

  // Pod Security Admission labels on the input's Namespaces turn PSS rules on for those namespaces: a control
  // of the enforce level is an error, one only of the warn (or audit) level a warning.
  const nsLevels = new Map<string, { enforce?: string; warn?: string }>();
  const levelOf = (v: string | undefined): string | undefined => (v === 'baseline' || v === 'restricted' ? v : undefined);
  for (const ns of ctx.model.byKind('Namespace')) {
    const labels = asStringMap(getAt(ns.raw, '/metadata/labels'));
    const enforce = levelOf(labels[PSA_ENFORCE]);
    const warn = levelOf(labels[PSA_WARN]) ?? levelOf(labels[PSA_AUDIT]);
    if (enforce !== undefined || warn !== undefined) nsLevels.set(ns.name, { ...(enforce ? { enforce } : {}), ...(warn ? { warn } : {}) });
  }

  // Dispatch table: kind -> rules; `*` rules meet every object; global rules run once.
  const byKind = new Map<string, { rule: CompiledRule; mode: Mode }[]>();
  const everyKind: { rule: CompiledRule; mode: Mode }[] = [];
  const global: { rule: CompiledRule; mode: Mode }[] = [];
  for (const rule of rules) {
    const mode = ruleMode(rule, settings);
    if (mode.kind === 'off') continue;
    if (mode.kind === 'pss-namespaces' && nsLevels.size === 0) continue;
    const entry = { rule, mode };
    if (rule.evaluate.scope === 'global') global.push(entry);
    else if (rule.kinds.includes('*')) everyKind.push(entry);
    else
      for (const k of rule.kinds) {
        const list = byKind.get(k);
        if (list) list.push(entry);
        else byKind.set(k, [entry]);
      }
  }

  const results: RuleResult[] = [];
  const emit = (entry: { rule: CompiledRule; mode: Mode }, resource: Resource, report: Report): void => {
    const def = entry.rule.definition;
    let severity: Severity;
    if (entry.mode.kind === 'pss-namespaces') {
      const ns = nsLevels.get(resource.namespace ?? '');
      if (ns === undefined || def.pss === undefined) return;
      if (pssCovers(ns.enforce, def.pss)) severity = 'error';
      else if (pssCovers(ns.warn, def.pss)) severity = 'warning';
      else return;
    } else severity = (entry.mode.kind === 'on' ? entry.mode.severity : undefined) ?? report.severity ?? def.severity;
    const template = def.messages[report.messageId] ?? report.messageId;
    const location = locateIn(resource, report.pointer);
    const suppressed =
      (settings.ignoreAnnotations ? undefined : annotationSuppression(def, resource)) ?? configSuppression(settings, def.id, resource, location.file);
    const finding: Finding = {
      rule: def.id,
      severity,
      message: render(template, report.data ?? {}),
      resource: displayName(resource),
      location,
      ...(report.related && report.related.length > 0
        ? { related: report.related.map((r) => ({ message: r.message, location: locateIn(r.resource, r.pointer) })) }
        : {}),
      ...(suppressed ? { suppressed } : {}),
    };
    results.push({ finding, rule: entry.rule, messageId: report.messageId });
  };

  for (const resource of ctx.model.resources) {
    const list = byKind.get(resource.kind);
    const runList = list === undefined ? everyKind : everyKind.length === 0 ? list : [...list, ...everyKind];
    for (const entry of runList) {
      if (entry.rule.evaluate.scope !== 'node') continue;
      for (const report of entry.rule.evaluate.run(resource, fctx)) emit(entry, resource, report);
    }
  }
  for (const entry of global) {
    if (entry.rule.evaluate.scope !== 'global') continue;
    for (const report of entry.rule.evaluate.run(fctx)) {
      if (report.resource === undefined) continue;
      if (!entry.rule.kinds.includes('*') && !entry.rule.kinds.includes(report.resource.kind)) continue;
      emit(entry, report.resource, report);
    }
  }
  results.sort((a, b) => compareFindings(a.finding, b.finding));
  return results;
}

/** Runs the rules over the model and the dry run's state. Suppressed findings are returned, marked. */
export function runRules(rules: readonly CompiledRule[], ctx: RuleContext): Finding[] {
  return evaluateRules(rules, ctx).map((r) => r.finding);
}
