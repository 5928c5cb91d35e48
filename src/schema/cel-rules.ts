/**
 * `x-kubernetes-validations` of a CRD schema, evaluated as the API server does on create
 * (`kubernetes/apiextensions-apiserver:pkg/apiserver/schema/cel/validation.go`, `validateExpressions`):
 *
 * - each rule runs with `self` bound to the value of the field that holds it, only when that value is
 *   present and not null; the root object carries apiVersion, kind and metadata.name/generateName;
 * - a rule that uses `oldSelf` is a transition rule: on create there is no old object, so it is skipped,
 *   unless `optionalOldSelf: true`, when it runs with `oldSelf` = `optional.none()`;
 * - false -> `fieldErrorForReason(path[.fieldPath], value, detail, reason)`, detail = messageExpression's
 *   result, else `message`, else `failed rule: <rule>`; an evaluation error -> `field.Invalid(path, type,
 *   "<error> evaluating rule: <message or rule>")`.
 *
 * Expressions are parsed and planned once per CRD version (on first use). What we cannot evaluate like
 * the API server (a function we lack, RE2-only regex syntax, optional syntax, a type our values do not
 * carry) is reported once per rule as an info finding, never as an error. Every evaluation is bounded: a
 * cost estimate (expression size x data size ^ comprehension nesting) is checked before running it.
 */
import { Buffer } from 'node:buffer';
import type { CelEnv, CelFunc, CelInput, CelResult } from '@bufbuild/cel';
import type { RE2JS } from '@bufbuild/re2';
import { asArray, asBoolean, asObject, asString, isObject, type JsonObject } from '../model/guards.js';
import { toPointer } from '../model/location.js';
import { kubernetesFuncs, UNSUPPORTED_HINT } from './cel-library.js';
import { celRuntime } from './cel-runtime.js';
import { rootValue, toCel } from './cel-values.js';
import { renderValue } from './messages.js';
import type { SchemaIssue } from './types.js';

/** cel-go's per-call limit is 1,000,000 cost units (apiserver celconfig.PerCallLimit); our units are coarser. */
export const CEL_COST_PER_CALL = 1_000_000;
/** Evaluation budget of one validator run, after which rules are skipped (a hostile CRD must not hang us). */
export const CEL_COST_PER_RUN = 1_000_000_000;

const OVER_CALL_BUDGET = Symbol('over the per-call budget');
const OVER_RUN_BUDGET = Symbol('over the per-run budget');

type Program = (bindings: Record<string, CelInput>) => CelResult;

interface Expr {
  readonly program: Program;
  /** Expression nodes, and the deepest nesting of comprehensions (macros over lists and maps). */
  readonly nodes: number;
  readonly depth: number;
  /** Elements of the list literals in the expression (a comprehension may range over them). */
  readonly literalItems: number;
}

type Compiled = { readonly ok: true; readonly expr: Expr; readonly usesOldSelf: boolean } | { readonly ok: false; readonly reason: string };

interface Rule {
  readonly source: string;
  readonly message: string | undefined;
  readonly reason: string | undefined;
  /** `fieldPath` as property names, relative to the field holding the rule. */
  readonly fieldTokens: readonly string[] | undefined;
  readonly optionalOldSelf: boolean;
  readonly compiled: Compiled;
  readonly messageExpression: Expr | undefined;
}

interface Node {
  readonly schema: JsonObject;
  readonly rules: readonly Rule[];
  readonly properties: ReadonlyMap<string, Node>;
  readonly additional: Node | undefined;
  readonly items: Node | undefined;
}

// optional.none() for `oldSelf` on create, with the three methods a rule can call on it.
let none: CelInput | undefined;
function optionalNone(): CelInput {
  none ??= celRuntime().cel.celMap(new Map());
  return none;
}

function optionalNoneFuncs(): CelFunc[] {
  const { celMethod, CelScalar, mapType } = celRuntime().cel;
  const NONE = optionalNone();
  return [
    celMethod('hasValue', mapType(CelScalar.STRING, CelScalar.DYN), [], CelScalar.BOOL, function () {
      if (this !== NONE) throw new Error('unsupported: function hasValue');
      return false;
    }),
    celMethod('orValue', mapType(CelScalar.STRING, CelScalar.DYN), [CelScalar.DYN], CelScalar.DYN, function (v) {
      if (this !== NONE) throw new Error('unsupported: function orValue');
      return v;
    }),
    celMethod('value', mapType(CelScalar.STRING, CelScalar.DYN), [], CelScalar.DYN, function () {
      if (this !== NONE) throw new Error('unsupported: function value');
      throw new Error('optional.none() dereference');
    }),
  ];
}

