/**
 * Replicas of a workload share one labels, one annotations and one spec object (workloads.ts), and the
 * scheduler and the default spread selectors memoise by those objects. That is only sound while nothing
 * writes to them: here expandWorkloads' pods are deep-frozen (so a write throws, ESM being strict) and the
 * whole dry run and rule set run over them, giving the same findings as without freezing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { generateManifests } from '../../bench/generate.js';
import { loadTexts } from '../../src/load/index.js';
import { buildModel } from '../../src/model/build.js';
import { loadRuleSet, packageRoot, runRules } from '../../src/rules/index.js';
import { simulate } from '../../src/sim/index.js';
import type * as Workloads from '../../src/sim/workloads.js';

const freezing = vi.hoisted(() => ({ on: false }));

vi.mock('../../src/sim/workloads.js', async (importOriginal) => {
  const original = await importOriginal<typeof Workloads>();
  const deepFreeze = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  };
  return {
    ...original,
    expandWorkloads: (...args: Parameters<typeof original.expandWorkloads>) => {
      const result = original.expandWorkloads(...args);
      if (freezing.on) for (const p of result.pods) for (const shared of [p.labels, p.annotations, p.spec]) deepFreeze(shared);
      return result;
    },
  };
});

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function findings(texts: { file: string; text: string }[], frozen: boolean): string[] {
  freezing.on = frozen;
  try {
    const model = buildModel(loadTexts(texts).resources);
    const state = simulate(model, { cronjobs: true });
    // The freezing reached the pods the dry run made (the mock is in effect).
    expect(state.pods.length > 0 && state.pods.every((p) => Object.isFrozen(p.labels))).toBe(frozen);
    return runRules(loadRuleSet([]).rules, { model, state, settings: {} }).map((f) => `${f.location.file}:${f.location.line} ${f.rule} ${f.message}`);
  } finally {
    freezing.on = false;
  }
}

it('the dry run and the rules never write to a pod’s shared labels, annotations or spec', () => {
  const examples = yamlFiles(join(packageRoot(), 'examples')).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const inputs = [examples, [{ file: 'generated.yaml', text: generateManifests(600, 3) }]];
  for (const texts of inputs) {
    const plain = findings(texts, false);
    expect(plain.length).toBeGreaterThan(0);
    expect(findings(texts, true)).toEqual(plain);
  }
});
