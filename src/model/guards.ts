/**
 * Small readers for untrusted parsed input. Manifests may be schema-invalid (a string where a list
 * belongs); every analysis reads through these so a wrong type means "absent", never an exception.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function asObject(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}

export function asArray(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Array items that are objects; others are dropped. */
export function asObjects(v: unknown): readonly JsonObject[] {
  return asArray(v).filter(isObject);
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function asNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function asInteger(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}

export function asBoolean(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

/** A string map such as labels: non-string values are dropped. */
export function asStringMap(v: unknown): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  if (!isObject(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

/** Reads a property path (`get(obj, 'spec', 'template', 'spec')`), undefined when any step is missing. */
export function get(v: unknown, ...path: readonly (string | number)[]): unknown {
  let cur = v;
  for (const step of path) {
    if (typeof step === 'number') cur = Array.isArray(cur) ? cur[step] : undefined;
    else cur = isObject(cur) ? cur[step] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}
