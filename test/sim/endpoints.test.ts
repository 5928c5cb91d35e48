/**
 * EndpointSlice derivation against the upstream controller's documented behaviour. Sources are named on each
 * case: kubernetes/endpointslice (reconciler.go, utils.go, util/controller_utils.go and their tests) and the
 * website page content/en/docs/concepts/services-networking/endpoint-slices.md.
 */
import { describe, expect, it } from 'vitest';
import { deriveEndpoints, generatedName, LABEL_MANAGED_BY, LABEL_SERVICE_NAME } from '../../src/sim/endpoints.js';
import { node, pod, resource, service } from './services-builder.js';

const nodes = [node('node-1', '192.168.0.1', { 'topology.kubernetes.io/zone': 'us-west2-a' }), node('node-2', '192.168.0.2')];

describe('deriveEndpoints', () => {
  it('selects ready pods of the Service namespace and writes the discovery/v1 shape (website endpoint-slices.md example)', () => {
    const svc = service({ name: 'example', selector: { app: 'web' }, clusterIP: '10.96.0.5', ports: [{ name: 'http', port: 80, targetPort: 8080 }] });
    const pods = [
      pod({ name: 'pod-1', labels: { app: 'web' }, ip: '10.1.2.3', node: 'node-1' }),
      pod({ name: 'other-ns', namespace: 'other', labels: { app: 'web' }, ip: '10.1.2.4', node: 'node-1' }),
      pod({ name: 'no-match', labels: { app: 'db' }, ip: '10.1.2.5', node: 'node-1' }),
    ];
    const { endpointSlices, problems } = deriveEndpoints({ services: [svc], pods, nodes });
    expect(problems).toEqual([]);
    expect(endpointSlices).toHaveLength(1);
    const s = endpointSlices[0]!;
    expect(s.object.addressType).toBe('IPv4');
    expect(s.object.ports).toEqual([{ name: 'http', protocol: 'TCP', port: 8080 }]);
    expect(s.object.endpoints).toEqual([
      {
        addresses: ['10.1.2.3'],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: 'node-1',
        zone: 'us-west2-a',
        targetRef: { kind: 'Pod', namespace: 'default', name: 'pod-1', uid: 'uid-default-pod-1' },
      },
    ]);
    expect(s.object.metadata?.labels).toEqual({ [LABEL_SERVICE_NAME]: 'example', [LABEL_MANAGED_BY]: 'endpointslice-controller.k8s.io' });
    // generateName "<service>-" plus 5 characters of utilrand's alphabet.
    expect(s.name).toMatch(/^example-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('resolves a named targetPort per pod by name AND protocol; pods without it get a slice without that port (utils.go getEndpointPorts, FindPort)', () => {
    const svc = service({ name: 'dns', selector: { app: 'dns' }, clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' }] });
    const pods = [
      pod({ name: 'a', labels: { app: 'dns' }, ip: '10.0.0.1', node: 'node-1', ports: [{ name: 'dns', containerPort: 5353, protocol: 'UDP' }] }),
      pod({ name: 'b', labels: { app: 'dns' }, ip: '10.0.0.2', node: 'node-1', ports: [{ name: 'dns', containerPort: 5353 }] }), // TCP: no match
      pod({ name: 'c', labels: { app: 'dns' }, ip: '10.0.0.3', node: 'node-1', sidecarPorts: [{ name: 'dns', containerPort: 1053, protocol: 'UDP' }] }),
    ];
    const { endpointSlices } = deriveEndpoints({ services: [svc], pods, nodes });
    const summary = endpointSlices.map((s) => ({ ports: s.ports.map((p) => p.port), ips: s.endpoints.map((e) => e.addresses[0]) }));
    expect(summary).toEqual([
      { ports: [5353], ips: ['10.0.0.1'] },
      { ports: [], ips: ['10.0.0.2'] },
      { ports: [1053], ips: ['10.0.0.3'] },
    ]);
  });

  it('puts at most 100 endpoints in one slice (website: "no more than 100 endpoints each")', () => {
    const svc = service({ name: 'big', selector: { app: 'big' }, clusterIP: '10.96.0.6', ports: [{ port: 80 }] });
    const pods = Array.from({ length: 250 }, (_, i) => pod({ name: `p-${String(i).padStart(3, '0')}`, labels: { app: 'big' }, ip: `10.0.${Math.floor(i / 200)}.${(i % 200) + 1}`, node: 'node-1' }));
    const { endpointSlices } = deriveEndpoints({ services: [svc], pods, nodes });
    expect(endpointSlices.map((s) => s.endpoints.length)).toEqual([100, 100, 50]);
    expect(new Set(endpointSlices.map((s) => s.name)).size).toBe(3);
  });

  it('sets hostname only when subdomain equals the Service name in the same namespace (util/controller_utils.go ShouldSetHostname)', () => {
    const svc = service({ name: 'nginx', selector: { app: 'nginx' }, clusterIP: 'None', ports: [{ name: 'web', port: 80 }] });
    const pods = [
      pod({ name: 'web-0', labels: { app: 'nginx' }, ip: '10.0.0.1', node: 'node-1', hostname: 'web-0', subdomain: 'nginx' }),
      pod({ name: 'web-1', labels: { app: 'nginx' }, ip: '10.0.0.2', node: 'node-1', hostname: 'web-1', subdomain: 'other' }),
      pod({ name: 'web-2', labels: { app: 'nginx' }, ip: '10.0.0.3', node: 'node-1', hostname: 'web-2' }),
    ];
    const [s] = deriveEndpoints({ services: [svc], pods, nodes }).endpointSlices;
    expect(s!.endpoints.map((e) => e.hostname)).toEqual(['web-0', undefined, undefined]);
    expect(s!.object.metadata?.labels?.['service.kubernetes.io/headless']).toBe('');
  });

  it('gives StatefulSet pods hostname = pod name and subdomain = serviceName (website statefulset.md, stable network ID)', () => {
    const svc = service({ name: 'nginx', selector: { app: 'nginx' }, clusterIP: 'None', ports: [{ name: 'web', port: 80 }] });
    const owner = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' }, spec: { serviceName: 'nginx' } };
    const pods = [0, 1].map((i) => pod({ name: `web-${i}`, labels: { app: 'nginx' }, ip: `10.0.0.${i + 1}`, node: 'node-1', owner }));
    const [s] = deriveEndpoints({ services: [svc], pods, nodes }).endpointSlices;
    expect(s!.endpoints.map((e) => e.hostname)).toEqual(['web-0', 'web-1']);
  });

  it('marks not-ready pods ready=false, or ready with publishNotReadyAddresses (utils.go podToEndpoint)', () => {
    const pods = [pod({ name: 'a', labels: { app: 'x' }, ip: '10.0.0.1', node: 'node-1', ready: false })];
    const plain = deriveEndpoints({ services: [service({ name: 'x', selector: { app: 'x' }, clusterIP: '10.96.0.7', ports: [{ port: 80 }] })], pods, nodes });
    expect(plain.endpointSlices[0]!.endpoints[0]!.conditions).toEqual({ ready: false, serving: false, terminating: false });
    expect(plain.problems.map((p) => p.data?.reason)).toEqual(['pods-not-ready']);
    const pub = deriveEndpoints({ services: [service({ name: 'x', selector: { app: 'x' }, clusterIP: '10.96.0.7', ports: [{ port: 80 }], publishNotReadyAddresses: true })], pods, nodes });
    expect(pub.endpointSlices[0]!.endpoints[0]!.conditions).toEqual({ ready: true, serving: false, terminating: false });
    expect(pub.problems).toEqual([]);
  });

  it('keeps one placeholder slice with no ports and no endpoints, and says why (reconciler.go placeholder)', () => {
    const svc = service({ name: 'lonely', selector: { app: 'nobody' }, clusterIP: '10.96.0.8', ports: [{ port: 80 }] });
    const { endpointSlices, problems } = deriveEndpoints({ services: [svc], pods: [], nodes });
    expect(endpointSlices).toHaveLength(1);
    expect(endpointSlices[0]!.object.endpoints).toEqual([]);
    expect(endpointSlices[0]!.object.ports).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.code).toBe('service-selector-matches-nothing');
    expect(problems[0]!.data?.reason).toBe('selector-matches-nothing');
    expect(problems[0]!.message).toContain('selector app=nobody matches no pod in namespace default');
  });

  it('explains unschedulable pods and missing named ports', () => {
    const a = deriveEndpoints({
      services: [service({ name: 'a', selector: { app: 'a' }, clusterIP: '10.96.0.9', ports: [{ port: 80 }] })],
      pods: [pod({ name: 'a-1', labels: { app: 'a' }, reason: '0/2 nodes are available: 2 Insufficient cpu.' })],
      nodes,
    });
    expect(a.problems[0]!.data?.reason).toBe('pods-not-running');
    expect(a.problems[0]!.message).toContain('Insufficient cpu');
    const b = deriveEndpoints({
      services: [service({ name: 'b', selector: { app: 'b' }, clusterIP: '10.96.0.11', ports: [{ name: 'http', port: 80, targetPort: 'http' }] })],
      pods: [pod({ name: 'b-1', labels: { app: 'b' }, ip: '10.0.0.9', node: 'node-1', ports: [{ name: 'web', containerPort: 8080 }] })],
      nodes,
    });
    expect(b.problems[0]!.data?.reason).toBe('target-port-missing');
    expect(b.problems[0]!.pointer).toBe('/spec/ports');
  });

  it('skips ExternalName Services and takes input slices for Services without selector (website service.md "Services without selectors")', () => {
    const ext = service({ name: 'ext', type: 'ExternalName', externalName: 'example.com' });
    const manual = service({ name: 'my-service', clusterIP: '10.96.0.12', ports: [{ name: 'http', port: 80, targetPort: 9376 }] });
    const slice = resource({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'my-service-1', namespace: 'default', labels: { [LABEL_SERVICE_NAME]: 'my-service', [LABEL_MANAGED_BY]: 'staff' } },
      addressType: 'IPv4',
      ports: [{ name: 'http', appProtocol: 'http', protocol: 'TCP', port: 9376 }],
      endpoints: [{ addresses: ['10.4.5.6'] }, { addresses: ['10.1.2.3'] }],
    });
    const { endpointSlices } = deriveEndpoints({ services: [ext, manual], pods: [], nodes, inputObjects: [slice] });
    expect(endpointSlices).toHaveLength(1);
    expect(endpointSlices[0]!.managedBy).toBe('staff');
    // conditions omitted: "nil ready means true" (discovery/v1 EndpointConditions doc).
    expect(endpointSlices[0]!.endpoints.map((e) => e.conditions.ready)).toEqual([true, true]);
  });

  it('mirrors legacy Endpoints unless labelled skip-mirror', () => {
    const svc = service({ name: 'legacy', clusterIP: '10.96.0.13', ports: [{ port: 80 }] });
    const ep = (labels: Record<string, string>): ReturnType<typeof resource> =>
      resource({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'legacy', namespace: 'default', labels }, subsets: [{ addresses: [{ ip: '10.9.0.1' }], notReadyAddresses: [{ ip: '10.9.0.2' }], ports: [{ port: 80 }] }] });
    const mirrored = deriveEndpoints({ services: [svc], pods: [], nodes, inputObjects: [ep({})] });
    expect(mirrored.endpointSlices[0]!.endpoints.map((e) => [e.addresses[0], e.conditions.ready])).toEqual([['10.9.0.1', true], ['10.9.0.2', false]]);
    expect(deriveEndpoints({ services: [svc], pods: [], nodes, inputObjects: [ep({ 'endpointslice.kubernetes.io/skip-mirror': 'true' })] }).endpointSlices).toEqual([]);
  });

  it('cuts long base names to 58 characters before the suffix (apiserver names.go maxGeneratedNameLength)', () => {
    expect(generatedName('a'.repeat(70), 's')).toHaveLength(63);
  });
});
