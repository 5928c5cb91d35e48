/**
 * The per-pod name and uid helpers are written for speed (a hex table, the PRNG state in a local); these
 * properties pin them to the plain formulations they replace: four FNV-1a hashes printed as 32 hex digits in
 * UUID groups, and mulberry32 drawn as a closure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a32, podUid, seededSuffix } from '../../src/sim/names.js';
// The benchmarks' seeded PRNG is mulberry32 written as a closure: the plain form of the one names.ts inlines.
import { rng } from '../../bench/util.js';

function plainUid(namespace: string, name: string): string {
  let h = '';
  for (let i = 0; i < 4; i++) h += fnv1a32(`${i}/${namespace}/${name}`).toString(16).padStart(8, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function plainSuffix(seed: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const rand = rng(seed);
  let out = '';
  for (let i = 0; i < 5; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
  return out;
}

describe('per-pod names', () => {
  it('podUid is the four hashes as a UUID-shaped hex string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 30 }), (ns, name) => {
        expect(podUid(ns, name)).toBe(plainUid(ns, name));
      }),
      { seed: 42, numRuns: 500 },
    );
    expect(podUid('default', 'web-0')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('seededSuffix draws what a mulberry32 closure draws', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }), (seed) => {
        expect(seededSuffix(seed)).toBe(plainSuffix(seed));
      }),
      { seed: 42, numRuns: 1000 },
    );
  });
});
