import { describe, expect, it } from 'vitest';
import { Quantity } from '../../src/model/quantity.js';

// Expected strings follow apimachinery's quantity_test.go (TestQuantityParse / canonical forms).
describe('Quantity', () => {
  it('adds exactly, without floating point drift', () => {
    expect(Quantity.parse('0.1').add(Quantity.parse('0.2')).toString()).toBe('300m');
  });
  it.each([
    ['1000m', '1'],
    ['1.5', '1500m'],
    ['2000', '2k'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['1.5Gi', '1536Mi'],
    ['1e3', '1e3'],
    ['0', '0'],
    ['100m', '100m'],
    ['-5', '-5'],
  ])('formats %s canonically as %s', (input, expected) => {
    expect(Quantity.parse(input).toString()).toBe(expected);
  });
  it('rounds milli values up', () => {
    expect(Quantity.parse('0.0001').milliValue()).toBe(1n);
    expect(Quantity.parse('128Mi').value()).toBe(134217728n);
  });
  it('rejects malformed input', () => {
    expect(Quantity.tryParse('1.2.3')).toBeUndefined();
    expect(Quantity.tryParse('10Ki ')).toBeUndefined(); // upstream does not trim
    expect(Quantity.tryParse('abc')).toBeUndefined();
  });
});
