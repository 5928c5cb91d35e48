/** Helpers for CLI tests: they spawn the built binary (bin/run.js over dist/), as users run it. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(ROOT, 'bin', 'run.js');

/**
 * Builds dist/ when it is missing or older than a source file (CI builds before testing; a local checkout
 * may hold a stale build). The oclif manifest is the build's last output, so its age is the build's.
 */
export function ensureBuilt(): void {
  const manifest = join(ROOT, 'oclif.manifest.json');
  if (existsSync(manifest) && existsSync(join(ROOT, 'dist', 'index.js')) && newestMtime(join(ROOT, 'src')) <= statSync(manifest).mtimeMs) return;
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `k8s-lint ARGS` in `cwd` without a TTY and outside CI detection quirks. */
export function k8sLint(args: readonly string[], cwd: string, input?: string, env: NodeJS.ProcessEnv = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary directory holding the given files (path -> content). */
export function tempTree(files: Record<string, string>, prefix = 'k8s-lint-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

export const CLEAN = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  mode: fast
`;

/** Loads with a warning (not an input error): the API server would complete a generateName. */
export const WARNING = `apiVersion: v1
kind: ConfigMap
metadata:
  generateName: settings-
  namespace: shop
`;

/** Not YAML: an input error, exit status 2. */
export const BROKEN = `apiVersion: v1
kind: ConfigMap
metadata:
  name: [unclosed
`;
