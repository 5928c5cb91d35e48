/**
 * Property: DNS answers agree with ClusterState, checked against the pods themselves rather than the slices:
 * a Service with a ClusterIP answers exactly its ClusterIP (spec §2.3.1, even with no endpoints); a headless
 * Service answers exactly the IPs of the ready pods its selector matches (spec §2.4.1), or NXDOMAIN when
 * there are none; every PTR of an answered address points back at the name that answered it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDnsData, resolve, reverseName } from '../../src/sim/dns/index.js';
import { deriveEndpoints } from '../../src/sim/endpoints.js';
import { namespaces, node, pod, service } from './services-builder.js';

describe('DNS answers (property)', () => {
  it('every A record of a Service is its ClusterIP or a ready endpoint of a selected pod', () => {
    const svcArb = fc.record({ app: fc.constantFrom('a', 'b', 'c'), ns: fc.constantFrom('x', 'y'), headless: fc.boolean(), publish: fc.boolean() });
    const podArb = fc.record({ app: fc.constantFrom('a', 'b', 'c'), ns: fc.constantFrom('x', 'y'), running: fc.boolean(), ready: fc.boolean() });
    fc.assert(
      fc.property(fc.array(svcArb, { minLength: 1, maxLength: 6 }), fc.array(podArb, { maxLength: 25 }), (svcSpecs, podSpecs) => {
        const services = svcSpecs.map((s, i) => service({ name: `svc-${i}`, namespace: s.ns, clusterIP: s.headless ? 'None' : `10.96.0.${i + 1}`, selector: { app: s.app }, ports: [{ name: 'http', port: 80 }], publishNotReadyAddresses: s.publish }));
        const pods = podSpecs.map((p, i) => pod({ name: `pod-${i}`, namespace: p.ns, labels: { app: p.app }, ...(p.running ? { ip: `10.244.0.${i + 1}`, node: 'n1' } : {}), ready: p.running && p.ready }));
        const eps = deriveEndpoints({ services, pods, nodes: [node('n1', '192.168.0.1')] });
        const data = buildDnsData({ services, endpointSlices: eps.endpointSlices, pods, namespaces: namespaces('x', 'y') });
        for (const svc of services) {
          const name = `${svc.name}.${svc.namespace}.svc.cluster.local.`;
          const r = resolve(data, name, 'A');
          const got = r.answer.map((a) => a.data).sort();
          if (!svc.headless) {
            expect(got).toEqual([svc.clusterIP]);
            expect(resolve(data, reverseName(svc.clusterIP as string) as string, 'PTR').answer.map((a) => a.data)).toEqual([name]);
            continue;
          }
          const ready = pods.filter((p) => p.namespace === svc.namespace && p.labels.app === svc.selector?.app && p.podIP !== undefined && (p.ready || svc.publishNotReadyAddresses)).map((p) => p.podIP as string);
          if (ready.length === 0) expect(r.rcode).toBe('NXDOMAIN');
          else expect(got).toEqual([...ready].sort());
          for (const ip of ready) {
            const ptr = resolve(data, reverseName(ip) as string, 'PTR').answer.map((a) => a.data);
            expect(ptr).toContain(`${ip.replace(/\./g, '-')}.${name}`);
          }
        }
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
