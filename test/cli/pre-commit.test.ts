/**
 * The `.pre-commit-hooks.yaml` of this repository, driven by Debian's real `pre-commit`: a temporary git
 * repository points its `.pre-commit-config.yaml` at this checkout (`repo:` local path, `rev:` the current
 * commit), pre-commit builds the `language: node` environment from it (npm install, npm pack, npm install -g,
 * as pre_commit/languages/node.py does), and commits are refused or accepted.
 * Skips, saying why, when pre-commit or git is missing (.ci/apt-packages installs pre-commit on CI).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BROKEN, CLEAN, ROOT } from './helpers.js';

function has(cmd: string): boolean {
  return spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;
}

const missing = ['pre-commit', 'git'].filter((c) => !has(c));
if (missing.length > 0) {
  console.warn(`SKIPPED pre-commit test: ${missing.join(', ')} not on PATH (Debian package: pre-commit; .ci/apt-packages)`);
}
// pre-commit clones the hook repository at a commit: this checkout must be a git repository.
const head = missing.length === 0 ? spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }) : undefined;
const headRev = head?.status === 0 ? head.stdout.trim() : '';
if (missing.length === 0 && headRev === '') console.warn('SKIPPED pre-commit test: this checkout is not a git repository with a commit');

describe.skipIf(missing.length > 0 || headRev === '')('pre-commit hook (Debian pre-commit, local repo at the current commit)', () => {
  const work = mkdtempSync(join(tmpdir(), 'k8s-lint-pre-commit-'));
  const repo = join(work, 'repo');
  const env = {
    ...process.env,
    PRE_COMMIT_HOME: join(work, 'cache'),
    GIT_AUTHOR_NAME: 'test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
    NO_COLOR: '1',
    // CI=true (as on CI) must not change the hook's behaviour; pre-commit's own colour is switched off.
    PRE_COMMIT_COLOR: 'never',
  };
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' });
  const commit = (message: string): { status: number | null; output: string } => {
    const r = spawnSync('git', ['commit', '-m', message], { cwd: repo, env, encoding: 'utf8', timeout: 600_000 });
    return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
  };

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it(
    'refuses a commit with a broken manifest, showing our finding, and accepts a clean one',
    () => {
      mkdirSync(repo, { recursive: true });
      git('init', '-q', '-b', 'main');
      writeFileSync(
        join(repo, '.pre-commit-config.yaml'),
        `repos:\n  - repo: ${ROOT}\n    rev: ${headRev}\n    hooks:\n      - id: k8s-lint\n`,
      );
      execFileSync('pre-commit', ['install'], { cwd: repo, env, stdio: 'ignore' });
      mkdirSync(join(repo, 'k8s'));
      writeFileSync(join(repo, 'k8s', 'settings.yaml'), BROKEN);
      git('add', '-A');
      const refused = commit('broken');
      expect(refused.status, refused.output).not.toBe(0);
      expect(refused.output).toContain('k8s-lint');
      expect(refused.output).toContain('yaml-syntax');
      expect(refused.output).toContain('k8s/settings.yaml');

      writeFileSync(join(repo, 'k8s', 'settings.yaml'), CLEAN);
      // Helm chart sources are Go templates, not YAML: the hook's `exclude` keeps them out.
      mkdirSync(join(repo, 'chart', 'templates'), { recursive: true });
      writeFileSync(join(repo, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: chart\nversion: 0.1.0\n');
      writeFileSync(join(repo, 'chart', 'values.yaml'), 'replicas: 2\n');
      writeFileSync(join(repo, 'chart', 'templates', 'cm.yaml'), '{{- if .Values.enabled }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n{{- end }}\n');
      git('add', '-A');
      const accepted = commit('clean');
      expect(accepted.status, accepted.output).toBe(0);
      expect(git('log', '--oneline')).toContain('clean');
    },
    900_000,
  );

  it(
    'handles a commit of more files than one command line holds (pre-commit splits the list)',
    () => {
      // 2 ** 17 bytes is pre-commit's cap on one command line (pre_commit/xargs.py _get_platform_max_length);
      // 1500 paths of ~100 bytes exceed it, so the hook runs in several calls and each must pass.
      const dir = join(repo, 'many', 'a-directory-name-that-makes-every-path-long-enough-to-overflow-the-limit');
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < 1500; i++) {
        writeFileSync(join(dir, `config-map-number-${String(i).padStart(5, '0')}-with-a-long-name.yaml`), CLEAN.replace('settings', `settings-${i}`));
      }
      git('add', '-A');
      const r = commit('many');
      expect(r.status, r.output.slice(-2000)).toBe(0);
      // One broken file among them is still found.
      writeFileSync(join(dir, 'config-map-number-00750-with-a-long-name.yaml'), BROKEN);
      git('add', '-A');
      const refused = commit('one broken among many');
      expect(refused.status).not.toBe(0);
      expect(refused.output).toContain('config-map-number-00750-with-a-long-name.yaml');
    },
    900_000,
  );
});
