/**
 * Label selectors exactly as k8s.io/apimachinery/pkg/labels defines them: requirements (selector.go),
 * their matching, the string syntax (`a=b,c!=d,e in (f,g),!h`), and the conversion from the structured
 * metav1.LabelSelector (LabelSelectorAsSelector in apis/meta/v1/helpers.go).
 */
import type { LabelSelector, Labels } from './kinds.js';
import { isObject } from './guards.js';
import { validateLabelKey, validateLabelValue } from './names.js';

export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** Sorted, de-duplicated values (upstream keeps a sorted set). */
  readonly values: readonly string[];
}

export interface Selector {
  /** All requirements must hold (AND). */
  readonly requirements: readonly Requirement[];
  /** A nil selector in the API selects nothing; `{}` selects everything. */
  readonly nothing: boolean;
  matches(labels: Labels | undefined): boolean;
  /** Canonical string form, as Selector.String() prints it. */
  toString(): string;
}

/** An error the user can cause: an invalid selector. Returned as a value, never thrown to callers. */
export interface SelectorError {
  readonly error: string;
  /** JSON Pointer (relative to the selector) of the offending part, when known. */
  readonly path?: string;
}

export function isSelectorError(v: Selector | SelectorError): v is SelectorError {
  return 'error' in v;
}

export function requirementMatches(r: Requirement, labels: Labels | undefined): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? (labels as Labels)[r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value as string);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value as string);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      // Upstream parses the label value as int64 and the single requirement value likewise.
      if (!has || !/^[+-]?\d+$/.test(value as string)) return false;
      const lhs = BigInt(value as string);
      const rhs = BigInt(r.values[0] as string);
      return r.operator === 'gt' ? lhs > rhs : lhs < rhs;
    }
  }
}

