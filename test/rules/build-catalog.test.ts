/**
 * The build's catalog of built-in rules (src/rules/catalog.ts) is a cache of the full load: it must give
 * exactly the rules the rule files give, and be ignored as soon as it no longer describes the files.
 */
import { describe, expect, it } from 'vitest';
import { catalogDefinitions } from '../../src/rules/catalog.js';
import { builtinRulesDir, loadRuleSet, ruleFilesIn } from '../../src/rules/load.js';
import { precompiledValidator } from '../../src/rules/precompiled.js';
import { ensureBuilt } from '../cli/helpers.js';

describe('the built-in rule catalog', () => {
  it('gives the same rules as loading every rule file', () => {
    ensureBuilt();
    const files = ruleFilesIn(builtinRulesDir());
    expect(catalogDefinitions(files)).toHaveLength(files.length);
    const fromCatalog = loadRuleSet([]);
    const fromFiles = loadRuleSet([], { catalog: false });
    expect(fromFiles.findings).toEqual([]);
    expect(fromCatalog.findings).toEqual([]);
    const shape = (s: typeof fromFiles): unknown => s.rules.map((r) => ({ id: r.id, file: r.file, definition: r.definition, kinds: r.kinds, readsDryRun: r.readsDryRun, builtin: r.builtin }));
    expect(shape(fromCatalog)).toEqual(shape(fromFiles));
  });

  it('is not used for a different set of files', () => {
    ensureBuilt();
    const files = ruleFilesIn(builtinRulesDir());
    expect(catalogDefinitions(files.slice(1))).toBeUndefined();
    expect(catalogDefinitions([...files.slice(1), files[0] as string])).toBeUndefined();
  });

  it('has a precompiled validator for every built-in check schema, and none for a changed schema', () => {
    ensureBuilt();
    const schemas = loadRuleSet([]).rules.flatMap(({ definition: { check } }) => ('schema' in check && typeof check.schema !== 'boolean' ? [check.schema] : []));
    expect(schemas.length).toBeGreaterThan(0);
    for (const schema of schemas) expect(precompiledValidator(schema)).toBeTypeOf('function');
    expect(precompiledValidator({ ...schemas[0], description: 'edited' })).toBeUndefined();
  });
});
