/**
 * Shallow copies for the objects the dry run derives per workload and pod (specs, containers, label maps).
 *
 * `{ ...o }` gives the copy the source's hidden class, and adding a property to such a copy afterwards is
 * many times slower in V8 than adding it to an object grown from `{}` (measured: 2,767 pod specs copied and
 * defaulted, 13-24 ms with spreads, under 2 ms with Object.assign). Object.assign copies the same own
 * enumerable properties in the same order; it differs only for an own `__proto__` key (it would set the
 * prototype), so such an object is still copied with a spread.
 */

/** `{ ...o }`, built from an empty object. */
export function copyObject<T extends object>(o: T): T {
  return Object.prototype.hasOwnProperty.call(o, '__proto__') ? { ...o } : Object.assign({}, o);
}

/** `{ ...a, ...b }`, built from an empty object. */
export function mergeObjects<A extends object, B extends object>(a: A, b: B): A & B {
  if (Object.prototype.hasOwnProperty.call(b, '__proto__')) return { ...a, ...b };
  return Object.assign(copyObject(a), b);
}
