/**
 * The zone file round trip through a real DNS server: `k8s-lint dns --zone` is loaded into NSD, every
 * (name, type) of the zone is asked with dig on 127.0.0.1, and each answer must equal the dry run's own
 * answer for that query. Skips, saying why, when NSD or dig is missing or NSD cannot start.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDnsData, formatRecord, resolve, zoneFile, zoneNames } from '../../src/sim/dns/index.js';
import type { DnsData, DnsInput } from '../../src/sim/dns/index.js';
import { deriveEndpoints } from '../../src/sim/endpoints.js';
import { corednsFixture } from './dns-fixture.js';
import { startNsd, unavailable } from './dns-server-harness.js';
import type { RunningServer } from './dns-server-harness.js';
import { namespaces, node, pod, service } from './services-builder.js';

const reason = unavailable();
if (reason) console.warn(`[dns-server.test] SKIPPED: ${reason}`);

function compare(server: RunningServer, data: DnsData): { checked: number; mismatches: string[] } {
  const queries = zoneNames(data).flatMap((z) => z.types.map((type) => ({ name: z.name, type })));
  const got = server.query(queries);
  const mismatches: string[] = [];
  queries.forEach((q, i) => {
    const ours = resolve(data, q.name, q.type as never);
    const expected = ours.answer.filter((r) => r.name.toLowerCase() === q.name && r.type === q.type).map(formatRecord).sort();
    const theirs = got[i];
    if (!theirs) {
      mismatches.push(`${q.name} ${q.type}: no response from dig`);
      return;
    }
    const answer = [...theirs.answer].sort();
    if (theirs.rcode !== ours.rcode || JSON.stringify(answer) !== JSON.stringify(expected)) {
      mismatches.push(`${q.name} ${q.type}: nsd ${theirs.rcode} ${JSON.stringify(answer)} vs k8s-lint ${ours.rcode} ${JSON.stringify(expected)}`);
    }
  });
  return { checked: queries.length, mismatches };
}

function withPods(input: DnsInput): DnsInput {
  return { ...input, pods: [pod({ name: 'p1', namespace: 'testns', ip: '10.244.0.7', node: 'n1' }), pod({ name: 'p6', namespace: 'testns', ip: 'fd00::7', node: 'n1' })] };
}

describe.skipIf(reason !== undefined)('zone file through NSD and dig', () => {
  let server: RunningServer | undefined;
  let startError: string | undefined;
  const data = buildDnsData(withPods(corednsFixture()), { ttl: 30, serial: 7 });

  beforeAll(async () => {
    try {
      server = await startNsd({ 'cluster.local': zoneFile(data) });
    } catch (e) {
      startError = String(e);
      console.warn(`[dns-server.test] SKIPPED: NSD could not start: ${startError}`);
    }
  }, 30_000);
  afterAll(() => server?.stop());

  it('answers every name of the zone exactly as k8s-lint dns does (CoreDNS test cluster)', (ctx) => {
    if (!server) {
      ctx.skip();
      return;
    }
    const { checked, mismatches } = compare(server, data);
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
});

describe.skipIf(reason !== undefined)('zone file round trip on random clusters (property)', () => {
  // Seeded samples, each with its own cluster domain, all served by one NSD (one start keeps the test short).
  it('holds for seeded random Services and pods', async () => {
    const svcArb = fc.record({
      name: fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'epsilon'),
      ns: fc.constantFrom('shop', 'prod'),
      kind: fc.constantFrom('vip', 'headless', 'external'),
      ports: fc.uniqueArray(fc.record({ name: fc.constantFrom('http', 'grpc', 'metrics', ''), port: fc.integer({ min: 1, max: 65535 }) }), { maxLength: 3, selector: (p) => p.name || String(p.port) }),
      replicas: fc.integer({ min: 0, max: 4 }),
      hostnames: fc.boolean(),
    });
    const clusterArb = fc.uniqueArray(svcArb, { minLength: 1, maxLength: 6, selector: (s) => `${s.ns}/${s.name}` });
    const samples = fc.sample(clusterArb, { seed: 42, numRuns: 6 });
    const datas = samples.map((specs, run) => {
      const services = specs.map((s, i) =>
        s.kind === 'external'
          ? service({ name: s.name, namespace: s.ns, type: 'ExternalName', externalName: `${s.name}.example.org` })
          : service({ name: s.name, namespace: s.ns, clusterIP: s.kind === 'headless' ? 'None' : `10.96.1.${i + 1}`, selector: { app: s.name }, ports: s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, targetPort: p.port })) }),
      );
      let ip = 1;
      const pods = specs.flatMap((s) =>
        Array.from({ length: s.replicas }, (_, r) => pod({ name: `${s.name}-${r}`, namespace: s.ns, labels: { app: s.name }, ip: `10.244.0.${ip++}`, node: 'n1', ...(s.hostnames ? { hostname: `${s.name}-${r}`, subdomain: s.name } : {}) })),
      );
      const eps = deriveEndpoints({ services, pods, nodes: [node('n1', '192.168.0.1')] });
      return buildDnsData({ services, endpointSlices: eps.endpointSlices, pods, namespaces: namespaces('shop', 'prod') }, { clusterDomain: `cluster${run}.test` });
    });
    const server = await startNsd(Object.fromEntries(datas.map((d) => [d.zone, zoneFile(d)])));
    try {
      let checked = 0;
      for (const d of datas) {
        const r = compare(server, d);
        expect(r.mismatches).toEqual([]);
        checked += r.checked;
      }
      expect(checked).toBeGreaterThan(6 * 5);
    } finally {
      server.stop();
    }
  }, 120_000);
});
