/**
 * The V8 settings the CLI runs with. bin/run.js sets them before it loads the bundle, and the build's code-cache
 * training run (scripts/code-cache-training.mjs) sets the same: V8 rejects a code cache made under other flags.
 *
 * A `check` run is short, and a large share of its CPU goes to TurboFan optimizing hot functions, on a thread
 * that competes with the main thread and the garbage collector on small machines. Both flags make that cheaper:
 * - `--max-inlined-bytecode-size-cumulative=200` (default 920): smaller optimized functions. On `check` of the
 *   10k-object benchmark set, Node 20, 2 cores, alternated with the default: CPU 2.6 s against 3.1 s (median of
 *   6), wall 1.8 s against 2.0 s. A limit of 100 measured the same, 400 half the gain.
 * - `--interrupt-budget=300000` (default 67584): a function is optimized after more of its bytecode has run, so
 *   lukewarm ones stay in the interpreter. On top of the first flag, same set-up, three series of 6: CPU about
 *   20% lower (medians 2.05-2.2 s against 2.6-2.8 s), wall about 7% (medians 1.66-1.76 s against 1.78-1.91 s).
 *   600000 measured the same.
 * On 50k objects and on warm `dns` queries neither changed the time beyond the noise.
 *
 * Only on the V8 they were measured on (Node 20's, 11.x): a V8 that does not know a flag prints an error for it
 * on every run, and other versions tier up differently. Their code cache is rejected anyway (another V8).
 */
import { setFlagsFromString } from 'node:v8';

export const V8_FLAGS: readonly string[] = ['--max-inlined-bytecode-size-cumulative=200', '--interrupt-budget=300000'];

/** The V8 major version the flags were measured on. */
const MEASURED_V8_MAJOR = '11';

/** Sets {@link V8_FLAGS} on the V8 they were measured on; call it before the bundle is compiled (twice is harmless). */
export function applyV8Flags(): void {
  if (process.versions.v8.split('.')[0] !== MEASURED_V8_MAJOR) return;
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
}
