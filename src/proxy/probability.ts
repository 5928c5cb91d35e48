/**
 * kube-proxy's `statistic --probability` text: Go `fmt.Sprintf("%0.10f", 1.0/float64(n))`
 * (kubernetes/kubernetes:pkg/proxy/iptables/proxier.go computeProbability). Go rounds the exact binary
 * value half-to-even; JavaScript's toFixed rounds ties up, which differs for n = 2048 (0.00048828125).
 * So the decimal is computed exactly with BigInt.
 */

const TEN_POW_10 = 10n ** 10n;
// One scratch buffer: formatFixed10 is synchronous, so it is never shared between calls in flight.
const view = new DataView(new ArrayBuffer(8));

/** Exact `%0.10f` of a finite, non-negative double, rounding half to even like Go's strconv. */
export function formatFixed10(x: number): string {
  if (!Number.isFinite(x) || x < 0) throw new RangeError('formatFixed10 takes a finite non-negative number');
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (exp === 0) {
    e = -1074;
  } else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  // x = mant * 2^e. Scaled = x * 10^10 as a fraction num/den.
  let num = mant * TEN_POW_10;
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  let q = num / den;
  const r = num % den;
  if (2n * r > den || (2n * r === den && q % 2n === 1n)) q += 1n;
  const s = q.toString().padStart(11, '0');
  return `${s.slice(0, -10)}.${s.slice(-10)}`;
}

// A sync asks for 1/n with small n again and again (once per endpoint); the BigInt arithmetic is cached.
const cache = new Map<number, string>();

/** The probability kube-proxy writes for the i-th of n endpoints: 1/(n-i). */
export function computeProbability(n: number): string {
  let s = cache.get(n);
  if (s === undefined) {
    s = formatFixed10(1 / n);
    if (cache.size < 4096) cache.set(n, s);
  }
  return s;
}
