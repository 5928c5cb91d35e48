/**
 * The Kubernetes CEL libraries we can evaluate, registered on @bufbuild/cel with upstream's semantics
 * (`kubernetes/apiserver:pkg/cel/library/`). What is here: lists.go (isSorted, sum, min, max, indexOf,
 * lastIndexOf), regex.go (find, findAll), cel-go's sets extension (sets.contains, sets.equivalent,
 * sets.intersects), quantity.go (quantity values and their methods, isQuantity), and the predicates isURL
 * (urls.go), isIP (ip.go) and isCIDR (cidr.go). @bufbuild/cel brings the CEL standard library and cel-go's
 * strings extension. Everything else the API server's base environment declares
 * (`pkg/cel/environment/base.go`: url/ip/cidr values and their methods, format, semver, authz, ext.Lists,
 * two-variable comprehensions, optional types) is listed in `UNSUPPORTED_HINT` so a rule using it is
 * reported as not evaluated, never guessed at.
 */
import type { CelFunc, CelMap, CelValue } from '@bufbuild/cel';
import { celRuntime } from './cel-runtime.js';
import { Quantity } from '../model/quantity.js';
import { isRequestUri, parseCIDRPrefix, parseIPAddr } from './formats.js';

/** A value's CEL type family, for comparisons: numbers compare across int, uint and double. */
function numeric(v: CelValue): number | bigint | undefined {
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  if (celRuntime().cel.isCelUint(v)) return v.value;
  return undefined;
}

/** CEL ordering (`traits.Comparer`): -1, 0 or 1; undefined when the two values do not compare. */
function compare(a: CelValue, b: CelValue): number | undefined {
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) {
    if (Number.isNaN(x) || Number.isNaN(y)) return undefined;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return undefined;
}

/** CEL equality (heterogeneous numbers equal by value; lists and maps element-wise). */
function equal(a: CelValue, b: CelValue): boolean {
  const c = compare(a, b);
  if (c !== undefined) return c === 0;
  const { isCelList, isCelMap } = celRuntime().cel;
  if (isCelList(a) && isCelList(b)) {
    if (a.size !== b.size) return false;
    for (let i = 0; i < a.size; i++) if (!equal(a.get(i) as CelValue, b.get(i) as CelValue)) return false;
    return true;
  }
  if (isCelMap(a) && isCelMap(b)) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (!b.has(k) || !equal(v, b.get(k) as CelValue)) return false;
    }
    return true;
  }
  return a === b;
}

function noOverload(name: string): Error {
  return new Error(`no such overload: ${name}`);
}

