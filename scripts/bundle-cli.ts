/**
 * Bundles the command-line program (src/cli.ts) and the analysis worker into dist/bundle/, one file each,
 * with their dependencies, so that Node reads, resolves and links one file at start-up instead of some 400.
 *
 * Left out of the bundle, as in the plain build:
 * - `typescript`: oclif requires it only to run commands from TypeScript sources in development;
 * - the CEL packages (@bufbuild/*) and cli-progress, which our code requires on first use through
 *   `createRequire`, so they cost nothing until then (esbuild leaves such calls alone);
 * - the files read at run time (schemas/, rules/, package.json), found from the package root.
 * The worker is its own entry point because parallel.ts starts it by URL next to itself.
 */
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'src/cli.ts', worker: 'src/analysis/worker.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['typescript', '@bufbuild/*'],
  // CommonJS dependencies (oclif, ajv, yaml) call require() for Node's built-ins; ESM output has none.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
