/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource), with exact arithmetic.
 *
 * Grammar (quantity.go): <quantity> ::= <signedNumber><suffix>
 *   <suffix> ::= <binarySI> (Ki Mi Gi Ti Pi Ei) | <decimalSI> (n u m "" k M G T P E) | <decimalExponent> (e|E<signedNumber>)
 * A value is held as an exact rational `units / 10^scale` with bigint units, so `0.1 + 0.2` is exactly `300m`.
 * Like upstream, values finer than nano (10^-9) are rounded up to nano when parsed.
 */

export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

const BINARY_SUFFIXES: readonly [string, number][] = [['Ki', 10], ['Mi', 20], ['Gi', 30], ['Ti', 40], ['Pi', 50], ['Ei', 60]];
const DECIMAL_SUFFIXES: readonly [string, number][] = [['n', -9], ['u', -6], ['m', -3], ['', 0], ['k', 3], ['M', 6], ['G', 9], ['T', 12], ['P', 15], ['E', 18]];
const NANO_SCALE = 9;
const QUANTITY_RE = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

export class QuantityError extends Error {
  constructor(readonly input: string) {
    // Upstream ErrFormatWrong text, used by the API server's validation messages.
    super('quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'');
    this.name = 'QuantityError';
  }
}

export class Quantity {
  /** value = units / 10^NANO_SCALE: every quantity is an exact integer number of nano-units. */
  private constructor(
    readonly nanos: bigint,
    readonly format: QuantityFormat,
  ) {}

  static zero(format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(0n, format);
  }

  /** Parses a quantity string (or a YAML number, which the API server accepts the same way). */
  static parse(input: string | number): Quantity {
    const text = typeof input === 'number' ? numberToText(input) : input;
    const m = QUANTITY_RE.exec(text);
    if (!m || text === '') throw new QuantityError(String(input));
    const num = m[1] as string;
    const suffix = m[2] ?? '';
    let format: QuantityFormat = 'DecimalSI';
    let exp10 = 0;
    let exp2 = 0;
    const bin = BINARY_SUFFIXES.find(([s]) => s === suffix);
    if (bin) {
      format = 'BinarySI';
      exp2 = bin[1];
    } else if (/^[eE]/.test(suffix)) {
      format = 'DecimalExponent';
      exp10 = Number(suffix.slice(1));
      if (!Number.isSafeInteger(exp10) || Math.abs(exp10) > 1000) throw new QuantityError(String(input));
    } else {
      exp10 = (DECIMAL_SUFFIXES.find(([s]) => s === suffix) as [string, number])[1];
    }
    const negative = num.startsWith('-');
    const unsigned = num.replace(/^[+-]/, '');
    const [intPart = '', fracPart = ''] = unsigned.split('.');
    const digits = BigInt((intPart + fracPart).replace(/^0+(?=.)/, '') || '0');
    // value = digits * 10^(exp10 - fracLen) * 2^exp2, expressed in nanos (× 10^9), rounded up.
    const scaled = digits * (1n << BigInt(exp2));
    const shift = exp10 - fracPart.length + NANO_SCALE;
    let nanos: bigint;
    if (shift >= 0) nanos = scaled * 10n ** BigInt(shift);
    else {
      const div = 10n ** BigInt(-shift);
      nanos = scaled / div + (scaled % div === 0n ? 0n : 1n);
    }
    return new Quantity(negative ? -nanos : nanos, format);
  }

  /** Parses, returning undefined instead of throwing on a malformed quantity. */
  static tryParse(input: unknown): Quantity | undefined {
    if (typeof input !== 'string' && typeof input !== 'number') return undefined;
    try {
      return Quantity.parse(input);
    } catch {
      return undefined;
    }
  }

  static fromMilli(milli: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(milli) * 1_000_000n, format);
  }

  static fromValue(value: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(value) * 1_000_000_000n, format);
  }

  add(other: Quantity): Quantity {
    return new Quantity(this.nanos + other.nanos, this.format);
  }

  sub(other: Quantity): Quantity {
    return new Quantity(this.nanos - other.nanos, this.format);
  }

  /** Multiplies by a whole number (replica counts). */
  times(n: number | bigint): Quantity {
    return new Quantity(this.nanos * BigInt(n), this.format);
  }

  cmp(other: Quantity): -1 | 0 | 1 {
    return this.nanos < other.nanos ? -1 : this.nanos > other.nanos ? 1 : 0;
  }

  isZero(): boolean {
    return this.nanos === 0n;
  }

  /** Value rounded up to a whole number, as Quantity.Value() does. */
  value(): bigint {
    return ceilDiv(this.nanos, 1_000_000_000n);
  }

  /** Value in thousandths rounded up, as Quantity.MilliValue() does (CPU is accounted in millicores). */
  milliValue(): bigint {
    return ceilDiv(this.nanos, 1_000_000n);
  }

  /** Canonical text as Kubernetes prints it (Quantity.String()). */
  toString(): string {
    return formatNanos(this.nanos, this.format);
  }
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

function numberToText(n: number): string {
  if (!Number.isFinite(n)) return 'NaN';
  // Avoid exponent notation for ordinary YAML numbers; keep it for huge/tiny ones (valid quantity syntax).
  const s = String(n);
  return s.replace(/e\+?/, 'e');
}

/**
 * Canonical formatting (quantity.go CanonicalizeBytes): the mantissa is an integer and the exponent the
 * largest suffix that keeps it one. BinarySI falls back to DecimalSI for values that are not whole
 * multiples of 1024 or below 1024; DecimalExponent writes `e<3n>` instead of the SI letter.
 */
function formatNanos(nanos: bigint, format: QuantityFormat): string {
  if (nanos === 0n) return '0';
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  if (format === 'BinarySI' && abs % 1_000_000_000n === 0n) {
    const whole = abs / 1_000_000_000n;
    if (whole >= 1024n) {
      let mantissa = whole;
      let exp = 0;
      while (exp < 60 && mantissa % 1024n === 0n) {
        mantissa /= 1024n;
        exp += 10;
      }
      const suffix = BINARY_SUFFIXES.find(([, e]) => e === exp)?.[0] ?? '';
      return sign + mantissa.toString() + suffix;
    }
  }
  // Decimal: find the largest exponent (multiple of 3, from -9 up to 18) that keeps the mantissa whole.
  let mantissa = abs;
  let exp = -NANO_SCALE;
  while (exp < 18 && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exp += 3;
  }
  if (format === 'DecimalExponent') return sign + mantissa.toString() + (exp === 0 ? '' : `e${exp}`);
  const suffix = DECIMAL_SUFFIXES.find(([, e]) => e === exp)?.[0] ?? '';
  return sign + mantissa.toString() + suffix;
}
