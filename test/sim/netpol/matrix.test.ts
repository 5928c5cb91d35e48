/**
 * The workload matrix and its formats. Goldens in test/golden/netpol/ are in netpol-analyzer's connlist text
 * (np-guard/netpol-analyzer test_outputs/connlist/*_connlist_output.txt: sorted `src => dst : conns` lines,
 * `All Connections`, protocol elements sorted as strings, `[External]` IP ranges), written by hand from
 * the policies' meaning.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffMatrices, formatDiff } from '../../../src/sim/netpol/diff.js';
import { formatMatrix, formatTruthTable } from '../../../src/sim/netpol/format.js';
import { compileNetpol } from '../../../src/sim/netpol/state.js';
import { workloadMatrix } from '../../../src/sim/netpol/workloads.js';
import { bookinfoNamespaces, bookinfoPods, bookinfoPolicies } from './bookinfo.js';
import { namespaces, pod, resources } from './fixtures.js';

const golden = (name: string): string => readFileSync(fileURLToPath(new URL(`../../golden/netpol/${name}`, import.meta.url)), 'utf8');

const bookinfo = compileNetpol({ pods: bookinfoPods, namespaces: bookinfoNamespaces, resources: bookinfoPolicies });

// web accepts 443 from anywhere and 8080-8090 from the cluster's 10/8; api accepts UDP 53 and named port
// "grpc" from web; db accepts 5432 from api only; web may only talk to api.
const shopPods = [
  pod('shop', 'web-0', { app: 'web' }, { ip: '10.1.0.1', ports: [{ name: 'https', port: 443 }], workload: { kind: 'Deployment', name: 'web' } }),
  pod('shop', 'web-1', { app: 'web' }, { ip: '10.1.0.2', ports: [{ name: 'https', port: 443 }], workload: { kind: 'Deployment', name: 'web' } }),
  pod('shop', 'api-0', { app: 'api' }, { ip: '10.1.0.3', ports: [{ name: 'grpc', port: 9090 }], workload: { kind: 'Deployment', name: 'api' } }),
  pod('shop', 'db-0', { app: 'db' }, { ip: '10.1.0.4', ports: [{ name: 'pg', port: 5432 }], workload: { kind: 'StatefulSet', name: 'db' } }),
];
const shopPolicies = resources(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress:
  - ports: [{port: 443}]
  - from: [{ipBlock: {cidr: 10.0.0.0/8}}]
    ports: [{port: 8080, endPort: 8090}]
  egress:
  - to: [{podSelector: {matchLabels: {app: api}}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: grpc}, {port: 53, protocol: UDP}]
  - from: [{podSelector: {matchLabels: {app: db}}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: api}}}]
    ports: [{port: pg}]
`);
const shop = compileNetpol({ pods: shopPods, namespaces: namespaces({ shop: {} }), resources: shopPolicies }, { ipBlockMatchesPods: false });

describe('workload matrix', () => {
  it('bookinfo: reviews only from productpage (golden connlist)', () => {
    const w = workloadMatrix(bookinfo.matrix());
    expect(formatMatrix('txt', w, bookinfo.matrix())).toBe(golden('bookinfo_connlist_output.txt'));
  });

  it('ports, ranges, named ports, UDP and external atoms (golden connlist)', () => {
    const w = workloadMatrix(shop.matrix());
    expect(formatMatrix('txt', w, shop.matrix())).toBe(golden('ports_connlist_output.txt'));
  });

  it('focus on a workload and a port', () => {
    const w = workloadMatrix(shop.matrix(), { focus: 'shop/api', focusPort: { protocol: 'UDP', port: 53 } });
    expect(w.entries.map((e) => `${e.src} => ${e.dst} : ${e.text}`)).toEqual([
      'shop/api[Deployment] => 0.0.0.0-255.255.255.255[External] : UDP 53',
      'shop/db[StatefulSet] => shop/api[Deployment] : UDP 53',
      'shop/web[Deployment] => shop/api[Deployment] : UDP 53',
    ]);
  });

  it('csv, md, json, dot and mermaid carry the same pairs', () => {
    const m = shop.matrix();
    const w = workloadMatrix(m, { focus: 'db' });
    expect(formatMatrix('csv', w, m)).toBe(
      'src,dst,conn\nshop/api[Deployment],shop/db[StatefulSet],TCP 5432\nshop/db[StatefulSet],0.0.0.0-255.255.255.255[External],All Connections\nshop/db[StatefulSet],shop/api[Deployment],All Connections\nshop/db[StatefulSet],shop/web[Deployment],TCP 443\n',
    );
    expect(formatMatrix('md', w, m).split('\n')[2]).toBe('| shop/api[Deployment] | shop/db[StatefulSet] | TCP 5432 |');
    expect(JSON.parse(formatMatrix('json', w, m))).toHaveLength(4);
    expect(formatMatrix('dot', w, m)).toContain('"shop/api[Deployment]" -> "shop/db[StatefulSet]" [label="TCP 5432"]');
    expect(formatMatrix('mermaid', w, m)).toContain('-->|"TCP 5432"|');
  });

  it('truth table in the e2e layout', () => {
    expect(formatTruthTable(shop.matrix(), 'TCP', 5432)).toBe(
      [
        'TCP/5432',
        '-\t\tshop/api-0\tshop/db-0\tshop/web-0\tshop/web-1',
        'shop/api-0\t.\t\t.\t\tX\t\tX\t',
        'shop/db-0\t.\t\t.\t\tX\t\tX\t',
        'shop/web-0\tX\t\tX\t\t.\t\tX\t',
        'shop/web-1\tX\t\tX\t\tX\t\t.\t',
        '',
      ].join('\n'),
    );
  });
});

describe('ipBlocks over pod IPs left to the CNI (--ipblock-matches-pods=unknown)', () => {
  // web admits 8080-8090 from 10.0.0.0/8, which covers every shop pod IP: allowed on a CNI that matches pod
  // IPs by ipBlock (upstream e2e), denied on one that does not (Cilium, netpol-analyzer).
  const unknown = compileNetpol({ pods: shopPods, namespaces: namespaces({ shop: {} }), resources: shopPolicies }, { ipBlockMatchesPods: 'unknown' });

  it('connlist, csv and json say which connections depend on the CNI', () => {
    const m = unknown.matrix();
    const w = workloadMatrix(m, { focus: 'shop/web' });
    expect(formatMatrix('txt', w, m).split('\n').filter((l) => l.includes('=> shop/web'))).toEqual([
      // Addresses outside the cluster are ipBlock matches on every CNI.
      '0.0.0.0-9.255.255.255[External] => shop/web[Deployment] : TCP 443',
      '10.0.0.0-10.255.255.255[External] => shop/web[Deployment] : TCP 443,8080-8090',
      '11.0.0.0-255.255.255.255[External] => shop/web[Deployment] : TCP 443',
      'shop/api[Deployment] => shop/web[Deployment] : TCP 443 [depends on the CNI: TCP 8080-8090]',
      'shop/db[StatefulSet] => shop/web[Deployment] : TCP 443 [depends on the CNI: TCP 8080-8090]',
    ]);
    expect(formatMatrix('csv', w, m)).toContain('shop/api[Deployment],shop/web[Deployment],TCP 443 [depends on the CNI: TCP 8080-8090]\n');
    const json = JSON.parse(formatMatrix('json', w, m)) as { src: string; dst: string; conn: string; dependsOnCni?: string }[];
    expect(json.find((e) => e.src === 'shop/api[Deployment]' && e.dst === 'shop/web[Deployment]')).toEqual({ src: 'shop/api[Deployment]', dst: 'shop/web[Deployment]', conn: 'TCP 443', dependsOnCni: 'TCP 8080-8090' });
    // The same input with a fixed behaviour has no such entries.
    expect(workloadMatrix(shop.matrix()).entries.some((e) => e.dependsOnCni)).toBe(false);
  });

  it('the truth table marks them ?', () => {
    expect(formatTruthTable(unknown.matrix(), 'TCP', 8080)).toBe(
      [
        'TCP/8080',
        '-\t\tshop/api-0\tshop/db-0\tshop/web-0\tshop/web-1',
        'shop/api-0\t.\t\tX\t\t?\t\t?\t',
        'shop/db-0\t.\t\t.\t\t?\t\t?\t',
        'shop/web-0\tX\t\tX\t\t.\t\tX\t',
        'shop/web-1\tX\t\tX\t\tX\t\t.\t',
        '',
      ].join('\n'),
    );
  });
});

describe('diff', () => {
  it('reports added, removed and changed pairs in netpol-analyzer diff text (web stays egress-isolated to api)', () => {
    const before = workloadMatrix(shop.matrix());
    const loosened = compileNetpol({ pods: shopPods, namespaces: namespaces({ shop: {} }), resources: shopPolicies.filter((r) => r.name !== 'db') }, { ipBlockMatchesPods: false });
    const after = workloadMatrix(loosened.matrix());
    expect(formatDiff(diffMatrices(before, after))).toBe(
      [
        'Connectivity diff:',
        'diff-type: changed, source: shop/api[Deployment], destination: shop/db[StatefulSet], ref1: TCP 5432, ref2: All Connections',
        'diff-type: added, source: 0.0.0.0-255.255.255.255[External], destination: shop/db[StatefulSet], ref1: No Connections, ref2: All Connections',
        '',
      ].join('\n'),
    );
  });
});
