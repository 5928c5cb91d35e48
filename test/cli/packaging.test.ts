/**
 * What users install: `npm pack` holds only what running the tool needs, has no install scripts, and the
 * packed tarball, installed into an empty project, runs `npx k8s-lint check` on an example.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAN, ROOT, ensureBuilt } from './helpers.js';

interface PackResult {
  filename: string;
  files: { path: string }[];
}

const work = mkdtempSync(join(tmpdir(), 'k8s-lint-pack-'));
let packed: PackResult;

beforeAll(() => {
  ensureBuilt();
  // --ignore-scripts: dist/ was just built; prepack would only build it again.
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  packed = (JSON.parse(out) as PackResult[])[0] as PackResult;
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm package', () => {
  it('contains only what users need: dist (with its V8 code caches), bin, rules, schemas, manifest, README, CHANGELOG, LICENSE', () => {
    const allowed = /^(dist\/.+\.(js|d\.ts)|dist\/rules\/(catalog\.json|validators\.cjs)|dist\/bundle\/(cli\.cjs|code-digest\.json)|dist\/code-cache\/[0-9a-f]{40}\.bin|bin\/run\.js|rules\/.+|schemas\/.+\.(json|cjs)|test\/rules\/.+\.ya?ml|oclif\.manifest\.json|package\.json|README\.md|CHANGELOG\.md|LICENSE)$/;
    const paths = packed.files.map((f) => f.path).sort();
    expect(paths.filter((p) => !allowed.test(p))).toEqual([]);
    for (const required of ['bin/run.js', 'dist/index.js', 'dist/rules/catalog.json', 'dist/rules/validators.cjs', 'dist/bundle/cli.cjs', 'dist/bundle/worker.js', 'dist/bundle/code-digest.json', 'dist/code-cache.js', 'oclif.manifest.json', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
      expect(paths).toContain(required);
    }
  });

  it('has no install scripts (https://docs.npmjs.com/cli/using-npm/scripts#npm-install)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    // `prepare` is allowed: npm runs it for a local or git install and before packing, never when a registry
    // tarball is installed.
    for (const s of ['preinstall', 'install', 'postinstall']) expect(pkg.scripts?.[s]).toBeUndefined();
  });

  it(
    'installs from the tarball into an empty project and runs `npx k8s-lint check`',
    () => {
      const app = join(work, 'app');
      execFileSync('mkdir', ['-p', app]);
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
      writeFileSync(join(app, 'settings.yaml'), CLEAN);
      writeFileSync(join(app, 'broken.yaml'), 'kind: [\n');
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', join(work, packed.filename)], {
        cwd: app,
        stdio: 'ignore',
        timeout: 300_000,
      });
      const env = { ...process.env, NO_COLOR: '1' };
      const version = spawnSync('npx', ['--no-install', 'k8s-lint', '--version'], { cwd: app, encoding: 'utf8', env });
      expect(version.status, version.stderr).toBe(0);
      expect(version.stdout).toMatch(/^k8s-lint\/\d+\.\d+\.\d+/);
      const ok = spawnSync('npx', ['--no-install', 'k8s-lint', 'check', 'settings.yaml'], { cwd: app, encoding: 'utf8', env });
      expect(ok.status, ok.stderr).toBe(0);
      const bad = spawnSync('npx', ['--no-install', 'k8s-lint', 'check', '.', '--format', 'compact'], { cwd: app, encoding: 'utf8', env });
      expect(bad.status).toBe(2);
      expect(bad.stdout).toMatch(/^broken\.yaml:\d+:\d+: error: .*\[yaml-syntax\]$/m);
    },
    360_000,
  );
});
