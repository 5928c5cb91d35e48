import { describe, expect, it } from 'vitest';
import { formatCompact } from '../../src/report/compact.js';
import { CONTROLS, FINDINGS, HOSTILE, ctx } from './fixtures.js';

describe('compact format', () => {
  it('prints file:line:column: severity: message [rule], relative to cwd, sorted', () => {
    // GCC's diagnostic shape (https://gcc.gnu.org/onlinedocs/gcc/Diagnostic-Message-Formatting-Options.html),
    // which vim's default 'errorformat' and VS Code's $gcc problem matcher parse.
    expect(formatCompact(FINDINGS, ctx()).split('\n')).toEqual([
      '<stdin>:44:7: info: db/StatefulSet/pg: container "db" sets no resource requests [container-missing-resources] (pg/templates/statefulset.yaml)',
      'manifests/broken file.yaml:3:1: error: Implicit keys need to be on a single line [yaml-syntax]',
      'manifests/cart.yaml:12:5: warning: shop/Service/cart: selector app=cart matches no pod in namespace shop [service-selector-matches-no-pods]',
      'manifests/web.yaml:20:11: error: shop/Deployment/web: container "web" sets no resource requests [container-missing-resources]',
      '',
    ]);
  });

  it('one line per finding, no terminal escapes from manifest values', () => {
    const out = formatCompact([{ ...FINDINGS[0]!, message: HOSTILE }], ctx());
    expect(out.trimEnd().split('\n')).toHaveLength(1);
    expect(out).not.toMatch(CONTROLS);
  });

  it('prints nothing for no findings', () => {
    expect(formatCompact([], ctx())).toBe('');
  });
});
