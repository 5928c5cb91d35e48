/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (or those named on the command line, by area:
 * `npm run bench -- scheduler netpol`). Each exports `default async function (): Promise<void>` that
 * prints its own table. Benchmarks are seeded, so figures are comparable run to run.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { applyV8Flags } from '../src/v8-flags.js';

// In-process figures are taken under the V8 flags the CLI runs with (src/v8-flags.ts).
applyV8Flags();

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.bench\.ts$/, '')))
  .sort();

for (const file of files) {
  console.log(`\n## ${file.replace(/\.bench\.ts$/, '')}`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: () => Promise<void> };
  await mod.default();
}