function comparer(list: Iterable<CelValue>, name: string, prefer: 1 | -1): CelValue {
  let result: CelValue | undefined;
  for (const next of list) {
    if (result === undefined) result = next;
    else {
      const c = compare(result, next);
      if (c === undefined) throw noOverload(name);
      if (c === prefer) result = next;
    }
  }
  // lists.go cmp(): types.NewErr("%s called on empty list", opName)
  if (result === undefined) throw new Error(`${name} called on empty list`);
  return result;
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

function sum(list: Iterable<CelValue>): bigint | number {
  let acc: bigint | number | undefined;
  for (const next of list) {
    const n = numeric(next);
    if (n === undefined || (acc !== undefined && typeof acc !== typeof n)) throw noOverload('sum');
    if (acc === undefined) acc = n;
    else if (typeof acc === 'bigint') {
      acc += n as bigint;
      if (acc > INT64_MAX || acc < INT64_MIN) throw new Error('integer overflow');
    } else acc += n as number;
  }
  // An empty list sums to the zero of its element type; with no static types we take int's.
  return acc ?? 0n;
}

/** RE2 syntax JavaScript would read differently: find/findAll on such a pattern is not evaluated. */
const NOT_JS_REGEX = /\(\?[a-zA-Z]|\\[zCQEpP]|\[\[:|\\x\{/;

function jsRegex(pattern: string, name: string): RegExp {
  if (NOT_JS_REGEX.test(pattern)) throw new Error(`unsupported: function ${name} with RE2-only syntax in '${pattern}'`);
  return new RegExp(pattern, 'gu');
}

/** Go's regexp FindAllString: leftmost-first matches, an empty match right after a match is skipped. */
function findAll(str: string, pattern: string, limit: bigint, name = 'findAll'): string[] {
  const re = jsRegex(pattern, name);
  const out: string[] = [];
  let prevEnd = -1;
  for (const m of str.matchAll(re)) {
    if (limit >= 0n && BigInt(out.length) >= limit) break;
    if (m[0] === '' && m.index === prevEnd) continue;
    out.push(m[0]);
    prevEnd = m.index + m[0].length;
  }
  return out;
}

// quantity.go's Quantity type, carried as a one-entry map (our CEL engine has no opaque types): the key marks
// it, the value is the amount in nano-units, so CEL's map equality is Quantity.Equal (1 == 1000m).
const QUANTITY_KEY = '\u0000k8s.io/quantity';

function quantityValue(q: Quantity): Map<string, string> {
  return new Map([[QUANTITY_KEY, q.nanos.toString()]]);
}

function asQuantity(v: CelMap, name: string): Quantity {
  const nanos = v.size === 1 ? v.get(QUANTITY_KEY) : undefined;
  if (typeof nanos !== 'string') throw noOverload(name);
  return Quantity.parse(`${nanos}n`);
}

const INT64_Q_MAX = 9223372036854775807n * 1_000_000_000n;
const INT64_Q_MIN = -9223372036854775808n * 1_000_000_000n;

/** Our Kubernetes library functions plus cel-go's strings extension (built on first use, like the runtime). */
export function kubernetesFuncs(): readonly CelFunc[] {
  funcs ??= buildKubernetesFuncs();
  return funcs;
}

let funcs: readonly CelFunc[] | undefined;

function buildKubernetesFuncs(): readonly CelFunc[] {
  const { celFunc, celMethod, CelScalar, listType, mapType } = celRuntime().cel;
  const { strings } = celRuntime().ext;
  const DYN = CelScalar.DYN;
  const LIST = listType(DYN);
  const MAP = mapType(CelScalar.STRING, DYN);
  /** quantity.go: quantity(), sign, isGreaterThan, isLessThan, compareTo, asApproximateFloat, asInteger, isInteger, add, sub. */
  const QUANTITY_FUNCS: readonly CelFunc[] = [
    // resource.ParseQuantity's error is the API server's text (ErrFormatWrong), kept by QuantityError.
    celFunc('quantity', [CelScalar.STRING], MAP, (s) => quantityValue(Quantity.parse(s))),
    celMethod('sign', MAP, [], CelScalar.INT, function () {
      return BigInt(asQuantity(this, 'sign').cmp(Quantity.zero()));
    }),
    celMethod('isGreaterThan', MAP, [MAP], CelScalar.BOOL, function (o) {
      return asQuantity(this, 'isGreaterThan').cmp(asQuantity(o, 'isGreaterThan')) === 1;
    }),
    celMethod('isLessThan', MAP, [MAP], CelScalar.BOOL, function (o) {
      return asQuantity(this, 'isLessThan').cmp(asQuantity(o, 'isLessThan')) === -1;
    }),
    celMethod('compareTo', MAP, [MAP], CelScalar.INT, function (o) {
      return BigInt(asQuantity(this, 'compareTo').cmp(asQuantity(o, 'compareTo')));
    }),
    celMethod('asApproximateFloat', MAP, [], CelScalar.DOUBLE, function () {
      return Number(asQuantity(this, 'asApproximateFloat').nanos) / 1e9;
    }),
    // Quantity.AsInt64: a whole number within int64, else "cannot convert value to integer".
    celMethod('isInteger', MAP, [], CelScalar.BOOL, function () {
      const n = asQuantity(this, 'isInteger').nanos;
      return n % 1_000_000_000n === 0n && n <= INT64_Q_MAX && n >= INT64_Q_MIN;
    }),
    celMethod('asInteger', MAP, [], CelScalar.INT, function () {
      const n = asQuantity(this, 'asInteger').nanos;
      if (n % 1_000_000_000n !== 0n || n > INT64_Q_MAX || n < INT64_Q_MIN) throw new Error('cannot convert value to integer');
      return n / 1_000_000_000n;
    }),
    celMethod('add', MAP, [MAP], MAP, function (o) {
      return quantityValue(asQuantity(this, 'add').add(asQuantity(o, 'add')));
    }),
    celMethod('add', MAP, [CelScalar.INT], MAP, function (n) {
      return quantityValue(asQuantity(this, 'add').add(Quantity.fromValue(n)));
    }),
    celMethod('sub', MAP, [MAP], MAP, function (o) {
      return quantityValue(asQuantity(this, 'sub').sub(asQuantity(o, 'sub')));
    }),
    celMethod('sub', MAP, [CelScalar.INT], MAP, function (n) {
      return quantityValue(asQuantity(this, 'sub').sub(Quantity.fromValue(n)));
    }),
  ];

  return [
    ...strings,
    ...QUANTITY_FUNCS,
    celMethod('isSorted', LIST, [], CelScalar.BOOL, function () {
      let prev: CelValue | undefined;
      for (const next of this) {
        if (prev !== undefined) {
          const c = compare(prev, next);
          if (c === undefined) throw noOverload('isSorted');
          if (c === 1) return false;
        }
        prev = next;
      }
      return true;
    }),
    celMethod('sum', LIST, [], DYN, function () {
      return sum(this);
    }),
    celMethod('min', LIST, [], DYN, function () {
      return comparer(this, 'min', 1);
    }),
    celMethod('max', LIST, [], DYN, function () {
      return comparer(this, 'max', -1);
    }),
    celMethod('indexOf', LIST, [DYN], CelScalar.INT, function (item) {
      for (let i = 0; i < this.size; i++) if (equal(this.get(i) as CelValue, item)) return BigInt(i);
      return -1n;
    }),
    celMethod('lastIndexOf', LIST, [DYN], CelScalar.INT, function (item) {
      for (let i = this.size - 1; i >= 0; i--) if (equal(this.get(i) as CelValue, item)) return BigInt(i);
      return -1n;
    }),
    celMethod('find', CelScalar.STRING, [CelScalar.STRING], CelScalar.STRING, function (pattern) {
      return findAll(this, pattern, 1n, 'find')[0] ?? '';
    }),
    celMethod('findAll', CelScalar.STRING, [CelScalar.STRING], listType(CelScalar.STRING), function (pattern) {
      return findAll(this, pattern, -1n);
    }),
    celMethod('findAll', CelScalar.STRING, [CelScalar.STRING, CelScalar.INT], listType(CelScalar.STRING), function (pattern, limit) {
      return findAll(this, pattern, limit);
    }),
    // cel-go ext/sets.go: list membership with CEL equality, order and duplicates ignored.
    celFunc('sets.contains', [LIST, LIST], CelScalar.BOOL, (list, sub) => [...sub].every((x) => [...list].some((y) => equal(x, y)))),
    celFunc('sets.equivalent', [LIST, LIST], CelScalar.BOOL, (a, b) => [...b].every((x) => [...a].some((y) => equal(x, y))) && [...a].every((x) => [...b].some((y) => equal(x, y)))),
    celFunc('sets.intersects', [LIST, LIST], CelScalar.BOOL, (a, b) => [...a].some((x) => [...b].some((y) => equal(x, y)))),
    // urls.go isURL: url.ParseRequestURI succeeds.
    celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, (s) => isRequestUri(s)),
    // ip.go isIP: netip.ParseAddr, no zone, not IPv4-mapped IPv6.
    celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, (s) => parseIPAddr(s)),
    // cidr.go isCIDR: netip.ParsePrefix, not IPv4-mapped IPv6.
    celFunc('isCIDR', [CelScalar.STRING], CelScalar.BOOL, (s) => parseCIDRPrefix(s)),
    // quantity.go isQuantity: resource.ParseQuantity succeeds.
    celFunc('isQuantity', [CelScalar.STRING], CelScalar.BOOL, (s) => {
      try {
        Quantity.parse(s);
        return true;
      } catch {
        return false;
      }
    }),
  ];
}

/** Functions and macros the API server declares that we do not evaluate. */
export const UNSUPPORTED_HINT: ReadonlySet<string> = new Set([
  // url, ip and cidr values and their methods
  'url', 'getScheme', 'getHost', 'getHostname', 'getPort', 'getEscapedPath', 'getQuery',
  'ip', 'cidr', 'family', 'isUnspecified', 'isLoopback', 'isLinkLocalMulticast', 'isLinkLocalUnicast',
  'isGlobalUnicast', 'ip.isCanonical', 'containsIP', 'containsCIDR', 'prefixLength', 'masked',
  // format, sets, semver, authz, ext.Lists, optional types, bindings, math
  'format.named', 'validate', 'semver', 'isSemver',
  'major', 'minor', 'patch', 'authorizer', 'path', 'group', 'resource', 'check', 'allowed', 'reason', 'errored', 'error',
  'sortBy', 'lists.range', 'flatten', 'distinct', 'slice', 'reverse', 'first', 'last',
  'optional.of', 'optional.none', 'optional.ofNonZeroValue', 'hasValue', 'orValue', 'value', 'or', 'optMap', 'optFlatMap',
  'cel.bind', 'cel.block', 'math.greatest', 'math.least', 'math.ceil', 'math.floor', 'math.round', 'math.abs',
  'base64.encode', 'base64.decode', 'transformList', 'transformMap', 'transformMapEntry',
]);
