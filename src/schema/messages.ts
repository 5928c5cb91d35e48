/**
 * ajv errors -> SchemaIssues with Kubernetes' field paths and wording
 * (`kubernetes/kubernetes:staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go`:
 * `Required value`, `Unsupported value: "x": supported values: "a", "b"`, `Invalid value: ...`).
 * One message per mistake: the branches of a failed anyOf/oneOf collapse into one message.
 */
import type { ErrorObject } from 'ajv';
import { toPointer, pointerTokens, getAt, type JsonPointer } from '../model/location.js';
import { didYouMean } from './did-you-mean.js';
import { fieldPath } from './field-path.js';
import { CRD_FORMAT_PREFIX } from './formats.js';
import { knownProperties, schemaAt, type SchemaScope } from './schema-walk.js';
import type { SchemaIssue } from './types.js';

const COMBINATORS = new Set(['anyOf', 'oneOf']);

/** Collapses anyOf/oneOf cascades: each failed combinator keeps one explanation. */
export function mergeCombinators(errors: readonly ErrorObject[]): ErrorObject[] {
  // Errors ajv adds for if/then and for `not` are summaries of other errors or have no detail to add.
  const list = errors.filter((e) => e.keyword !== 'if');
  let outer: ErrorObject | undefined;
  for (const e of list) {
    if (COMBINATORS.has(e.keyword) && (outer === undefined || e.schemaPath.length < outer.schemaPath.length)) outer = e;
  }
  if (outer === undefined) return list;
  const prefix = outer.schemaPath + '/';
  const branches = new Map<number, ErrorObject[]>();
  const rest: ErrorObject[] = [];
  for (const e of list) {
    if (e === outer) continue;
    if (e.schemaPath.startsWith(prefix)) {
      const index = Number(e.schemaPath.slice(prefix.length).split('/')[0]);
      const b = branches.get(index) ?? [];
      b.push(e);
      branches.set(index, b);
    } else rest.push(e);
  }
  const passing = (outer.params as { passingSchemas?: unknown }).passingSchemas;
  if (outer.keyword === 'oneOf' && Array.isArray(passing)) {
    return mergeCombinators([...rest, { ...outer, keyword: 'oneOfMany', message: 'must match exactly one of the allowed schemas' }]);
  }
  const all = [...branches.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b);
  const onlyTypes = all.length > 0 && all.every((b) => b.length === 1 && b[0]?.keyword === 'type' && b[0].instancePath === outer.instancePath);
  if (onlyTypes) {
    const types = all.flatMap((b) => String((b[0]?.params as { type: unknown }).type).split(','));
    return mergeCombinators([...rest, { ...(all[0]?.[0] as ErrorObject), params: { type: [...new Set(types)].join(',') } }]);
  }
  // Otherwise the branch with the fewest errors is the one the author most likely meant.
  let best = all[0] ?? [];
  for (const b of all) if (b.length < best.length) best = b;
  if (best.length === 0) return mergeCombinators([...rest, { ...outer, keyword: 'anyOfNone', message: 'must match one of the allowed schemas' }]);
  return mergeCombinators([...rest, ...best]);
}

