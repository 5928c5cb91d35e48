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

/** FNV-1a, 32 bit, over the UTF-16 code units' low bytes of a UTF-8 encoding. */
export function fnv1a32(s: string): number {
  const bytes = Buffer.from(s, 'utf8');
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return h >>> 0;
}

/** rand.SafeEncodeString: each character mapped onto the vowel-free alphabet by its code modulo 27. */
export function safeEncode(s: string): string {
  let out = '';
  for (const ch of s) out += ALPHANUMS[(ch.codePointAt(0) as number) % ALPHANUMS.length];
  return out;
}

/** JSON with object keys sorted, so equal templates hash equally whatever their key order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  let out: string;
  if (Array.isArray(v)) {
    out = '[';
    for (let i = 0; i < v.length; i++) out += (i > 0 ? ',' : '') + canonicalJson(v[i]);
    return out + ']';
  }
  const keys = Object.keys(v).sort();
  out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    out += (i > 0 ? ',' : '') + JSON.stringify(k) + ':' + canonicalJson((v as Record<string, unknown>)[k]);
  }
  return out + '}';
}

/** The stand-in template hash (8-10 characters). */
export function templateHash(template: unknown, collisionCount = 0): string {
  return safeEncode(String(fnv1a32(canonicalJson(template) + (collisionCount ? `#${collisionCount}` : ''))));
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cuts a generateName prefix to 58 characters (names.SimpleNameGenerator). */
export function cutPrefix(prefix: string): string {
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? prefix.slice(0, MAX_GENERATED_NAME_LENGTH) : prefix;
}

/** Deterministic generated names, unique per namespace. */
export class NameGenerator {
  private readonly used = new Set<string>();
  private readonly next = new Map<string, number>();

  reserve(namespace: string, name: string): void {
    this.used.add(namespace + '/' + name);
  }

  generate(namespace: string, prefix: string): string {
    const base = cutPrefix(prefix);
    const counterKey = namespace + '/' + base;
    for (let attempt = this.next.get(counterKey) ?? 0; ; attempt++) {
      const rand = mulberry32(fnv1a32(`${namespace}/${base}#${attempt}`));
      let suffix = '';
      for (let i = 0; i < 5; i++) suffix += ALPHANUMS[Math.floor(rand() * ALPHANUMS.length)];
      const name = base + suffix;
      if (!this.used.has(namespace + '/' + name)) {
        this.used.add(namespace + '/' + name);
        this.next.set(counterKey, attempt + 1);
        return name;
      }
    }
  }
}
