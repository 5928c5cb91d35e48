/**
 * Kustomize input: a directory with kustomization.yaml is rendered with `kubectl kustomize` as one unit.
 * The first two tests put a stand-in kubectl (or none) on PATH so they hold on every machine; the last uses
 * the real kubectl when the machine has one.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadPaths } from '../../src/load/index.js';

let dir: string;
const savedPath = process.env.PATH;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'k8s-lint-kustomize-'));
  mkdirSync(join(dir, 'app'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'empty-bin'));
  mkdirSync(join(dir, 'env-bin'));
  // Stand-in that shows the environment kustomize would run in.
  writeFileSync(
    join(dir, 'env-bin/kubectl'),
    '#!/bin/sh\nprintf "apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: env}\\ndata: {proxy: \\"%s\\", git: \\"%s\\"}\\n" "$HTTPS_PROXY" "$GIT_ALLOW_PROTOCOL"\n',
  );
  chmodSync(join(dir, 'env-bin/kubectl'), 0o755);
  writeFileSync(join(dir, 'app/kustomization.yaml'), 'resources: [cm.yaml]\nnamePrefix: prod-\n');
  writeFileSync(join(dir, 'app/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n');
  // Stand-in: answers `kubectl kustomize DIR` with a fixed rendering, anything else with an error.
  writeFileSync(
    join(dir, 'bin/kubectl'),
    '#!/bin/sh\n[ "$1" = kustomize ] || exit 3\nprintf "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: prod-settings\\n  lables: {}\\n"\n',
  );
  chmodSync(join(dir, 'bin/kubectl'), 0o755);
});
afterEach(() => {
  process.env.PATH = savedPath;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kustomization directories', () => {
  it('are rendered with kubectl kustomize, and their files are not read one by one', () => {
    process.env.PATH = join(dir, 'bin');
    const r = loadPaths(['app'], {}, { cwd: dir });
    expect(r.findings).toEqual([]);
    expect(r.files).toEqual(['app/kustomization.yaml']);
    expect(r.resources.map((x) => x.name)).toEqual(['prod-settings']);
    expect(r.resources[0]?.source.locate('/metadata/lables')).toMatchObject({ file: 'app/kustomization.yaml', line: 5, column: 3 });
  });

  it('say how to pipe the rendering in when kubectl is not on PATH', () => {
    process.env.PATH = join(dir, 'empty-bin');
    const r = loadPaths(['app'], {}, { cwd: dir });
    expect(r.resources).toEqual([]);
    expect(r.findings).toMatchObject([{ rule: 'kustomization-not-rendered', input: true, location: { file: 'app/kustomization.yaml' } }]);
    expect(r.findings[0]?.message).toContain('kubectl kustomize app | k8s-lint check -');
  });

  it('run kustomize with the network closed: proxies to a refused local port, git limited to local repositories', () => {
    process.env.PATH = join(dir, 'env-bin');
    const r = loadPaths(['app'], {}, { cwd: dir });
    expect(r.findings).toEqual([]);
    expect(r.resources[0]?.raw).toMatchObject({ data: { proxy: 'http://127.0.0.1:9', git: 'file' } });
  });

  it('render for real when the machine has kubectl', () => {
    if (spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status !== 0) {
      console.log('skipped: no kubectl on PATH on this machine');
      return;
    }
    const r = loadPaths(['app'], {}, { cwd: dir });
    expect(r.findings).toEqual([]);
    expect(r.resources.map((x) => `${x.kind}/${x.name}`)).toEqual(['ConfigMap/prod-settings']);
  });
});
