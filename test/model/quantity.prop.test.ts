/** Quantity: canonical formatting round-trips, and arithmetic is exact. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Quantity } from '../../src/model/quantity.js';

const quantityText = fc
  .tuple(
    fc.constantFrom('', '-'),
    fc.integer({ min: 0, max: 999_999 }),
    fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }),
    fc.constantFrom('', 'm', 'k', 'M', 'G', 'T', 'Ki', 'Mi', 'Gi', 'Ti', 'e3', 'e-2', 'n', 'u'),
  )
  .map(([sign, int, frac, suffix]) => `${sign}${int}${frac === undefined ? '' : '.' + String(frac).padStart(3, '0')}${suffix}`);

describe('quantity properties', () => {
  it('format(parse(q)) parses back to the same value, and formatting is idempotent', () => {
    fc.assert(
      fc.property(quantityText, (text) => {
        const q = Quantity.parse(text);
        const again = Quantity.parse(q.toString());
        expect(again.cmp(q)).toBe(0);
        expect(again.toString()).toBe(q.toString());
      }),
      { seed: 42, numRuns: 1000 },
    );
  });

  it('addition is exact and commutative; milliValue is additive for whole millis', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), (a, b) => {
        const qa = Quantity.parse(`${a}m`);
        const qb = Quantity.parse(`${b}m`);
        expect(qa.add(qb).cmp(qb.add(qa))).toBe(0);
        expect(qa.add(qb).milliValue()).toBe(BigInt(a + b));
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});
