/** The pure function behind `k8s-lint reach`: flags in, text and exit status out. */
import { describe, expect, it } from 'vitest';
import { runDiff, runReach } from '../../../src/sim/netpol/cli.js';
import { compileNetpol } from '../../../src/sim/netpol/state.js';
import { bookinfoNamespaces, bookinfoPods, bookinfoPolicies, bookinfoServices } from './bookinfo.js';

const input = { pods: bookinfoPods, namespaces: bookinfoNamespaces, resources: bookinfoPolicies, services: bookinfoServices };

describe('runReach', () => {
  it('answers SRC DST in text and json', () => {
    const t = runReach(input, { src: 'bookinfo/productpage-v1', dst: 'deploy/bookinfo/reviews-v1', port: '9080/TCP' });
    expect(t.exit).toBe(0);
    expect(t.stdout.split('\n')[0]).toBe('bookinfo/productpage-v1 => deploy/bookinfo/reviews-v1: allowed');
    const j = JSON.parse(runReach(input, { src: 'bookinfo/productpage-v1', dst: 'deploy/bookinfo/reviews-v1', port: '9080', output: 'json' }).stdout) as { summary: string };
    expect(j.summary).toBe('allowed');
  });

  it('usage errors are values with exit 2', () => {
    expect(runReach(input, { src: 'bookinfo/productpage-v1', dst: 'bookinfo/x', port: '9080' }).exit).toBe(2);
    expect(runReach(input, { src: 'bookinfo/productpage-v1', dst: 'deploy/bookinfo/reviews-v1', port: '99999' }).error).toMatch(/between 1 and 65535/);
    expect(runReach(input, { matrix: true, format: 'xml' }).error).toMatch(/unknown --format/);
    expect(runReach(input, {}).exit).toBe(2);
  });

  it('prints the matrix in every format, and the truth table for --focus-port', () => {
    for (const format of ['connlist', 'csv', 'json', 'md', 'dot', 'mermaid']) expect(runReach(input, { matrix: true, format }).exit).toBe(0);
    const table = runReach(input, { matrix: true, format: 'table', focusPort: '9080' }).stdout;
    expect(table.split('\n')[0]).toBe('TCP/9080');
    expect(table).toContain('bookinfo/ratings-v1-0\t.\t\t.\t\t.\t\tX\t\tX\t\tX\t\n');
  });

  it('explains matrix lines with the deciding rule', () => {
    const out = runReach(input, { matrix: true, explain: true, focus: 'bookinfo/reviews-v2' }).stdout;
    expect(out).toContain("bookinfo/productpage-v1[Deployment] => bookinfo/reviews-v2[Deployment] : All Connections\n    NetworkPolicy 'bookinfo/reviews-allow-from-product' allows connections by Ingress rule #1\n");
  });

  it('lists exposure', () => {
    expect(runReach(input, { exposure: true }).stdout).toContain('bookinfo/reviews-v1[Deployment] \t<= \tbookinfo/[pod with {app=productpage}] : All Connections');
  });

  it('diffs two inputs', () => {
    const before = compileNetpol(input);
    const after = compileNetpol({ ...input, resources: [] });
    expect(runDiff(before, after, {}).stdout).toContain(
      'diff-type: added, source: bookinfo/details-v1[Deployment], destination: bookinfo/reviews-v1[Deployment], ref1: No Connections, ref2: All Connections',
    );
  });
});

describe('withNamespaceLabels', () => {
  it('gives labels to namespaces the input does not declare, keeping the name label', async () => {
    const { withNamespaceLabels } = await import('../../../src/sim/netpol/cli.js');
    const m = withNamespaceLabels(new Map(), ['shop:team=payments', 'shop:env=prod']);
    expect('error' in m ? m : m.get('shop')?.labels).toEqual({ team: 'payments', env: 'prod', 'kubernetes.io/metadata.name': 'shop' });
    expect(withNamespaceLabels(new Map(), ['shop=team'])).toEqual({ error: '--namespace-label shop=team: expected NAMESPACE:KEY=VALUE (e.g. shop:team=payments)' });
  });
});
