/**
 * JSON values -> CEL values typed by the structural schema, as the API server builds `self`
 * (`kubernetes/apiserver:pkg/cel/common/valuesunstructured.go`, UnstructuredToVal): integer -> int,
 * number -> double (whole numbers too), strings of format date and date-time -> timestamp, duration ->
 * duration, byte -> bytes (decoded with base64.URLEncoding, as strfmt.Base64.UnmarshalText does). A
 * string that does not parse in its format stays a string: the format check reports it, and a rule
 * relying on its type is then reported as not evaluated rather than guessed at.
 */
import { Buffer } from 'node:buffer';
import type { CelInput } from '@bufbuild/cel';
import { asObject, isObject, type JsonObject } from '../model/guards.js';
import { celRuntime } from './cel-runtime.js';
import { dateSeconds, parseDateTime, parseDuration } from './formats.js';

const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);
const ESCAPES: Readonly<Record<string, string>> = { __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' };

/**
 * A property name as CEL sees it (`kubernetes/apiserver:pkg/cel/escaping.go`, Escape): reserved words as
 * `__word__`, `__` `.` `-` `/` spelt out; undefined when the name cannot be a CEL field (starts with a digit,
 * or has any other character), and then the field is not visible to rules.
 */
export function escapeProperty(name: string): string | undefined {
  // Most names need no escaping; the rest repeat across objects: both are cheap to answer.
  if (PLAIN.test(name) && !RESERVED.has(name) && !name.includes('__')) return name;
  if (escapeCache.has(name)) return escapeCache.get(name);
  const escaped = escape(name);
  if (escapeCache.size < 4096) escapeCache.set(name, escaped);
  return escaped;
}

const PLAIN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const escapeCache = new Map<string, string | undefined>();

function escape(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name)) return undefined;
  if (RESERVED.has(name)) return `__${name}__`;
  if (/[^a-zA-Z0-9_./-]/.test(name)) return undefined;
  return name.replace(/__|[./-]/g, (m) => ESCAPES[m] as string);
}

const URL_BASE64 = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?$/;

function typedString(v: string, format: unknown): CelInput {
  switch (format) {
    case 'date': {
      const seconds = dateSeconds(v);
      return seconds === undefined ? v : celRuntime().protobuf.create(celRuntime().wkt.TimestampSchema, { seconds, nanos: 0 });
    }
    case 'date-time': {
      const t = parseDateTime(v);
      return t === undefined ? v : celRuntime().protobuf.create(celRuntime().wkt.TimestampSchema, t);
    }
    case 'duration': {
      const d = parseDuration(v);
      if (d === undefined) return v;
      return celRuntime().protobuf.create(celRuntime().wkt.DurationSchema, { seconds: d / 1_000_000_000n, nanos: Number(d % 1_000_000_000n) });
    }
    case 'byte':
      return URL_BASE64.test(v) ? new Uint8Array(Buffer.from(v, 'base64url')) : v;
    default:
      return v;
  }
}

/** A JSON value as a CEL value of the schema's type (integer -> int, number -> double), defaults applied. */
export function toCel(v: unknown, schema: JsonObject | undefined, counter: { n: number }): CelInput {
  counter.n++;
  if (v === null || v === undefined) return null;
  const type = schema?.type;
  if (typeof v === 'number') {
    if (type === 'number') return v;
    return Number.isInteger(v) ? BigInt(v) : v;
  }
  if (typeof v === 'string') return type === 'string' ? typedString(v, schema?.format) : v;
  if (typeof v === 'boolean') return v;
  if (Array.isArray(v)) {
    const items = asObject(schema?.items);
    return v.map((x) => toCel(x, items, counter));
  }
  if (isObject(v)) {
    const props = asObject(schema?.properties);
    const additional = asObject(schema?.additionalProperties);
    const out = new Map<string, CelInput>();
    for (const [k, x] of Object.entries(v)) {
      // Fields of an object with properties are CEL fields (escaped names); keys of a map stay as written.
      const key = props === undefined ? k : escapeProperty(k);
      if (key !== undefined) out.set(key, toCel(x, asObject(props?.[k]) ?? additional, counter));
    }
    // Structural defaulting runs before validation (apiextensions-apiserver pkg/apiserver/schema/defaulting).
    if (props !== undefined) {
      for (const [k, p] of Object.entries(props)) {
        const d = asObject(p)?.default;
        const key = escapeProperty(k);
        if (key !== undefined && !out.has(key) && d !== undefined && d !== null) out.set(key, toCel(d, asObject(p), counter));
      }
    }
    return out;
  }
  return null;
}

/** The root object as CEL sees it: apiVersion, kind and only metadata.name/generateName (model.WithTypeAndObjectMeta). */
export function rootValue(obj: JsonObject, schema: JsonObject, counter: { n: number }): CelInput {
  const meta = asObject(obj.metadata);
  const rest: Record<string, unknown> = { ...obj };
  const m: Record<string, unknown> = {};
  if (meta?.name !== undefined) m.name = meta.name;
  if (meta?.generateName !== undefined) m.generateName = meta.generateName;
  rest.metadata = m;
  return toCel(rest, schema, counter);
}

