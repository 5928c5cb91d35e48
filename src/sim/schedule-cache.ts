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
import { cacheKeyOf, entryFile, readEntryBytes, removeEntry, stableJson, touchEntry, writeEntry } from '../cache/entries.js';
import type { EntryKind } from '../cache/entries.js';
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
/** A 50k-pod state is ~16 MB on disk: a few inputs' worth is kept, not every input ever queried. */
export const MAX_ENTRIES = 4;
const KIND: EntryKind = { prefix: 'schedule-', maxEntries: MAX_ENTRIES };

export interface ScheduleCache {
  /** Directory of the cache files (created on first write). */
  readonly dir: string;
  /** Hash of the input bytes and load options ({@link inputDigest}). */
  readonly input: string;
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
  const key = cache ? cacheKey(cache.input, options) : undefined;
  if (!cache || key === undefined) return scheduledState(model, options);
  const file = entryFile(cache.dir, KIND, key);
  const hit = readEntry(file, model);
  if (hit) return hit;
  const state = scheduledState(model, options);
  const text = encodeState(state, model.resources);
  if (text !== undefined) writeEntry(cache.dir, KIND, file, text);
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

export function cacheKey(input: string, options: SimOptions): string | undefined {
  const read: Record<string, unknown> = { ...options };
  for (const k of AFTER_SCHEDULING) delete read[k];
  return cacheKeyOf({ format: FORMAT, options: read, input });
}

function readEntry(file: string, model: Model): ClusterState | undefined {
  const bytes = readEntryBytes(file);
  if (bytes === undefined) return undefined;
  try {
    const state = decodeState(bytes.toString('utf8'), model.resources) as ClusterState;
    if (!isStateShape(state)) throw new Error('not a scheduled state');
    touchEntry(file);
    return state;
  } catch {
    // Corrupt or cut short: drop it; the caller computes the state and writes a good one.
    removeEntry(file);
    return undefined;
  }
}

/** What the query steps index right away; anything less is not a state this code wrote. */
function isStateShape(s: unknown): s is ClusterState {
  if (typeof s !== 'object' || s === null) return false;
  const o = s as Record<string, unknown>;
  return o.namespaces instanceof Map && Array.isArray(o.nodes) && Array.isArray(o.pods) && Array.isArray(o.services) && Array.isArray(o.problems);
}