function requirementString(r: Requirement): string {
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return '!' + r.key;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${r.values.join(',')})`;
    case 'gt':
      return `${r.key}>${r.values[0] ?? ''}`;
    case 'lt':
      return `${r.key}<${r.values[0] ?? ''}`;
    default:
      return `${r.key}${r.operator}${r.values[0] ?? ''}`;
  }
}

function makeSelector(requirements: Requirement[], nothing = false): Selector {
  // Upstream sorts requirements by key so that String() is canonical.
  const sorted = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    requirements: sorted,
    nothing,
    matches(labels) {
      if (nothing) return false;
      for (const r of sorted) if (!requirementMatches(r, labels)) return false;
      return true;
    },
    toString() {
      return nothing ? '<none>' : sorted.map(requirementString).join(',');
    },
  };
}

export const EVERYTHING: Selector = makeSelector([]);
export const NOTHING: Selector = makeSelector([], true);

/** Builds and validates one requirement (NewRequirement in selector.go). */
export function newRequirement(key: string, operator: Operator, values: readonly string[]): Requirement | SelectorError {
  const keyError = validateLabelKey(key);
  if (keyError) return { error: `key: Invalid value: "${key}": ${keyError}` };
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) return { error: "for 'in', 'notin' operators, values set can't be empty" };
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) return { error: "exact-match compatibility requires one single value" };
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) return { error: "values set must be empty for exists and does not exist" };
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1 || !/^[+-]?\d+$/.test(values[0] as string))
        return { error: "for 'Gt', 'Lt' operators, exactly one value is required and it must be an integer" };
      break;
  }
  if (operator !== 'gt' && operator !== 'lt') {
    for (const v of values) {
      const valueError = validateLabelValue(v);
      if (valueError) return { error: `values[0][${key}]: Invalid value: "${v}": ${valueError}` };
    }
  }
  return { key, operator, values: [...new Set(values)].sort() };
}

/** SelectorFromSet: every key equals its value. An empty map gives the everything-selector. */
export function selectorFromMap(map: Labels | undefined): Selector | SelectorError {
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(map ?? {})) {
    const r = newRequirement(k, '=', [String(v)]);
    if ('error' in r) return { ...r, path: '/' + escapePointer(k) };
    reqs.push(r);
  }
  return makeSelector(reqs);
}

const STRUCTURED_OPERATORS: Readonly<Record<string, Operator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * LabelSelectorAsSelector: `undefined`/null is nothing, `{}` is everything; matchLabels and matchExpressions
 * are ANDed. Unknown operators and malformed entries are errors with the path of the bad part.
 */
export function selectorFromLabelSelector(ls: unknown): Selector | SelectorError {
  if (ls === undefined || ls === null) return NOTHING;
  if (!isObject(ls)) return { error: 'a label selector must be an object', path: '' };
  const sel = ls as LabelSelector;
  const reqs: Requirement[] = [];
  if (sel.matchLabels !== undefined) {
    if (!isObject(sel.matchLabels)) return { error: 'matchLabels must be a map of strings', path: '/matchLabels' };
    for (const [k, v] of Object.entries(sel.matchLabels)) {
      if (typeof v !== 'string') return { error: 'label values must be strings', path: `/matchLabels/${escapePointer(k)}` };
      const r = newRequirement(k, '=', [v]);
      if ('error' in r) return { ...r, path: `/matchLabels/${escapePointer(k)}` };
      reqs.push(r);
    }
  }
  if (sel.matchExpressions !== undefined) {
    if (!Array.isArray(sel.matchExpressions)) return { error: 'matchExpressions must be a list', path: '/matchExpressions' };
    for (const [i, e] of sel.matchExpressions.entries()) {
      const path = `/matchExpressions/${i}`;
      if (!isObject(e) || typeof e.key !== 'string') return { error: 'a requirement needs a string key', path };
      const op = typeof e.operator === 'string' ? STRUCTURED_OPERATORS[e.operator] : undefined;
      if (!op) return { error: `"${String(e.operator)}" is not a valid label selector operator`, path: `${path}/operator` };
      const values = e.values === undefined || e.values === null ? [] : e.values;
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string'))
        return { error: 'values must be a list of strings', path: `${path}/values` };
      const r = newRequirement(e.key, op, values as string[]);
      if ('error' in r) return { ...r, path };
      reqs.push(r);
    }
  }
  return makeSelector(reqs);
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

// ---------------------------------------------------------------------------------------------
// String syntax (labels.Parse): a lexer and recursive-descent parser following selector.go.

type TokenKind = 'id' | 'in' | 'notin' | '=' | '==' | '!=' | '!' | '(' | ')' | ',' | 'gt' | 'lt' | 'end';
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

const SPECIAL = new Set(['!', '=', '(', ')', ',', '>', '<']);

function lex(input: string): Token[] | SelectorError {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (SPECIAL.has(c)) {
      const two = input.slice(i, i + 2);
      if (two === '==' || two === '!=') {
        tokens.push({ kind: two, text: two });
        i += 2;
      } else {
        const kind: TokenKind = c === '>' ? 'gt' : c === '<' ? 'lt' : (c as TokenKind);
        tokens.push({ kind, text: c });
        i++;
      }
      continue;
    }
    let j = i;
    while (j < input.length && !SPECIAL.has(input[j] as string) && !/\s/.test(input[j] as string)) j++;
    const text = input.slice(i, j);
    tokens.push({ kind: text === 'in' ? 'in' : text === 'notin' ? 'notin' : 'id', text });
    i = j;
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}

/** Parses the string form; the empty string selects everything. */
export function parseSelector(input: string): Selector | SelectorError {
  const tokens = lex(input);
  if ('error' in tokens) return tokens;
  let pos = 0;
  const peek = (): Token => tokens[pos] as Token;
  const next = (): Token => tokens[pos++] as Token;
  const reqs: Requirement[] = [];
  if (peek().kind === 'end') return EVERYTHING;
  for (;;) {
    let negate = false;
    if (peek().kind === '!') {
      negate = true;
      next();
    }
    const keyTok = next();
    if (keyTok.kind !== 'id') return { error: `found '${keyTok.text}', expected: identifier` };
    const key = keyTok.text;
    const after = peek().kind;
    let req: Requirement | SelectorError;
    if (negate || after === ',' || after === 'end') {
      if (negate && after !== ',' && after !== 'end') return { error: `found '${peek().text}', expected: ',' or 'end'` };
      req = newRequirement(key, negate ? '!' : 'exists', []);
    } else if (after === 'in' || after === 'notin') {
      next();
      if (next().kind !== '(') return { error: `found '${tokens[pos - 1]?.text ?? ''}', expected: '('` };
      const values: string[] = [];
      // Values may be empty identifiers between commas: `in (a,)` is allowed upstream ("" is a valid value).
      for (;;) {
        const t = peek();
        if (t.kind === 'id') {
          values.push(t.text);
          next();
        } else if (t.kind === ',' || t.kind === ')') {
          if (values.length === 0 || tokens[pos - 1]?.kind === ',' || tokens[pos - 1]?.kind === '(') values.push('');
        } else return { error: `found '${t.text}', expected: ',', ')' or identifier` };
        const sep = next();
        if (sep.kind === ')') break;
        if (sep.kind !== ',') return { error: `found '${sep.text}', expected: ',' or ')'` };
      }
      req = newRequirement(key, after, values);
    } else if (after === '=' || after === '==' || after === '!=' || after === 'gt' || after === 'lt') {
      next();
      const v = peek();
      let value = '';
      if (v.kind === 'id') {
        value = v.text;
        next();
      } else if (after === 'gt' || after === 'lt' || (v.kind !== ',' && v.kind !== 'end')) {
        return { error: `found '${v.text}', expected: identifier` };
      }
      req = newRequirement(key, after, [value]);
    } else {
      return { error: `found '${peek().text}', expected: in, notin, =, ==, !=, gt, lt` };
    }
    if ('error' in req) return req;
    reqs.push(req);
    const sep = next();
    if (sep.kind === 'end') break;
    if (sep.kind !== ',') return { error: `found '${sep.text}', expected: ','` };
  }
  return makeSelector(reqs);
}
