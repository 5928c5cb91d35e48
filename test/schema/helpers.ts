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

/** A custom resource kind of group example.com. */
export interface CrdNames {
  readonly kind: string;
  readonly plural: string;
  readonly scope?: 'Namespaced' | 'Cluster';
}

export const WIDGET: CrdNames = { kind: 'Widget', plural: 'widgets' };

/**
 * A CustomResourceDefinition serving and storing version v1 of a kind of group example.com (16 lines), then
 * its spec's schema `spec` (YAML indented for `spec:`'s value, 12 spaces, no final newline). `root` is
 * appended to the root schema's `type: object` line.
 */
export function crdYaml(spec: string, names: CrdNames = WIDGET, root = ''): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${names.plural}.example.com}
spec:
  group: example.com
  scope: ${names.scope ?? 'Namespaced'}
  names: {plural: ${names.plural}, kind: ${names.kind}}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object${root}
        properties:
          spec:
${spec}
`;
}