// `matches` compiles its pattern on every call; rules use a handful of constant patterns, so keep them.
const regexCache = new Map<string, RE2JS>();
const re2 = {
  compile(pattern: string): RE2JS {
    let re = regexCache.get(pattern);
    if (re === undefined) {
      re = celRuntime().re2.RE2JS.compile(pattern);
      if (regexCache.size < 1024) regexCache.set(pattern, re);
    }
    return re;
  },
};

let envCache: CelEnv | undefined;
function env(): CelEnv {
  envCache ??= celRuntime().cel.celEnv({ funcs: [...kubernetesFuncs(), ...optionalNoneFuncs()], re2 });
  return envCache;
}

interface Scan {
  nodes: number;
  literalItems: number;
  depth: number;
  usesOldSelf: boolean;
  unsupported: string | undefined;
  optionalOldSelfCalls: boolean;
}

/** Walks a parsed expression (cel.expr.Expr messages) for its size, nesting, oldSelf and functions. */
function scan(e: unknown, depth: number, out: Scan): void {
  if (!isObject(e)) return;
  out.nodes++;
  const kind = asObject(e.exprKind);
  const value = asObject(kind?.value);
  switch (kind?.case) {
    case 'identExpr':
      if (value?.name === 'oldSelf') out.usesOldSelf = true;
      return;
    case 'selectExpr':
      scan(value?.operand, depth, out);
      return;
    case 'callExpr': {
      const fn = asString(value?.function) ?? '';
      const target = asObject(value?.target);
      const targetKind = asObject(target?.exprKind);
      const targetName = targetKind?.case === 'identExpr' ? asString(asObject(targetKind.value)?.name) : undefined;
      const qualified = targetName === undefined ? fn : `${targetName}.${fn}`;
      if (targetName === 'oldSelf' && (fn === 'hasValue' || fn === 'orValue' || fn === 'value')) out.optionalOldSelfCalls = true;
      else if (out.unsupported === undefined && (UNSUPPORTED_HINT.has(qualified) || UNSUPPORTED_HINT.has(fn))) out.unsupported = UNSUPPORTED_HINT.has(qualified) ? qualified : fn;
      if (target !== undefined) scan(target, depth, out);
      for (const a of asArray(value?.args)) scan(a, depth, out);
      return;
    }
    case 'listExpr':
      out.literalItems += asArray(value?.elements).length;
      for (const x of asArray(value?.elements)) scan(x, depth, out);
      return;
    case 'structExpr':
      for (const entry of asArray(value?.entries)) {
        scan(asObject(entry)?.mapKey, depth, out);
        scan(asObject(entry)?.value, depth, out);
      }
      return;
    case 'comprehensionExpr': {
      out.depth = Math.max(out.depth, depth + 1);
      scan(value?.iterRange, depth, out);
      scan(value?.accuInit, depth, out);
      scan(value?.loopCondition, depth + 1, out);
      scan(value?.loopStep, depth + 1, out);
      scan(value?.result, depth, out);
      return;
    }
    default:
      return;
  }
}

