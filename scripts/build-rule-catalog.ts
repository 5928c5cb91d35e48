/**
 * `npm run build`'s last step: validates the built-in rule files the full way and writes their definitions to
 * dist/rules/catalog.json (src/rules/catalog.ts) and their check schemas' validators to dist/rules/validators.cjs
 * (src/rules/precompiled.ts), so that runs skip that work. A rule file with a problem fails the build, with
 * the finding.
 */
import { join } from 'node:path';
import { writeCatalog } from '../src/rules/catalog.js';
import { builtinRulesDir, loadRuleSet, packageRoot, ruleFilesIn } from '../src/rules/load.js';
import { writeValidators } from '../src/rules/precompiled.js';
import type { RuleDefinition } from '../src/rules/types.js';

const set = loadRuleSet([], { catalog: false });
if (set.findings.length > 0) {
  for (const f of set.findings) console.error(`${f.location.file}:${f.location.line}:${f.location.column}: ${f.message}`);
  process.exit(1);
}
const byFile = new Map(set.rules.map((r) => [join(packageRoot(), r.file), r.definition] as const));
writeCatalog(ruleFilesIn(builtinRulesDir()).map((file) => ({ file, definition: byFile.get(file) as RuleDefinition })));
// Check schemas, and the schemas effective-security-context checks the effective securityContext against.
const schemas = set.rules.flatMap(({ definition: { check } }) => {
  if ('schema' in check) return [check.schema];
  const options = check.options?.['schema'];
  return check.function === 'effective-security-context' && typeof options === 'object' && options !== null ? [options as Record<string, unknown>] : [];
});
const validators = writeValidators(schemas);
console.log(`wrote the catalog of ${set.rules.length} built-in rules and ${validators} precompiled schema validators`);
