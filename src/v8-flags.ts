/**
 * The V8 settings the CLI runs with. bin/run.js sets them before it loads the bundle, and the build's code-cache
 * training run (scripts/code-cache-training.mjs) sets the same: V8 rejects a code cache made under other flags.
 *
 * `--max-inlined-bytecode-size-cumulative=200` (V8's default is 920): a `check` run is short, and a large share
 * of its CPU goes to TurboFan optimizing each hot function once, on a thread that competes with the main thread
 * and the garbage collector on small machines. Inlining less makes those compilations smaller. Measured on
 * `check` of the 10k-object benchmark set, Node 20, 2 cores, runs alternated with the default: CPU 2.6 s against
 * 3.1 s (median of 6), wall 1.8 s against 2.0 s. A cumulative limit of 100 measured the same, 400 half the gain;
 * on 50k objects and on `dns` queries the difference stayed within the noise.
 */
import { setFlagsFromString } from 'node:v8';

export const V8_FLAGS: readonly string[] = ['--max-inlined-bytecode-size-cumulative=200'];

/** Sets {@link V8_FLAGS}; call it before the bundle is compiled (setting them twice changes nothing). */
export function applyV8Flags(): void {
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
}
