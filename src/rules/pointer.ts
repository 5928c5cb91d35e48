/**
 * A JSON Pointer reader for the hot path: rules read the same few pointers (`/spec/template/spec`, …) on
 * every object, so their tokens are split once and cached (bounded), instead of on every read. Pass constant
 * pointers: a pointer built per call (`base + '/metadata/labels'`) is a fresh string the cache must hash each
 * time; read `getAt(getAt(v, base), '/metadata/labels')` or `childAt(v, key)` instead.
 */
import { getAt as getAtPointer, pointerTokens } from '../model/location.js';

const tokenCache = new Map<string, readonly string[]>();
const MAX_CACHED = 4096;

/** Same result as model/location.ts getAt: the value a pointer designates, or undefined. */
export function getAt(root: unknown, pointer: string): unknown {
  let tokens = tokenCache.get(pointer);
  if (tokens === undefined) {
    if (tokenCache.size >= MAX_CACHED) return getAtPointer(root, pointer);
    tokens = pointerTokens(pointer);
    tokenCache.set(pointer, tokens);
  }
  let cur = root;
  for (const t of tokens) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) ? cur[Number(t)] : (cur as Record<string, unknown>)[t];
  }
  return cur;
}

/** One step of getAt: `getAt(value, '/' + key)` for an unescaped key, without building the pointer. */
export function childAt(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return Array.isArray(value) ? value[Number(key)] : (value as Record<string, unknown>)[key];
}
