/**
 * A content-addressed cache of the scheduled state (./index.ts scheduledState: pods placed with their IPs and
 * statuses, nodes, Services, problems) for the query commands, as `eslint --cache` and `tsc --incremental`
 * keep what an unchanged input gives. On a large input scheduling is most of a `dns` or `route` query; a
 * second query on the same manifests reads the placement back instead.
 *
 * Never wrong on changed input: the key hashes everything the state is a function of — the input bytes (file
 * names and texts, and the load options), the dry-run options scheduling can read, the code of this tool (every
 * file of its build) with the versions of its dependencies, and the Node.js version. A different key is a
 * different file. A file that cannot be read, is cut short or was written by another format is a miss: the
 * state is computed and the file rewritten, never a crash. Files are written whole then renamed, so a reader
 * never sees half a file; the least recently used beyond {@link MAX_ENTRIES} are removed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Model } from '../model/model.js';
import type { DnsOptions } from './dns/data.js';
import type { NetpolOptions } from './netpol/index.js';
import type { SchedulingOptions, SimOptions } from './index.js';
import { scheduledState } from './index.js';
import type { ServicesOptions } from './services.js';
import type { ClusterState } from './state.js';
import { decodeState, encodeState } from './state-codec.js';

/** Bumped when what a cache file holds changes meaning (the code hash covers code changes already). */
const FORMAT = 1;
const PREFIX = 'schedule-';
/** A 50k-pod state is ~30 MB on disk: a few inputs' worth is kept, not every input ever queried. */
export const MAX_ENTRIES = 4;

export interface ScheduleCache {
  /** Directory of the cache files (created on first write). */
  readonly dir: string;
  /** Hash of the input bytes and load options ({@link inputDigest}). */
  readonly input: string;
}

/** `$XDG_CACHE_HOME/k8s-lint`, else `~/.cache/k8s-lint` (the XDG default). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'k8s-lint');
}

/** Hash of the input as read: each file's name and text, in order, and the options of the load. */
export function inputDigest(texts: readonly { readonly file: string; readonly text: string }[], loadOptions: object): string {
  const h = createHash('sha256');
  h.update(stableJson(loadOptions));
  for (const t of texts) {
    // Lengths first: no two different lists of (name, text) hash the same bytes.
    h.update(`\n${t.file.length}:${t.text.length}:${t.file}\n`);
    h.update(t.text);
  }
  return h.digest('hex');
}

/** {@link scheduledState}, read from the cache when this input was scheduled before, else computed and stored. */
export function cachedScheduledState(model: Model, options: SimOptions, cache: ScheduleCache | undefined): ClusterState {
  const key = cache ? keyOrUndefined(cache.input, options) : undefined;
  if (!cache || key === undefined) return scheduledState(model, options);
  const file = join(cache.dir, `${PREFIX}${key}.json`);
  const hit = readEntry(file, model);
  if (hit) return hit;
  const state = scheduledState(model, options);
  writeEntry(cache.dir, file, state, model);
  return state;
}

/**
 * Options read only by the steps after scheduling: left out of the key so `dns` and `route` (which pass
 * different ones) share an entry. The type check keeps the list to options scheduling does not declare.
 */
const AFTER_SCHEDULING = ['clusterDomain', 'ttl', 'serial', 'pods', 'clusterDnsIP', 'maxEndpointsPerSlice', 'lbPool', 'ipBlockMatchesPods'] as const satisfies readonly Exclude<
  keyof (ServicesOptions & DnsOptions & NetpolOptions),
  keyof SchedulingOptions
>[];

export function cacheKey(input: string, options: SimOptions): string {
  const read: Record<string, unknown> = { ...options };
  for (const k of AFTER_SCHEDULING) delete read[k];
  return createHash('sha256').update(stableJson({ format: FORMAT, node: process.version, code: codeDigest(), options: read, input })).digest('hex');
}

function keyOrUndefined(input: string, options: SimOptions): string | undefined {
  try {
    return cacheKey(input, options);
  } catch {
    return undefined;
  }
}

function readEntry(file: string, model: Model): ClusterState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const state = decodeState(text, model.resources) as ClusterState;
    if (!isStateShape(state)) throw new Error('not a scheduled state');
    touch(file);
    return state;
  } catch {
    // Corrupt or cut short: drop it; the caller computes the state and writes a good one.
    remove(file);
    return undefined;
  }
}

/** What the query steps index right away; anything less is not a state this code wrote. */
function isStateShape(s: unknown): s is ClusterState {
  if (typeof s !== 'object' || s === null) return false;
  const o = s as Record<string, unknown>;
  return o.namespaces instanceof Map && Array.isArray(o.nodes) && Array.isArray(o.pods) && Array.isArray(o.services) && Array.isArray(o.problems);
}

function writeEntry(dir: string, file: string, state: ClusterState, model: Model): void {
  const text = encodeState(state, model.resources);
  if (text === undefined) return;
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, file);
    prune(dir);
  } catch {
    // A read-only or full disk only costs the next query its cache hit.
    remove(tmp);
  }
}

/** Removes the least recently used entries beyond MAX_ENTRIES (a hit refreshes an entry's time). */
function prune(dir: string): void {
  const entries = readdirSync(dir)
    .filter((f) => f.startsWith(PREFIX) && f.endsWith('.json'))
    .map((f) => {
      try {
        return { path: join(dir, f), time: statSync(join(dir, f)).mtimeMs };
      } catch {
        return undefined;
      }
    })
    .filter((e) => e !== undefined)
    .sort((a, b) => b.time - a.time || (a.path < b.path ? -1 : 1));
  for (const e of entries.slice(MAX_ENTRIES)) remove(e.path);
}

function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // Only the pruning order suffers.
  }
}

function remove(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone (another process pruned it), or not ours to remove.
  }
}

let code: string | undefined;

/**
 * The tool's identity: every file of the directory tree this module was loaded from (dist/ when built, src/
 * under tsx), its package.json and its dependencies' package.json. Any rebuild that changes a byte changes it.
 */
function codeDigest(): string {
  if (code !== undefined) return code;
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) h.update(`\n${p.length}:${p.slice(root.length)}\n`).update(readFileSync(p));
    }
  };
  walk(root);
  const pkgFile = join(dirname(root), 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { dependencies?: Record<string, string> };
  h.update(stableJson(pkg));
  const require = createRequire(pkgFile);
  for (const dep of Object.keys(pkg.dependencies ?? {}).sort()) h.update(`\n${dep}@${dependencyVersion(require, dep)}`);
  return (code = h.digest('hex'));
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
function stableJson(v: unknown): string {
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
