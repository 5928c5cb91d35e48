/**
 * A dry-run state as JSON text and back, exactly: the same object graph, not just equal JSON. What
 * JSON.stringify alone would lose is kept:
 * - references to the model's resources (origin of a pod, a Service's object, a problem's object) are written
 *   as their index in `model.resources` and read back as the very same objects, so locations, keys and raw
 *   fields come from the live model;
 * - an object met twice (replicas sharing one labels or spec object) is written once and read back shared;
 * - Maps, Quantities (immutable values: written by value), `undefined` values, NaN, ±Infinity and -0.
 * Anything else (functions, class instances, Sets, bigints) cannot be written: {@link encodeState} returns
 * undefined and the caller simply does not cache.
 *
 * Format: plain JSON where an object with a single `$`-key is a tag: `{"$r":i}` resource i, `{"$s":i}` the
 * i-th object (array, Map or plain object) met in depth-first order, `{"$m":[[k,v],…]}` a Map,
 * `{"$q":[nanos,format]}` a Quantity, `{"$u":0}`
 * undefined, `{"$n":"NaN"|"Infinity"|"-Infinity"|"-0"}` a number JSON has no text for, `{"$o":{…}}` a plain
 * object that would otherwise read as a tag.
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
        seen.set(v, seen.size);
        if (Array.isArray(v)) {
          const out = new Array<unknown>(v.length);
          for (let i = 0; i < v.length; i++) out[i] = enc(v[i]);
          return out;
        }
        if (v instanceof Map) return { $m: [...v].map(([k, x]) => [enc(k), enc(x)]) };
        const proto = Object.getPrototypeOf(v) as unknown;
        if (proto !== Object.prototype && proto !== null) throw new Unencodable();
        const out: Record<string, unknown> = {};
        const keys = Object.keys(v);
        for (const k of keys) {
          const x = enc((v as Record<string, unknown>)[k]);
          // An own `__proto__` key (JSON.parse makes those) must stay a key, not set the prototype.
          if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
          else out[k] = x;
        }
        return keys.length === 1 && (keys[0] as string).startsWith('$') ? { $o: out } : out;
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
  const bad = (): never => {
    throw new Error('not a state written by encodeState');
  };
  // Objects JSON.parse made are reused in place; only tags are replaced.
  const dec = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) {
      objects.push(v);
      for (let i = 0; i < v.length; i++) v[i] = dec(v[i]);
      return v;
    }
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && (keys[0] as string).startsWith('$')) {
      const tag = keys[0] as string;
      const x = o[tag];
      switch (tag) {
        case '$r':
          return typeof x === 'number' && x >= 0 && x < resources.length ? resources[x] : bad();
        case '$s':
          return typeof x === 'number' && x >= 0 && x < objects.length ? objects[x] : bad();
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
        case '$o':
          return typeof x === 'object' && x !== null && !Array.isArray(x) ? decObject(x as Record<string, unknown>) : bad();
        default:
          return bad();
      }
    }
    return decObject(o);
  };
  const decObject = (o: Record<string, unknown>): Record<string, unknown> => {
    objects.push(o);
    for (const k of Object.keys(o)) o[k] = dec(o[k]);
    return o;
  };
  return dec(JSON.parse(text));
}
