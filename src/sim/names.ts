/**
 * Generated names with Kubernetes' shapes and alphabet, made deterministic.
 *
 * - `generateName` suffixes: 5 characters from `bcdfghjklmnpqrstvwxz2456789` after a prefix cut to 58
 *   characters (kubernetes/apiserver:pkg/storage/names/generate.go, kubernetes/apimachinery:pkg/util/rand
 *   `alphanums`). Upstream draws them at random; here a seeded stand-in derives them from the namespace,
 *   prefix and ordinal, so the same input always yields the same names.
 * - `pod-template-hash` / `controller-revision-hash`: upstream is FNV-32a over a Go dump of the template
 *   (`controller.ComputeHash`), which cannot be reproduced outside Go; the stand-in is FNV-32a over the
 *   template's canonical JSON, encoded the same way (`rand.SafeEncodeString` of the decimal digits).
 */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
export const MAX_GENERATED_NAME_LENGTH = 58;

const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a, 32 bit, over the UTF-8 bytes of a string (after a prefix already hashed into `prefix`, see fnvPrefix). */
export function fnv1a32(s: string, prefix = FNV_OFFSET): number {
  return fnvUpdate(prefix, s) >>> 0;
}

/** The running FNV-1a state after a prefix: `fnv1a32(s, fnvPrefix(p)) === fnv1a32(p + s)`. */
export function fnvPrefix(prefix: string): number {
  return fnvUpdate(FNV_OFFSET, prefix);
}

/** Feeds a string's UTF-8 bytes into a running FNV-1a hash (ASCII without a Buffer, the rest through one). */
function fnvUpdate(hash: number, s: string): number {
  let h = hash;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      const bytes = Buffer.from(s.slice(i), 'utf8');
      for (let j = 0; j < bytes.length; j++) h = Math.imul(h ^ (bytes[j] as number), 0x01000193);
      return h;
    }
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h;
}

/** rand.SafeEncodeString: each character mapped onto the vowel-free alphabet by its code modulo 27. */
export function safeEncode(s: string): string {
  let out = '';
  for (const ch of s) out += ALPHANUMS[(ch.codePointAt(0) as number) % ALPHANUMS.length];
  return out;
}

/** JSON with object keys sorted, so equal templates hash equally whatever their key order. */
export function canonicalJson(v: unknown): string {
  let out = '';
  writeCanonical(v, (piece) => {
    out += piece;
  });
  return out;
}

/** The pieces of `canonicalJson(v)`, in order, without building the whole text. */
function writeCanonical(v: unknown, emit: (piece: string) => void): void {
  if (v === null || typeof v !== 'object') {
    emit(JSON.stringify(v) ?? 'null');
    return;
  }
  if (Array.isArray(v)) {
    emit('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) emit(',');
      writeCanonical(v[i], emit);
    }
    emit(']');
    return;
  }
  const keys = Object.keys(v).sort();
  emit('{');
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    emit((i > 0 ? ',' : '') + JSON.stringify(k) + ':');
    writeCanonical((v as Record<string, unknown>)[k], emit);
  }
  emit('}');
}

/** The stand-in template hash (8-10 characters): FNV-1a of the canonical JSON, hashed as it is written. */
export function templateHash(template: unknown, collisionCount = 0): string {
  let h = hashCanonical(FNV_OFFSET, template);
  if (collisionCount) h = fnvUpdate(h, `#${collisionCount}`);
  return safeEncode(String(h >>> 0));
}

/** Feeds the bytes of `canonicalJson(v)` into a running FNV-1a hash, without making the text or its pieces. */
function hashCanonical(hash: number, v: unknown): number {
  let h = hash;
  if (typeof v === 'string') return hashJsonString(h, v);
  // A finite number's JSON text is its String(); the rest (NaN, bigint, undefined, …) as JSON.stringify has it.
  if (typeof v === 'number' && Number.isFinite(v)) return fnvUpdate(h, String(v));
  if (v === null || typeof v !== 'object') return fnvUpdate(h, JSON.stringify(v) ?? 'null');
  if (Array.isArray(v)) {
    h = fnvByte(h, 0x5b); // [
    for (let i = 0; i < v.length; i++) {
      if (i > 0) h = fnvByte(h, 0x2c); // ,
      h = hashCanonical(h, v[i]);
    }
    return fnvByte(h, 0x5d); // ]
  }
  const keys = sortedKeys(v);
  h = fnvByte(h, 0x7b); // {
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    if (i > 0) h = fnvByte(h, 0x2c);
    h = fnvByte(hashJsonString(h, k), 0x3a); // :
    h = hashCanonical(h, (v as Record<string, unknown>)[k]);
  }
  return fnvByte(h, 0x7d); // }
}

/**
 * An object's keys in `Array.prototype.sort` order (UTF-16 code units). A manifest object has a handful of
 * keys: sorted in place by insertion, as the built-in sort allocates work arrays for every call, however small.
 */
