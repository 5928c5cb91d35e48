/**
 * Property: every ready endpoint is a running pod of the Service's namespace, matched by the selector and
 * exposing every port of its slice (FindPort by name and protocol); and every such pod is an endpoint.
 * Slices never hold more than the maximum. (Invariants of kubernetes/endpointslice reconciler.go.) Deriving one
 * Service at a time on demand gives the same slices.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveEndpoints, endpointsOnDemand, findPort } from '../../src/sim/endpoints.js';
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
});
