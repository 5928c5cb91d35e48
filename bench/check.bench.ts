/**
 * `check` on the seeded synthetic sets (1k, 10k, 50k objects), beside a bare js-yaml load and a bare `yaml`
 * parseAllDocuments of the same text; start-up of the built CLI (`--version`, `check examples/bookinfo`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { analyzeTexts } from '../src/index.js';
import { generateManifests } from './generate.js';
import { measure, table } from './util.js';

const root = join(import.meta.dirname, '..');

export default async function bench(): Promise<void> {
  const rows: Record<string, string | number>[] = [];
  for (const size of [1_000, 10_000, 50_000]) {
    const text = generateManifests(size, 42);
    const js = await measure(() => jsYaml.loadAll(text));
    const yamlDocs = size <= 10_000 ? await measure(() => parseAllDocuments(text)) : undefined;
    const check = await measure(() => analyzeTexts([{ file: 'bench.yaml', text }]));
    rows.push({
      objects: size,
      MB: text.length / 1e6,
      'check ms': check.ms,
      'objects/s': Math.round(size / (check.ms / 1000)),
      'peak RSS MiB': check.peakMiB,
      'js-yaml ms': js.ms,
      'yaml docs ms': yamlDocs ? yamlDocs.ms : 'skipped',
      'check / js-yaml': check.ms / js.ms,
      findings: check.result.findings.length,
    });
  }
  table(rows);

  // Whole CLI on the 10k set, and start-up.
  const dir = join(root, '.bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'bench-10k.yaml');
  writeFileSync(file, generateManifests(10_000, 42));
  const cli = (args: string[]): number => {
    const start = performance.now();
    spawnSync(process.execPath, [join(root, 'bin/run.js'), ...args], { cwd: root, stdio: 'ignore' });
    return performance.now() - start;
  };
  const best = (args: string[], runs = 5): number => Math.min(...Array.from({ length: runs }, () => cli(args)));
  table([
    { command: 'k8s-lint --version', runs: 5, 'best ms': best(['--version']) },
    { command: 'k8s-lint check examples/bookinfo', runs: 5, 'best ms': best(['check', 'examples/bookinfo']) },
    { command: 'k8s-lint check <10k objects, 3 MB> --format json', runs: 3, 'best ms': best(['check', file, '--format', 'json', '--output', join(dir, 'out.json')], 3) },
  ]);
}
