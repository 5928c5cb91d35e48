import { describe, expect, it } from 'vitest';
import { loadTexts } from '../../src/load/index.js';
import { splitDocuments } from '../../src/load/split.js';

const load = (text: string, file = 'm.yaml') => loadTexts([{ file, text }]);

describe('splitDocuments', () => {
  it('splits on --- and ... at column 0 only, and keeps start lines', () => {
    const chunks = splitDocuments('a: 1\n---\nb: |\n  ---not a marker\n  x\n...\n---\nc: 3\n');
    expect(chunks.map((c) => c.startLine)).toEqual([1, 2, 7]);
    expect(chunks[1]?.text).toContain('---not a marker');
  });
  it('drops documents that are only markers and comments', () => {
    expect(splitDocuments('---\n# only a comment\n---\n---\n')).toEqual([]);
  });
  it('reads the helm `# Source:` comment of each document', () => {
    const chunks = splitDocuments('---\n# Source: app/templates/svc.yaml\nkind: Service\n---\n# Source: app/templates/dep.yaml\nkind: Deployment\n');
    expect(chunks.map((c) => c.template)).toEqual(['app/templates/svc.yaml', 'app/templates/dep.yaml']);
  });
  it('moves a %YAML directive to the document it precedes', () => {
    const chunks = splitDocuments('%YAML 1.2\n---\na: 1\n');
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.startLine).toBe(1);
  });
});

