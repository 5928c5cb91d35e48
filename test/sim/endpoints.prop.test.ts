/**
 * Property: every ready endpoint is a running pod of the Service's namespace, matched by the selector and
 * exposing every port of its slice (FindPort by name and protocol); and every such pod is an endpoint.
 * Slices never hold more than the maximum. (Invariants of kubernetes/endpointslice reconciler.go.) Deriving one
 * Service at a time on demand gives the same slices.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmp, deriveEndpoints, endpointsOnDemand, findPort } from '../../src/sim/endpoints.js';
import type { SimPod, SimService } from '../../src/sim/types.js';
import { node, pod, service } from './services-builder.js';

const nodes = [node('n1', '192.168.0.1'), node('n2', '192.168.0.2')];
const label = fc.constantFrom('a', 'b', 'c');
const portName = fc.constantFrom('http', 'grpc', 'dns');
const protocol = fc.constantFrom('TCP', 'UDP');

const podArb = fc.record({
  ns: fc.constantFrom('x', 'y'),
  app: label,
  tier: fc.option(label, { nil: undefined }),
  running: fc.boolean(),
  ready: fc.boolean(),
  node: fc.constantFrom('n1', 'n2'),
  ports: fc.array(fc.record({ name: portName, containerPort: fc.integer({ min: 1, max: 9000 }), protocol }), { maxLength: 3 }),
});
const svcArb = fc.record({
  ns: fc.constantFrom('x', 'y'),
  app: label,
  tier: fc.option(label, { nil: undefined }),
  publish: fc.boolean(),
  ports: fc.uniqueArray(fc.record({ name: portName, port: fc.integer({ min: 1, max: 9000 }), protocol, target: fc.oneof(portName, fc.integer({ min: 1, max: 9000 })) }), { maxLength: 3, selector: (p) => p.name }),
});

describe('deriveEndpoints (property)', () => {
  it('endpoints are exactly the selected running pods, with ports they expose', () => {
    fc.assert(
      fc.property(fc.array(podArb, { maxLength: 40 }), fc.array(svcArb, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 7 }), (podSpecs, svcSpecs, max) => {
        const pods: SimPod[] = podSpecs.map((p, i) =>
          pod({ name: `p${i}`, namespace: p.ns, labels: { app: p.app, ...(p.tier ? { tier: p.tier } : {}) }, ...(p.running ? { ip: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`, node: p.node } : {}), ready: p.running && p.ready, ports: p.ports }),
        );
        const services: SimService[] = svcSpecs.map((s, i) =>
          service({
            name: `s${i}`,
            namespace: s.ns,
            clusterIP: `10.96.0.${i + 1}`,
            selector: { app: s.app, ...(s.tier ? { tier: s.tier } : {}) },
            publishNotReadyAddresses: s.publish,
            ports: s.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol as 'TCP' | 'UDP', targetPort: p.target })),
          }),
        );
        const { endpointSlices } = deriveEndpoints({ services, pods, nodes }, { maxEndpointsPerSlice: max });
        // The on-demand controller (one Service at a time, for queries) gives each Service the same slices.
        const onDemand = endpointsOnDemand({ services, pods, nodes }, { maxEndpointsPerSlice: max });
        for (const svc of services) {
          const mine = endpointSlices.filter((s) => s.namespace === svc.namespace && s.serviceName === svc.name);
          expect(onDemand.slicesOf(svc.namespace, svc.name)).toEqual(mine);
          const selected = pods.filter((p) => p.namespace === svc.namespace && Object.entries(svc.selector ?? {}).every(([k, v]) => p.labels[k] === v) && p.podIP !== undefined);
          const seen = new Set<string>();
          for (const slice of mine) {
            expect(slice.endpoints.length).toBeLessThanOrEqual(max);
            for (const e of slice.endpoints) {
              const p = pods.find((x) => x.name === e.targetRef?.name && x.namespace === e.targetRef?.namespace);
              expect(p).toBeDefined();
              expect(selected).toContain(p);
              expect(e.conditions.ready).toBe(svc.publishNotReadyAddresses || (p as SimPod).ready);
              for (const sp of slice.ports) {
                const servicePort = svc.ports.find((x) => (x.name ?? '') === sp.name);
                expect(servicePort).toBeDefined();
                expect(findPort(p as SimPod, servicePort!)).toBe(sp.port);
              }
              // A port missing from the slice is one this pod cannot resolve.
              for (const servicePort of svc.ports) if (!slice.ports.some((x) => x.name === (servicePort.name ?? ''))) expect(findPort(p as SimPod, servicePort)).toBeUndefined();
              seen.add(e.targetRef?.name ?? '');
            }
          }
          expect([...seen].sort()).toEqual(selected.map((p) => p.name).sort());
        }
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('lists endpoints in pod name order, whatever order the pods come in', () => {
    const podName = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,6}$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ name: podName, ns: fc.constantFrom('x', 'y'), app: label, tier: fc.option(label, { nil: undefined }) }), { maxLength: 40, selector: (p) => `${p.ns}/${p.name}` }),
        fc.array(svcArb, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer(),
        (podSpecs, svcSpecs, max, seed) => {
          const pods: SimPod[] = podSpecs.map((p, i) =>
            pod({ name: p.name, namespace: p.ns, labels: { app: p.app, ...(p.tier ? { tier: p.tier } : {}) }, ip: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`, node: 'n1', ready: true }),
          );
          const services: SimService[] = svcSpecs.map((s, i) =>
            service({ name: `s${i}`, namespace: s.ns, clusterIP: `10.96.0.${i + 1}`, selector: { app: s.app, ...(s.tier ? { tier: s.tier } : {}) }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] }),
          );
          const shuffled = pods.map((p, i) => ({ p, k: Math.imul(i + 1, seed | 1) >>> 0 })).sort((a, b) => a.k - b.k).map((x) => x.p);
          const { endpointSlices } = deriveEndpoints({ services, pods, nodes }, { maxEndpointsPerSlice: max });
          expect(deriveEndpoints({ services, pods: shuffled, nodes }, { maxEndpointsPerSlice: max }).endpointSlices).toEqual(endpointSlices);
          for (const svc of services) {
            // One port group per Service here: its slices, in order, list the selected pods in name order.
            const names = endpointSlices.filter((s) => s.namespace === svc.namespace && s.serviceName === svc.name).flatMap((s) => s.endpoints.map((e) => e.targetRef?.name ?? ''));
            expect(names).toEqual([...names].sort(cmp));
          }
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});
