import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests are seeded and bounded; a generous per-test timeout absorbs slow CI machines.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The CLI's caches (the query commands' scheduling cache) go to a scratch directory, not the user's.
    env: { XDG_CACHE_HOME: join(tmpdir(), 'k8s-lint-test-cache') },
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
