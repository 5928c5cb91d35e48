import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../../src/report/github.js';
import { CONTROLS, FINDINGS, HOSTILE, ctx } from './fixtures.js';

/** The runner's reverse mapping (actions/runner: src/Runner.Common/ActionCommand.cs, UnescapeProperty). */
function unescapeProperty(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

describe('GitHub workflow commands', () => {
  const out = formatGithub(FINDINGS, ctx());
  const lines = out.trimEnd().split('\n');

  it('writes ::error/::warning/::notice with file, line, col and title', () => {
    // Format from https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions#setting-an-error-message
    expect(lines).toContain(
      '::error file=manifests/web.yaml,line=20,col=11,title=k8s-lint(container-missing-resources)::shop/Deployment/web: container "web" sets no resource requests',
    );
    expect(lines).toContain(
      '::warning file=manifests/cart.yaml,line=12,col=5,endLine=13,endColumn=16,title=k8s-lint(service-selector-matches-no-pods)::shop/Service/cart: selector app=cart matches no pod in namespace shop',
    );
    expect(lines.some((l) => l.startsWith('::notice file=pg/templates/statefulset.yaml,title='))).toBe(true);
  });

  it('leaves suppressed findings out', () => {
    expect(out).not.toContain('"side"');
    expect(lines).toHaveLength(FINDINGS.length - 1);
  });

  it('escapes %, CR, LF in data and also : and , in properties (actions/toolkit core/src/command.ts)', () => {
    expect(escapeData('100%\r\n')).toBe('100%25%0D%0A');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('a manifest value cannot start a workflow command or inject terminal escapes', () => {
    const text = formatGithub(
      [{ ...FINDINGS[1]!, message: HOSTILE, location: { file: 'x,line=1::y.yaml\n::add-mask::z', line: 1, column: 1 } }],
      ctx(),
    );
    const ls = text.trimEnd().split('\n');
    expect(ls).toHaveLength(1);
    // The runner ends the command at the first `::` after the leading one (actions/runner ActionCommand.TryParseV2);
    // everything after is data, where `::` is harmless as long as no line break starts a new command.
    const [, props] = /^::error ([^]*?)::/.exec(ls[0]!)!;
    expect(props).toBe('file=x%2Cline=1%3A%3Ay.yaml%0A%3A%3Aadd-mask%3A%3Az,line=1,col=1,title=k8s-lint(container-missing-resources)');
    expect(text).not.toMatch(CONTROLS);
  });

  it('escapeProperty round-trips through the runner unescaping (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const e = escapeProperty(s);
        expect(e).not.toMatch(/[\r\n:,]/);
        expect(unescapeProperty(e)).toBe(s);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
