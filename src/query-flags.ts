/** oclif flags of the query commands (`dns`, `route`), kept apart so the library does not load oclif. */
import { Flags } from '@oclif/core';
import { defaultCacheDir } from './cache/entries.js';
import type { QueryInput } from './query-input.js';
import type { ScheduleCache } from './sim/schedule-cache.js';

export const cacheFlag = Flags.boolean({
  description: 'reuse the parsed input and pod placement of an earlier query on the same input and options (kept in $XDG_CACHE_HOME/k8s-lint); --no-cache parses and schedules afresh and writes nothing',
  default: true,
  allowNo: true,
});

/** The directory of the query caches: none with --no-cache. */
export function queryCacheDir(enabled: boolean): string | undefined {
  return enabled ? defaultCacheDir() : undefined;
}

/** The scheduling cache a query uses: none without a cache directory. */
export function queryCache(dir: string | undefined, input: QueryInput): ScheduleCache | undefined {
  return dir === undefined ? undefined : { dir, input: input.digest() };
}
