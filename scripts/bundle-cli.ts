/**
 * Bundles the command-line program (src/cli.ts) and the analysis worker into dist/bundle/, one file each,
 * with their dependencies, so that Node reads, resolves and links one file at start-up instead of some 400.
 *
 * The program is CommonJS (dist/bundle/cli.cjs) because bin/run.js loads it through V8's code cache
 * (src/code-cache.ts), which Node offers for scripts, not for ES modules. `import.meta.url` becomes the bundle's
 * own file URL, as it would be in an ES module there.
 *
 * Left out of the bundle, as in the plain build:
 * - `typescript`: oclif requires it only to run commands from TypeScript sources in development;
 * - the CEL packages (@bufbuild/*) and cli-progress, which our code requires on first use through
 *   `createRequire`, so they cost nothing until then (esbuild leaves such calls alone);
 * - the files read at run time (schemas/, rules/, package.json), found from the package root.
 * The worker is its own entry point because parallel.ts starts it by URL next to itself; it stays an ES module.
 */
import { build, type BuildOptions } from 'esbuild';

const shared: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['typescript', '@bufbuild/*'],
  logLevel: 'warning',
};

await build({
  ...shared,
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist/bundle',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

await build({
  ...shared,
  entryPoints: { worker: 'src/analysis/worker.ts' },
  outdir: 'dist/bundle',
  format: 'esm',
  // CommonJS dependencies (oclif, ajv, yaml) call require() for Node's built-ins; ESM output has none.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
