/**
 * Kustomize input: a directory with kustomization.yaml is rendered with `kubectl kustomize` as one unit.
 * The first two tests put a stand-in kubectl (or none) on PATH so they hold on every machine; the last uses
 * the real kubectl when the machine has one.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadPaths } from '../../src/load/index.js';
import { kubectlErrorReason } from '../../src/load/walk.js';
import { loadQueryInput } from '../../src/query-input.js';

let dir: string;
const savedPath = process.env.PATH;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'k8s-lint-kustomize-'));
  mkdirSync(join(dir, 'app'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'empty-bin'));
  mkdirSync(join(dir, 'env-bin'));
  mkdirSync(join(dir, 'origin-bin'));
  // Stand-in for a kustomize with buildMetadata: given the wrapping kustomization, it answers as kustomize does
  // (kubectl.docs.kubernetes.io/references/kustomize/kustomization/buildmetadata): each object annotated with
  // the path it was read from, relative to the wrapper's root, or the kustomization its generator is configured in.
  writeFileSync(
    join(dir, 'origin-bin/kubectl'),
    [
      '#!/bin/sh',
      'grep -q originAnnotations "$2/kustomization.yaml" || exit 4',
      'base=$(sed -n \'s/^- "\\(.*\\)"$/\\1/p\' "$2/kustomization.yaml")',
      'printf "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  annotations:\\n    config.kubernetes.io/origin: |\\n      path: %s/cm.yaml\\n  labels: {env: prod}\\n  name: prod-settings\\n" "$base"',
      'printf -- "---\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  annotations:\\n    config.kubernetes.io/origin: |\\n      configuredIn: %s/kustomization.yaml\\n      configuredBy:\\n        apiVersion: builtin\\n        kind: ConfigMapGenerator\\n    keep: me\\n  name: prod-generated-5c7d4\\n" "$base"',
      '',
    ].join('\n'),
  );
  chmodSync(join(dir, 'origin-bin/kubectl'), 0o755);
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

  it('point findings into the files the objects were written in, through origin annotations', () => {
    // Ahead of the usual PATH: the stand-in itself runs grep and sed.
    process.env.PATH = `${join(dir, 'origin-bin')}${delimiter}${savedPath ?? ''}`;
    const r = loadPaths(['app'], {}, { cwd: dir });
    expect(r.findings).toEqual([]);
    expect(r.files).toEqual(['app/kustomization.yaml']);
    const [written, generated] = r.resources;
    // The annotation is kustomize's, not the user's: it is removed, and an annotations map left empty with it.
    expect(written?.raw).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: { env: 'prod' }, name: 'prod-settings' } });
    expect(generated?.raw.metadata).toEqual({ annotations: { keep: 'me' }, name: 'prod-generated-5c7d4' });
    // app/cm.yaml: `metadata:` on line 3, `name: settings` on line 4; the label exists only once rendered.
    expect(written?.source).toMatchObject({ file: 'app/cm.yaml', index: 0, startLine: 1 });
    expect(written?.source.locate('/metadata/name')).toEqual({ file: 'app/cm.yaml', line: 4, column: 3 });
    expect(written?.source.locate('/metadata/labels/env')).toEqual({ file: 'app/cm.yaml', line: 3, column: 1 });
    // A generator's object was never written: its findings go to the kustomization that configured it.
    expect(generated?.source.locate('/metadata/name')).toEqual({ file: 'app/kustomization.yaml', line: 1, column: 1 });
  });

  it('are not kept in the query load cache when placed in their files of origin', () => {
    process.env.PATH = `${join(dir, 'origin-bin')}${delimiter}${savedPath ?? ''}`;
    const cacheDir = join(dir, 'cache');
    // The written file is an input text too: the entry could name it, but not the rendered object's place in it.
    const cached = loadQueryInput(['app', 'app/cm.yaml'], {}, { cwd: dir }, cacheDir);
    const again = loadQueryInput(['app', 'app/cm.yaml'], {}, { cwd: dir }, cacheDir);
    expect(existsSync(cacheDir) ? readdirSync(cacheDir).filter((f) => f.startsWith('load-')) : []).toEqual([]);
    for (const q of [cached, again]) expect(q.resources[0]?.source.locate('/metadata/name')).toEqual({ file: 'app/cm.yaml', line: 4, column: 3 });
  });

  it('render for real when the machine has kubectl', () => {
    if (spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status !== 0) {
      console.log('skipped: no kubectl on PATH on this machine');
      return;
    }
    const r = loadPaths(['app'], {}, { cwd: dir });
    expect(r.findings).toEqual([]);
    expect(r.resources.map((x) => `${x.kind}/${x.name}`)).toEqual(['ConfigMap/prod-settings']);
    // A kustomize that predates buildMetadata renders without origins: findings stay in the rendered stream.
    const file = r.resources[0]?.source.file;
    expect(['app/cm.yaml', 'app/kustomization.yaml']).toContain(file);
    if (file === 'app/cm.yaml') expect(r.resources[0]?.source.locate('/metadata/name')).toEqual({ file: 'app/cm.yaml', line: 4, column: 3 });
  });

  it('report what kustomize said failed, from kubectl 1.32 structured logs and older plain errors', () => {
    // The form of kubectl 1.32.4's stderr (kustomize v5.5.0) for a missing file, shortened, after a deprecation
    // warning, and with an escaped quote in the reason.
    const structured = `# Warning: 'commonLabels' is deprecated. Please use 'labels' instead.\nE1122 08:13:57.669697     443 run.go:72] "command failed" err="accumulating resources: accumulation err='accumulating resources from 'missing.yaml': lstat /k/missing.yaml: no such file or directory': must build at directory: \\"x\\""\n`;
    expect(kubectlErrorReason(structured)).toBe(`accumulating resources: accumulation err='accumulating resources from 'missing.yaml': lstat /k/missing.yaml: no such file or directory': must build at directory: "x"`);
    expect(kubectlErrorReason("# Warning: 'bases' is deprecated.\nerror: accumulating resources: missing.yaml: no such file\n")).toBe('accumulating resources: missing.yaml: no such file');
    expect(kubectlErrorReason('')).toBeUndefined();
  });
});
