#!/usr/bin/env node
// oclif entry point. oclif and every command come from one bundle (dist/bundle/cli.js, see src/cli.ts), and the
// command manifest (oclif.manifest.json) lets oclif answer --help without loading the commands.
// `--version` alone is answered before oclif loads (same text as oclif's), so scripts that probe it stay fast.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`k8s-lint/${version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else {
  // Node 22.1+ keeps compiled code on disk between runs (the bundle is 2 MB of JavaScript); Node 20 has no
  // such cache and skips this.
  (await import('node:module')).enableCompileCache?.();
  const { handle, run } = await import('../dist/bundle/cli.js');
  // oclif ends a failing command with process.exit(), and Node writes to a pipe asynchronously: without
  // waiting, `k8s-lint check --format json | jq` would get only the report's first 64 KiB or so.
  await run(args, import.meta.url).catch(async (error) => {
    await new Promise((resolve) => process.stdout.write('', resolve));
    return handle(error);
  });
}
