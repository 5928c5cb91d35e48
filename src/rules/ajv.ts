/**
 * The ajv instances of the rule engine: one for the meta-schema (all errors, to point at every bad field)
 * and one for rule check schemas (first error per node, `$data` references to compare two fields).
 */
import { Ajv, type Options } from 'ajv';

/**
 * Patterns may start with `(?i)` (case-insensitive), as Polaris' checks write them (Go RE2 syntax);
 * JavaScript has no inline flags, so the flag is lifted into the RegExp flags.
 */
function regExp(pattern: string, flags: string): RegExp {
  if (pattern.startsWith('(?i)')) return new RegExp(pattern.slice(4), flags + 'i');
  return new RegExp(pattern, flags);
}
// The same function as source text, for the validators precompiled at build time (./precompiled.ts).
regExp.code = '(function (p, f) { return p.startsWith("(?i)") ? new RegExp(p.slice(4), f + "i") : new RegExp(p, f); })';

const base: Options = { strict: false, code: { regExp } };
const checkOptions: Options = { ...base, allErrors: false, $data: true };

let meta: Ajv | undefined;
let checks: Ajv | undefined;
let builtinChecks: Ajv | undefined;

/** For validating rule files and function options: every error, so each bad field is named. */
export function metaAjv(): Ajv {
  meta ??= new Ajv({ ...base, allErrors: true });
  return meta;
}

/** For `schema:` checks: the first error is the report; `$data` lets a rule compare two fields of a node. */
export function checkAjv(): Ajv {
  checks ??= new Ajv(checkOptions);
  return checks;
}

/** A fresh checkAjv() that also keeps each validator's source, for writing them as ajv standalone code. */
export function sourceCheckAjv(): Ajv {
  return new Ajv({ ...checkOptions, code: { regExp, source: true, esm: false } });
}

/**
 * For the built-in rules' schemas when the build's precompiled validators (./precompiled.ts) do not have
 * them, compiled lazily on first use during a run: no meta-validation of the
 * schema and no code optimisation pass (compiling the default catalog drops from ~180 to ~80 ms CPU). The
 * catalog test compiles every built-in schema with checkAjv() too, so a broken schema still fails CI.
 */
export function builtinCheckAjv(): Ajv {
  builtinChecks ??= new Ajv({ ...checkOptions, validateSchema: false, code: { regExp, optimize: false } });
  return builtinChecks;
}
