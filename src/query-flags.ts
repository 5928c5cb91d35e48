/** oclif flags of the query commands (`dns`, `route`), kept apart so the library does not load oclif. */
import { Flags } from '@oclif/core';
import type { QueryInput } from './query-input.js';
import { defaultCacheDir } from './sim/schedule-cache.js';
import type { ScheduleCache } from './sim/schedule-cache.js';

export const cacheFlag = Flags.boolean({
  description: 'reuse the pod placement of an earlier query on the same input and options (kept in $XDG_CACHE_HOME/k8s-lint); --no-cache schedules afresh and writes nothing',
  default: true,
  allowNo: true,
});

/** The scheduling cache a query uses: none with --no-cache. */
export function queryCache(enabled: boolean, input: QueryInput): ScheduleCache | undefined {
  return enabled ? { dir: defaultCacheDir(), input: input.digest() } : undefined;
}