/** Renders a value the way field.Invalid does: strings quoted, numbers and booleans bare. */
export function renderValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return JSON.stringify(Array.isArray(v) ? 'array' : 'object');
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function joinTypes(t: unknown): string {
  const list = (Array.isArray(t) ? t.map(String) : String(t).split(',')).filter((x) => x !== 'null');
  return list.length <= 1 ? (list[0] ?? 'null') : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1] as string}`;
}

function formatDetail(format: string): string {
  switch (format) {
    case 'date-time':
      return 'must be a date-time in RFC 3339 format (e.g. 2006-01-02T15:04:05Z)';
    case 'date':
      return 'must be a date in RFC 3339 full-date format (e.g. 2006-01-02)';
    case 'byte':
      return 'must be a base64-encoded string';
    default:
      return `must be in ${format} format`;
  }
}

/** Wording for keywords without a Kubernetes phrase of their own. */
function genericDetail(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'minLength':
      return `must be at least ${String(p.limit)} characters long`;
    case 'minItems':
      return `must have at least ${String(p.limit)} items`;
    case 'minProperties':
      return `must have at least ${String(p.limit)} properties`;
    case 'maxProperties':
      return `must have at most ${String(p.limit)} properties`;
    case 'uniqueItems':
      return `must not contain duplicates (items ${String(p.j)} and ${String(p.i)} are identical)`;
    case 'multipleOf':
      return `must be a multiple of ${String(p.multipleOf)}`;
    case 'oneOfMany':
      return 'must match exactly one of the allowed schemas';
    case 'anyOfNone':
    case 'anyOf':
    case 'oneOf':
      return 'must match one of the allowed schemas';
    case 'not':
      return 'must not match the forbidden schema';
    default:
      return e.message ?? `fails the ${e.keyword} rule`;
  }
}

export interface MessageContext {
  /** The object validated (the resource's raw object). */
  readonly root: unknown;
  /** Severity of unknown fields: error when strict. */
  readonly strict: boolean;
  /** Where to look schemas up for did-you-mean and quantity/format wording; undefined when unknown. */
  readonly scope?: SchemaScope;
}

/** Turns merged ajv errors into issues (deduplicated, in ajv's order). */
export function issuesFromErrors(errors: readonly ErrorObject[], ctx: MessageContext): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const seen = new Set<string>();
  // A misspelt required field is one mistake, not two: its "unknown field; did you mean X?" replaces the
  // "X: Required value" of the same object.
  const suggested = new Set<string>();
  const requiredKeys = new Map<SchemaIssue, string>();
  const push = (issue: SchemaIssue): void => {
    const key = `${issue.rule}\u0000${issue.pointer}\u0000${issue.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(issue);
  };
  for (const e of mergeCombinators(errors)) {
    const at: JsonPointer = e.instancePath;
    const value = getAt(ctx.root, at);
    // Kubernetes decodes a JSON null as "unset" (kubectl itself prints `creationTimestamp: null`), so a
    // null value breaks no type, enum or format rule. Checking here costs nothing on valid objects.
    if (value === null && e.keyword !== 'required' && e.keyword !== 'additionalProperties') continue;
    const path = (p: JsonPointer): string => fieldPath(ctx.root, p);
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String(params.additionalProperty);
        const pointer = toPointer([...pointerTokens(at), key]);
        const props = ctx.scope === undefined ? [] : knownProperties(schemaAt(ctx.scope, at), ctx.scope);
        const guess = didYouMean(key, props);
        if (guess !== undefined) suggested.add(`${at}\u0000${guess}`);
        push({
          rule: 'schema-unknown-field',
          severity: ctx.strict ? 'error' : 'warning',
          message: `${path(pointer)}: unknown field${guess === undefined ? '' : `; did you mean ${guess}?`}`,
          pointer,
        });
        break;
      }
      case 'required': {
        const missing = String(params.missingProperty);
        const p = path(at);
        const issue: SchemaIssue = { rule: 'schema-invalid', severity: 'error', message: `${p === '<root>' ? missing : `${p}.${missing}`}: Required value`, pointer: at };
        requiredKeys.set(issue, `${at}\u0000${missing}`);
        push(issue);
        break;
      }
      case 'type':
        push({
          rule: 'schema-invalid',
          severity: 'error',
          message: `${path(at)}: Invalid value: "${typeName(value)}": must be of type ${joinTypes(params.type)}`,
          pointer: at,
        });
        break;
      case 'enum': {
        const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
        push({ rule: 'schema-invalid', severity: 'error', message: `${path(at)}: Unsupported value: ${renderValue(value)}: supported values: ${allowed}`, pointer: at });
        break;
      }
      case 'const':
        push({ rule: 'schema-invalid', severity: 'error', message: `${path(at)}: Unsupported value: ${renderValue(value)}: supported values: ${JSON.stringify(params.allowedValue)}`, pointer: at });
        break;
      case 'pattern': {
        const schema = ctx.scope === undefined ? undefined : schemaAt(ctx.scope, at);
        const format = schema?.['x-k8s-lint-format'];
        const detail =
          schema?.['x-k8s-lint-quantity'] === true
            ? `quantities must match the regular expression '${String(params.pattern)}'`
            : typeof format === 'string'
              ? formatDetail(format)
              : `must match the regular expression '${String(params.pattern)}'`;
        push({ rule: 'schema-invalid', severity: 'error', message: `${path(at)}: Invalid value: ${renderValue(value)}: ${detail}`, pointer: at });
        break;
      }
      case 'format': {
        const format = String(params.format);
        if (format.startsWith(CRD_FORMAT_PREFIX)) {
          // kube-openapi validate.FormatOf -> errors.InvalidType ("%s in %s must be of type %s: %q"), which
          // apiextensions wraps in field.TypeInvalid (printed "Invalid value").
          const written = ctx.scope === undefined ? undefined : schemaAt(ctx.scope, at)?.['x-k8s-lint-crd-format'];
          const name = typeof written === 'string' ? written : format.slice(CRD_FORMAT_PREFIX.length);
          push({ rule: 'schema-invalid', severity: 'error', message: `${path(at)}: Invalid value: ${renderValue(value)}: ${path(at)} in body must be of type ${name}: ${renderValue(value)}`, pointer: at });
          break;
        }
        push({ rule: 'schema-invalid', severity: 'error', message: `${path(at)}: Invalid value: ${renderValue(value)}: ${formatDetail(format)}`, pointer: at });
        break;
      }
      case 'maximum':
      case 'minimum':
      case 'exclusiveMaximum':
      case 'exclusiveMinimum': {
        const words: Record<string, string> = {
          maximum: 'less than or equal to',
          minimum: 'greater than or equal to',
          exclusiveMaximum: 'less than',
          exclusiveMinimum: 'greater than',
        };
        push({ rule: 'schema-invalid', severity: 'error', message: `${path(at)}: Invalid value: ${renderValue(value)}: must be ${words[e.keyword] as string} ${String(params.limit)}`, pointer: at });
        break;
      }
      case 'maxLength':
        // field.TooLong: "Too long: may not be more than %d bytes".
        push({ rule: 'schema-invalid', severity: 'error', message: `${path(at)}: Too long: may not be more than ${String(params.limit)} bytes`, pointer: at });
        break;
      case 'maxItems':
        // field.TooMany: "Too many: %d: must have at most %d items".
        push({ rule: 'schema-invalid', severity: 'error', message: `${path(at)}: Too many: ${Array.isArray(value) ? value.length : 0}: must have at most ${String(params.limit)} items`, pointer: at });
        break;
      default:
        push({ rule: 'schema-invalid', severity: 'error', message: `${path(at)}: Invalid value: ${renderValue(value)}: ${genericDetail(e)}`, pointer: at });
    }
  }
  return suggested.size === 0 ? out : out.filter((i) => !suggested.has(requiredKeys.get(i) ?? ''));
}
