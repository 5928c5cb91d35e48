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
 * - `{"$r":i}` resource i; `{"$s":i}` the i-th object (array, Map or plain object) met in depth-first order;
 * - `{"$m":[[k,v],…]}` a Map; `{"$q":[nanos,format]}` a Quantity; `{"$u":0}` undefined;
 *   `{"$n":"NaN"|"Infinity"|"-Infinity"|"-0"}` a number JSON has no text for.
 */
import { Quantity } from '../model/quantity.js';
import type { QuantityFormat } from '../model/quantity.js';
import type { Resource } from '../model/resource.js';

const QUANTITY_FORMATS: ReadonlySet<string> = new Set<QuantityFormat>(['DecimalSI', 'BinarySI', 'DecimalExponent']);

class Unencodable extends Error {}

/** The state as text, or undefined when it holds something this format cannot express. */
export function encodeState(value: unknown, resources: readonly Resource[]): string | undefined {
  const resourceIndex = new Map<object, number>();
  resources.forEach((r, i) => resourceIndex.set(r, i));
  const seen = new Map<object, number>();
  const shapes = new Map<string, number>();
  /** Flat plain objects written so far, by shape and values: their object number. */
  const flat = new Map<string, number>();
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
        const shapeKey = keys.join('\u0000');
        let flatKey: string | undefined;
        if (keys.every((k) => isLeaf(o[k]))) {
          // A flat object equal to one written before is that one: see the header.
          flatKey = shapeKey + '\u0001';
          for (const k of keys) flatKey += leafKey(o[k]);
          const same = flat.get(flatKey);
          if (same !== undefined) return { $s: same };
        }
        const id = seen.size;
        seen.set(v, id);
        if (flatKey !== undefined) flat.set(flatKey, id);
        const shape = shapes.get(shapeKey);
        if (shape === undefined) shapes.set(shapeKey, shapes.size);
        const out: unknown[] = [shape ?? keys];
        for (const k of keys) out.push(enc(o[k]));
        return { $h: out };
      }
      default:
        throw new Unencodable();
    }
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
      case '$r':
        return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < resources.length ? resources[x] : bad();
      case '$s':
        return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < objects.length ? objects[x] : bad();
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
  const plainObject = (x: unknown[]): Record<string, unknown> => {
    const head = x[0];
    let keys: string[] | undefined;
    if (Array.isArray(head)) {
      if (!head.every((k) => typeof k === 'string')) bad();
      keys = head as string[];
      shapes.push(keys);
    } else if (typeof head === 'number') keys = shapes[head];
    if (keys === undefined || keys.length !== x.length - 1) return bad();
    const o: Record<string, unknown> = {};
    objects.push(o);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const val = dec(x[i + 1]);
      // An own `__proto__` key (JSON.parse makes those) must stay a key, not set the prototype.
      if (k === '__proto__') Object.defineProperty(o, k, { value: val, enumerable: true, writable: true, configurable: true });
      else o[k] = val;
    }
    return o;
  };
  return dec(JSON.parse(text));
}