describe('loadTexts', () => {
  it('gives each resource its identity, defaulting the namespace of namespaced kinds only', () => {
    const { resources, findings } = load(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
    );
    expect(findings).toEqual([]);
    expect(resources.map((r) => [r.group, r.version, r.kind, r.namespace, r.name])).toEqual([
      ['apps', 'v1', 'Deployment', 'default', 'web'],
      ['', 'v1', 'Namespace', undefined, 'shop'],
    ]);
  });

  it('honours --namespace and a CRD scope from the input', () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Cluster
  names: {kind: Widget, plural: widgets}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
`;
    const { resources } = loadTexts([{ file: 'a.yaml', text: crd }], { namespace: 'team' });
    expect(resources.map((r) => r.namespace)).toEqual([undefined, undefined, 'team']);
  });

  it('unrolls v1 List and typed *List items with per-item pointers', () => {
    const { resources } = load(`apiVersion: v1
kind: ConfigMapList
items:
  - metadata: {name: a}
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: b}
`);
    expect(resources.map((r) => [r.kind, r.name, r.pointerPrefix])).toEqual([
      ['ConfigMap', 'a', '/items/0'],
      ['ConfigMap', 'b', '/items/1'],
    ]);
    expect(resources[1]?.source.locate('/items/1/metadata/name')).toMatchObject({ line: 7, column: 16 });
  });

  it('points at the exact field: key position, 1-based, offset by the document start', () => {
    const { resources } = load('# leading comment\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports:\n    - port: 80\n');
    expect(resources[0]?.source.locate('/metadata/name')).toMatchObject({ file: 'm.yaml', line: 5, column: 3 });
    expect(resources[1]?.source.locate('/spec/ports/0/port')).toMatchObject({ line: 13, column: 7 });
    // A pointer that does not exist falls back to its nearest existing ancestor.
    expect(resources[1]?.source.locate('/spec/ports/0/targetPort')).toMatchObject({ line: 13, column: 7 });
  });

  it('parses JSON files, with positions', () => {
    const { resources } = load('{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"}\n}\n', 'p.json');
    expect(resources[0]?.name).toBe('p');
    expect(resources[0]?.source.locate('/metadata/name')).toMatchObject({ line: 4, column: 16 });
  });

  it('reports a syntax error with its position and still loads the other documents', () => {
    const { resources, findings } = load('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nfoo: "unclosed\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
    expect(resources.map((r) => r.name)).toEqual(['a', 'b']);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'yaml-syntax', input: true, location: { file: 'm.yaml', line: 5 } });
  });

  it('treats duplicate keys as errors, as the API server strict decoding does', () => {
    const { findings } = load('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n');
    expect(findings[0]).toMatchObject({ rule: 'yaml-syntax', message: 'Map keys must be unique', location: { line: 5, column: 3 } });
  });

  it('refuses custom tags', () => {
    const { findings, resources } = load('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: !!python/object x}\n');
    expect(resources).toEqual([]);
    expect(findings[0]).toMatchObject({ rule: 'yaml-syntax', location: { line: 3 } });
  });

  it('accepts anchors, aliases and merge keys', () => {
    const { resources, findings } = load(`apiVersion: v1
kind: ConfigMap
metadata:
  name: a
  labels: &l {app: x}
  annotations:
    <<: *l
    extra: "1"
`);
    expect(findings).toEqual([]);
    expect(resources[0]?.raw).toMatchObject({ metadata: { annotations: { app: 'x', extra: '1' } } });
  });

  it('refuses an alias bomb quickly and keeps going', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`);
    }
    const start = performance.now();
    const { findings, resources } = load(levels.join('\n') + '\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n');
    expect(performance.now() - start).toBeLessThan(5000);
    expect(findings[0]).toMatchObject({ rule: 'yaml-alias-limit', input: true });
    expect(resources.map((r) => r.name)).toEqual(['ok']);
  });

  it('refuses very deep nesting without a stack overflow', () => {
    const deep = 'a: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
    const { findings } = load(deep);
    expect(findings[0]?.rule).toMatch(/^yaml-(too-deep|syntax)$/);
    expect(findings[0]?.input).toBe(true);
  });

  it('strips a byte-order mark and accepts CRLF line ends', () => {
    const { resources, findings } = load('\uFEFFapiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\n');
    expect(findings).toEqual([]);
    expect(resources[0]?.name).toBe('crlf');
    expect(resources[0]?.source.locate('/metadata/name')).toMatchObject({ line: 4, column: 3 });
  });

  it.each([
    ['- a\n- b\n', 'invalid-document', 'document is a list'],
    ['just a string\n', 'invalid-document', 'document is a string'],
    ['kind: ConfigMap\nmetadata: {name: a}\n', 'missing-api-version', 'no apiVersion'],
    ['apiVersion: v1\nmetadata: {name: a}\n', 'missing-kind', 'no kind'],
    ['apiVersion: v1\nkind: ConfigMap\n', 'missing-name', 'no metadata'],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata: {labels: {a: b}}\n', 'missing-name', 'no metadata.name'],
  ])('diagnoses %j as %s', (text, rule, message) => {
    const { findings, resources } = load(text);
    expect(resources).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule, input: true });
    expect(findings[0]?.message).toContain(message);
  });

  it('skips documents that are not Kubernetes objects at all (package.json, Helm values) with an info', () => {
    const { findings, resources } = load('{"name": "my-chart", "version": "1.0.0"}\n', 'package.json');
    expect(resources).toEqual([]);
    expect(findings).toMatchObject([{ rule: 'not-kubernetes', severity: 'info' }]);
    expect(findings[0]?.input).toBeUndefined();
  });

  it('warns about generateName without name and analyses the object under its prefix', () => {
    const { findings, resources } = load('apiVersion: v1\nkind: Pod\nmetadata: {generateName: job-}\nspec: {containers: []}\n');
    expect(resources[0]?.name).toBe('job-');
    expect(findings[0]).toMatchObject({ rule: 'generate-name', severity: 'warning' });
    expect(findings[0]?.input).toBeUndefined();
  });

  it('loads empty files and comment-only documents to nothing, silently', () => {
    expect(load('')).toEqual({ resources: [], findings: [] });
    expect(load('---\n# nothing here\n---\n')).toEqual({ resources: [], findings: [] });
  });
});
