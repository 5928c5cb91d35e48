import { describe, expect, it } from 'vitest';
import { planOutputs, writeReports } from '../../src/report/outputs.js';
import { FINDINGS, ctx } from './fixtures.js';

describe('--format/--output pairs', () => {
  it('defaults to one stylish report on stdout', () => {
    expect(planOutputs(undefined, undefined)).toEqual({ targets: [{ format: 'stylish' }] });
    expect(planOutputs(undefined, ['out.txt'])).toEqual({ targets: [{ format: 'stylish', file: 'out.txt' }] });
  });

  it('pairs by position, `-` meaning stdout (kube-linter docs/using-kubelinter.md)', () => {
    expect(planOutputs(['sarif', 'junit', 'compact'], ['a.sarif', 'b.xml', '-'])).toEqual({
      targets: [{ format: 'sarif', file: 'a.sarif' }, { format: 'junit', file: 'b.xml' }, { format: 'compact' }],
    });
  });

  it('refuses mismatched counts, two stdout reports, a file twice, unknown formats', () => {
    for (const [f, o] of [
      [['sarif', 'junit'], ['a']],
      [['sarif', 'junit'], undefined],
      [['sarif', 'junit'], ['-', '-']],
      [['sarif', 'junit'], ['a', './a']],
      [['xml'], undefined],
    ] as const) {
      const r = planOutputs(f, o);
      expect('error' in r, JSON.stringify([f, o])).toBe(true);
    }
  });

  it('writes every report and returns write errors as values', () => {
    const files = new Map<string, string>();
    let stdout = '';
    const errors = writeReports(
      FINDINGS,
      ctx(),
      [{ format: 'sarif', file: 'r.sarif' }, { format: 'junit', file: 'bad/r.xml' }, { format: 'compact' }],
      {
        stdout: (s) => (stdout += s),
        writeFile: (f, t) => {
          if (f.startsWith('bad/')) throw new Error('EACCES');
          files.set(f, t);
        },
      },
    );
    expect([...files.keys()]).toEqual(['r.sarif']);
    expect(stdout).toContain('[yaml-syntax]');
    expect(errors).toEqual([{ code: 'output-write', message: 'Cannot write bad/r.xml: EACCES' }]);
  });
});
