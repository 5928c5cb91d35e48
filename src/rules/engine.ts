/**
 * Running rules: dispatch by kind (rules are indexed by the kinds they target, so an object only meets
 * the rules that can apply to it), settings (off / re-grade / optional rules / PSS profile), suppression,
 * and rendering reports into Findings with file:line:column.
 */
import { asStringMap } from '../model/guards.js';
import { getAt } from './pointer.js';
import { displayName, locateIn, type Resource } from '../model/resource.js';
import { compareFindings, type Finding, type Severity, type Suppression } from '../report/finding.js';
import type { Location } from '../model/location.js';
import { globMatch } from './functions/util.js';
import { annotationSuppression, configSuppression, suppressionAnnotations, type SuppressionAnnotations } from './suppress.js';
import { targetNodes } from './targets.js';
import type { Model } from '../model/model.js';
import type { ClusterState } from '../sim/state.js';
import type { CompiledRule, DirectCheck, ExternalObject, FunctionContext, PssLevel, Report, RuleContext, RuleSettings, RuleTarget, SchemaValidator, TargetNode } from './types.js';

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

/** A message template split at its `{{ key }}` placeholders: literal, key, literal, key, …, literal. */
const templateParts = new Map<string, readonly string[]>();

function render(template: string, data: Readonly<Record<string, string | number | boolean>>): string {
  let parts = templateParts.get(template);
  if (parts === undefined) {
    parts = template.split(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/);
    templateParts.set(template, parts);
  }
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const v = data[parts[i] as string];
    out += (v === undefined ? '' : String(v)) + (parts[i + 1] as string);
  }
  return out;
}

/**
 * A rule ready for the run, node and global rules alike in one shape (emit reads every entry: objects of one
 * shape keep its optimized code from being thrown away when a global rule's first finding arrives). What
 * emit needs of the rule's definition is copied here too: definitions' shapes differ with their optional
 * fields, and messages are read by id from a Map rather than from objects of as many shapes as rules.
 */
interface Entry {
  readonly rule: CompiledRule;
  readonly mode: Mode;
  readonly id: string;
  readonly severity: Severity;
  readonly pss: PssLevel | undefined;
  readonly messages: ReadonlyMap<string, string>;
  /** A node rule's check (or the parts of it the object loop calls directly); undefined for a global rule. */
  readonly check: ((node: TargetNode, ctx: FunctionContext) => readonly Report[]) | undefined;
  readonly direct: DirectCheck | undefined;
  /** A schema rule's validator, resolved when the rule first meets a node (rules that never do compile nothing). */
  validate: SchemaValidator | undefined;
  readonly target: RuleTarget | undefined;
  /** The slot of a node rule's target's nodes in the per-object cache; -1 for a global rule. */
  readonly slot: number;
}

/** A node rule's entry. */
interface NodeEntry extends Entry {
  readonly check: (node: TargetNode, ctx: FunctionContext) => readonly Report[];
  readonly target: RuleTarget;
}

function entryOf(rule: CompiledRule, mode: Mode, slot: number): Entry {
  const def = rule.definition;
  const ev = rule.evaluate;
  const node = ev.scope === 'node';
  return {
    rule,
    mode,
    id: def.id,
    severity: def.severity,
    pss: def.pss,
    messages: new Map(Object.entries(def.messages)),
    check: node ? ev.check : undefined,
    direct: node ? ev.direct : undefined,
    validate: undefined,
    target: node ? ev.target : undefined,
    slot,
  };
}

/**
 * The function context of a run. A class rather than an object of closures: its methods are the same
 * functions in every run, so rule functions optimized in one run (the manifest rules) are not thrown away
 * by the next (the dry-run rules) for calling a new closure.
 */
class RunContext implements FunctionContext {
  private readonly cache = new Map<string, unknown>();

  constructor(
    readonly model: Model,
    readonly state: ClusterState,
    readonly settings: RuleSettings,
    private readonly external: readonly ExternalObject[],
  ) {}

  memo<T>(key: string, build: () => T): T {
    let v = this.cache.get(key) as T | undefined;
    if (v === undefined && !this.cache.has(key)) {
      v = build();
      this.cache.set(key, v);
    }
    return v as T;
  }

  isExternal(kind: string, namespace: string | undefined, name: string): boolean {
    if (this.external.length === 0) return false;
    return this.external.some(
      (e) => globMatch(e.kind, kind) && (e.name === undefined || globMatch(e.name, name)) && (e.namespace === undefined || globMatch(e.namespace, namespace ?? '')),
    );
  }
}

