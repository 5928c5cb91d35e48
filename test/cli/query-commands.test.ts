/**
 * `dns` and `route` run only the dry-run steps they read (src/sim/query.ts). Spawning the built binary, each
 * prints exactly what the full analysis (`analyze`: schema, the whole dry run, rules) gives for the same
 * question, stdout and stderr: bookinfo with its NetworkPolicies, an Ingress, and an unparsable file.
 */
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import type { Analysis } from '../../src/index.js';
import { sanitizeForTerminal, sanitizeLinesForTerminal } from '../../src/report/stylish.js';
import { formatLookup, lookup, lookupToJson, zoneFile } from '../../src/sim/dns/index.js';
import type { RRType } from '../../src/sim/dns/index.js';
import { routeReachHook } from '../../src/sim/netpol/route-hook.js';
import { findPod, formatTable, formatTrace, parseSource, parseTarget, routingTable, traceRoute, traceToJson } from '../../src/sim/routing/index.js';
import { ensureBuilt, k8sLint, ROOT, tempTree } from './helpers.js';

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: bookinfo
  namespace: bookinfo
spec:
  rules:
    - host: bookinfo.example.com
      http:
        paths:
          - path: /productpage
            pathType: Prefix
            backend:
              service:
                name: productpage
                port:
                  number: 9080
`;

let dir: string;
let full: Analysis;

beforeAll(() => {
  ensureBuilt();
  dir = tempTree({ 'ingress.yaml': INGRESS, 'broken.yaml': 'kind: Service\nmetadata: {name: [\n' });
  for (const f of readdirSync(join(ROOT, 'examples', 'bookinfo'))) if (f.endsWith('.yaml')) copyFileSync(join(ROOT, 'examples', 'bookinfo', f), join(dir, f));
  full = analyze(['.'], { namespace: 'bookinfo', clusterDomain: 'cluster.local' }, { cwd: dir });
}, 120_000);

/** What the commands print on stderr: the input diagnostics of the full analysis. */
function stderrOf(a: Analysis): string {
  return a.findings
    .filter((f) => f.input)
    .map((f) => sanitizeForTerminal(`${f.location.file}:${f.location.line}:${f.location.column} ${f.message}`) + '\n')
    .join('');
}

function fullDns(name: string, type: RRType, from?: string): { text: string; json: string } {
  const dns = full.state.dns;
  if (!dns) throw new Error('no DNS data in the full run');
  const pod = from === undefined ? undefined : findPod(full.state.pods, from, 'bookinfo');
  if (pod && 'error' in pod) throw new Error(pod.error);
  const l = lookup(dns, name, { type, ...(pod ? { from: pod } : {}) });
  return { text: sanitizeLinesForTerminal(formatLookup(l)), json: JSON.stringify(lookupToJson(l), null, 2) + '\n' };
}

function fullRoute(targetText: string, from: string): { text: string; json: string } {
  const { routing, dns, netpol } = full.state;
  if (!routing || !dns || !netpol) throw new Error('no routing, DNS or netpol in the full run');
  const target = parseTarget(targetText, 'bookinfo');
  const source = parseSource(from, full.state.pods, 'bookinfo');
  if ('error' in target || 'error' in source) throw new Error('bad target or source');
  const t = traceRoute(routing, target, source, { dns, reach: routeReachHook(netpol) });
  return { text: sanitizeLinesForTerminal(formatTrace(t)), json: JSON.stringify(traceToJson(t), null, 2) + '\n' };
}

describe('dns and route print what the full analysis answers', () => {
  it('the input has a diagnostic to print', () => {
    expect(stderrOf(full)).toContain('broken.yaml:');
  });

  it.each([
    ['productpage.bookinfo.svc.cluster.local', 'A', undefined],
    ['_http._tcp.reviews.bookinfo.svc.cluster.local', 'SRV', undefined],
    ['reviews', 'A', 'bookinfo/productpage-v1'],
    ['details.bookinfo', 'A', 'bookinfo/ratings-v1'],
    ['nowhere.bookinfo.svc.cluster.local', 'A', undefined],
  ] as const)('dns %s %s (from %s)', (name, type, from) => {
    const args = ['dns', name, '-f', '.', '--type', type, '-n', 'bookinfo', ...(from ? ['--from', from] : [])];
    const want = fullDns(name, type, from);
    const text = k8sLint(args, dir);
    expect(text.stderr).toBe(stderrOf(full));
    expect(text.stdout).toBe(want.text);
    expect(text.status).toBe(0);
    expect(k8sLint([...args, '-o', 'json'], dir).stdout).toBe(want.json);
  });

  it('dns PTR of a ClusterIP and --zone', () => {
    const ip = full.state.services.find((s) => s.name === 'reviews')?.clusterIP as string;
    expect(k8sLint(['dns', ip, '-f', '.'], dir).stdout).toBe(fullDns(ip, 'PTR').text);
    const zone = k8sLint(['dns', '--zone', '.', '-n', 'bookinfo'], dir);
    expect(zone.stdout).toBe(zoneFile(full.state.dns as NonNullable<typeof full.state.dns>));
  });

  it.each([
    ['http://bookinfo.example.com/productpage', 'external'],
    ['svc/bookinfo/reviews:9080', 'bookinfo/productpage-v1'],
    ['svc/bookinfo/reviews:9080', 'bookinfo/ratings-v1'],
    ['http://reviews:9080/', 'bookinfo/productpage-v1'],
  ])('route %s --from %s', (target, from) => {
    const args = ['route', target, '-f', '.', '-n', 'bookinfo', '--from', from];
    const want = fullRoute(target, from);
    const text = k8sLint(args, dir);
    expect(text.stderr).toBe(stderrOf(full));
    expect(text.stdout).toBe(want.text);
    expect(k8sLint([...args, '-o', 'json'], dir).stdout).toBe(want.json);
  });

  it('route --table', () => {
    const rows = routingTable(full.state.routing as NonNullable<typeof full.state.routing>);
    expect(k8sLint(['route', '--table', '.', '-n', 'bookinfo'], dir).stdout).toBe(sanitizeLinesForTerminal(formatTable(rows)));
    expect(k8sLint(['route', '--table', '.', '-n', 'bookinfo', '-o', 'json'], dir).stdout).toBe(JSON.stringify({ schemaVersion: 1, entries: rows }, null, 2) + '\n');
  });
});
