/**
 * Ingress matching against upstream examples:
 * - kubernetes-sigs/ingress-controller-conformance features/host_rules.feature and path_rules.feature
 *   (@release-1.19, networking.k8s.io/v1 manifests restated below);
 * - the "Examples" table of kubernetes/website content/en/docs/concepts/services-networking/ingress.md;
 * - API validation messages of kubernetes/kubernetes pkg/apis/networking/validation/validation.go.
 */
import { describe, expect, it } from 'vitest';
import { hostMatches, matchIngress, normalizeIngresses, pathMatches, validateIngressPath } from '../../src/sim/routing/index.js';
import type { IngressSet } from '../../src/sim/routing/index.js';
import { resource } from './services-builder.js';

function ingress(name: string, spec: Record<string, unknown>, meta: Record<string, unknown> = {}, apiVersion = 'networking.k8s.io/v1'): ReturnType<typeof resource> {
  return resource({ apiVersion, kind: 'Ingress', metadata: { name, namespace: 'default', ...meta }, spec });
}
const be = (name: string, port: number | string): Record<string, unknown> => ({ service: { name, port: typeof port === 'number' ? { number: port } : { name: port } } });
const route = (set: IngressSet, host: string, path: string): string => {
  const m = matchIngress(set, host, path);
  const b = m.path?.backend ?? m.defaultBackend?.backend;
  return b?.serviceName ?? '404';
};

