/** Fixed-size bitsets over Uint32 words: the word-wide operations the matrix engine is made of. */

export function words(n: number): number {
  return (n + 31) >>> 5;
}

export function newBitset(n: number): Uint32Array {
  return new Uint32Array(words(n));
}

export function setBit(b: Uint32Array, i: number): void {
  b[i >>> 5] = (b[i >>> 5] as number) | (1 << (i & 31));
}

export function hasBit(b: Uint32Array, i: number): boolean {
  return (((b[i >>> 5] as number) >>> (i & 31)) & 1) === 1;
}

/** a |= b (same length). */
export function orInto(a: Uint32Array, b: Uint32Array): void {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) | (b[i] as number);
}

/** a &= b (same length). */
export function andInto(a: Uint32Array, b: Uint32Array): void {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) & (b[i] as number);
}

/** Sets bits 0..n-1. */
export function fillOnes(b: Uint32Array, n: number): void {
  b.fill(0xffffffff);
  const rem = n & 31;
  if (rem !== 0 && b.length > 0) b[b.length - 1] = (1 << rem) - 1;
}

export function isZero(b: Uint32Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/** Calls fn for each set bit, in increasing order. */
export function forEachBit(b: Uint32Array, fn: (i: number) => void): void {
  for (let w = 0; w < b.length; w++) {
    let word = b[w] as number;
    while (word !== 0) {
      const low = word & -word;
      fn((w << 5) + (31 - Math.clz32(low)));
      word ^= low;
    }
  }
}

export function popcount(b: Uint32Array): number {
  let n = 0;
  for (let w = 0; w < b.length; w++) {
    let v = (b[w] as number) >>> 0;
    v = v - ((v >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    n += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return n;
}
