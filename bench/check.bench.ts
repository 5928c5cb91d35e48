/**
 * `check` on the seeded synthetic sets (1k, 10k, 50k objects), beside a bare js-yaml load and a bare `yaml`
 * parseAllDocuments of the same text, and the loader alone (loadTexts: split, parse with node spans,
 * Resources), whose target is the cost of the bare js-yaml load; start-up of the built CLI (`--version`,
 * `check examples/bookinfo`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { analyzeTexts } from '../src/index.js';
import { loadTexts } from '../src/load/index.js';
import { generateManifests } from './generate.js';
import { measure, table } from './util.js';

const root = join(import.meta.dirname, '..');

export default async function bench(): Promise<void> {
  const rows: Record<string, string | number>[] = [];
  for (const size of [1_000, 10_000, 50_000]) {
    const text = generateManifests(size, 42);
    const js = await measure(() => jsYaml.loadAll(text));
    const yamlDocs = size <= 10_000 ? await measure(() => parseAllDocuments(text)) : undefined;
    const load = await measure(() => loadTexts([{ file: 'bench.yaml', text }]));
    const check = await measure(() => analyzeTexts([{ file: 'bench.yaml', text }]));
    rows.push({
      objects: size,
      MB: text.length / 1e6,
      'check ms': check.ms,
      'objects/s': Math.round(size / (check.ms / 1000)),
      'peak RSS MiB': check.peakMiB,
      'js-yaml ms': js.ms,
      'loadTexts ms': load.ms,
      'loadTexts / js-yaml': load.ms / js.ms,
      'yaml docs ms': yamlDocs ? yamlDocs.ms : 'skipped',
      'check / js-yaml': check.ms / js.ms,
      findings: check.result.findings.length,
    });
  }
  table(rows);

  // The whole CLI, as users run it: start-up, and `check` on the 10k and 50k sets, with the worker thread
  // (the default for inputs of 1 MB or more) and without it (K8S_LINT_THREADS=1).
  const dir = join(root, '.bench');
  mkdirSync(dir, { recursive: true });
  // CPU time (all threads) comes from GNU time (Debian package `time`) when the machine has it.
  const gnuTime = existsSync('/usr/bin/time');
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}): { ms: number; cpuMs: number } => {
    const command = [process.execPath, join(root, 'bin/run.js'), ...args];
    const start = performance.now();
    const r = spawnSync(gnuTime ? '/usr/bin/time' : (command[0] as string), gnuTime ? ['-f', '%U %S', ...command] : command.slice(1), {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    const ms = performance.now() - start;
    // GNU time's last stderr line: user and system seconds of the process and its threads.
    const [user, sys] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
    return { ms, cpuMs: Number.isFinite(user) && Number.isFinite(sys) ? ((user as number) + (sys as number)) * 1000 : NaN };
  };
  const best = (args: string[], runs: number, env?: NodeJS.ProcessEnv): { ms: number; cpuMs: number } =>
    Array.from({ length: runs }, () => cli(args, env)).reduce((a, b) => (b.ms < a.ms ? b : a));
  const rowsCli: Record<string, string | number>[] = [];
  const add = (command: string, runs: number, r: { ms: number; cpuMs: number }, target: number | ''): void => {
    rowsCli.push({ command, runs, 'best wall ms': r.ms, 'its CPU ms': r.cpuMs, 'target ms': target });
  };
  add('k8s-lint --version', 5, best(['--version'], 5), 300);
  add('k8s-lint check examples/bookinfo', 5, best(['check', 'examples/bookinfo'], 5), '');
  for (const size of [10_000, 50_000]) {
    const file = join(dir, `bench-${size / 1000}k.yaml`);
    writeFileSync(file, generateManifests(size, 42));
    const args = ['check', file, '--format', 'json', '--output', join(dir, 'out.json')];
    const runs = size > 10_000 ? 1 : 3;
    add(`k8s-lint check <${size / 1000}k objects> --format json`, runs, best(args, runs), size > 10_000 ? 10_000 : 2_000);
    add(`  same, K8S_LINT_THREADS=1`, runs, best(args, runs, { K8S_LINT_THREADS: '1' }), '');
  }
  table(rowsCli);
}
