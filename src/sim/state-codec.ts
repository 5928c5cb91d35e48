/**
 * A dry-run state as JSON text and back, exactly: the same object graph, not just equal JSON. What
 * JSON.stringify alone would lose is kept:
 * - references to the model's resources (origin of a pod, a Service's object, a problem's object) are written
 *   as their index in `model.resources` and read back as the very same objects, so locations, keys and raw
 *   fields come from the live model;
 * - an object met twice (replicas sharing one spec object) is written once and read back shared;
 * - so is a flat plain object (no object inside but resources and Quantities) equal to one written before:
 *   the labels, annotations and origin of a workload's replicas are equal objects, written and read once.
 *   Sharing equal values changes nothing: the dry run never mutates its state (its types are read-only).
 * - Maps, Quantities (immutable values: written by value), `undefined` values, NaN, ±Infinity and -0.
 * Anything else (functions, class instances, Sets, bigints) cannot be written: {@link encodeState} returns
 * undefined and the caller simply does not cache.
 *
 * Format: JSON in which strings, booleans, null, finite numbers and arrays stand for themselves and every JSON
 * object is a tag with one key:
 * - `{"$h":[keys|k,v1,v2,…]}` a plain object: its key list the first time that list is met (it becomes shape
 *   number k, counted from 0), the shape's number after that, then the values. Tens of thousands of pods
 *   share a few shapes, so their keys are written a few times, not once per pod (and reading is faster).
 * - `{"$c":[keys|k,n,col1,col2,…]}` an array of n plain objects of one shape (the pods, the Services), by
 *   columns: the objects are numbered first, in order, then each column holds one key's values, row by row.
 *   A column is a JSON array of values; `{"$R":[…]}` the same where every number stands for `{"$s":number}`
 *   (a column without number values: the labels, specs and origins replicas share); `{"$U":0}` all undefined;
 *   `{"$D":[[s0,s1,…],[i,…]]}` strings from a dictionary (a column of few distinct strings: namespaces, phases,
 *   node names), which reads back as numbers, not as one string per row.
 *   Reading columns allocates no tag object per shared value and per row, most of what a 50k-pod state cost.
 * - `{"$r":i}` resource i; `{"$s":i}` the i-th object (array, Map or plain object) met in depth-first order;
 * - `{"$m":[[k,v],…]}` a Map; `{"$q":[nanos,format]}` a Quantity; `{"$u":0}` undefined;
 *   `{"$n":"NaN"|"Infinity"|"-Infinity"|"-0"}` a number JSON has no text for.
 */
import { Quantity } from '../model/quantity.js';
import type { QuantityFormat } from '../model/quantity.js';
import type { Resource } from '../model/resource.js';

const QUANTITY_FORMATS: ReadonlySet<string> = new Set<QuantityFormat>(['DecimalSI', 'BinarySI', 'DecimalExponent']);

/** Shorter arrays are written row by row: columns pay off on many rows. */
const MIN_COLUMN_ROWS = 4;

class Unencodable extends Error {}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** `[strings, indexes]` when every value is a string and there are few distinct ones; else undefined. */
function stringDictionary(col: readonly unknown[]): [string[], number[]] | undefined {
  const index = new Map<string, number>();
  const indexes: number[] = [];
  const most = col.length / 4;
  for (const x of col) {
    if (typeof x !== 'string') return undefined;
    let i = index.get(x);
    if (i === undefined) {
      // Names, uids and IPs are all distinct: stop as soon as the column cannot qualify.
      if (index.size >= most) return undefined;
      index.set(x, (i = index.size));
    }
    indexes.push(i);
  }
  return [[...index.keys()], indexes];
}

function isRefTag(x: unknown): x is { $s: number } {
  // Of the objects enc returns, only `{"$s": n}` has an `$s` key.
  return typeof x === 'object' && x !== null && typeof (x as { $s?: unknown }).$s === 'number';
}

/**
 * A key list met while writing, as a node of a trie over keys: walking it reads each key's interned string
 * once, where joining the keys into one string per object and hashing that was most of the writer's time.
 */
