import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, progressAllowed } from '../../src/report/progress.js';

const watching = { stderrIsTTY: true, stdoutIsTTY: true, env: {}, quiet: false };

describe('progress bar gating', () => {
  it('shows only to a person: TTYs, no CI, not quiet', () => {
    expect(progressAllowed(watching)).toBe(true);
    expect(progressAllowed({ ...watching, stdoutIsTTY: false })).toBe(false);
    expect(progressAllowed({ ...watching, stderrIsTTY: false })).toBe(false);
    expect(progressAllowed({ ...watching, quiet: true })).toBe(false);
    // GitHub Actions, GitLab CI, CircleCI and Travis all export CI=true.
    expect(progressAllowed({ ...watching, env: { CI: 'true' } })).toBe(false);
    expect(progressAllowed({ ...watching, env: { CI: '1' } })).toBe(false);
    expect(progressAllowed({ ...watching, env: { CI: 'false' } })).toBe(true);
  });
});

describe('progress bar drawing', () => {
  function run(allowed: boolean, times: number[]): { out: string; shown: boolean } {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (d: Buffer) => (out += d.toString()));
    let i = 0;
    const p = createProgress({ allowed, stream, now: () => times[Math.min(i++, times.length - 1)] as number });
    for (let done = 1; done <= times.length - 1; done++) p.update({ phase: 'files read', done, total: times.length - 1 });
    const shown = p.shown;
    p.stop();
    stream.end();
    return { out, shown };
  }

  it('draws nothing for runs shorter than 2 s', () => {
    expect(run(true, [0, 100, 500, 1900])).toEqual({ out: '', shown: false });
  });

  it('draws on stderr once 2 s have passed', () => {
    const r = run(true, [0, 100, 2100, 2500, 3000]);
    expect(r.shown).toBe(true);
    expect(r.out).toContain('files read');
  });

  it('never draws when not allowed, however long the run', () => {
    expect(run(false, [0, 5000, 10000])).toEqual({ out: '', shown: false });
  });
});
