/**
 * The loader parses most documents with js-yaml (fast) and the rest with `yaml` (exact). Both must read
 * YAML 1.2 core-schema text to the same value, or positions and diagnostics would disagree with values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { parseYamlDocument } from '../../src/load/parse.js';

function exact(text: string): unknown {
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: true, merge: true });
  if (doc.errors.length > 0) return { error: true };
  return doc.toJS();
}

function fast(text: string): unknown {
  const r = parseYamlDocument(text);
  return r.ok ? r.value : { error: true };
}

const scalarText = fc.oneof(
  fc.constantFrom('0', '-1', '+1', '0o17', '0x1F', '1.5', '.5', '1e3', '-.inf', '.NaN', '~', 'null', 'Null', 'true', 'True', 'FALSE', 'yes', 'on', '1_000', '0b101', '012', '"quoted"', "'single'", '', '2001-12-14', '1:20', 'a b'),
  fc.stringMatching(/^[a-z0-9.+-]{1,8}$/),
);

describe('fast path agrees with the exact parser', () => {
  it('on plain and quoted scalars (core schema resolution)', () => {
    fc.assert(
      fc.property(scalarText, (s) => {
        const text = `k: ${s}\n`;
        expect(fast(text)).toEqual(exact(text));
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  it('on random JSON-compatible documents written as block YAML', () => {
    const value = fc.dictionary(
      fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_.-]{0,10}$/),
      fc.jsonValue({ maxDepth: 3 }),
      { maxKeys: 6 },
    );
    fc.assert(
      fc.property(value, (v) => {
        const text = stringify(v);
        expect(fast(text)).toEqual(exact(text));
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('document splitting', () => {
  it('finds the same documents as yaml.parseAllDocuments on random streams', async () => {
    const { parseAllDocuments } = await import('yaml');
    const { splitDocuments } = await import('../../src/load/split.js');
    const doc = fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.constant('---'), fc.constant('a\n---\nb')), { minKeys: 1, maxKeys: 4 });
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 5 }), fc.boolean(), (docs, leadingMarker) => {
        const text = (leadingMarker ? '---\n' : '') + docs.map((d) => stringify(d)).join('---\n');
        const chunks = splitDocuments(text);
        const reference = parseAllDocuments(text);
        expect(Array.isArray(reference) ? reference.length : 0).toBe(chunks.length);
        expect(chunks.map((c) => fast(c.text))).toEqual(docs);
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});
