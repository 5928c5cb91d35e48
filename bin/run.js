#!/usr/bin/env node
// oclif entry point. oclif and every command come from one bundle (dist/bundle/cli.cjs, see src/cli.ts), loaded
// with the V8 code cache the build made for it (src/code-cache.ts), under the V8 flags that cache was made with
// (src/v8-flags.ts); the command manifest (oclif.manifest.json) lets oclif answer --help without loading the
// commands.
// `--version` alone is answered before oclif loads (same text as oclif's), so scripts that probe it stay fast.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`k8s-lint/${version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else {
  const [{ applyV8Flags }, { requireWithCodeCache }] = await Promise.all([import('../dist/v8-flags.js'), import('../dist/code-cache.js')]);
  applyV8Flags();
  const { handle, run } = requireWithCodeCache(fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url)));
  // oclif ends a failing command with process.exit(), and Node writes to a pipe asynchronously: without
  // waiting, `k8s-lint check --format json | jq` would get only the report's first 64 KiB or so.
  await run(args, import.meta.url).catch(async (error) => {
    await new Promise((resolve) => process.stdout.write('', resolve));
    return handle(error);
  });
}