describe('host_rules.feature', () => {
  const set = normalizeIngresses([
    ingress('host-rules', {
      tls: [{ hosts: ['foo.bar.com'], secretName: 'conformance-tls' }],
      rules: [
        { host: '*.foo.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: be('wildcard-foo-com', 8080) }] } },
        { host: 'foo.bar.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: be('foo-bar-com', 'http') }] } },
      ],
    }),
  ]);
  it.each([
    ['foo.bar.com', 'foo-bar-com'],
    ['subdomain.bar.com', '404'],
    ['bar.foo.com', 'wildcard-foo-com'],
    ['baz.bar.foo.com', '404'],
    ['foo.com', '404'],
  ])('%s -> %s', (host, expected) => {
    expect(route(set, host, '/')).toBe(expected);
  });
});

describe('path_rules.feature', () => {
  const set = normalizeIngresses([
    ingress('path-rules', {
      rules: [
        { host: 'exact-path-rules', http: { paths: [{ path: '/foo', pathType: 'Exact', backend: be('foo-exact', 8080) }] } },
        {
          host: 'prefix-path-rules',
          http: {
            paths: [
              { path: '/foo', pathType: 'Prefix', backend: be('foo-prefix', 8080) },
              { path: '/aaa/bbb', pathType: 'Prefix', backend: be('aaa-slash-bbb-prefix', 8080) },
              { path: '/aaa', pathType: 'Prefix', backend: be('aaa-prefix', 8080) },
            ],
          },
        },
        {
          host: 'mixed-path-rules',
          http: {
            paths: [
              { path: '/foo', pathType: 'Prefix', backend: be('foo-prefix', 8080) },
              { path: '/foo', pathType: 'Exact', backend: be('foo-exact', 8080) },
            ],
          },
        },
        {
          host: 'trailing-slash-path-rules',
          http: {
            paths: [
              { path: '/aaa/bbb/', pathType: 'Prefix', backend: be('aaa-slash-bbb-slash-prefix', 8080) },
              { path: '/foo/', pathType: 'Exact', backend: be('foo-slash-exact', 8080) },
            ],
          },
        },
      ],
    }),
  ]);
  it.each([
    ['exact-path-rules', '/foo', 'foo-exact'],
    ['exact-path-rules', '/foo/', '404'],
    ['exact-path-rules', '/FOO', '404'],
    ['exact-path-rules', '/bar', '404'],
    ['prefix-path-rules', '/foo', 'foo-prefix'],
    ['prefix-path-rules', '/foo/', 'foo-prefix'],
    ['prefix-path-rules', '/aaa/bbb', 'aaa-slash-bbb-prefix'],
    ['prefix-path-rules', '/aaa/bbbccc', 'aaa-prefix'],
    ['prefix-path-rules', '/aaa/bbb/ccc', 'aaa-slash-bbb-prefix'],
    ['prefix-path-rules', '/aaa/ccc', 'aaa-prefix'],
    ['prefix-path-rules', '/aaaccc', '404'],
    ['mixed-path-rules', '/foo', 'foo-exact'],
    ['mixed-path-rules', '/foo/', 'foo-prefix'],
    ['trailing-slash-path-rules', '/aaa/bbb', 'aaa-slash-bbb-slash-prefix'],
    ['trailing-slash-path-rules', '/aaa/bbb/', 'aaa-slash-bbb-slash-prefix'],
    ['trailing-slash-path-rules', '/foo/', 'foo-slash-exact'],
    ['trailing-slash-path-rules', '/foo', '404'],
  ])('%s%s -> %s', (host, path, expected) => {
    expect(route(set, host, path)).toBe(expected);
  });
});

describe('website ingress.md "Examples" table', () => {
  const p = (path: string, pathType: 'Exact' | 'Prefix'): { path: string; pathType: 'Exact' | 'Prefix'; regex: boolean } => ({ path, pathType, regex: false });
  it.each([
    [p('/', 'Prefix'), '/anything', true],
    [p('/foo', 'Exact'), '/foo', true],
    [p('/foo', 'Exact'), '/bar', false],
    [p('/foo', 'Exact'), '/foo/', false],
    [p('/foo/', 'Exact'), '/foo', false],
    [p('/foo', 'Prefix'), '/foo', true],
    [p('/foo', 'Prefix'), '/foo/', true],
    [p('/foo/', 'Prefix'), '/foo', true],
    [p('/foo/', 'Prefix'), '/foo/', true],
    [p('/aaa/bb', 'Prefix'), '/aaa/bbb', false],
    [p('/aaa/bbb', 'Prefix'), '/aaa/bbb', true],
    [p('/aaa/bbb/', 'Prefix'), '/aaa/bbb', true],
    [p('/aaa/bbb', 'Prefix'), '/aaa/bbb/', true],
    [p('/aaa/bbb', 'Prefix'), '/aaa/bbb/ccc', true],
    [p('/aaa/bbb', 'Prefix'), '/aaa/bbbxyz', false],
  ])('%o on %s: %s', (rule, request, expected) => {
    expect(pathMatches(rule, request)).toBe(expected);
  });

  it('multiple matches: longest wins; no match falls to the defaultBackend', () => {
    const set = normalizeIngresses([
      ingress('multi', {
        defaultBackend: be('default-svc', 80),
        rules: [{ http: { paths: ['/', '/aaa', '/aaa/bbb'].map((x) => ({ path: x, pathType: 'Prefix', backend: be(`svc${x.replace(/\//g, '-')}`, 80) })) } }],
      }),
    ]);
    expect(route(set, 'any.host', '/aaa/ccc')).toBe('svc-aaa');
    expect(route(set, 'any.host', '/aaa/bbb')).toBe('svc-aaa-bbb');
    expect(route(set, 'any.host', '/ccc')).toBe('svc-');
    const only = normalizeIngresses([ingress('only', { defaultBackend: be('default-svc', 80), rules: [{ http: { paths: [{ path: '/aaa', pathType: 'Prefix', backend: be('aaa', 80) }] } }] })]);
    expect(route(only, 'x', '/ccc')).toBe('default-svc');
  });
});

describe('hosts, classes, legacy shapes and ties', () => {
  it('wildcards cover exactly one label (types.go IngressRule.Host)', () => {
    expect(hostMatches('*.foo.com', 'bar.foo.com')).toBe(true);
    expect(hostMatches('*.foo.com', 'baz.bar.foo.com')).toBe(false);
    expect(hostMatches('*.foo.com', 'foo.com')).toBe(false);
    expect(hostMatches('Foo.Bar.com', 'foo.bar.COM')).toBe(true);
  });

  it('legacy extensions/v1beta1: serviceName/servicePort, backend, empty path matches all', () => {
    const set = normalizeIngresses([
      ingress('old', { backend: { serviceName: 'fallback', servicePort: 80 }, rules: [{ host: 'shop.example.com', http: { paths: [{ backend: { serviceName: 'shop', servicePort: 'http' } }] } }] }, {}, 'extensions/v1beta1'),
    ]);
    expect(set.ingresses[0]!.legacy).toBe(true);
    expect(route(set, 'shop.example.com', '/cart')).toBe('shop');
    expect(matchIngress(set, 'shop.example.com', '/cart').path?.backend.port).toBe('http');
    expect(route(set, 'other.example.com', '/')).toBe('fallback');
  });

  it('the same host and path in two Ingresses: the oldest wins and the tie is reported', () => {
    const rules = (svc: string): Record<string, unknown> => ({ rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: be(svc, 80) }] } }] });
    const set = normalizeIngresses([ingress('newer', rules('new'), { creationTimestamp: '2024-02-01T00:00:00Z' }), ingress('older', rules('old'), { creationTimestamp: '2024-01-01T00:00:00Z' })]);
    const m = matchIngress(set, 'a.example.com', '/x');
    expect(m.path?.backend.serviceName).toBe('old');
    expect(m.ties.map((t) => t.ingress.name)).toEqual(['newer']);
  });

  it('an unknown IngressClass is served by nobody; the single default class is applied to class-less Ingresses', () => {
    const cls = (name: string, isDefault: boolean): ReturnType<typeof resource> =>
      resource({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name, ...(isDefault ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}) }, spec: { controller: 'k8s.io/ingress-nginx' } });
    const rules = { rules: [{ host: 'x.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: be('x', 80) }] } }] };
    const set = normalizeIngresses([cls('nginx', true), ingress('bad', { ingressClassName: 'some-invalid-class-name', ...rules }), ingress('plain', rules)]);
    const byName = new Map(set.ingresses.map((i) => [i.name, i]));
    expect(byName.get('bad')!.served).toBe(false);
    expect(byName.get('plain')).toMatchObject({ served: true, className: 'nginx', classSource: 'default' });
    expect(matchIngress(set, 'x.example.com', '/').path?.ingress.name).toBe('plain');
  });

  it('ingress-nginx use-regex: ImplementationSpecific paths are case-insensitive regular expressions anchored at the start', () => {
    const set = normalizeIngresses([
      ingress('re', { rules: [{ http: { paths: [{ path: '/api/v[0-9]+/items', pathType: 'ImplementationSpecific', backend: be('api', 80) }] } }] }, { annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' } }),
    ]);
    expect(route(set, 'h', '/API/v2/items/7')).toBe('api');
    expect(route(set, 'h', '/api/vx/items')).toBe('404');
  });
});

describe('validateIngressPath (validation.go)', () => {
  it.each([
    ['foo', 'Prefix', ['must be an absolute path']],
    ['/foo//bar', 'Exact', ["must not contain '//'"]],
    ['/foo/..', 'Prefix', ["cannot end with '/..'"]],
    ['/a%2Fb', 'Prefix', ["must not contain '%2F'"]],
    ['/ok/path', 'Prefix', []],
    ['', 'ImplementationSpecific', []],
    ['regex(.*)', 'ImplementationSpecific', ['must be an absolute path']],
  ] as const)('%s (%s)', (path, type, errs) => {
    expect(validateIngressPath(path, type)).toEqual(errs);
  });
});