/** Parses and plans one expression; a reason instead when we cannot evaluate it like the API server. */
function compileExpr(source: string, allowOptionalOldSelf: boolean): { expr: Expr; usesOldSelf: boolean } | { reason: string } {
  try {
    const parsed = celRuntime().cel.parse(source);
    const s: Scan = { nodes: 0, literalItems: 0, depth: 0, usesOldSelf: false, unsupported: undefined, optionalOldSelfCalls: false };
    scan(parsed.expr, 0, s);
    if (s.unsupported !== undefined) return { reason: `function ${s.unsupported} unsupported` };
    if (s.optionalOldSelfCalls && !allowOptionalOldSelf) return { reason: 'optional types unsupported' };
    const program = celRuntime().cel.plan(env(), parsed) as Program;
    return { expr: { program, nodes: s.nodes, depth: s.depth, literalItems: s.literalItems }, usesOldSelf: s.usesOldSelf };
  } catch (e) {
    // The parser has no syntax for optional field selection (`self.?x`) and some newer macros.
    const text = e instanceof Error ? e.message : String(e);
    if (/found \?|found \. but|expecting/.test(text) && /\.\?|\[\?/.test(source)) return { reason: 'optional types unsupported' };
    return { reason: `expression could not be parsed (${text.split('\n')[0] ?? ''})` };
  }
}

/** Splits a rule's fieldPath (`.spec.x`, `.m['k.y']`) into property names; undefined when malformed. */
function fieldPathTokens(path: string): string[] | undefined {
  const out: string[] = [];
  const re = /\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(path)) !== null) {
    out.push(m[1] ?? (m[2] as string).replace(/\\(.)/g, '$1'));
    end = re.lastIndex;
  }
  return end === path.length && out.length > 0 ? out : undefined;
}

function compileRules(schema: JsonObject): Rule[] {
  const out: Rule[] = [];
  for (const raw of asArray(schema['x-kubernetes-validations'])) {
    const r = asObject(raw);
    const source = asString(r?.rule)?.trim();
    if (r === undefined || source === undefined || source === '') continue;
    const optionalOldSelf = asBoolean(r.optionalOldSelf) === true;
    const c = compileExpr(source, optionalOldSelf);
    const msgExprSource = asString(r.messageExpression);
    const msgExpr = msgExprSource === undefined ? undefined : compileExpr(msgExprSource, false);
    const fp = asString(r.fieldPath);
    out.push({
      source,
      message: asString(r.message),
      reason: asString(r.reason),
      fieldTokens: fp === undefined || fp === '' ? undefined : fieldPathTokens(fp),
      optionalOldSelf,
      compiled: 'expr' in c ? { ok: true, expr: c.expr, usesOldSelf: c.usesOldSelf } : { ok: false, reason: c.reason },
      messageExpression: msgExpr !== undefined && 'expr' in msgExpr ? msgExpr.expr : undefined,
    });
  }
  return out;
}

/** The schema tree cut down to the paths that lead to rules; undefined when no rule is below `schema`. */
function buildNode(schema: JsonObject): Node | undefined {
  const properties = new Map<string, Node>();
  for (const [name, sub] of Object.entries(asObject(schema.properties) ?? {})) {
    const child = isObject(sub) ? buildNode(sub) : undefined;
    if (child !== undefined) properties.set(name, child);
  }
  const additional = isObject(schema.additionalProperties) ? buildNode(schema.additionalProperties) : undefined;
  const items = isObject(schema.items) ? buildNode(schema.items) : undefined;
  const rules = compileRules(schema);
  if (rules.length === 0 && properties.size === 0 && additional === undefined && items === undefined) return undefined;
  return { schema, rules, properties, additional, items };
}

/** cel-go's wording for the runtime errors the API server reports (cel-go common/types/err.go). */
function celGoError(message: string): string | undefined {
  const key = /^field not found: (.*)$/.exec(message);
  if (key) return `no such key: ${key[1] as string}`;
  if (/divide by zero/.test(message)) return 'division by zero';
  if (/modulus by zero/.test(message)) return 'modulus by zero';
  if (/^int overflow during/.test(message)) return 'integer overflow';
  if (/called on empty list$/.test(message)) return message;
  // quantity(): resource.ParseQuantity's ErrFormatWrong; asInteger(): quantity.go's own text.
  if (message.startsWith('quantities must match the regular expression') || message === 'cannot convert value to integer') return message;
  const index = /^index (-?\d+) out of bounds/.exec(message);
  if (index) return `index out of bounds: ${index[1] as string}`;
  return undefined;
}

/** Why an evaluation error means "not evaluated": a function the evaluator lacks, or its own message. */
function unsupportedReason(message: string): string {
  const unbound = /^unbound function: (.*)$/.exec(message);
  if (unbound) return `function ${unbound[1] as string} unsupported`;
  // Our library throws "unsupported: ..." for inputs it cannot treat like Go (RE2-only regex syntax).
  const ours = /^unsupported: (.*)$/.exec(message);
  return ours ? (ours[1] as string) : message;
}

