/**
 * A content-addressed cache of the load (src/load: texts -> Resources and input diagnostics) for the query
 * commands. Parsing the YAML is most of a query that finds its pod placement in the scheduling cache
 * (src/sim/schedule-cache.ts); a second query on unchanged files reads the parsed objects back as JSON, which
 * is many times faster than parsing YAML.
 *
 * The key is the input digest (file names, texts and load options: src/sim/schedule-cache.ts inputDigest) with
 * the tool's identity, so a changed byte or option is another entry. An entry holds, per resource, its identity,
 * its document (file, index, first line, template) and its raw object; positions are not stored but computed
 * from the texts on demand (./cached-source.ts). It holds the input diagnostics of the parse too, so a cached
 * run prints what an uncached one prints.
 *
 * Layout: one line of JSON (the header: documents, resources, diagnostics, and the SHA-256 of the body), then
 * the body: each resource's raw object as JSON text, one after the other. A query reads few raw objects (the
 * Services and Ingresses it routes through, not the 10k Deployments already expanded into the cached pods), so
 * a resource's raw is parsed from its slice of the body when first read. The body's hash is checked when the
 * entry is read, so such a late parse meets only text this code wrote.
 *
 * Only what JSON gives back exactly is written: an input whose objects hold something else (an alias shared by
 * two places, a `__proto__` key, -0, a non-finite number) is not cached, and every query on it parses; so is a
 * kustomization rendered with origins, whose objects are placed in other files than the texts. An entry that is
 * unreadable, cut short or of another format is a miss, never an error.
 */
import { createHash } from 'node:crypto';
import type { InputText, LoadResult } from '../load/index.js';
import { resourceKey } from '../model/resource.js';
import type { Resource } from '../model/resource.js';
import type { Finding } from '../report/finding.js';
import { DocumentSource } from '../load/source.js';
import { CachedFileText, CachedSource } from './cached-source.js';
import { cacheKeyOf, entryFile, readEntryBytes, removeEntry, touchEntry, writeEntry } from './entries.js';
import type { EntryKind } from './entries.js';

/** Bumped when what an entry holds changes meaning (the tool's identity covers code changes already). */
const FORMAT = 1;
/** Issue 6's input (21k objects, 6 MB of YAML) is an 8 MB entry: a few inputs' worth is kept. */
export const MAX_LOAD_ENTRIES = 4;
const KIND: EntryKind = { prefix: 'load-', maxEntries: MAX_LOAD_ENTRIES };

export interface LoadCache {
  readonly dir: string;
  /** Digest of the texts and load options (schedule-cache.ts inputDigest). */
  readonly input: string;
}

/** One resource: its document (index into `docs`), pointer prefix, identity and where its raw is in the body. */
type ResourceRow = [doc: number, pointerPrefix: string, apiVersion: string, group: string, version: string, kind: string, namespace: string | null, name: string, rawStart: number, rawEnd: number];
/** One document: its file (index into the texts), index in the file, first line, template ('' for none). */
type DocumentRow = [file: number, index: number, startLine: number, template: string];

interface Header {
  readonly format: number;
  /** SHA-256 (hex) of the body's bytes. */
  readonly body: string;
  readonly files: readonly string[];
  readonly docs: readonly DocumentRow[];
  readonly resources: readonly ResourceRow[];
  readonly findings: readonly Finding[];
}

/**
 * The load of `texts`: read from the cache when these texts were loaded before, else computed by `load` and
 * stored. `load` must return the input diagnostics only (those are what an entry holds).
 */
export function cachedLoad(texts: readonly InputText[], cache: LoadCache, load: () => LoadResult): LoadResult {
  const key = cacheKeyOf({ format: FORMAT, input: cache.input });
  if (key === undefined) return load();
  const file = entryFile(cache.dir, KIND, key);
  const hit = readEntry(file, texts);
  if (hit) return hit;
  const loaded = load();
  const text = encodeLoad(texts, loaded);
  if (text !== undefined) writeEntry(cache.dir, KIND, file, text);
  return loaded;
}

function readEntry(file: string, texts: readonly InputText[]): LoadResult | undefined {
  const bytes = readEntryBytes(file);
  if (bytes === undefined) return undefined;
  try {
    const result = decodeLoad(bytes, texts);
    touchEntry(file);
    return result;
  } catch {
    // Corrupt, cut short or foreign: drop it; the caller loads and writes a good one.
    removeEntry(file);
    return undefined;
  }
}

