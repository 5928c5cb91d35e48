/** `npm run docs`: regenerates docs/rules.md from rules/ and test/rules/. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRuleDocs } from '../src/rules/docs.js';
import { loadRuleSet, packageRoot } from '../src/rules/index.js';

const root = packageRoot();
const { rules, findings } = loadRuleSet([]);
if (findings.length > 0) {
  for (const f of findings) console.error(`${f.location.file}:${f.location.line}:${f.location.column}: ${f.message}`);
  process.exit(1);
}
writeFileSync(join(root, 'docs', 'rules.md'), renderRuleDocs(rules, join(root, 'test', 'rules')));
console.log(`docs/rules.md: ${rules.length} rules`);