class Shape {
  /** Shape number once written (the first `$h`/`$c` of this key list writes the list itself). */
  id = -1;
  private readonly next = new Map<string, Shape>();
  /** Flat objects of this shape written so far, by their leaf values (see leafKey): their object number. */
  readonly flat = new Map<string, number>();

  child(key: string): Shape {
    let s = this.next.get(key);
    if (s === undefined) this.next.set(key, (s = new Shape()));
    return s;
  }
}

/** The state as text, or undefined when it holds something this format cannot express. */
export function encodeState(value: unknown, resources: readonly Resource[]): string | undefined {
  const resourceIndex = new Map<object, number>();
  resources.forEach((r, i) => resourceIndex.set(r, i));
  const seen = new Map<object, number>();
  const shapes = new Shape();
  let shapeCount = 0;
  const shapeOf = (keys: readonly string[]): Shape => {
    let s = shapes;
    for (let i = 0; i < keys.length; i++) s = s.child(keys[i] as string);
    return s;
  };
  /** The `$h`/`$c` head: the key list the first time a shape is written, its number after that. */
  const head = (shape: Shape, keys: readonly string[]): number | readonly string[] => {
    if (shape.id >= 0) return shape.id;
    shape.id = shapeCount++;
    return keys;
  };
  const isLeaf = (x: unknown): boolean => typeof x !== 'object' || x === null || resourceIndex.has(x) || x instanceof Quantity;
  /** Text that tells leaf values apart: a type letter, then the value (strings length-prefixed). */
  const leafKey = (x: unknown): string => {
    switch (typeof x) {
      case 'string':
        return `s${x.length}:${x}`;
      case 'number':
        return Object.is(x, -0) ? 'n-0;' : `n${x};`;
      case 'boolean':
        return x ? 't' : 'f';
      case 'undefined':
        return 'u';
      case 'object':
        if (x === null) return 'z';
        if (x instanceof Quantity) return `q${x.nanos}${x.format};`;
        return `r${resourceIndex.get(x) as number};`;
      default:
        // Functions and the like: enc declines them when it reaches them.
        throw new Unencodable();
    }
  };
  /** The leaf values of a flat object as one key, or undefined when a value is not a leaf. */
  const flatKeyOf = (o: Record<string, unknown>, keys: readonly string[]): string | undefined => {
    let key = '';
    for (let i = 0; i < keys.length; i++) {
      const x = o[keys[i] as string];
      if (!isLeaf(x)) return undefined;
      key += leafKey(x);
    }
    return key;
  };
  const enc = (v: unknown): unknown => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'undefined':
        return { $u: 0 };
      case 'number':
        if (Number.isFinite(v) && !Object.is(v, -0)) return v;
        return { $n: Object.is(v, -0) ? '-0' : String(v) };
      case 'object': {
        if (v === null) return null;
        const r = resourceIndex.get(v);
        if (r !== undefined) return { $r: r };
        if (v instanceof Quantity) return { $q: [v.nanos.toString(), v.format] };
        const s = seen.get(v);
        if (s !== undefined) return { $s: s };
        if (Array.isArray(v)) {
          seen.set(v, seen.size);
          const rows = sameShapeRows(v);
          if (rows) return columns(v as Record<string, unknown>[], rows);
          const out = new Array<unknown>(v.length);
          for (let i = 0; i < v.length; i++) out[i] = enc(v[i]);
          return out;
        }
        if (v instanceof Map) {
          seen.set(v, seen.size);
          return { $m: [...v].map(([k, x]) => [enc(k), enc(x)]) };
        }
        const proto = Object.getPrototypeOf(v) as unknown;
        if (proto !== Object.prototype && proto !== null) throw new Unencodable();
        const o = v as Record<string, unknown>;
        const keys = Object.keys(o);
        const shape = shapeOf(keys);
        // A flat object equal to one written before is that one: see the header.
        const flatKey = flatKeyOf(o, keys);
        if (flatKey !== undefined) {
          const same = shape.flat.get(flatKey);
          if (same !== undefined) return { $s: same };
        }
        const id = seen.size;
        seen.set(v, id);
        if (flatKey !== undefined) shape.flat.set(flatKey, id);
        const out: unknown[] = [head(shape, keys)];
        for (let i = 0; i < keys.length; i++) out.push(enc(o[keys[i] as string]));
        return { $h: out };
      }
      default:
        throw new Unencodable();
    }
  };
  /**
   * The key list when `v` is long enough and all plain objects with that key list, none met before (nor twice)
   * and none flat (flat objects may be shared with equal ones: they take the `$h` path).
   */
  const sameShapeRows = (v: readonly unknown[]): string[] | undefined => {
    if (v.length < MIN_COLUMN_ROWS) return undefined;
    const first = v[0];
    if (!isPlainObject(first) || resourceIndex.has(first)) return undefined;
    const keys = Object.keys(first);
    const rows = new Set<object>();
    for (const row of v) {
      if (!isPlainObject(row) || seen.has(row) || resourceIndex.has(row) || rows.has(row)) return undefined;
      const k = Object.keys(row);
      if (k.length !== keys.length || k.some((key, i) => key !== keys[i]) || k.every((key) => isLeaf(row[key]))) return undefined;
      rows.add(row);
    }
    return keys;
  };
  const columns = (v: readonly Record<string, unknown>[], keys: readonly string[]): unknown => {
    for (const row of v) seen.set(row, seen.size);
    const out: unknown[] = [head(shapeOf(keys), keys), v.length];
    for (const k of keys) {
      const col = new Array<unknown>(v.length);
      let strings = true;
      let undefinedOnly = true;
      let numbers = false;
      for (let i = 0; i < v.length; i++) {
        const x = enc((v[i] as Record<string, unknown>)[k]);
        col[i] = x;
        if (typeof x === 'string') undefinedOnly = false;
        else {
          strings = false;
          if (typeof x === 'number') numbers = true;
          if (undefinedOnly && (typeof x !== 'object' || x === null || (x as { $u?: unknown }).$u !== 0)) undefinedOnly = false;
        }
      }
      const dictionary = strings ? stringDictionary(col) : undefined;
      if (dictionary) out.push({ $D: dictionary });
      else if (undefinedOnly) out.push({ $U: 0 });
      else if (numbers) out.push(col);
      else {
        for (let i = 0; i < col.length; i++) {
          const x = col[i];
          if (isRefTag(x)) col[i] = x.$s;
        }
        out.push({ $R: col });
      }
    }
    return { $c: out };
  };
  try {
    return JSON.stringify(enc(value));
  } catch (e) {
    if (e instanceof Unencodable) return undefined;
    throw e;
  }
}

