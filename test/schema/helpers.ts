/** Test helpers for schema validation: YAML in, issues with line:column out. */
import { loadTexts } from '../../src/load/index.js';
import { locateIn, type Resource } from '../../src/model/resource.js';
import { createSchemaValidator, type SchemaValidatorOptions } from '../../src/schema/index.js';

export function resources(yaml: string): Resource[] {
  const loaded = loadTexts([{ file: 'test.yaml', text: yaml }]);
  if (loaded.findings.length > 0) throw new Error(`test input does not load: ${loaded.findings.map((f) => f.message).join('; ')}`);
  return loaded.resources;
}

/** Issues as `line:column severity rule message`, in document order; CRDs in the input are registered. */
export function check(yaml: string, options: Partial<SchemaValidatorOptions> = {}): string[] {
  const rs = resources(yaml);
  const crds = rs.filter((r) => r.kind === 'CustomResourceDefinition');
  const v = createSchemaValidator({ crds, ...options });
  const out: { line: number; column: number; text: string }[] = [];
  for (const r of rs) {
    for (const i of v.validate(r)) {
      const l = locateIn(r, i.pointer);
      out.push({ line: l.line, column: l.column, text: `${l.line}:${l.column} ${i.severity} ${i.rule} ${i.message}` });
    }
  }
  // Document order, as check prints findings.
  return out.sort((a, b) => a.line - b.line || a.column - b.column || (a.text < b.text ? -1 : 1)).map((x) => x.text);
}
