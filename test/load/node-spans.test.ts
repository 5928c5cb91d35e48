/**
 * The fast path's node spans live in shared blocks; a document that overflows the current block moves to a
 * fresh one mid-parse. Documents on both sides of such a move must keep their own positions.
 */
import { describe, expect, it } from 'vitest';
import { parseYamlDocument } from '../../src/load/parse.js';

function offsetIn(text: string, pointer: string): number | undefined {
  const parsed = parseYamlDocument(text);
  if (!parsed.ok || !parsed.spans) throw new Error('expected the fast path');
  return parsed.spans.offsetOf(pointer);
}

describe('node spans across shared blocks', () => {
  it('keep every document its own offsets when one document overflows a block', () => {
    const before = parseYamlDocument('a: 1\nb:\n  c: 2\n');
    // 200k plain-scalar items are 400k nodes (js-yaml wraps each item): more than one block holds.
    const big = 'items:\n' + '- x\n'.repeat(200_000) + 'last: z\n';
    const parsedBig = parseYamlDocument(big);
    const after = parseYamlDocument('x:\n  - y: 3\n');
    if (!before.ok || !parsedBig.ok || !after.ok) throw new Error('expected all three to parse');
    expect(before.spans?.offsetOf('/b/c')).toBe(10);
    expect(parsedBig.spans?.offsetOf('/items/0')).toBe(9);
    expect(parsedBig.spans?.offsetOf('/items/199999')).toBe(7 + 4 * 199_999 + 2);
    expect(parsedBig.spans?.offsetOf('/last')).toBe(7 + 4 * 200_000);
    expect(after.spans?.offsetOf('/x/0/y')).toBe(7);
  });

  it('answer integer-like keys through the CST instead (JavaScript reorders them)', () => {
    expect(offsetIn('b: 1\n"0": 2\n', '/0')).toBeUndefined();
    expect(offsetIn('b: 1\n"0": 2\n', '/c')).toBe(0);
    expect(offsetIn('b: 1\n"x": 2\n', '/x')).toBe(5);
  });
});
