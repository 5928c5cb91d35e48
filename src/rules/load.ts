/**
 * Loading rule files: the built-in rules/ folder plus user folders. A bad rule file is refused (never
 * thrown): the result carries a finding with its path, the position and the JSON Pointer of the bad field.
 * Rule files are data: a check is a JSON Schema (compiled by ajv) or a library function whose options are
 * validated against the function's own schema. Nothing in a rule file can run code.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { ErrorObject } from 'ajv';
import { CORE_SCHEMA, load as yamlLoad } from 'js-yaml';
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { pointerTokens } from '../model/location.js';
import { packageRoot } from '../paths.js';
import type { Finding } from '../report/finding.js';
import { metaAjv } from './ajv.js';
import { catalogDefinitions } from './catalog.js';
import { compileRule } from './compile.js';
import { FUNCTIONS } from './functions/index.js';
import type { CompiledRule, FunctionCheck, RuleDefinition, SchemaCheck } from './types.js';

export { packageRoot } from '../paths.js';

/** The built-in rules folder. */
export function builtinRulesDir(): string {
  return join(packageRoot(), 'rules');
}

export interface RuleSet {
  readonly rules: CompiledRule[];
  /** Problems with rule files: each names the file and the JSON Pointer of the bad field. */
  readonly findings: Finding[];
}

/** Rule files under a folder: `*.yaml`/`*.yml`, recursively, skipping fixture folders and dot-folders. */
export function ruleFilesIn(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name === 'valid' || name === 'invalid') continue;
        walk(p);
      } else if (/\.ya?ml$/.test(name) && name !== 'README.yaml') out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * Loads the built-in rules and the rules of `extraDirs`. A user rule reusing a built-in id (or any id
 * loaded before) is an error; the first definition is kept.
 */
export function loadRuleSet(extraDirs: readonly string[] = [], options: { builtin?: boolean; catalog?: boolean } = {}): RuleSet {
  const rules: CompiledRule[] = [];
  const findings: Finding[] = [];
  const seen = new Map<string, string>();
  const dirs: { dir: string; builtin: boolean }[] = [];
  if (options.builtin !== false) dirs.push({ dir: builtinRulesDir(), builtin: true });
  for (const d of extraDirs) dirs.push({ dir: d, builtin: false });
  for (const { dir, builtin } of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      findings.push(ruleFileFinding(dir, 1, 1, '', `rules folder not found: ${dir}`));
      continue;
    }
    const files = ruleFilesIn(dir);
    const fromCatalog = builtin && options.catalog !== false ? compileCatalog(files) : undefined;
    if (fromCatalog) {
      for (const rule of fromCatalog) seen.set(rule.id, rule.file);
      rules.push(...fromCatalog);
      continue;
    }
    for (const file of files) {
      const display = builtin ? relative(packageRoot(), file) : file;
      const res = loadRuleFile(readFileSync(file, 'utf8'), display, builtin);
      if ('finding' in res) {
        findings.push(...res.finding);
        continue;
      }
      const earlier = seen.get(res.rule.id);
      if (earlier !== undefined) {
        findings.push(ruleFileFinding(display, res.idLine(), 1, '/id', `rule id "${res.rule.id}" is already defined by ${earlier}`));
        continue;
      }
      seen.set(res.rule.id, display);
      rules.push(res.rule);
    }
  }
  rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rules, findings };
}

/** The built-in rules from the build's catalog (./catalog.ts), or undefined when it does not apply. */
function compileCatalog(files: readonly string[]): CompiledRule[] | undefined {
  const entries = catalogDefinitions(files);
  if (entries === undefined) return undefined;
  const out: CompiledRule[] = [];
  for (const e of entries) {
    const rule = compileRule(e.definition, e.file, true, false);
    if ('error' in rule) return undefined;
    out.push(rule);
  }
  return out;
}

function ruleFileFinding(file: string, line: number, column: number, pointer: string, message: string): Finding {
  return {
    rule: 'invalid-rule-file',
    severity: 'error',
    message: pointer === '' ? message : `${pointer}: ${message}`,
    location: { file, line, column },
    input: true,
  };
}