/** Runs the rules and returns findings with their rule and messageId, sorted deterministically. */
export function evaluateRules(rules: readonly CompiledRule[], ctx: RuleContext): RuleResult[] {
  const settings = ctx.settings;
  const fctx = new RunContext(ctx.model, ctx.state, settings, settings.external ?? []);

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

  // Dispatch table: kind -> node rules (the `*` rules appended, as every object meets them); global rules run
  // once. Rules with the same target key share a slot: an object's nodes for it are expanded once.
  const slots = new Map<string, number>();
  const byKind = new Map<string, NodeEntry[]>();
  const everyKind: NodeEntry[] = [];
  const global: Entry[] = [];
  for (const rule of rules) {
    const mode = ruleMode(rule, settings);
    if (mode.kind === 'off') continue;
    if (mode.kind === 'pss-namespaces' && nsLevels.size === 0) continue;
    const ev = rule.evaluate;
    if (ev.scope === 'global') {
      global.push(entryOf(rule, mode, -1));
      continue;
    }
    let slot = slots.get(ev.targetKey);
    if (slot === undefined) {
      slot = slots.size;
      slots.set(ev.targetKey, slot);
    }
    const entry = entryOf(rule, mode, slot) as NodeEntry;
    if (rule.kinds.includes('*')) everyKind.push(entry);
    else
      for (const k of rule.kinds) {
        const list = byKind.get(k);
        if (list) list.push(entry);
        else byKind.set(k, [entry]);
      }
  }
  for (const list of byKind.values()) list.push(...everyKind);

  const results: RuleResult[] = [];
  // What every finding on an object shares (its name, its suppression annotations), kept for the object the
  // last finding was on: findings come object by object.
  // Locations too: several rules often report at the same pointer of an object (its name, its pod spec).
  let current: { resource: Resource; name: string; annotations: SuppressionAnnotations | undefined; locations: Map<string, Location> } | undefined;
  const emit = (entry: Entry, resource: Resource, report: Report): void => {
    let severity: Severity;
    if (entry.mode.kind === 'pss-namespaces') {
      const ns = nsLevels.get(resource.namespace ?? '');
      if (ns === undefined || entry.pss === undefined) return;
      if (pssCovers(ns.enforce, entry.pss)) severity = 'error';
      else if (pssCovers(ns.warn, entry.pss)) severity = 'warning';
      else return;
    } else severity = (entry.mode.kind === 'on' ? entry.mode.severity : undefined) ?? report.severity ?? entry.severity;
    const template = entry.messages.get(report.messageId) ?? report.messageId;
    if (current?.resource !== resource) current = { resource, name: displayName(resource), annotations: undefined, locations: new Map() };
    let location = current.locations.get(report.pointer);
    if (location === undefined) {
      location = locateIn(resource, report.pointer);
      current.locations.set(report.pointer, location);
    }
    let suppressed: Suppression | undefined;
    if (!settings.ignoreAnnotations) {
      current.annotations ??= suppressionAnnotations(resource);
      suppressed = annotationSuppression(entry.rule.definition, current.annotations);
    }
    suppressed ??= configSuppression(settings, entry.id, resource, location.file);
    // Optional fields assigned after the others (not spread in): the same key order, without the copies.
    const finding: { -readonly [K in keyof Finding]: Finding[K] } = { rule: entry.id, severity, message: render(template, report.data ?? {}), resource: current.name, location };
    if (report.related && report.related.length > 0) finding.related = report.related.map((r) => ({ message: r.message, location: locateIn(r.resource, r.pointer) }));
    if (suppressed) finding.suppressed = suppressed;
    results.push({ finding, rule: entry.rule, messageId: report.messageId });
  };

  // The nodes of the current object per target slot, expanded on first use.
  const nodesBySlot: (readonly TargetNode[] | undefined)[] = new Array<undefined>(slots.size).fill(undefined);
  // One call per object rather than one long loop body: V8 optimizes a function called 10k times sooner
  // than it replaces a running loop (on-stack replacement), and a cold run is what `check` pays.
  const checkObject = (resource: Resource, list: readonly NodeEntry[]): void => {
    nodesBySlot.fill(undefined);
    for (const entry of list) {
      let nodes = nodesBySlot[entry.slot];
      if (nodes === undefined) {
        nodes = targetNodes(resource, entry.target);
        nodesBySlot[entry.slot] = nodes;
      }
      if (nodes.length === 0) continue;
      const direct = entry.direct;
      if (direct?.kind === 'schema') {
        const validate = (entry.validate ??= direct.validator());
        for (let n = 0; n < nodes.length; n++) {
          const node = nodes[n] as TargetNode;
          if (!validate(node.value)) emit(entry, resource, direct.failure(node, validate));
        }
        continue;
      }
      for (let n = 0; n < nodes.length; n++) {
        const reports = direct === undefined ? entry.check(nodes[n] as TargetNode, fctx) : direct.run(nodes[n] as TargetNode, direct.options, fctx);
        for (let r = 0; r < reports.length; r++) emit(entry, resource, reports[r] as Report);
      }
    }
  };
  for (const resource of ctx.model.resources) {
    const list = byKind.get(resource.kind) ?? everyKind;
    if (list.length > 0) checkObject(resource, list);
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
