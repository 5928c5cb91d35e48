/**
 * The load cache of the query commands (src/cache/load-cache.ts): what a hit gives is what the loader gives —
 * the same resources, diagnostics and source positions, hence the same `dns` and `route` answers — and a
 * corrupt, cut short or foreign entry is a miss, never an error.
 */
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadQueryInput } from '../../src/query-input.js';
import type { QueryInput } from '../../src/query-input.js';
import { formatLookup, lookup } from '../../src/sim/dns/index.js';
import { dnsQueryState, routeQueryState } from '../../src/sim/query.js';
import { formatTrace, parseSource, parseTarget, traceRoute } from '../../src/sim/routing/index.js';

const NODE = `apiVersion: v1\nkind: Node\nmetadata: { name: n1 }\nstatus: { allocatable: { cpu: "4", memory: 8Gi, pods: "20" } }\n`;
const deployment = (name: string, replicas: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  replicas: ${replicas}\n  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} } }\n    spec:\n      containers:\n      - name: c\n        image: nginx\n        ports: [{ name: http, containerPort: 8080 }]\n`;
const service = (name: string, type: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  type: ${type}\n  selector: { app: ${name} }\n  ports:\n  - { name: http, port: 80, targetPort: http }\n`;
const INGRESS = `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: web, namespace: shop }\nspec:\n  rules:\n  - host: shop.example.com\n    http:\n      paths:\n      - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }\n`;
/** Documents a query must survive (reported, and the rest answered) and odd ones: a shared alias, integer-like keys. */
const MALFORMED = ['kind: [unclosed\n', 'apiVersion: v1\nmetadata: { name: x }\n', '- just\n- a list\n', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: al, labels: &l { a: b } }\ndata: *l\n', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: "0" }\ndata: { "2": b, "1": a }\n'];
const LIST = `apiVersion: v1\nkind: List\nitems:\n- ${service('api', 'NodePort').replace(/\n(?=.)/g, '\n  ')}`;

const docs = fc.constantFrom(
  NODE,
  deployment('web', 2),
  deployment('api', 1),
  service('web', 'ClusterIP'),
  service('web', 'LoadBalancer'),
  service('api', 'NodePort'),
  INGRESS,
  LIST,
  `# Source: chart/templates/svc.yaml\n${service('web', 'ClusterIP')}`,
  ...MALFORMED,
);
const files = fc.array(
  fc.record({ docs: fc.array(docs, { minLength: 1, maxLength: 4 }), bom: fc.boolean(), blankLines: fc.nat(2) }).map((f) => `${f.bom ? '\uFEFF' : ''}${'\n'.repeat(f.blankLines)}${f.docs.join('---\n')}`),
  { minLength: 1, maxLength: 3 },
);

const NAMES = ['web.shop.svc.cluster.local', 'api.shop.svc.cluster.local', '_http._tcp.web.shop.svc.cluster.local', 'nope.shop.svc.cluster.local'];
const TARGETS = ['svc/shop/web:80', 'svc/shop/api:80', 'http://shop.example.com/', '198.51.100.0:80'];

