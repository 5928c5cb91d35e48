/**
 * Lazy positions walk yaml's CST; the oracle here is yaml's composed Document (node ranges), a separate
 * path through the library. For every node of random documents, block and flow styles, both agree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { loadTexts } from '../../src/load/index.js';
import { LineIndex } from '../../src/load/node-spans.js';
import { parseYamlDocument } from '../../src/load/parse.js';
import { PositionIndex } from '../../src/load/positions.js';
import { toPointer } from '../../src/model/location.js';

function oracle(text: string): Map<string, { line: number; column: number }> {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const out = new Map<string, { line: number; column: number }>();
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key as YamlNode;
        if (!isScalar(key) || !key.range) continue;
        const p = [...path, String(key.value)];
        const pos = lc.linePos(key.range[0]);
        out.set(toPointer(p), { line: pos.line, column: pos.col });
        visit(pair.value, p);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const n = item as YamlNode;
        const p = [...path, i];
        if (n?.range) {
          const pos = lc.linePos(n.range[0]);
          out.set(toPointer(p), { line: pos.line, column: pos.col });
        }
        visit(item, p);
      });
    }
  };
  visit(doc.contents, []);
  return out;
}

const value = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9.-]{0,6}$/), fc.jsonValue({ maxDepth: 3 }), { minKeys: 1, maxKeys: 5 });

/** Keys of every shape: integer-like ones (JavaScript lists them first), ones that need quotes, and `__proto__`. */
const anyKey = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9.-]{0,6}$/), fc.constantFrom('0', '7', '80', '1.5', '-1', '__proto__', 'a b', 'x: y', '#c', 'true', ''), fc.string({ maxLength: 4 }));
const anyKeys: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 0 }), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(anyKey, tie('node'), { maxKeys: 4 })),
})).node;

/** True when some mapping in the value has an integer-like key: the spans then leave the look-up to the CST. */
function hasIntegerKey(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasIntegerKey);
  if (v === null || typeof v !== 'object') return false;
  return Object.keys(v).some((k) => /^(?:0|[1-9][0-9]*)$/.test(k)) || Object.values(v).some(hasIntegerKey);
}

describe('lazy positions', () => {
  it('agree with the composed Document for every key and item', () => {
    fc.assert(
      fc.property(value, fc.constantFrom(false, true), (v, flow) => {
        const text = stringify(v, flow ? { collectionStyle: 'flow' } : {});
        const index = new PositionIndex(text, 'f.yaml', 1, undefined);
        for (const [pointer, pos] of oracle(text)) {
          expect(index.locate(pointer), `${pointer} in\n${text}`).toMatchObject(pos);
        }
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('agree with the node spans the fast path records', () => {
    fc.assert(
      fc.property(fc.oneof(value, fc.dictionary(anyKey, anyKeys, { minKeys: 1, maxKeys: 5 })), fc.constantFrom(false, true), (v, flow) => {
        const text = stringify(v, flow ? { collectionStyle: 'flow' } : {});
        const parsed = parseYamlDocument(text);
        expect(parsed.ok).toBe(true);
        // Documents with anchor/alias/tag-like tokens take the exact path, which records no spans (CST above).
        if (!parsed.ok || !parsed.spans) return;
        const lines = new LineIndex(text);
        for (const [pointer, pos] of oracle(text)) {
          const offset = parsed.spans.offsetOf(pointer);
          if (offset === undefined && hasIntegerKey(v)) continue;
          expect(offset, `${pointer} in\n${text}`).toBeDefined();
          const at = lines.position(offset as number);
          expect({ line: at.line, column: at.col }, `${pointer} in\n${text}`).toEqual(pos);
        }
      }),
      { seed: 43, numRuns: 500 },
    );
  });

  it('agree with the composed Document through loadTexts, for every document of a stream', () => {
    // Each document is a Kubernetes-like object (so it becomes a Resource) with random extra content.
    const object = fc.record({ name: fc.stringMatching(/^[a-z]{1,6}$/), extra: fc.dictionary(anyKey, anyKeys, { maxKeys: 4 }) });
    fc.assert(
      fc.property(fc.array(object, { minLength: 1, maxLength: 4 }), fc.constantFrom(false, true), (objects, flow) => {
        const docs = objects.map((o) => stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: o.name }, data: o.extra }, flow ? { collectionStyle: 'flow' } : {}));
        const { resources } = loadTexts([{ file: 's.yaml', text: docs.map((d) => `---\n${d}`).join('') }]);
        expect(resources).toHaveLength(docs.length);
        let firstLine = 2; // after the first `---`
        docs.forEach((text, i) => {
          const source = (resources[i] as (typeof resources)[number]).source;
          for (const [pointer, pos] of oracle(text)) {
            expect(source.locate(pointer), `${pointer} in\n${text}`).toMatchObject({ file: 's.yaml', line: pos.line + firstLine - 1, column: pos.column });
          }
          firstLine += text.split('\n').length; // its lines, less the final newline, plus the next `---`
        });
      }),
      { seed: 44, numRuns: 200 },
    );
  });
});
