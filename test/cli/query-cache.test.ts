/**
 * The query commands' caches end to end: a second `dns` or `route` on the same manifests reads the parsed input
 * and the placement back and prints the same bytes, diagnostics and exit status; `route` reuses what `dns`
 * stored; --no-cache writes nothing.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, k8sLint, tempTree } from './helpers.js';

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: c, image: nginx, ports: [{ name: http, containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { clusterIP: None, selector: { app: web }, ports: [{ name: http, port: 80, targetPort: http }] }
`;

describe('query cache (CLI)', () => {
  let dir: string;
  let cacheHome: string;
  const entries = (): string[] => (existsSync(join(cacheHome, 'k8s-lint')) ? readdirSync(join(cacheHome, 'k8s-lint')) : []);
  const run = (args: string[]) => k8sLint(args, dir, undefined, { XDG_CACHE_HOME: cacheHome });
  beforeAll(() => {
    ensureBuilt();
    dir = tempTree({ 'app.yaml': MANIFESTS });
    cacheHome = tempTree({}, 'k8s-lint-cache-home-');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cacheHome, { recursive: true, force: true });
  });

  it('--no-cache writes nothing; a first query stores the input and placement, later ones print the same bytes', () => {
    const uncached = run(['dns', 'web.shop.svc.cluster.local', '-f', '.', '--no-cache']);
    expect(uncached.status).toBe(0);
    expect(uncached.stdout).toContain('IN A 10.');
    expect(entries()).toEqual([]);
    expect(run(['dns', 'web.shop.svc.cluster.local', '-f', '.']).stdout).toBe(uncached.stdout);
    expect(entries().map((e) => e.replace(/-.*/, '')).sort()).toEqual(['load', 'schedule']);
    expect(run(['dns', 'web.shop.svc.cluster.local', '-f', '.']).stdout).toBe(uncached.stdout);
    const route = run(['route', 'svc/shop/web:80', '-f', '.', '--no-cache']);
    expect(run(['route', 'svc/shop/web:80', '-f', '.']).stdout).toBe(route.stdout);
    expect(entries()).toHaveLength(2);
  });

  it('input diagnostics and exit status are those of an uncached run', () => {
    writeFileSync(join(dir, 'broken.yaml'), 'kind: [unclosed\n---\napiVersion: v1\nmetadata: { name: x }\n');
    for (const args of [['dns', 'web.shop.svc.cluster.local', '-f', '.'], ['route', 'svc/shop/web:80', '-f', '.', '-o', 'json'], ['route', 'svc/shop/nope:80', '-f', '.']]) {
      const uncached = run([...args, '--no-cache']);
      expect(uncached.stderr).toContain('broken.yaml:2:1 ');
      for (let i = 0; i < 2; i++) expect(run(args)).toStrictEqual(uncached);
    }
    rmSync(join(dir, 'broken.yaml'));
  });

  it('a changed manifest is scheduled afresh', () => {
    writeFileSync(join(dir, 'app.yaml'), MANIFESTS.replace('replicas: 2', 'replicas: 3'));
    const out = run(['dns', 'web.shop.svc.cluster.local', '-f', '.']).stdout;
    expect(out).toBe(run(['dns', 'web.shop.svc.cluster.local', '-f', '.', '--no-cache']).stdout);
    expect(out.match(/IN A /g)).toHaveLength(3);
  });
});
