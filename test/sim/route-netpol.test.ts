/**
 * `route` applies NetworkPolicy at the last hop, through the same reach query as `k8s-lint reach`
 * (bookinfo walkthrough: reviews accepts ingress only from productpage).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { routeReachHook } from '../../src/sim/netpol/route-hook.js';
import { parseSource, parseTarget, traceRoute } from '../../src/sim/routing/index.js';

const a = analyze(['examples/bookinfo'], {}, { cwd: join(import.meta.dirname, '..', '..') });

function routeFrom(app: string) {
  const pod = a.state.pods.find((p) => p.labels.app === app);
  const source = parseSource(`${pod?.namespace}/${pod?.name}`, a.state.pods, 'bookinfo');
  const target = parseTarget('svc/bookinfo/reviews:9080', 'bookinfo');
  if ('error' in source || 'error' in target || !a.state.routing || !a.state.netpol) throw new Error('bad setup');
  return traceRoute(a.state.routing, target, source, { reach: routeReachHook(a.state.netpol) });
}

describe('route with NetworkPolicy', () => {
  it('delivers productpage to every reviews endpoint', () => {
    const t = routeFrom('productpage');
    expect(t.hops.filter((h) => h.step === 'endpoint')).toHaveLength(3);
    expect(t.hops.some((h) => h.step === 'drop')).toBe(false);
  });

  it('drops ratings at the policy hop, naming the policies that isolate reviews', () => {
    const t = routeFrom('ratings');
    const policy = t.hops.filter((h) => h.step === 'policy');
    expect(policy).toHaveLength(3);
    expect(policy[0]?.decision).toContain("'bookinfo/reviews-allow-from-product', 'bookinfo/reviews-deny-all-ingress' select");
    expect(t.hops[t.hops.length - 1]?.step).toBe('drop');
  });
});