function schemaType(schema: JsonObject): string {
  return typeof schema.type === 'string' ? schema.type : '';
}

/** Per-run state: rules already reported as not evaluated, and the cost spent. */
interface RunState {
  readonly reported: Set<Rule>;
  spent: number;
}

/** The CEL rules of one CRD version; `validate` evaluates them over one object. */
export class CelRules {
  private readonly state: RunState = { reported: new Set(), spent: 0 };

  private constructor(private readonly root: Node) {}

  /** The rules of a CRD version's `openAPIV3Schema`, or undefined when it has none. */
  static from(openAPIV3Schema: JsonObject | undefined): CelRules | undefined {
    const root = openAPIV3Schema === undefined ? undefined : buildNode(openAPIV3Schema);
    return root === undefined ? undefined : new CelRules(root);
  }

  validate(obj: JsonObject): SchemaIssue[] {
    const out: SchemaIssue[] = [];
    this.walk(this.root, obj, [], '', true, out);
    return out;
  }

  private walk(node: Node, value: unknown, tokens: string[], path: string, isRoot: boolean, out: SchemaIssue[]): void {
    // validation.go: "We only validate non-null values."
    if (value === null || value === undefined) return;
    // The API server validates a custom resource from a nil field.Path, which prints as `<nil>` at the root.
    if (node.rules.length > 0) this.evaluate(node, value, tokens, path === '' ? '<nil>' : path, isRoot, out);
    if (Array.isArray(value)) {
      if (node.items !== undefined) value.forEach((x, i) => this.walk(node.items as Node, x, [...tokens, String(i)], `${path}[${i}]`, false, out));
      return;
    }
    if (!isObject(value)) return;
    const declared = asObject(node.schema.properties);
    for (const [k, x] of Object.entries(value)) {
      // field.Path: a property is a Child (`.name`), a key of an additionalProperties map a Key (`[key]`).
      if (declared?.[k] !== undefined) {
        const child = node.properties.get(k);
        if (child !== undefined) this.walk(child, x, [...tokens, k], path === '' ? k : `${path}.${k}`, false, out);
      } else if (node.additional !== undefined) this.walk(node.additional, x, [...tokens, k], `${path}[${k}]`, false, out);
    }
  }

  private skip(rule: Rule, tokens: readonly string[], path: string, why: string, out: SchemaIssue[]): void {
    if (this.state.reported.has(rule)) return;
    this.state.reported.add(rule);
    // A hostile rule can be megabytes long: quote the start of it.
    const source = rule.source.length > 200 ? `${rule.source.slice(0, 200)}…` : rule.source;
    out.push({ rule: 'schema-rule-not-evaluated', severity: 'info', message: `${path}: rule not evaluated: ${why}: ${source}`, pointer: toPointer(tokens) });
  }

  private evaluate(node: Node, value: unknown, tokens: string[], path: string, isRoot: boolean, out: SchemaIssue[]): void {
    let self: CelInput | undefined;
    const counter = { n: 0 };
    for (const rule of node.rules) {
      const c = rule.compiled;
      if (!c.ok) {
        this.skip(rule, tokens, path, c.reason, out);
        continue;
      }
      if (c.usesOldSelf && !rule.optionalOldSelf) {
        this.skip(rule, tokens, path, 'transition rule (uses oldSelf), evaluated only on update', out);
        continue;
      }
      self ??= isRoot && isObject(value) ? rootValue(value, node.schema, counter) : toCel(value, node.schema, counter);
      const bindings: Record<string, CelInput> = c.usesOldSelf ? { self, oldSelf: optionalNone() } : { self };
      const result = this.run(c.expr, bindings, counter.n);
      if (result === OVER_CALL_BUDGET || result === OVER_RUN_BUDGET) {
        this.skip(rule, tokens, path, result === OVER_CALL_BUDGET ? 'estimated cost exceeds the evaluation budget' : 'the evaluation budget of this run is spent', out);
        continue;
      }
      const ruleText = rule.message?.trim() || rule.source;
      if (celRuntime().cel.isCelError(result)) {
        const text = celGoError(result.message);
        if (text === undefined) {
          this.skip(rule, tokens, path, unsupportedReason(result.message), out);
          continue;
        }
        out.push({ rule: 'schema-invalid', severity: 'error', message: `${path}: Invalid value: ${JSON.stringify(schemaType(node.schema))}: ${text} evaluating rule: ${ruleText}`, pointer: toPointer(tokens) });
        continue;
      }
      if (result === true) continue;
      if (result !== false) {
        this.skip(rule, tokens, path, 'rule does not evaluate to a bool', out);
        continue;
      }
      out.push(this.failure(rule, node, value, tokens, path, bindings, counter.n));
    }
  }

