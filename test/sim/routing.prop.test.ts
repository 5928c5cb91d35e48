/**
 * Property: the Ingress router agrees with a brute-force reference matcher, written independently from the
 * API text (kubernetes/api networking/v1 types.go: Exact is string equality; Prefix is an element-wise prefix
 * ignoring a trailing slash; a `*.` host covers exactly one label; longest path wins, Exact before Prefix),
 * plus the documented controller choices (exact host > wildcard > no host; oldest Ingress on ties;
 * defaultBackend of the claiming Ingress, else 404).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchIngress, normalizeIngresses } from '../../src/sim/routing/index.js';
import { resource } from './services-builder.js';

const seg = fc.constantFrom('a', 'b', 'ab', 'c');
const pathArb = fc.tuple(fc.array(seg, { maxLength: 3 }), fc.boolean()).map(([s, slash]) => '/' + s.join('/') + (slash && s.length > 0 ? '/' : ''));
const hostArb = fc.constantFrom(undefined, 'x.com', 'y.x.com', '*.x.com', 'z.y.x.com', '*.y.x.com');
const ruleArb = fc.record({ path: pathArb, pathType: fc.constantFrom('Exact', 'Prefix', 'ImplementationSpecific'), svc: fc.constantFrom('s1', 's2', 's3', 's4') });
const ingressArb = fc.record({
  rules: fc.array(fc.record({ host: hostArb, paths: fc.array(ruleArb, { minLength: 1, maxLength: 3 }) }), { maxLength: 3 }),
  defaultSvc: fc.option(fc.constantFrom('d1', 'd2'), { nil: undefined }),
  day: fc.integer({ min: 1, max: 28 }),
});

interface RefPath {
  ingress: number;
  day: number;
  host?: string;
  path: string;
  pathType: string;
  svc: string;
  order: number;
}

function refHost(rule: string, req: string): boolean {
  if (rule.startsWith('*.')) return req.split('.').length === rule.split('.').length && req.endsWith(rule.slice(1));
  return rule === req;
}

function refPath(p: RefPath, req: string): boolean {
  if (p.pathType === 'Exact') return p.path === req;
  const r = p.path.replace(/\/+$/, '');
  return r === '' || req === r || req.startsWith(r + '/');
}

type IngressSpec = typeof ingressArb extends fc.Arbitrary<infer T> ? T : never;

function reference(ings: IngressSpec[], host: string, req: string): string {
  const all: RefPath[] = [];
  let order = 0;
  ings.forEach((ing, i) => ing.rules.forEach((rule) => rule.paths.forEach((p) => all.push({ ingress: i, day: ing.day, ...(rule.host ? { host: rule.host } : {}), path: p.path, pathType: p.pathType, svc: p.svc, order: order++ }))));
  const age = (i: number): [number, number] => [ings[i]!.day, i];
  const groups: ((p: RefPath) => boolean)[] = [(p) => p.host !== undefined && !p.host.startsWith('*') && p.host === host, (p) => p.host !== undefined && p.host.startsWith('*') && refHost(p.host, host), (p) => p.host === undefined];
  const claims: ((r: { host?: string }) => boolean)[] = [(r) => r.host !== undefined && !r.host.startsWith('*') && r.host === host, (r) => r.host !== undefined && r.host.startsWith('*') && refHost(r.host, host), () => true];
  for (let g = 0; g < 3; g++) {
    const owners = ings.map((_, i) => i).filter((i) => (g === 2 ? true : ings[i]!.rules.some((r) => claims[g]!(r))));
    if (g < 2 && owners.length === 0) continue;
    const matches = all.filter((p) => groups[g]!(p) && refPath(p, req));
    if (matches.length > 0) {
      let best = matches[0]!;
      for (const m of matches.slice(1)) {
        const better =
          m.path.length > best.path.length ||
          (m.path.length === best.path.length && m.pathType === 'Exact' && best.pathType !== 'Exact') ||
          (m.path.length === best.path.length && (m.pathType === 'Exact') === (best.pathType === 'Exact') && (age(m.ingress)[0] < age(best.ingress)[0] || (age(m.ingress)[0] === age(best.ingress)[0] && m.ingress < best.ingress)));
        if (better) best = m;
      }
      return best.svc;
    }
    const sorted = owners.sort((a, b) => age(a)[0] - age(b)[0] || a - b);
    const withDefault = sorted.find((i) => ings[i]!.defaultSvc !== undefined);
    if (withDefault !== undefined) return ings[withDefault]!.defaultSvc as string;
    if (g < 2) return '404';
  }
  return '404';
}

describe('matchIngress (property)', () => {
  it('agrees with the brute-force reference matcher', () => {
    fc.assert(
      fc.property(fc.array(ingressArb, { minLength: 1, maxLength: 3 }), fc.constantFrom('x.com', 'y.x.com', 'z.y.x.com', 'w.x.com', 'other.org'), pathArb, (ings, host, req) => {
        const resources = ings.map((ing, i) =>
          resource({
            apiVersion: 'networking.k8s.io/v1',
            kind: 'Ingress',
            // Names sort in index order so "oldest, then namespace/name" is the reference's (day, index).
            metadata: { name: `ing-${i}`, namespace: 'default', creationTimestamp: `2024-01-${String(ing.day).padStart(2, '0')}T00:00:00Z` },
            spec: {
              ...(ing.defaultSvc ? { defaultBackend: { service: { name: ing.defaultSvc, port: { number: 80 } } } } : {}),
              rules: ing.rules.map((r) => ({ ...(r.host ? { host: r.host } : {}), http: { paths: r.paths.map((p) => ({ path: p.path, pathType: p.pathType, backend: { service: { name: p.svc, port: { number: 80 } } } })) } })),
            },
          }),
        );
        const m = matchIngress(normalizeIngresses(resources), host, req);
        const got = m.path?.backend.serviceName ?? m.defaultBackend?.backend.serviceName ?? '404';
        expect(got).toBe(reference(ings, host, req));
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});
