/**
 * A JSON Pointer reader for the hot path: rules read the same few pointers (`/spec/template/spec`, …) on
 * every object, so their tokens come from the shared cache (model/location.ts cachedPointerTokens) instead of
 * being split on every read. Pass constant pointers: a pointer built per call (`base + '/metadata/labels'`) is
 * a fresh string the cache must hash each time; read `getAt(getAt(v, base), '/metadata/labels')` or
 * `childAt(v, key)` instead.
 */
import { cachedPointerTokens } from '../model/location.js';

/**
 * Same result as model/location.ts getAt: the value a pointer designates, or undefined. Kept small (an
 * indexed loop, the cache miss in its own function): rule functions call it everywhere, and the optimizing
 * compiler inlines it into each of them, so its size is paid once per call site in every compile.
 */
export function getAt(root: unknown, pointer: string): unknown {
  const tokens = cachedPointerTokens(pointer);
  let cur = root;
  for (let i = 0; i < tokens.length; i++) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const t = tokens[i] as string;
    cur = Array.isArray(cur) ? cur[Number(t)] : (cur as Record<string, unknown>)[t];
  }
  return cur;
}

/** One step of getAt: `getAt(value, '/' + key)` for an unescaped key, without building the pointer. */
export function childAt(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return Array.isArray(value) ? value[Number(key)] : (value as Record<string, unknown>)[key];
}
