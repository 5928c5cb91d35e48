/** The HTML report's heat map comes from the dry run's NetworkPolicy matrix (bookinfo walkthrough policies). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { clusterViews } from '../../src/report/cluster-views.js';

describe('reachability view', () => {
  it('shows reviews reachable from productpage only, and leaves a workload to itself unjudged', () => {
    const a = analyze(['examples/bookinfo'], {}, { cwd: join(import.meta.dirname, '..', '..') });
    const view = clusterViews(a.model, a.state).reachability;
    expect(view).toBeDefined();
    if (!view) return;
    const at = (from: string, to: string): boolean | null | undefined =>
      view.allowed[view.labels.indexOf(`bookinfo/${from}[Deployment]`)]?.[view.labels.indexOf(`bookinfo/${to}[Deployment]`)];
    expect(at('productpage-v1', 'reviews-v1')).toBe(true);
    expect(at('ratings-v1', 'reviews-v1')).toBe(false);
    expect(at('reviews-v2', 'ratings-v1')).toBe(true);
    expect(at('details-v1', 'details-v1')).toBeNull();
  });
});