export function sortedKeys(v: object): string[] {
  const keys = Object.keys(v);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > k) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

function fnvByte(h: number, byte: number): number {
  return Math.imul(h ^ byte, 0x01000193);
}

/**
 * A string's JSON text into the hash. Printable ASCII without quote or backslash (nearly every string of a
 * manifest) is its own JSON text between quotes, hashed in the same pass that checks it; anything else goes
 * through {@link hashJsonStringGeneral}.
 */
function hashJsonString(h: number, s: string): number {
  let out = fnvByte(h, 0x22);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c >= 0x80) return hashJsonStringGeneral(h, s);
    out = Math.imul(out ^ c, 0x01000193);
  }
  return fnvByte(out, 0x22);
}

/** Quoted as is (UTF-8 bytes) unless JSON escapes something in it (quote, backslash, controls, surrogates). */
function hashJsonStringGeneral(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return fnvUpdate(h, JSON.stringify(s));
  }
  return fnvByte(fnvUpdate(fnvByte(h, 0x22), s), 0x22);
}

/**
 * The 5-character suffix drawn from a seed: mulberry32 seeded with it, one alphabet index per draw (the
 * generator's state kept in a local, not a closure, since it runs once per generated name).
 */
export function seededSuffix(seed: number): string {
  let a = seed >>> 0;
  let suffix = '';
  for (let i = 0; i < 5; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    suffix += ALPHANUMS[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * ALPHANUMS.length)];
  }
  return suffix;
}

/** Cuts a generateName prefix to 58 characters (names.SimpleNameGenerator). */
export function cutPrefix(prefix: string): string {
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? prefix.slice(0, MAX_GENERATED_NAME_LENGTH) : prefix;
}

/** Deterministic generated names, unique per namespace. */
export class NameGenerator {
  /** Names taken, per namespace (nested: no `<namespace>/<name>` string is made per pod). */
  private readonly used = new Map<string, Set<string>>();
  /** Per namespace and prefix: the next attempt and the hash state of `<namespace>/<prefix>#` it seeds from. */
  private readonly next = new Map<string, Map<string, { attempt: number; readonly seedPrefix: number }>>();

  private usedIn(namespace: string): Set<string> {
    let names = this.used.get(namespace);
    if (!names) this.used.set(namespace, (names = new Set()));
    return names;
  }

  reserve(namespace: string, name: string): void {
    this.usedIn(namespace).add(name);
  }

  generate(namespace: string, prefix: string): string {
    const base = cutPrefix(prefix);
    let counters = this.next.get(namespace);
    if (!counters) this.next.set(namespace, (counters = new Map()));
    let counter = counters.get(base);
    if (!counter) counters.set(base, (counter = { attempt: 0, seedPrefix: fnvPrefix(`${namespace}/${base}#`) }));
    const used = this.usedIn(namespace);
    for (let attempt = counter.attempt; ; attempt++) {
      const name = base + seededSuffix(fnv1a32(String(attempt), counter.seedPrefix));
      if (!used.has(name)) {
        used.add(name);
        counter.attempt = attempt + 1;
        return name;
      }
    }
  }
}

/** The hash states of podUid's four `<i>/<namespace>/` prefixes, per namespace (pods of one share them). */
const uidPrefixes = new Map<string, readonly [number, number, number, number]>();

/** Two lowercase hex digits per byte value. */
const HEX_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** The 8 lowercase hex digits of a 32-bit hash, in two 4-digit halves (UUID groups split the second hash). */
function hexHigh(h: number): string {
  return (HEX_BYTE[h >>> 24] as string) + (HEX_BYTE[(h >>> 16) & 255] as string);
}
function hexLow(h: number): string {
  return (HEX_BYTE[(h >>> 8) & 255] as string) + (HEX_BYTE[h & 255] as string);
}

/**
 * Deterministic stand-in for metadata.uid: a UUID-shaped hash of namespace and name, the 32 hex digits of four
 * FNV-1a hashes (of `<i>/<namespace>/<name>`) grouped 8-4-4-4-12. Written digit pair by digit pair: it runs
 * once per endpoint the controller makes from a pod.
 */
export function podUid(namespace: string, name: string): string {
  let p = uidPrefixes.get(namespace);
  if (!p) uidPrefixes.set(namespace, (p = [fnvPrefix(`0/${namespace}/`), fnvPrefix(`1/${namespace}/`), fnvPrefix(`2/${namespace}/`), fnvPrefix(`3/${namespace}/`)]));
  const a = fnv1a32(name, p[0]);
  const b = fnv1a32(name, p[1]);
  const c = fnv1a32(name, p[2]);
  const d = fnv1a32(name, p[3]);
  return `${hexHigh(a)}${hexLow(a)}-${hexHigh(b)}-${hexLow(b)}-${hexHigh(c)}-${hexLow(c)}${hexHigh(d)}${hexLow(d)}`;
}
