#!/usr/bin/env node
// oclif entry point: the command manifest (oclif.manifest.json) keeps start-up from scanning dist/commands.
//
// `k8s-lint --version` answers before oclif is loaded (loading it is most of the start-up time), printing
// exactly what oclif's version flag prints: `<bin>/<version> <platform>-<arch> node-<version>`.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.oclif.bin}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url });
}