/** The entry's text, or undefined when the load holds something JSON would not give back exactly. */
export function encodeLoad(texts: readonly InputText[], loaded: LoadResult): string | undefined {
  const fileIndex = new Map<string, number>();
  texts.forEach((t, i) => fileIndex.set(t.file, i));
  const docIndex = new Map<object, number>();
  const docs: DocumentRow[] = [];
  const resources: ResourceRow[] = [];
  const raws: string[] = [];
  let bodyLength = 0;
  const seen = new Set<object>();
  for (const r of loaded.resources) {
    // Only objects placed in the texts themselves: a kustomize object placed in its file of origin
    // (src/load/kustomize-origin.ts) has no document here to point back to.
    if (!(r.source instanceof DocumentSource)) return undefined;
    const f = fileIndex.get(r.source.file);
    // Objects shared between two places can only come from an alias: an alias-free document needs no check.
    if (f === undefined || !isExactJson(r.raw, r.source.aliasFree ? undefined : seen)) return undefined;
    const raw = JSON.stringify(r.raw);
    raws.push(raw);
    let d = docIndex.get(r.source);
    if (d === undefined) {
      d = docs.length;
      docIndex.set(r.source, d);
      docs.push([f, r.source.index, r.source.startLine, r.source.template ?? '']);
    }
    resources.push([d, r.pointerPrefix, r.apiVersion, r.group, r.version, r.kind, r.namespace ?? null, r.name, bodyLength, (bodyLength += raw.length)]);
  }
  if (!loaded.findings.every((f) => isExactJson(f, new Set()))) return undefined;
  const body = raws.join('');
  const header: Header = { format: FORMAT, body: sha256(body), files: texts.map((t) => t.file), docs, resources, findings: loaded.findings };
  // JSON text has no raw line break: the first one ends the header.
  return `${JSON.stringify(header)}\n${body}`;
}

/** Reads {@link encodeLoad}'s bytes back against the same texts; throws on anything it did not write. */
export function decodeLoad(bytes: Buffer, texts: readonly InputText[]): LoadResult {
  const bad = (): never => {
    throw new Error('not a load entry');
  };
  const newline = bytes.indexOf(10);
  if (newline < 0) return bad();
  const header = JSON.parse(bytes.toString('utf8', 0, newline)) as Partial<Header> | null;
  if (typeof header !== 'object' || header === null || header.format !== FORMAT) return bad();
  const bodyBytes = bytes.subarray(newline + 1);
  if (header.body !== sha256(bodyBytes)) return bad();
  const body = bodyBytes.toString('utf8');
  const { files, docs, resources, findings } = header;
  if (!Array.isArray(files) || files.length !== texts.length || !files.every((f, i) => f === texts[i]?.file)) return bad();
  if (!Array.isArray(docs) || !Array.isArray(resources) || !Array.isArray(findings) || !findings.every(isFinding)) return bad();
  const fileTexts = texts.map((t) => new CachedFileText(t.file, t.text));
  const sources = docs.map((d) => {
    if (!Array.isArray(d) || d.length !== 4 || !isCount(d[1]) || !isCount(d[2]) || typeof d[3] !== 'string') return bad();
    const fileText = typeof d[0] === 'number' ? fileTexts[d[0]] : undefined;
    return fileText ? new CachedSource(fileText, d[1], d[2], d[3] === '' ? undefined : d[3]) : bad();
  });
  const out = resources.map((row): Resource => {
    if (!Array.isArray(row) || row.length !== 10) return bad();
    const [d, pointerPrefix, apiVersion, group, version, kind, ns, name, start, end] = row;
    const source = typeof d === 'number' ? sources[d] : undefined;
    if (!source || ![pointerPrefix, apiVersion, group, version, kind, name].every((s) => typeof s === 'string') || (ns !== null && typeof ns !== 'string')) return bad();
    if (!isCount(start) || !isCount(end) || start >= end || end > body.length) return bad();
    const namespace = ns ?? undefined;
    let raw: Record<string, unknown> | undefined;
    // The loader's literal, field for field (src/load/index.ts resource), with the raw object parsed on first read.
    return {
      apiVersion,
      group,
      version,
      kind,
      namespace,
      name,
      key: resourceKey({ group, kind, namespace, name }),
      get raw(): Record<string, unknown> {
        return (raw ??= JSON.parse(body.slice(start, end)) as Record<string, unknown>);
      },
      source,
      pointerPrefix,
    };
  });
  return { resources: out, findings: findings as Finding[] };
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0;
}

/** What a query prints and sorts of a diagnostic: anything less is not one this code wrote. */
function isFinding(f: unknown): boolean {
  if (typeof f !== 'object' || f === null) return false;
  const { rule, severity, message, location } = f as Partial<Record<keyof Finding, unknown>>;
  if (typeof rule !== 'string' || typeof severity !== 'string' || typeof message !== 'string' || typeof location !== 'object' || location === null) return false;
  const l = location as Record<string, unknown>;
  return typeof l.file === 'string' && typeof l.line === 'number' && typeof l.column === 'number';
}

/**
 * True when JSON.parse(JSON.stringify(v)) is `v` again: a tree (no object met twice, across all values
 * checked with the same `seen`) of plain objects and dense arrays, strings, booleans, null and finite numbers
 * other than -0, with no undefined value and no `__proto__` key (JSON.parse would make it an own key).
 * Without `seen`, `v` is known to be a tree (a parse without aliases), and only the values are checked.
 */
function isExactJson(v: unknown, seen: Set<object> | undefined): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0);
    case 'object': {
      if (v === null) return true;
      if (seen !== undefined) {
        if (seen.has(v)) return false;
        seen.add(v);
      }
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!(i in v) || !isExactJson(v[i], seen)) return false;
        return true;
      }
      if (Object.getPrototypeOf(v) !== Object.prototype) return false;
      for (const k of Object.keys(v)) if (k === '__proto__' || !isExactJson((v as Record<string, unknown>)[k], seen)) return false;
      return true;
    }
    default:
      return false;
  }
}
