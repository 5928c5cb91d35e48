/**
 * Files of the query commands' content-addressed caches ($XDG_CACHE_HOME/k8s-lint): one file per key, named
 * `<prefix><key>.json`. Shared by the load cache (src/cache/load-cache.ts) and the scheduling cache
 * (src/sim/schedule-cache.ts), which decide what a file holds and check it when they read it.
 *
 * Files are written whole under a temporary name, then renamed: a reader never sees half a file. A file that
 * cannot be read is a miss; a file its reader rejects is removed. The least recently used files of a prefix
 * beyond its limit are removed on each write (a hit refreshes a file's time), so the cache stays bounded.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `$XDG_CACHE_HOME/k8s-lint`, else `~/.cache/k8s-lint` (the XDG default). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'k8s-lint');
}

/** One kind of cache file: its name prefix and how many of them are kept. */
export interface EntryKind {
  readonly prefix: string;
  readonly maxEntries: number;
}

export function entryFile(dir: string, kind: EntryKind, key: string): string {
  return join(dir, `${kind.prefix}${key}.json`);
}

/** The file's bytes, or undefined when there is none (or it cannot be read). */
export function readEntryBytes(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Marks a file its reader accepted as recently used. */
export function touchEntry(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // Only the pruning order suffers.
  }
}

/** Removes a file its reader rejected (corrupt, cut short, another format): the next write replaces it. */
export function removeEntry(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone (another process pruned it), or not ours to remove.
  }
}

/** Writes the file atomically, then prunes the kind's oldest files. Failure costs only a later hit. */
export function writeEntry(dir: string, kind: EntryKind, file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, file);
    prune(dir, kind);
  } catch {
    // A read-only or full disk only costs the next query its cache hit.
    removeEntry(tmp);
  }
}

/** Removes the least recently used files of `kind` beyond its limit. */
function prune(dir: string, kind: EntryKind): void {
  const entries = readdirSync(dir)
    .filter((f) => f.startsWith(kind.prefix) && f.endsWith('.json'))
    .map((f) => {
      try {
        return { path: join(dir, f), time: statSync(join(dir, f)).mtimeMs };
      } catch {
        return undefined;
      }
    })
    .filter((e) => e !== undefined)
    .sort((a, b) => b.time - a.time || (a.path < b.path ? -1 : 1));
  for (const e of entries.slice(kind.maxEntries)) removeEntry(e.path);
}

/**
 * Hash of `parts` with this tool's identity and the Node.js version: a cache key. Undefined when there is none
 * to be had (an option that cannot be keyed, a build that cannot be read): the query runs without the cache.
 */
export function cacheKeyOf(parts: Readonly<Record<string, unknown>>): string | undefined {
  try {
    return createHash('sha256').update(stableJson({ ...parts, node: process.version, code: codeDigest() })).digest('hex');
  } catch {
    return undefined;
  }
}

let code: string | undefined;

/**
 * Name of the file the build writes beside the CLI bundle (scripts/code-digest.ts): the tool's identity
 * computed once, and the hashes of the bundles it was computed for.
 */
export const CODE_DIGEST_FILE = 'code-digest.json';

/**
 * The tool's identity ({@link computeCodeDigest}). The CLI bundle holds all the code a query runs, so when this
 * module runs from it and the build's digest file was written for this very bundle (same bytes: a hash, not
 * a file time, which npm resets when it installs), that digest is the identity: hashing one file costs far
 * less than hashing the whole build on every query. Anything else (a stale or missing digest file, a run
 * from the per-module build or from the sources) hashes the build.
 */
function codeDigest(): string {
  return (code ??= builtCodeDigest() ?? computeCodeDigest(dirname(dirname(fileURLToPath(import.meta.url)))));
}

function builtCodeDigest(): string | undefined {
  const self = fileURLToPath(import.meta.url);
  try {
    const built = JSON.parse(readFileSync(join(dirname(self), CODE_DIGEST_FILE), 'utf8')) as { digest?: unknown; bundles?: Record<string, unknown> };
    return typeof built.digest === 'string' && typeof built.bundles === 'object' && built.bundles?.[basename(self)] === fileSha256(self) ? built.digest : undefined;
  } catch {
    return undefined;
  }
}

export function fileSha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * Hash of every file of the build directory `root` (dist/ when built, src/ under tsx) but the digest file, its
 * package.json and its dependencies' package.json. Any rebuild that changes a byte changes it.
 */
export function computeCodeDigest(root: string): string {
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name !== CODE_DIGEST_FILE) {
        const rel = p.slice(root.length);
        h.update(`\n${rel.length}:${rel}\n`).update(readFileSync(p));
      }
    }
  };
  walk(root);
  const pkgFile = join(dirname(root), 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { dependencies?: Record<string, string> };
  h.update(stableJson(pkg));
  const require = createRequire(pkgFile);
  for (const dep of Object.keys(pkg.dependencies ?? {}).sort()) h.update(`\n${dep}@${dependencyVersion(require, dep)}`);
  return h.digest('hex');
}

/**
 * The installed version of a dependency: its package.json where Node's resolution finds the package (read as a
 * file, since packages with an `exports` map need not export it).
 */
function dependencyVersion(require: NodeJS.Require, dep: string): string {
  for (const dir of require.resolve.paths(dep) ?? []) {
    try {
      return String((JSON.parse(readFileSync(join(dir, dep, 'package.json'), 'utf8')) as { version?: unknown }).version);
    } catch {
      // Not installed there: Node looks in the next node_modules up.
    }
  }
  return 'missing';
}

/** JSON with object keys sorted, so equal options give equal text whatever order they were written in. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (typeof v === 'object' && v !== null)
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  // A function (or symbol) has no text that tells two apart: such options are never part of a key.
  if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') throw new TypeError(`cannot key a ${typeof v}`);
  return JSON.stringify(v) ?? 'null';
}
