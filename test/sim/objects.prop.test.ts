/**
 * copyObject and mergeObjects (built from `{}` for speed) make what the spreads `{ ...o }` and `{ ...a, ...b }`
 * make: the same own keys in the same order, the same values and a plain prototype, own `__proto__` keys
 * included (JSON.parse makes those).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyObject, mergeObjects } from '../../src/sim/objects.js';

const key = fc.oneof(fc.constantFrom('__proto__', 'a', 'b', 'constructor', '0', '10'), fc.string({ maxLength: 4 }));
const object = fc.dictionary(key, fc.oneof(fc.integer(), fc.string({ maxLength: 3 })), { maxKeys: 6 }).map((d) => JSON.parse(JSON.stringify(d)) as Record<string, unknown>);

function same(got: object, want: object): void {
  expect(Object.getPrototypeOf(got)).toBe(Object.getPrototypeOf(want));
  expect(Object.keys(got)).toEqual(Object.keys(want));
  for (const k of Object.keys(want)) expect(Object.getOwnPropertyDescriptor(got, k)).toEqual(Object.getOwnPropertyDescriptor(want, k));
}

describe('shallow copies', () => {
  it('copyObject equals a spread copy', () => {
    fc.assert(
      fc.property(object, (o) => {
        const c = copyObject(o);
        expect(c).not.toBe(o);
        same(c, { ...o });
      }),
      { seed: 42, numRuns: 300 },
    );
    same(copyObject(JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as object), { ...(JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as object) });
  });

  it('mergeObjects equals a spread of both', () => {
    fc.assert(
      fc.property(object, object, (a, b) => {
        same(mergeObjects(a, b), { ...a, ...b });
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
