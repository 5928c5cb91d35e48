/**
 * The two-thread `check` (src/analysis/parallel.ts) must be invisible in its results: the worker's findings
 * are the ones the main thread computes itself, and the CLI prints the same bytes with and without it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateManifests } from '../../bench/generate.js';
import { manifestFindings } from '../../src/analysis/manifest-findings.js';
import type * as Parallel from '../../src/analysis/parallel.js';
import { useWorker } from '../../src/analysis/parallel.js';
import { loadTexts } from '../../src/load/index.js';
import { buildModel } from '../../src/model/build.js';
import { ensureBuilt, k8sLint, ROOT } from '../cli/helpers.js';

// About 1.4 MB: above the threshold at which `check` starts a worker.
const text = generateManifests(4_000, 7);
const job = { schema: { strict: true }, ruleDirs: [], settings: { enableAll: false, external: [] } };

describe('when a worker is used', () => {
  it('for inputs of a megabyte or more on four cores or more; K8S_LINT_THREADS=1 or 2 decides', () => {
    const small = [{ file: 'a.yaml', text: 'kind: Pod\n' }];
    const large = [{ file: 'a.yaml', text }];
    expect(useWorker(small, {}, 8)).toBe(false);
    expect(useWorker(large, {}, 8)).toBe(true);
    expect(useWorker(large, {}, 2)).toBe(false);
    expect(useWorker(large, { K8S_LINT_THREADS: '1' }, 8)).toBe(false);
    expect(useWorker(large, { K8S_LINT_THREADS: '2' }, 2)).toBe(true);
    expect(useWorker(small, { K8S_LINT_THREADS: '2' }, 2)).toBe(false);
  });
});

describe('the worker', () => {
  beforeAll(() => ensureBuilt());

  it('answers with exactly the findings the main thread computes for the manifests', async () => {
    // The worker runs compiled code (dist/): load the built module so its worker.js sits beside it.
    const built = (await import(pathToFileURL(join(ROOT, 'dist/analysis/parallel.js')).href)) as typeof Parallel;
    const texts = [{ file: 'big.yaml', text }];
    const fromWorker = await built.startManifestWorker({ texts, load: {}, job });
    const loaded = loadTexts(texts);
    const here = manifestFindings(loaded.resources, buildModel(loaded.resources), job);
    expect(fromWorker).toBeDefined();
    expect(here.length).toBeGreaterThan(1_000);
    expect(fromWorker).toEqual(here);
  });

  it('leaves the CLI output byte for byte the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-lint-parallel-'));
    writeFileSync(join(dir, 'big.yaml'), text);
    const one = k8sLint(['check', 'big.yaml', '--format', 'json', '--output', 'one.json'], dir, undefined, { K8S_LINT_THREADS: '1' });
    const two = k8sLint(['check', 'big.yaml', '--format', 'json', '--output', 'two.json'], dir, undefined, { K8S_LINT_THREADS: '2' });
    expect(one.status).toBe(1);
    expect(two.status).toBe(one.status);
    const output = readFileSync(join(dir, 'one.json'), 'utf8');
    expect(readFileSync(join(dir, 'two.json'), 'utf8')).toBe(output);
    // Dry-run findings (main thread) and catalog findings (worker) are both there.
    const rules = new Set((JSON.parse(output) as { findings: { rule: string }[] }).findings.map((f) => f.rule));
    expect(rules.has('unschedulable-pod')).toBe(true);
    expect(rules.has('run-as-non-root')).toBe(true);
  });
});
