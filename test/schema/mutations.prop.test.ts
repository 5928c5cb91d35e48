/**
 * Property: every mutation of a valid manifest — a value of the wrong type, an unknown key, a required field
 * removed — is flagged, and the issue points inside the mutated field (for a removed field: at its parent).
 * Required fields are those whose Go JSON tag has no `omitempty` in kubernetes/api (apps/v1, core/v1,
 * networking/v1 types.go).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pointerTokens, toPointer } from '../../src/model/location.js';
import type { Resource } from '../../src/model/resource.js';
import { splitApiVersion } from '../../src/model/resource.js';
import { createSchemaValidator } from '../../src/schema/index.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const BASES: { raw: { [k: string]: Json }; required: string[] }[] = [
  {
    raw: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'nginx:1.27',
                imagePullPolicy: 'IfNotPresent',
                ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
                env: [{ name: 'MODE', value: 'prod' }],
                resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
                readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
              },
            ],
            restartPolicy: 'Always',
            tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
          },
        },
      },
    },
    required: [
      '/spec/selector',
      '/spec/template',
      '/spec/template/spec/containers',
      '/spec/template/spec/containers/0/name',
      '/spec/template/spec/containers/0/ports/0/containerPort',
      '/spec/template/spec/containers/0/env/0/name',
      '/spec/template/spec/containers/0/readinessProbe/httpGet/port',
    ],
  },
  {
    raw: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
    },
    required: ['/spec/ports/0/port'],
  },
  {
    raw: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        ingressClassName: 'nginx',
        rules: [
          {
            host: 'shop.example.com',
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] },
          },
        ],
      },
    },
    required: [
      '/spec/rules/0/http/paths',
      '/spec/rules/0/http/paths/0/pathType',
      '/spec/rules/0/http/paths/0/backend',
      '/spec/rules/0/http/paths/0/backend/service/name',
    ],
  },
  {
    raw: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'db', namespace: 'shop' },
      spec: {
        podSelector: { matchLabels: { role: 'db' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] } }], ports: [{ port: 5432, protocol: 'TCP' }] }],
      },
    },
    required: ['/spec/ingress/0/from/0/podSelector/matchExpressions/0/key', '/spec/ingress/0/from/0/podSelector/matchExpressions/0/operator'],
  },
  {
    raw: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop', annotations: { a: 'b' } }, data: { LOG: 'info' } },
    required: [],
  },
];

/** Objects whose keys are free (maps), so an extra key there is no mistake. */
const MAP_FIELDS = new Set(['labels', 'annotations', 'matchLabels', 'data', 'limits', 'requests', 'nodeSelector']);
const isMap = (pointer: string, kind: string): boolean => {
  const last = pointerTokens(pointer).pop() ?? '';
  return MAP_FIELDS.has(last) || (kind === 'Service' && pointer === '/spec/selector');
};

function nodes(v: Json, pointer = ''): { pointer: string; value: Json }[] {
  const out = [{ pointer, value: v }];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...nodes(x, `${pointer}/${i}`)));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...nodes(x, toPointer([...pointerTokens(pointer), k])));
  return out;
}

function setAt(root: Json, pointer: string, f: (parent: { [k: string]: Json } | Json[], key: string) => void): Json {
  const copy = structuredClone(root);
  const tokens = pointerTokens(pointer);
  const last = tokens.pop() as string;
  let cur: Json = copy;
  for (const t of tokens) cur = (Array.isArray(cur) ? cur[Number(t)] : (cur as { [k: string]: Json })[t]) as Json;
  f(cur as { [k: string]: Json } | Json[], last);
  return copy;
}

function resource(raw: { [k: string]: Json }): Resource {
  const apiVersion = String(raw.apiVersion);
  const { group, version } = splitApiVersion(apiVersion);
  return {
    apiVersion,
    group,
    version,
    kind: String(raw.kind),
    namespace: 'shop',
    name: 'x',
    key: 'k',
    raw,
    pointerPrefix: '',
    source: { file: 'x.yaml', index: 0, startLine: 1, locate: () => ({ file: 'x.yaml', line: 1, column: 1 }) },
  };
}

const validator = createSchemaValidator({ crds: [] });
const PROTECTED = new Set(['', '/apiVersion', '/kind', '/metadata', '/metadata/name', '/metadata/namespace']);

describe('mutations of valid manifests', () => {
  it('the unmutated bases are valid', () => {
    for (const b of BASES) expect(validator.validate(resource(b.raw))).toEqual([]);
  });

  it('flags every mutation and points inside the mutated field', () => {
    fc.assert(
      fc.property(fc.nat(BASES.length - 1), fc.constantFrom('type', 'unknown', 'required'), fc.nat(10_000), fc.nat(2), (bi, mutation, pick, variant) => {
        const base = BASES[bi] as (typeof BASES)[number];
        const kind = String(base.raw.kind);
        let mutated: Json;
        let expectAt: string;
        let expectPrefix: boolean;
        if (mutation === 'type') {
          const leaves = nodes(base.raw).filter((n) => n.value === null || typeof n.value !== 'object').filter((n) => !PROTECTED.has(n.pointer));
          const target = leaves[pick % leaves.length] as { pointer: string; value: Json };
          // A value no field of that scalar's kind accepts: strings, numbers and booleans never take an
          // object or an array; a boolean never takes a string (nor int-or-string fields a boolean).
          const wrong: Json[] = typeof target.value === 'boolean' ? [{ a: 1 }, [1], 'yes'] : [{ a: 1 }, [1], true];
          mutated = setAt(base.raw, target.pointer, (p, k) => {
            (p as { [k: string]: Json })[k] = wrong[variant] as Json;
          });
          expectAt = target.pointer;
          expectPrefix = true;
        } else if (mutation === 'unknown') {
          const objects = nodes(base.raw).filter((n) => n.value !== null && typeof n.value === 'object' && !Array.isArray(n.value) && !isMap(n.pointer, kind));
          const target = objects[pick % objects.length] as { pointer: string; value: Json };
          const key = ['zzUnknown', 'imagee', 'specc'][variant] as string;
          mutated = setAt(base.raw, `${target.pointer}/${key}`, (p, k) => {
            (p as { [k: string]: Json })[k] = 'x';
          });
          expectAt = `${target.pointer}/${key}`;
          expectPrefix = false;
        } else {
          if (base.required.length === 0) return true;
          const path = base.required[pick % base.required.length] as string;
          mutated = setAt(base.raw, path, (p, k) => {
            if (Array.isArray(p)) p.splice(Number(k), 1);
            else delete p[k];
          });
          expectAt = toPointer(pointerTokens(path).slice(0, -1));
          expectPrefix = false;
        }
        const issues = validator.validate(resource(mutated as { [k: string]: Json }));
        const hit = issues.some((i) => (expectPrefix ? i.pointer === expectAt || i.pointer.startsWith(`${expectAt}/`) : i.pointer === expectAt));
        if (!hit) throw new Error(`${mutation} at ${expectAt} not flagged: ${JSON.stringify(issues)}`);
        return true;
      }),
      { seed: 42, numRuns: 400 },
    );
  });
});
