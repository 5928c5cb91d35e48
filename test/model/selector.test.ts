import { describe, expect, it } from 'vitest';
import { isSelectorError, parseSelector, selectorFromLabelSelector, selectorFromMap } from '../../src/model/selector.js';
import type { Selector, SelectorError } from '../../src/model/selector.js';

const ok = (s: Selector | SelectorError): Selector => {
  if (isSelectorError(s)) throw new Error(s.error);
  return s;
};

// Cases follow apimachinery labels/selector_test.go (TestSelectorParse, TestSelectorMatches, TestLexer).
describe('parseSelector', () => {
  it.each([
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['z=c,x=a,y=b', 'x=a,y=b,z=c'],
    ['x!=a', 'x!=a'],
    ['x==a', 'x==a'],
    ['x in (a,b)', 'x in (a,b)'],
    ['x notin (b,a)', 'x notin (a,b)'],
    ['!x', '!x'],
    ['x', 'x'],
    ['x>1', 'x>1'],
    ['x<1', 'x<1'],
    ['x=', 'x='],
    ['x= ', 'x='],
    ['x in (a,)', 'x in (,a)'],
  ])('parses %j canonically as %j', (input, expected) => {
    expect(ok(parseSelector(input)).toString()).toBe(expected);
  });

  it.each(['x=a||y=b', 'x==a==b', '!x=a', 'x<a', 'x in a', '(', 'x in (a', 'x=a,', '-x=a'])('rejects %j', (input) => {
    expect(isSelectorError(parseSelector(input))).toBe(true);
  });

  it('treats the empty string as everything', () => {
    expect(ok(parseSelector('')).matches({})).toBe(true);
  });

  it.each([
    ['x=y', { x: 'y' }, true],
    ['x=y', { x: 'z' }, false],
    ['x!=y', {}, true],
    ['x notin (a)', {}, true],
    ['x in (a)', {}, false],
    ['!x', { y: 'z' }, true],
    ['x', { x: '' }, true],
    ['x>1', { x: '2' }, true],
    ['x>1', { x: 'two' }, false],
    ['x<1', { x: '-3' }, true],
  ] as const)('%s matches %j: %s', (sel, labels, expected) => {
    expect(ok(parseSelector(sel)).matches(labels)).toBe(expected);
  });
});

describe('selectorFromLabelSelector', () => {
  it('selects nothing for null and everything for {}', () => {
    expect(ok(selectorFromLabelSelector(undefined)).matches({ a: 'b' })).toBe(false);
    expect(ok(selectorFromLabelSelector({})).matches({ a: 'b' })).toBe(true);
  });

  it('ANDs matchLabels and matchExpressions', () => {
    const s = ok(
      selectorFromLabelSelector({
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['fe', 'be'] },
          { key: 'canary', operator: 'DoesNotExist' },
        ],
      }),
    );
    expect(s.matches({ app: 'web', tier: 'fe' })).toBe(true);
    expect(s.matches({ app: 'web', tier: 'fe', canary: 'true' })).toBe(false);
    expect(s.toString()).toBe('app=web,!canary,tier in (be,fe)');
  });

  it('reports invalid operators and empty In values with the path of the bad part', () => {
    expect(selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] })).toMatchObject({ path: '/matchExpressions/0/operator' });
    expect(selectorFromLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toMatchObject({
      error: "for 'in', 'notin' operators, values set can't be empty",
    });
    expect(selectorFromLabelSelector({ matchLabels: { 'bad key!': 'x' } })).toMatchObject({ path: '/matchLabels/bad key!' });
  });

  it('selectorFromMap validates values', () => {
    expect(isSelectorError(selectorFromMap({ app: 'has space' }))).toBe(true);
    expect(ok(selectorFromMap({ app: 'web' })).matches({ app: 'web', x: 'y' })).toBe(true);
  });
});
