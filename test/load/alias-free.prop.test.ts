/**
 * The load cache (src/cache/load-cache.ts) skips the shared-object check for documents their source calls
 * alias-free. That is only sound if such a document's value is a tree: no object reached twice. YAML shares a
 * node only through an alias (YAML 1.2.2 §3.2.2.2, "Anchors and Aliases"; merge keys use aliases too).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTexts } from '../../src/load/index.js';
import { DocumentSource } from '../../src/load/source.js';

/** Whether some object or array is reached twice from `v`. */
function sharesAnObject(v: unknown, seen = new Set<object>()): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (seen.has(v)) return true;
  seen.add(v);
  return Object.values(v).some((x) => sharesAnObject(x, seen));
}

const pieces = fc.constantFrom(
  'labels: { app: web }',
  'labels: &l { app: web }',
  'selector: *l',
  'base: &b { cpu: 1 }',
  'merged: { <<: *b, memory: 2 }',
  'list: [a, b, { c: d }]',
  'text: "a * b"',
  'anchor: &s scalar',
  'again: *s',
  'comment: x # a * in a comment',
);

describe('alias-free documents', () => {
  it('parse to trees, and a shared object only comes from a document with an alias (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(pieces, { minLength: 1, maxLength: 6, selector: (p) => p.split(':')[0] }), (lines) => {
        const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata:\n${lines.map((l) => `  ${l}\n`).join('')}`;
        const { resources } = loadTexts([{ file: 'a.yaml', text }]);
        for (const r of resources) {
          const source = r.source as DocumentSource;
          expect(source).toBeInstanceOf(DocumentSource);
          if (source.aliasFree) expect(sharesAnObject(r.raw)).toBe(false);
          if (sharesAnObject(r.raw)) expect(text).toMatch(/\*[lb]/);
        }
      }),
      { seed: 6, numRuns: 200 },
    );
  });
});
