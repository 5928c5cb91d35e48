/** Where something stands in the user's input: 1-based line and column, as editors count them. */
export interface Location {
  /** Path as the user gave it (relative to the working directory when possible), or `<stdin>`. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** For `helm template` output: the chart template named by the `# Source:` comment above the document. */
  readonly template?: string;
}

/** A JSON Pointer (RFC 6901) into a document, e.g. `/spec/template/spec/containers/0/image`. */
export type JsonPointer = string;

/** Splits a JSON Pointer into its unescaped reference tokens. */
export function pointerTokens(pointer: JsonPointer): string[] {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  const tokens = pointer.slice(1).split('/');
  // Escapes are rare (keys with `/` or `~`, like annotation names): most pointers need no unescaping.
  return pointer.includes('~') ? tokens.map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')) : tokens;
}

const tokenCache = new Map<JsonPointer, readonly string[]>();
/** Pointers built per object (with an index or a key in them) would fill the cache: it stops growing here. */
const MAX_CACHED_POINTERS = 4096;

/**
 * pointerTokens for the hot paths, cached: rules read, and findings are located at, the same few pointers
 * (`/spec/template/spec`, …) on every object. Pass constant pointers where possible: a pointer built per call
 * is a fresh string the cache must hash each time.
 */
export function cachedPointerTokens(pointer: JsonPointer): readonly string[] {
  return tokenCache.get(pointer) ?? cacheTokens(pointer);
}

/** The miss path, apart: cachedPointerTokens stays small enough to be inlined where it is called. */
function cacheTokens(pointer: JsonPointer): readonly string[] {
  const tokens = pointerTokens(pointer);
  if (tokenCache.size < MAX_CACHED_POINTERS) tokenCache.set(pointer, tokens);
  return tokens;
}

/** Joins reference tokens into a JSON Pointer, escaping `~` and `/`. */
export function toPointer(tokens: readonly (string | number)[]): JsonPointer {
  return tokens.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Reads the value a JSON Pointer designates, or undefined when any step is missing. */
export function getAt(root: unknown, pointer: JsonPointer): unknown {
  let cur: unknown = root;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(cur)) cur = cur[Number(token)];
    else if (cur !== null && typeof cur === 'object') cur = (cur as Record<string, unknown>)[token];
    else return undefined;
  }
  return cur;
}
