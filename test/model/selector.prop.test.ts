/** The string parser and the structured matcher agree: the same requirements select the same label sets. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSelectorError, parseSelector, selectorFromLabelSelector } from '../../src/model/selector.js';

const key = fc.constantFrom('app', 'tier', 'example.com/team', 'env', 'v');
const value = fc.constantFrom('a', 'b', 'web', 'x-1', '');
const expression = fc.oneof(
  fc.record({ key, operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(value, { minLength: 1, maxLength: 3 }) }),
  fc.record({ key, operator: fc.constantFrom('Exists', 'DoesNotExist') }),
);
const labelSelector = fc.record({ matchLabels: fc.dictionary(key, value, { maxKeys: 2 }), matchExpressions: fc.array(expression, { maxLength: 3 }) });
const labels = fc.dictionary(key, value, { maxKeys: 5 });

function toSyntax(ls: { matchLabels: Record<string, string>; matchExpressions: { key: string; operator: string; values?: string[] }[] }): string {
  const parts = Object.entries(ls.matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const e of ls.matchExpressions) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${(e.values ?? []).join(',')})`);
  }
  return parts.join(',');
}

describe('selector properties', () => {
  it('string syntax and structured form match the same labels', () => {
    fc.assert(
      fc.property(labelSelector, fc.array(labels, { minLength: 1, maxLength: 8 }), (ls, sets) => {
        const structured = selectorFromLabelSelector(ls);
        const parsed = parseSelector(toSyntax(ls));
        expect(isSelectorError(structured)).toBe(false);
        expect(isSelectorError(parsed)).toBe(false);
        if (isSelectorError(structured) || isSelectorError(parsed)) return;
        for (const l of sets) expect(parsed.matches(l)).toBe(structured.matches(l));
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('the canonical string re-parses to an equivalent selector', () => {
    fc.assert(
      fc.property(labelSelector, fc.array(labels, { minLength: 1, maxLength: 8 }), (ls, sets) => {
        const s = selectorFromLabelSelector(ls);
        if (isSelectorError(s)) return;
        const again = parseSelector(s.toString());
        expect(isSelectorError(again)).toBe(false);
        if (isSelectorError(again)) return;
        expect(again.toString()).toBe(s.toString());
        for (const l of sets) expect(again.matches(l)).toBe(s.matches(l));
      }),
      { seed: 43, numRuns: 300 },
    );
  });
});
