/**
 * A JSON Pointer reader for the hot path: rules read the same few pointers (`/spec/template/spec`, …) on
 * every object, so their tokens are split once and cached (bounded), instead of on every read. Pass constant
 * pointers: a pointer built per call (`base + '/metadata/labels'`) is a fresh string the cache must hash each
 * time; read `getAt(getAt(v, base), '/metadata/labels')` or `childAt(v, key)` instead.
 */
import { pointerTokens } from '../model/location.js';

const tokenCache = new Map<string, readonly string[]>();
const MAX_CACHED = 4096;

/**
 * Same result as model/location.ts getAt: the value a pointer designates, or undefined. Kept small (an
 * indexed loop, the cache miss in its own function): rule functions call it everywhere, and the optimizing
 * compiler inlines it into each of them, so its size is paid once per call site in every compile.
 */
export function getAt(root: unknown, pointer: string): unknown {
  const tokens = tokenCache.get(pointer) ?? tokensOf(pointer);
  let cur = root;
  for (let i = 0; i < tokens.length; i++) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const t = tokens[i] as string;
    cur = Array.isArray(cur) ? cur[Number(t)] : (cur as Record<string, unknown>)[t];
  }
  return cur;
}

/** A pointer's tokens, cached while the cache has room (pointers built per object would fill it). */
function tokensOf(pointer: string): readonly string[] {
  const tokens = pointerTokens(pointer);
  if (tokenCache.size < MAX_CACHED) tokenCache.set(pointer, tokens);
  return tokens;
}

/** One step of getAt: `getAt(value, '/' + key)` for an unescaped key, without building the pointer. */
export function childAt(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return Array.isArray(value) ? value[Number(key)] : (value as Record<string, unknown>)[key];
}
