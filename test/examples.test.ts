/** The bundled examples say what `check` must find in them; these tests hold them to it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/index.js';
import { expectedMarkers } from './helpers/expect-markers.js';

const root = join(import.meta.dirname, '..');

describe('examples/broken', () => {
  const dir = join(root, 'examples/broken');
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();

  it('has one file per mistake, each naming the finding it must produce', () => {
    for (const f of files) expect(expectedMarkers(readFileSync(join(dir, f), 'utf8')).length, f).toBeGreaterThan(0);
  });

  it('check finds exactly the marked findings', () => {
    const analysis = analyze(['examples/broken'], {}, { cwd: root });
    const actual = analysis.findings.filter((f) => !f.suppressed).map((f) => `${f.location.file}:${f.location.line} ${f.rule}`).sort();
    const expected = files
      .flatMap((f) => expectedMarkers(readFileSync(join(dir, f), 'utf8')).map((m) => `examples/broken/${f}:${m.line} ${m.id}`))
      .sort();
    expect(actual).toEqual(expected);
  });
});

describe('examples/bookinfo', () => {
  it('loads every object and has no errors', () => {
    const analysis = analyze(['examples/bookinfo'], {}, { cwd: root });
    expect(analysis.resources.length).toBe(17);
    expect(analysis.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
