// The training run of the code cache (see scripts/train-code-cache.ts): one process that runs the commands given
// as JSON in argv[2], one after the other, through the same loader as bin/run.js, so that the caches written at
// its exit hold the code of all of them. Plain JavaScript on plain Node: V8 rejects a cache made under other
// V8 flags, so the training run must start the way bin/run.js does, V8 flags included (src/v8-flags.ts).
import { fileURLToPath } from 'node:url';
import { requireWithCodeCache } from '../dist/code-cache.js';
import { applyV8Flags } from '../dist/v8-flags.js';

applyV8Flags();

const { run } = requireWithCodeCache(fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url)));
const bin = new URL('../bin/run.js', import.meta.url).href;
for (const args of JSON.parse(process.argv[2])) {
  // Commands with findings end by throwing oclif's exit error (status 1 or 2): expected here, not other errors.
  await run(args, bin).catch((error) => {
    if (error?.oclif?.exit === undefined) throw error;
  });
}
process.exitCode = 0;
