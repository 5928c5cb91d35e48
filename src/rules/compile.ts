/** Compiling a validated rule definition: bind its function, compile its schema, resolve its target kinds. */
import { builtinCheckAjv, checkAjv } from './ajv.js';
import { FUNCTIONS } from './functions/index.js';
import { noReports } from './functions/define.js';
import { precompiledValidator } from './precompiled.js';
import { targetKey, targetKinds } from './targets.js';
import type { CompiledRule, DirectCheck, FunctionCheck, FunctionContext, Report, RuleDefinition, SchemaCheck, SchemaValidator, TargetNode } from './types.js';

export function compileRule(def: RuleDefinition, file: string, builtin: boolean, eager = true): CompiledRule | { error: string; pointer: string } {
  const kinds = targetKinds(def.target);
  if ('function' in def.check) {
    const fc = def.check as FunctionCheck;
    const fn = FUNCTIONS.get(fc.function);
    if (fn === undefined) return { error: `unknown function "${fc.function}"`, pointer: '/check/function' };
    const options = fc.options ?? {};
    if (fn.scope === 'global') {
      const runGlobal = fn.runGlobal;
      if (runGlobal === undefined) return { error: `function ${fn.name} cannot run globally`, pointer: '/check/function' };
      return { id: def.id, definition: def, file, builtin, kinds, readsDryRun: fn.readsDryRun === true, evaluate: { scope: 'global', run: (ctx) => runGlobal(options, ctx) } };
    }
    return nodeRule(def, file, builtin, kinds, fn.readsDryRun === true, (node, ctx) => fn.run(node, options, ctx), { kind: 'function', run: fn.run, options });
  }
  const sc = def.check as SchemaCheck;
  let compiled: SchemaValidator | undefined;
  const validator = (): SchemaValidator => {
    compiled ??= (builtin ? precompiledValidator(sc.schema) : undefined) ?? (builtin ? builtinCheckAjv() : checkAjv()).compile(typeof sc.schema === 'boolean' ? sc.schema : { ...sc.schema });
    return compiled;
  };
  if (eager) {
    try {
      validator();
    } catch (e) {
      return { error: `schema does not compile: ${(e as Error).message}`, pointer: '/check/schema' };
    }
  }
  const messageId = sc.messageId ?? (Object.keys(def.messages)[0] as string);
  // The report of a node the schema rejects: at the rule's pointer, or where ajv's first error is.
  const failure = (node: TargetNode, validate: SchemaValidator): Report => {
    const e = validate.errors?.[0];
    return {
      messageId,
      pointer: node.pointer + (sc.pointer ?? e?.instancePath ?? ''),
      data: { ...node.data, detail: e?.message ?? 'does not match the rule schema', path: e?.instancePath ?? '' },
    };
  };
  const check = (node: TargetNode): readonly Report[] => {
    const validate = validator();
    return validate(node.value) ? noReports : [failure(node, validate)];
  };
  return nodeRule(def, file, builtin, kinds, false, check, { kind: 'schema', validator, failure });
}

/**
 * A rule evaluated at each of its target nodes in an object. The engine expands the target once per object
 * (shared by every rule with the same target key) and calls `check` on each node.
 */
function nodeRule(
  def: RuleDefinition,
  file: string,
  builtin: boolean,
  kinds: readonly string[],
  readsDryRun: boolean,
  check: (node: TargetNode, ctx: FunctionContext) => readonly Report[],
  direct: DirectCheck,
): CompiledRule {
  return { id: def.id, definition: def, file, builtin, kinds, readsDryRun, evaluate: { scope: 'node', target: def.target, targetKey: targetKey(def.target), check, direct } };
}