/** Reads {@link encodeState}'s text back; throws on text it did not write (the caller treats that as a miss). */
export function decodeState(text: string, resources: readonly Resource[]): unknown {
  const objects: object[] = [];
  const shapes: string[][] = [];
  const bad = (): never => {
    throw new Error('not a state written by encodeState');
  };
  const dec = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) {
      // Arrays JSON.parse made are reused in place.
      objects.push(v);
      for (let i = 0; i < v.length; i++) v[i] = dec(v[i]);
      return v;
    }
    const o = v as Record<string, unknown>;
    let tag: string | undefined;
    for (const k in o) {
      if (tag !== undefined) return bad();
      tag = k;
    }
    const x = tag === undefined ? undefined : o[tag];
    switch (tag) {
      case '$h':
        return Array.isArray(x) && x.length > 0 ? plainObject(x) : bad();
      case '$c':
        return Array.isArray(x) && x.length >= 2 ? columnRows(x) : bad();
      case '$r':
        return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < resources.length ? resources[x] : bad();
      case '$s':
        return typeof x === 'number' ? ref(x) : bad();
      case '$u':
        return undefined;
      case '$n':
        return x === '-0' ? -0 : x === 'NaN' || x === 'Infinity' || x === '-Infinity' ? Number(x) : bad();
      case '$m': {
        if (!Array.isArray(x)) return bad();
        const m = new Map<unknown, unknown>();
        objects.push(m);
        for (const e of x as unknown[]) {
          if (!Array.isArray(e) || e.length !== 2) bad();
          const [k, val] = e as [unknown, unknown];
          m.set(dec(k), dec(val));
        }
        return m;
      }
      case '$q': {
        const [nanos, format] = Array.isArray(x) ? (x as unknown[]) : [];
        if (typeof nanos !== 'string' || !/^-?\d+$/.test(nanos) || typeof format !== 'string' || !QUANTITY_FORMATS.has(format)) return bad();
        // Quantity has no constructor from nano-units: `n` is the nano suffix, and add keeps the left format.
        return Quantity.zero(format as QuantityFormat).add(Quantity.parse(`${nanos}n`));
      }
      default:
        return bad();
    }
  };
  /** The key list a `$h` or `$c` head names: defined here, or a shape defined before. */
  const shapeOf = (head: unknown): string[] => {
    if (Array.isArray(head)) {
      if (!head.every((k) => typeof k === 'string')) bad();
      shapes.push(head as string[]);
      return head as string[];
    }
    return (typeof head === 'number' ? shapes[head] : undefined) ?? bad();
  };
  const plainObject = (x: unknown[]): Record<string, unknown> => {
    const keys = shapeOf(x[0]);
    if (keys.length !== x.length - 1) return bad();
    const o: Record<string, unknown> = {};
    objects.push(o);
    for (let i = 0; i < keys.length; i++) setKey(o, keys[i] as string, dec(x[i + 1]));
    return o;
  };
  const columnRows = (x: unknown[]): Record<string, unknown>[] => {
    const keys = shapeOf(x[0]);
    const n = x[1];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || keys.length !== x.length - 2) return bad();
    // Every row starts as a copy of one object with all keys, in order: one object shape, allocated whole, and
    // an own `__proto__` key (if any) stays a plain key when assigned below.
    const template = Object.fromEntries(keys.map((k) => [k, undefined])) as Record<string, unknown>;
    const rows: Record<string, unknown>[] = new Array<Record<string, unknown>>(n);
    // The array first, then its rows: the order the writer numbered them in.
    objects.push(rows);
    for (let i = 0; i < n; i++) objects.push((rows[i] = { ...template }));
    for (let c = 0; c < keys.length; c++) {
      const k = keys[c] as string;
      const col = x[c + 2];
      if (Array.isArray(col)) {
        if (col.length !== n) return bad();
        for (let i = 0; i < n; i++) (rows[i] as Record<string, unknown>)[k] = dec(col[i]);
        continue;
      }
      const tag = typeof col === 'object' && col !== null ? (col as Record<string, unknown>) : bad();
      const keysOfTag = Object.keys(tag);
      // All undefined: the template's value already.
      if (keysOfTag.length === 1 && tag.$U === 0) continue;
      if (keysOfTag.length === 1 && tag.$D !== undefined) {
        const [dictionary, indexes] = Array.isArray(tag.$D) ? (tag.$D as unknown[]) : [];
        if (!Array.isArray(dictionary) || !dictionary.every((d) => typeof d === 'string') || !Array.isArray(indexes) || indexes.length !== n) return bad();
        for (let i = 0; i < n; i++) {
          const d = indexes[i];
          (rows[i] as Record<string, unknown>)[k] = typeof d === 'number' ? (dictionary[d] as string | undefined) ?? bad() : bad();
        }
        continue;
      }
      const refs = keysOfTag.length === 1 && Array.isArray(tag.$R) && tag.$R.length === n ? (tag.$R as unknown[]) : bad();
      for (let i = 0; i < n; i++) {
        const r = refs[i];
        (rows[i] as Record<string, unknown>)[k] = typeof r === 'number' ? ref(r) : dec(r);
      }
    }
    return rows;
  };
  const ref = (i: number): object => (Number.isInteger(i) && i >= 0 && i < objects.length ? (objects[i] as object) : bad());
  return dec(JSON.parse(text));
}

function setKey(o: Record<string, unknown>, k: string, val: unknown): void {
  // An own `__proto__` key (JSON.parse makes those) must stay a key, not set the prototype.
  if (k === '__proto__') Object.defineProperty(o, k, { value: val, enumerable: true, writable: true, configurable: true });
  else o[k] = val;
}
