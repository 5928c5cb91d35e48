/**
 * Parses one document. Two paths, chosen for speed (see bench/check.bench.ts):
 *  - fast: js-yaml with the YAML 1.2 core schema, for documents without anchors, aliases or tags —
 *    about six times faster than `yaml`'s document API;
 *  - exact: `yaml` (core schema, unique keys, merge keys, alias-count limit) for everything else, and for
 *    every document the fast path rejects, so that every diagnostic comes from one parser with one wording.
 * Both are YAML 1.2 core: no custom tags, nothing executed. A property test checks the two agree.
 */
import jsYaml from 'js-yaml';
import { YAML_12_CORE_SCHEMA } from './core-schema.js';
import { NodeSpanRecorder } from './node-spans.js';
import type { NodeSpans } from './node-spans.js';
import { LineCounter, parseDocument } from 'yaml';

export interface ParseLimits {
  /** Alias expansions allowed per document (yaml's maxAliasCount): a billion-laughs document is refused. */
  readonly maxAliasCount: number;
  /** Deepest nesting of collections allowed. */
  readonly maxDepth: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxAliasCount: 100, maxDepth: 256 };

export interface ParseProblem {
  readonly code: string;
  readonly message: string;
  /** 1-based, relative to the document text. */
  readonly line: number;
  readonly column: number;
}

export type ParseOutcome =
  | { readonly ok: true; readonly value: unknown; /** Node offsets recorded by the fast path. */ readonly spans?: NodeSpans }
  | { readonly ok: false; readonly problem: ParseProblem };

/**
 * Anchors (`&a`), aliases (`*a`), tags (`!x`) in token position, and merge keys (`<<:`): such documents take
 * the exact path (js-yaml's core schema has no merge keys and no alias limit).
 */
const NEEDS_EXACT_PATH = /(?:^|[\s[{,:-])[&*!][^\s[\]{},]|(?:^|[\s[{,])<<\s*:/m;

/** Most documents contain none of `&`, `*`, `!`, `<<` at all: a plain substring search settles them. */
function mayNeedExactPath(text: string): boolean {
  if (!text.includes('&') && !text.includes('*') && !text.includes('!') && !text.includes('<<')) return false;
  return NEEDS_EXACT_PATH.test(text);
}

const recorder = new NodeSpanRecorder();
const FAST_OPTIONS = { schema: YAML_12_CORE_SCHEMA, json: false, listener: recorder.listener as never };

export function parseYamlDocument(text: string, limits: ParseLimits = DEFAULT_LIMITS): ParseOutcome {
  if (!mayNeedExactPath(text)) {
    try {
      recorder.begin();
      const value = jsYaml.load(text, FAST_OPTIONS);
      // The recorder's open-node depth bounds the collection depth from above: only a document that comes
      // near the limit needs the exact walk.
      const depthProblem = recorder.maxOpenDepth() < limits.maxDepth ? undefined : checkDepth(value, limits.maxDepth);
      return depthProblem ? { ok: false, problem: depthProblem } : { ok: true, value, spans: recorder.spans(value) };
    } catch {
      // Fall through: the exact parser gives the diagnostic (or accepts what js-yaml refused).
    }
  }
  return parseExact(text, limits);
}

/** Parses JSON with JSON.parse; on failure, `yaml` (JSON is YAML 1.2) gives the positioned diagnostic. */
export function parseJsonDocument(text: string, limits: ParseLimits = DEFAULT_LIMITS): ParseOutcome {
  try {
    const value: unknown = JSON.parse(text);
    const depthProblem = checkDepth(value, limits.maxDepth);
    return depthProblem ? { ok: false, problem: depthProblem } : { ok: true, value };
  } catch {
    return parseExact(text, limits);
  }
}

function parseExact(text: string, limits: ParseLimits): ParseOutcome {
  const lineCounter = new LineCounter();
  try {
    const doc = parseDocument(text, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: true,
      merge: true,
      schema: 'core',
      strict: true,
    });
    const first = doc.errors[0];
    if (first) return { ok: false, problem: problemAt(lineCounter, errorOffset(text, first.code, first.message, first.pos[0]), first.code, first.message) };
    // An unknown tag is only a warning in `yaml`; we refuse it: manifests never carry custom tags.
    const tagWarning = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
    if (tagWarning) return { ok: false, problem: problemAt(lineCounter, tagWarning.pos[0], 'TAG_RESOLVE_FAILED', tagWarning.message) };
    const value: unknown = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    const depthProblem = checkDepth(value, limits.maxDepth);
    return depthProblem ? { ok: false, problem: depthProblem } : { ok: true, value };
  } catch (e) {
    if (e instanceof RangeError) {
      return { ok: false, problem: { code: 'TOO_DEEP', message: `nesting too deep to parse (more than ${limits.maxDepth} levels)`, line: 1, column: 1 } };
    }
    const message = e instanceof Error ? e.message : String(e);
    if (/alias/i.test(message)) {
      return {
        ok: false,
        problem: {
          code: 'ALIAS_LIMIT',
          message: `document expands more than ${limits.maxAliasCount} aliases: refused as a possible alias bomb ("billion laughs")`,
          line: 1,
          column: 1,
        },
      };
    }
    return { ok: false, problem: { code: 'PARSE_FAILED', message, line: 1, column: 1 } };
  }
}

/**
 * `yaml` reports an unclosed quote at the end of the input, where nothing can be fixed; the opening quote
 * (the last quote character in token position before that point) is where the user must look.
 */
function errorOffset(text: string, code: string, message: string, offset: number): number {
  const quote = code === 'MISSING_CHAR' ? /Missing closing (["'])quote/.exec(message)?.[1] : undefined;
  if (!quote) return offset;
  for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) {
    if (text[i] === quote && (i === 0 || /[\s:[{,-]/.test(text[i - 1] as string))) return i;
  }
  return offset;
}

function problemAt(lc: LineCounter, offset: number, code: string, message: string): ParseProblem {
  const pos = lc.linePos(offset);
  // yaml's messages sometimes end with a position suffix ("at line 3, column 5"); ours carry it separately.
  const clean = message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
  return { code, message: clean, line: pos.line, column: pos.col };
}

/** Iterative depth check: rejects documents that would overflow recursive consumers (schema, rules). */
function checkDepth(value: unknown, maxDepth: number): ParseProblem | undefined {
  const stack: [unknown, number][] = [[value, 0]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) {
      return { code: 'TOO_DEEP', message: `document nests deeper than ${maxDepth} levels`, line: 1, column: 1 };
    }
    if (seen.has(v)) continue;
    seen.add(v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return undefined;
}