/** Parses and validates one rule file's text. `file` is the path reported (its base name must equal the id). */
export function loadRuleFile(
  text: string,
  file: string,
  builtin = false,
): { rule: CompiledRule; idLine: () => number } | { finding: Finding[] } {
  // Fast path: js-yaml (YAML 1.2 core schema) for the data; source positions only when something is wrong.
  let data: unknown;
  let fastError = false;
  try {
    data = yamlLoad(text, { schema: CORE_SCHEMA });
  } catch {
    fastError = true;
  }
  let docCache: { doc: ReturnType<typeof parseDocument>; lc: LineCounter } | undefined;
  const parsed = (): { doc: ReturnType<typeof parseDocument>; lc: LineCounter } => {
    if (docCache === undefined) {
      const lc = new LineCounter();
      docCache = { doc: parseDocument(text, { lineCounter: lc, schema: 'core', uniqueKeys: true }), lc };
    }
    return docCache;
  };
  const posOf = (pointer: string): { line: number; column: number } => {
    const { doc, lc } = parsed();
    let node: unknown = doc.contents;
    let best = node;
    for (const t of pointerTokens(pointer)) {
      if (isMap(node)) node = node.get(t, true);
      else if (isSeq(node)) node = node.get(Number(t), true);
      else break;
      if (node === undefined) break;
      best = node;
    }
    const range = (best as YamlNode | undefined)?.range;
    if (!range) return { line: 1, column: 1 };
    const p = lc.linePos(range[0]);
    return { line: p.line, column: p.col };
  };
  const fail = (pointer: string, message: string): { finding: Finding[] } => {
    const p = posOf(pointer);
    return { finding: [ruleFileFinding(file, p.line, p.column, pointer, message)] };
  };
  if (fastError) {
    const e = parsed().doc.errors[0];
    const p = e?.linePos?.[0];
    return { finding: [ruleFileFinding(file, p?.line ?? 1, p?.col ?? 1, '', `not valid YAML: ${e?.message ?? 'parse error'}`)] };
  }
  const validate = compileMeta();
  if (!validate(data)) {
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if');
    const e = pickError(errors.length > 0 ? errors : validate.errors ?? []);
    return fail(errorPointer(e), e ? describe(e) : 'invalid rule file');
  }
  const def = data as RuleDefinition;
  const stem = basename(file).replace(/\.ya?ml$/, '');
  if (def.id !== stem) return fail('/id', `rule id "${def.id}" must equal the file name "${stem}"`);
  if (def.target.containers !== undefined && def.target.alias !== 'Container')
    return fail('/target/containers', 'containers is only allowed with alias: Container');
  if ('function' in def.check) {
    const fc = def.check as FunctionCheck;
    const fn = FUNCTIONS.get(fc.function);
    if (fn === undefined) return fail('/check/function', `unknown function "${fc.function}" (known: ${[...FUNCTIONS.keys()].sort().join(', ')})`);
    const v = optionsValidator(fn.name, fn.optionsSchema);
    if (!v(fc.options ?? {})) {
      const e = pickError(v.errors ?? []);
      return fail('/check/options' + errorPointer(e), e ? describe(e) : 'invalid options');
    }
    for (const id of fn.messageIds) if (def.messages[id] === undefined) return fail('/messages', `function ${fn.name} reports messageId "${id}": add it to messages`);
  } else {
    const sc = def.check as SchemaCheck;
    const ids = Object.keys(def.messages);
    if (sc.messageId !== undefined && def.messages[sc.messageId] === undefined) return fail('/check/messageId', `messageId "${sc.messageId}" is not in messages`);
    if (sc.messageId === undefined && ids.length !== 1) return fail('/check', 'a schema check needs messageId when the rule has several messages');
  }
  // Built-in schemas are compiled on first use (the catalog test compiles each); user schemas now, to report errors.
  const compiled = compileRule(def, file, builtin, !builtin);
  if ('error' in compiled) return fail(compiled.pointer, compiled.error);
  return { rule: compiled, idLine: () => posOf('/id').line };
}

const optionValidators = new Map<string, ReturnType<ReturnType<typeof metaAjv>['compile']>>();
function optionsValidator(name: string, schema: Readonly<Record<string, unknown>>): ReturnType<ReturnType<typeof metaAjv>['compile']> {
  let v = optionValidators.get(name);
  if (v === undefined) {
    v = metaAjv().compile(schema);
    optionValidators.set(name, v);
  }
  return v;
}

let metaLoaded = false;
function compileMeta(): ReturnType<ReturnType<typeof metaAjv>['compile']> {
  if (!metaLoaded) {
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'schemas', 'rule.schema.json'), 'utf8')) as Record<string, unknown>;
    delete schema['$schema'];
    metaAjv().addSchema(schema, 'rule');
    metaLoaded = true;
  }
  const v = metaAjv().getSchema('rule');
  if (!v) throw new Error('rule meta-schema failed to compile');
  return v;
}

/** The most specific error: the deepest instance path (so a bad nested field wins over its parent's oneOf). */
function pickError(errors: readonly ErrorObject[]): ErrorObject | undefined {
  let best: ErrorObject | undefined;
  for (const e of errors) if (best === undefined || errorPointer(e).length > errorPointer(best).length) best = e;
  return best;
}

function errorPointer(e: ErrorObject | undefined): string {
  if (!e) return '';
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${String((e.params as { additionalProperty: string }).additionalProperty)}`;
  return e.instancePath;
}

function describe(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return 'unknown field';
  if (e.keyword === 'enum') return `${e.message ?? 'invalid'}: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if (e.keyword === 'pattern' && (e.instancePath === '/summary' || e.instancePath === '/remediation')) return 'must end with a period';
  return e.message ?? 'invalid';
}
