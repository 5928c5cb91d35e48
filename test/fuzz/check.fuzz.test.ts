/**
 * Robustness: random YAML texts and random mutations of realistic manifests through `check`'s core. No
 * exception escapes, every run finishes within a bound, and the output is deterministic. Seeded and bounded;
 * `npm run fuzz` runs the same properties far longer (FUZZ_RUNS).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { analyzeTexts } from '../../src/index.js';
import { mutatedStream, yamlishText } from './arbitraries.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? 42);
const root = join(import.meta.dirname, '..', '..');
const bookinfo = parseAllDocuments(readFileSync(join(root, 'examples/bookinfo/bookinfo.yaml'), 'utf8')).map((d) => d.toJS() as unknown);
const policies = parseAllDocuments(readFileSync(join(root, 'examples/bookinfo/network-policies.yaml'), 'utf8')).map((d) => d.toJS() as unknown);

function runCheck(text: string): string {
  const start = performance.now();
  const analysis = analyzeTexts([{ file: 'fuzz.yaml', text }]);
  expect(performance.now() - start).toBeLessThan(10_000);
  for (const f of analysis.findings) {
    expect(f.location.line).toBeGreaterThanOrEqual(1);
    expect(f.location.column).toBeGreaterThanOrEqual(1);
  }
  return JSON.stringify(analysis.findings);
}

describe('fuzz: check', () => {
  it('survives random YAML-ish text, deterministically', () => {
    fc.assert(
      fc.property(yamlishText, (text) => {
        expect(runCheck(text)).toBe(runCheck(text));
      }),
      { seed: SEED, numRuns: RUNS * 4 },
    );
  });

  it('survives random mutations of the bookinfo example, deterministically', () => {
    fc.assert(
      fc.property(mutatedStream([...bookinfo, ...policies]), (text) => {
        expect(runCheck(text)).toBe(runCheck(text));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
