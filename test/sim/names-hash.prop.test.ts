/**
 * The template hash is FNV-1a (32 bit, over UTF-8 bytes) of the template's canonical JSON, computed while the
 * JSON is written instead of over the finished text: both ways must agree, for every JSON value and for
 * non-ASCII text. The reference FNV here is the textbook loop over Buffer.from(s, 'utf8')
 * (http://www.isthe.com/chongo/tech/comp/fnv/#FNV-1a).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, fnv1a32, fnvPrefix, safeEncode, sortedKeys, templateHash } from '../../src/sim/names.js';

function referenceFnv(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

describe('template hashing', () => {
  it('fnv1a32 is FNV-1a over the UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(fnv1a32(s)).toBe(referenceFnv(s));
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('hashing after a prefix state equals hashing the concatenation', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (p, s) => {
        expect(fnv1a32(s, fnvPrefix(`${p}/`))).toBe(referenceFnv(`${p}/${s}`));
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('hashing while writing equals hashing the canonical JSON text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat({ max: 3 }), (v, collisions) => {
        const text = canonicalJson(v) + (collisions ? `#${collisions}` : '');
        expect(templateHash(v, collisions)).toBe(safeEncode(String(referenceFnv(text))));
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('strings JSON must escape (quotes, backslashes, controls, lone surrogates) hash as their escaped text', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (v) => {
        expect(templateHash(v)).toBe(safeEncode(String(referenceFnv(canonicalJson(v)))));
      }),
      { seed: 42, numRuns: 300 },
    );
    expect(templateHash({ 'a"b': 'c\\d\n\ud800' })).toBe(safeEncode(String(referenceFnv(canonicalJson({ 'a"b': 'c\\d\n\ud800' })))));
  });

  it('sortedKeys (in place, by insertion) orders keys as Array.prototype.sort does', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), fc.constant(1), { maxKeys: 40 }), (o) => {
        expect(sortedKeys(o)).toEqual(Object.keys(o).sort());
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('canonical JSON sorts keys and is otherwise JSON', () => {
    expect(canonicalJson({ b: [1, { d: null, c: 'é' }], a: true })).toBe('{"a":true,"b":[1,{"c":"é","d":null}]}');
  });
});
