/**
 * Lazy positions walk yaml's CST; the oracle here is yaml's composed Document (node ranges), a separate
 * path through the library. For every node of random documents, block and flow styles, both agree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify } from 'yaml';
import type { Node as YamlNode } from 'yaml';
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
      fc.property(value, fc.constantFrom(false, true), (v, flow) => {
        const text = stringify(v, flow ? { collectionStyle: 'flow' } : {});
        const parsed = parseYamlDocument(text);
        expect(parsed.ok).toBe(true);
        // Documents with anchor/alias/tag-like tokens take the exact path, which records no spans (CST above).
        if (!parsed.ok || !parsed.spans) return;
        const lines = new LineIndex(text);
        for (const [pointer, pos] of oracle(text)) {
          const offset = parsed.spans.offsetOf(pointer);
          expect(offset, `${pointer} in\n${text}`).toBeDefined();
          const at = lines.position(offset as number);
          expect({ line: at.line, column: at.col }, `${pointer} in\n${text}`).toEqual(pos);
        }
      }),
      { seed: 43, numRuns: 300 },
    );
  });
});
