/**
 * `npm run build`'s last step: runs `check` once on the bundled examples and a generated manifest set, with the
 * code cache's write switch on, so that dist/code-cache/ holds the bytecode of everything such a run compiles
 * (src/code-cache.ts). Old caches go first: each is named by its source's digest and would never be read again.
 * The caches fit the V8 of the Node that ran the build; another Node version rejects them and compiles as usual.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateManifests } from '../bench/generate.js';
import { codeCacheDir, WRITE_CODE_CACHE_ENV } from '../src/code-cache.js';

/** Big enough to call every rule and every step of the dry run; the cache does not grow with it past that. */
const TRAINING_OBJECTS = 2000;

rmSync(codeCacheDir(), { recursive: true, force: true });
const scratch = mkdtempSync(join(tmpdir(), 'k8s-lint-training-'));
try {
  const generated = join(scratch, 'generated.yaml');
  writeFileSync(generated, generateManifests(TRAINING_OBJECTS, 42));
  const run = spawnSync(process.execPath, ['bin/run.js', 'check', 'examples', generated, '--format', 'json', '-o', join(scratch, 'report.json')], {
    env: { ...process.env, [WRITE_CODE_CACHE_ENV]: '1', K8S_LINT_THREADS: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // `check` exits with 1 or 2 here: the examples hold findings and broken files on purpose.
  if (run.status === null || run.status > 2) throw new Error(`the training run of check failed (${run.signal ?? `exit status ${run.status}`})`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`wrote the V8 code caches to ${codeCacheDir()}`);
