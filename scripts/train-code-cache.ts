/**
 * `npm run build`'s last step: runs `check` on the bundled examples and a generated manifest set, and a few
 * `dns`, `route` and `reach` queries, in one process with the code cache's write switch on, so that
 * dist/code-cache/ holds the bytecode of everything such runs compile (src/code-cache.ts). Old caches go first:
 * each is named by its source's digest and would never be read again. The caches fit the V8 of the Node that ran
 * the build; another Node version rejects them and compiles as usual.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateManifests } from '../bench/generate.js';
import { codeCacheDir, WRITE_CODE_CACHE_ENV } from '../src/code-cache.js';

/**
 * Enough generated objects for the generator's kinds and the findings they raise to reach the code a large run
 * calls (a cache trained on the examples alone was 1.0 MB, on 10k objects 1.46 MB), at a second or so of build.
 */
const TRAINING_OBJECTS = 2000;

rmSync(codeCacheDir(), { recursive: true, force: true });
const scratch = mkdtempSync(join(tmpdir(), 'k8s-lint-training-'));
try {
  const generated = join(scratch, 'generated.yaml');
  writeFileSync(generated, generateManifests(TRAINING_OBJECTS, 42));
  const examples = 'examples/bookinfo';
  const commands = [
    ['check', 'examples', generated, '--format', 'json', '-o', join(scratch, 'report.json')],
    ['dns', 'reviews.bookinfo.svc.cluster.local', '-f', examples, '--no-cache'],
    ['dns', 'reviews', '-t', 'SRV', '--from', 'bookinfo/productpage-v1', '-f', examples, '-o', 'json', '--no-cache'],
    ['route', 'http://bookinfo.example.com/productpage', '-f', examples, '--no-cache'],
    ['route', 'svc/bookinfo/reviews:9080', '--from', 'bookinfo/productpage-v1', '-f', examples, '-o', 'json', '--no-cache'],
    ['reach', 'bookinfo/productpage-v1', 'bookinfo/reviews-v1', '--port', '9080', '-f', examples],
  ];
  const run = spawnSync(process.execPath, ['scripts/code-cache-training.mjs', JSON.stringify(commands)], {
    env: { ...process.env, [WRITE_CODE_CACHE_ENV]: '1', K8S_LINT_THREADS: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (run.status !== 0) throw new Error(`the code cache's training run failed (${run.signal ?? `exit status ${run.status}`})`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`wrote the V8 code caches to ${codeCacheDir()}`);