/** Everything a query prints, computed by the commands' code path from a loaded input. */
function answers(q: QueryInput): string[] {
  const out = q.findings.map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.message}`);
  const options = { namespace: 'default' };
  const { dns } = dnsQueryState(q.model, options);
  for (const name of NAMES) out.push(formatLookup(lookup(dns, name, { type: name.startsWith('_') ? 'SRV' : 'A' })));
  const { state, routing, traceOptions } = routeQueryState(q.model, options);
  const source = parseSource('external', state.pods);
  for (const t of TARGETS) {
    const target = parseTarget(t);
    out.push('error' in target || 'error' in source ? JSON.stringify([target, source]) : formatTrace(traceRoute(routing, target, source, traceOptions)));
  }
  for (const r of q.resources) for (const p of ['', '/metadata/name', '/spec/ports/0/port', '/spec/rules/0/host', '/data/1', '/nope']) out.push(JSON.stringify(r.source.locate(r.pointerPrefix + p)));
  return out;
}

/** The resources as data: identity, raw object and document, without the source's class. */
function resourcesOf(q: QueryInput): unknown[] {
  return q.resources.map((r) => ({ ...r, source: { file: r.source.file, index: r.source.index, startLine: r.source.startLine, template: r.source.template } }));
}

describe('load cache', () => {
  let dir: string;
  let cacheDir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'k8s-lint-load-cache-input-'));
    cacheDir = mkdtempSync(join(tmpdir(), 'k8s-lint-load-cache-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });
  const loadEntries = (): string[] => (existsSync(cacheDir) ? readdirSync(cacheDir).filter((f) => f.startsWith('load-')) : []);
  const write = (texts: readonly string[]): void => {
    for (const f of readdirSync(dir)) rmSync(join(dir, f));
    texts.forEach((t, i) => writeFileSync(join(dir, `f${i}.yaml`), t));
  };

  it('a hit gives the resources, diagnostics, positions and answers of the loader (property)', () => {
    fc.assert(
      fc.property(files, fc.boolean(), (texts, asJson) => {
        rmSync(cacheDir, { recursive: true, force: true });
        write(texts);
        // A JSON file is one document, read by JSON.parse: its objects and positions go through the cache too.
        if (asJson) writeFileSync(join(dir, 'list.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'j' } }] }, null, 1));
        const uncached = loadQueryInput([dir]);
        const miss = loadQueryInput([dir], {}, {}, cacheDir);
        const hit = loadQueryInput([dir], {}, {}, cacheDir);
        // The aliased document cannot be cached (JSON would unshare its values): every load parses.
        const cacheable = !texts.some((t) => t.includes('&l'));
        expect(loadEntries()).toHaveLength(cacheable ? 1 : 0);
        for (const q of [miss, hit]) {
          expect(q.findings).toStrictEqual(uncached.findings);
          expect(resourcesOf(q)).toStrictEqual(resourcesOf(uncached));
          expect(answers(q)).toStrictEqual(answers(uncached));
        }
      }),
      { seed: 17, numRuns: 40 },
    );
  });

  it('ignores a corrupt, cut short or foreign entry and replaces it with a good one', () => {
    write([`${NODE}---\n${deployment('web', 2)}---\n${service('web', 'ClusterIP')}---\nkind: [unclosed\n`]);
    const want = answers(loadQueryInput([dir]));
    loadQueryInput([dir], {}, {}, cacheDir);
    const file = join(cacheDir, loadEntries()[0] as string);
    const good = readFileSync(file);
    const text = good.toString('utf8');
    const newline = text.indexOf('\n');
    const header = JSON.parse(text.slice(0, newline)) as Record<string, unknown>;
    const bad = [
      good.subarray(0, good.length >> 1),
      good.subarray(0, newline),
      Buffer.from('garbage'),
      Buffer.from(''),
      Buffer.from('null\n'),
      Buffer.from('[1,2,3]\n{}'),
      // The body changed under an intact header: the hash tells.
      Buffer.from(text.replace('"replicas":2', '"replicas":9')),
      Buffer.from(`${JSON.stringify({ ...header, format: 0 })}${text.slice(newline)}`),
      Buffer.from(`${JSON.stringify({ ...header, resources: [[0, '', 'v1', '', 'v1', 'Service', 'shop', 'web', 5, 99999999]] })}${text.slice(newline)}`),
      Buffer.from(`${JSON.stringify({ ...header, docs: [[7, 0, 1, '']] })}${text.slice(newline)}`),
      Buffer.from(`${JSON.stringify({ ...header, findings: [{ rule: 1 }] })}${text.slice(newline)}`),
      Buffer.from(`${JSON.stringify({ ...header, files: ['other.yaml'] })}${text.slice(newline)}`),
    ];
    for (const b of bad) {
      writeFileSync(file, b);
      expect(answers(loadQueryInput([dir], {}, {}, cacheDir))).toStrictEqual(want);
      expect(readFileSync(file).equals(good)).toBe(true);
    }
  });

  it('never fails the query when the cache cannot be written', () => {
    write([service('web', 'ClusterIP')]);
    const notADir = join(cacheDir, 'file');
    writeFileSync(notADir, '');
    expect(answers(loadQueryInput([dir], {}, {}, notADir))).toStrictEqual(answers(loadQueryInput([dir])));
    expect(readdirSync(cacheDir)).toEqual(['file']);
  });

  it('a changed byte or load option is another entry', () => {
    write([service('web', 'ClusterIP')]);
    loadQueryInput([dir], {}, {}, cacheDir);
    loadQueryInput([dir], { namespace: 'other' }, {}, cacheDir);
    write([service('web', 'NodePort')]);
    const changed = loadQueryInput([dir], {}, {}, cacheDir);
    expect(loadEntries()).toHaveLength(3);
    expect(changed.resources[0]?.raw).toMatchObject({ spec: { type: 'NodePort' } });
  });
});