  private run(expr: Expr, bindings: Record<string, CelInput>, dataNodes: number): CelResult | typeof OVER_CALL_BUDGET | typeof OVER_RUN_BUDGET {
    // A comprehension ranges over data or over lists written in the expression: both bound its size.
    const estimate = expr.nodes * Math.max(1, dataNodes, expr.literalItems) ** expr.depth;
    if (estimate > CEL_COST_PER_CALL) return OVER_CALL_BUDGET;
    if (this.state.spent + estimate > CEL_COST_PER_RUN) return OVER_RUN_BUDGET;
    this.state.spent += estimate;
    try {
      return expr.program(bindings);
    } catch (e) {
      // Deep recursion in a hostile expression: a RangeError from the evaluator, not ours to crash on.
      return celRuntime().cel.celError(e instanceof Error ? e.message : String(e));
    }
  }

  /** fieldErrorForReason with the detail validation.go picks (messageExpression, message, default). */
  private failure(rule: Rule, node: Node, value: unknown, tokens: string[], base: string, bindings: Record<string, CelInput>, dataNodes: number): SchemaIssue {
    let detail: string | undefined;
    if (rule.messageExpression !== undefined) {
      const m = this.run(rule.messageExpression, bindings, dataNodes);
      // A message expression that fails, is not a string, is empty or has a line break falls back to message.
      if (typeof m === 'string') {
        const t = m.trim();
        if (t !== '' && !t.includes('\n') && Buffer.byteLength(t, 'utf8') <= 5120) detail = t;
      }
    }
    detail ??= rule.message !== undefined && rule.message !== '' ? rule.message.trim() : `failed rule: ${rule.source}`;
    // The finding points at the deepest field that exists in the object.
    let existing = tokens;
    let cur: unknown = value;
    for (const t of rule.fieldTokens ?? []) {
      if (!isObject(cur) || !(t in cur)) break;
      cur = cur[t];
      existing = [...existing, t];
    }
    const path = rule.fieldTokens === undefined ? base : fieldPathOf(base, node.schema, rule.fieldTokens);
    // validation.go shows the value of the field holding the rule (not of fieldPath's), objects and arrays omitted.
    const shown = value !== null && typeof value !== 'object' ? `: ${renderValue(value)}` : '';
    const pointer = toPointer(existing);
    switch (rule.reason) {
      case 'FieldValueForbidden':
        return { rule: 'schema-invalid', severity: 'error', message: `${path}: Forbidden: ${detail}`, pointer };
      case 'FieldValueRequired':
        return { rule: 'schema-invalid', severity: 'error', message: `${path}: Required value: ${detail}`, pointer };
      case 'FieldValueDuplicate':
        return { rule: 'schema-invalid', severity: 'error', message: `${path}: Duplicate value${shown}`, pointer };
      default:
        return { rule: 'schema-invalid', severity: 'error', message: `${path}: Invalid value${shown}: ${detail}`, pointer };
    }
  }
}

/**
 * The field path of a rule's fieldPath below `base`: a name is a Child where the schema has properties, a
 * Key where it has additionalProperties (validation.go ValidFieldPath, appendToPath).
 */
function fieldPathOf(base: string, schema: JsonObject, extra: readonly string[]): string {
  let out = base === '<nil>' ? '' : base;
  let cur: JsonObject | undefined = schema;
  for (const t of extra) {
    const props = asObject(cur?.properties);
    if (props !== undefined) {
      out = out === '' ? t : `${out}.${t}`;
      cur = asObject(props[t]);
    } else {
      out = `${out}[${t}]`;
      cur = asObject(cur?.additionalProperties);
    }
  }
  return out;
}
