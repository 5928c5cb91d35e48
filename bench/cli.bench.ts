/**
 * Start-up of the built CLI, as users feel it: wall time of whole processes (`node bin/run.js …`), median
 * and minimum of several runs. Targets from issue 9: `--version` under 0.3 s, `check examples/bookinfo`
 * under 1 s. Also the formatters' own cost on a large synthetic finding set (seeded).
 * `npm run bench -- cli` builds first; run alone on a quiet machine for comparable figures.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCompact } from '../src/report/compact.js';
import type { Finding, Severity } from '../src/report/finding.js';
import { formatGithub } from '../src/report/github.js';
import { formatHtml } from '../src/report/html.js';
import { formatJunit } from '../src/report/junit.js';
import { formatSarif } from '../src/report/sarif.js';
import type { FormatContext } from '../src/report/types.js';
import { measure, rng, table } from './util.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'run.js');

function wall(args: string[], runs: number): { median: number; min: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    times.push(performance.now() - t0);
    if (r.status !== 0 && r.status !== 1) throw new Error(`k8s-lint ${args.join(' ')} exited ${String(r.status)}`);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] as number, min: times[0] as number };
}

function findings(n: number, seed: number): Finding[] {
  const r = rng(seed);
  const sev: Severity[] = ['error', 'warning', 'info'];
  return Array.from({ length: n }, (_, i) => ({
    rule: `rule-${Math.floor(r() * 40)}`,
    severity: sev[Math.floor(r() * 3)] as Severity,
    message: `message ${i} about "value-${Math.floor(r() * 1e6)}"`,
    resource: `ns-${Math.floor(r() * 20)}/Deployment/app-${i}`,
    location: { file: `k8s/dir-${Math.floor(r() * 50)}/file-${Math.floor(r() * 400)}.yaml`, line: 1 + Math.floor(r() * 500), column: 1 + Math.floor(r() * 20) },
  }));
}

export default async function (): Promise<void> {
  const runs = 7;
  // Node's own start-up on this machine, for scale (a loaded machine inflates every row alike).
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  const version = wall(['--version'], runs);
  const check = wall(['check', 'examples/bookinfo'], runs);
  table([
    { command: 'node -e "" (baseline)', runs, 'median ms': t[Math.floor(runs / 2)] as number, 'min ms': t[0] as number, 'target ms': '' },
    { command: 'k8s-lint --version', runs, 'median ms': version.median, 'min ms': version.min, 'target ms': 300 },
    { command: 'k8s-lint check examples/bookinfo', runs, 'median ms': check.median, 'min ms': check.min, 'target ms': 1000 },
  ]);

  const ctx: FormatContext = { rules: [], cwd: root, tool: { name: 'k8s-lint', version: '0.0.0' } };
  const rows: Record<string, string | number>[] = [];
  for (const n of [1_000, 10_000]) {
    const fs = findings(n, 42);
    for (const [name, f] of [
      ['sarif', formatSarif],
      ['junit', formatJunit],
      ['github', formatGithub],
      ['compact', formatCompact],
      ['html', (x: readonly Finding[], c: FormatContext) => formatHtml(x, c)],
    ] as const) {
      const m = await measure(() => f(fs, ctx));
      rows.push({ format: name, findings: n, ms: m.ms, 'output KiB': Math.round(m.result.length / 1024), 'peak RSS MiB': m.peakMiB });
    }
  }
  table(rows);
}
