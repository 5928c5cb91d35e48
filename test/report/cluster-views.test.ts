import { describe, expect, it } from 'vitest';
import type { Container, PodSpec } from '../../src/model/kinds.js';
import { Quantity } from '../../src/model/quantity.js';
import { clusterViews, podRequest } from '../../src/report/cluster-views.js';
import type { ClusterState } from '../../src/sim/state.js';
import type { SimNode, SimPod, SimService } from '../../src/sim/types.js';
import { modelFromYaml } from '../helpers/model.js';

const c = (cpu: number, extra: Partial<Container> = {}): Container => ({ name: 'c', resources: { requests: { cpu } }, ...extra }) as Container;
const sidecar = (cpu: number): Container => c(cpu, { restartPolicy: 'Always' } as Partial<Container>);

describe('pod requests as the scheduler counts them', () => {
  // Cases from kubernetes/component-helpers resource/helpers_test.go TestPodResourceRequests.
  it('sidecar 1 + container 1 = 2', () => {
    expect(podRequest({ initContainers: [sidecar(1)], containers: [c(1)] }, 'cpu', '')).toBe(2);
  });
  it('init 5, sidecars 1, 2, 3, container 1 = 7', () => {
    expect(podRequest({ initContainers: [c(5), sidecar(1), sidecar(2), sidecar(3)], containers: [c(1)] }, 'cpu', '')).toBe(7);
  });
  it('init 5, sidecar 1, sidecar 2, init 5, sidecar 3, container 1 = 8', () => {
    expect(podRequest({ initContainers: [c(5), sidecar(1), sidecar(2), c(5), sidecar(3)], containers: [c(1)] }, 'cpu', '')).toBe(8);
  });
  it('sidecar 10, init 200, container 100 = 210', () => {
    expect(podRequest({ initContainers: [sidecar(10), c(200)], containers: [c(100)] }, 'cpu', '')).toBe(210);
  });
  it('adds overhead, counts CPU in millicores, and defaults a missing request to the limit', () => {
    const spec: PodSpec = { containers: [c(0.5), { name: 'l', resources: { limits: { cpu: '250m' } } } as Container], overhead: { cpu: '100m' } };
    expect(podRequest(spec, 'cpu', 'm')).toBe(850);
  });
});

describe('cluster views for the HTML report', () => {
  const model = modelFromYaml(`apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: front, namespace: shop }
spec:
  rules:
    - host: shop.example.com
      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }
`);

  it('lists Services with their Ingress routes from the model while no dry run has placed pods', () => {
    const empty: ClusterState = { namespaces: new Map(), nodes: [], pods: [], services: [], problems: [] };
    const v = clusterViews(model, empty);
    expect(v.nodes).toBeUndefined();
    expect(v.services).toEqual([
      { namespace: 'shop', name: 'web', type: 'ClusterIP', ports: ['80/TCP → 8080'], routes: ['shop/front shop.example.com/'] },
    ]);
  });

  it('places pods on nodes with requested vs allocatable, and maps Services to their pods', () => {
    const node = {
      name: 'n1',
      allocatable: new Map([
        ['cpu', Quantity.parse('2')],
        ['memory', Quantity.parse('4Gi')],
        ['pods', Quantity.parse('110')],
      ]),
    } as unknown as SimNode;
    const pod = (name: string, app: string, nodeName?: string): SimPod =>
      ({
        namespace: 'shop',
        name,
        labels: { app },
        spec: { containers: [{ name: 'c', resources: { requests: { cpu: '500m', memory: '1Gi' } } }] },
        ready: nodeName !== undefined,
        ...(nodeName ? { nodeName } : { reason: '0/1 nodes are available: 1 Insufficient cpu.' }),
      }) as unknown as SimPod;
    const svc = {
      namespace: 'shop',
      name: 'web',
      type: 'ClusterIP',
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }],
    } as unknown as SimService;
    const state: ClusterState = {
      namespaces: new Map(),
      nodes: [node],
      pods: [pod('web-1', 'web', 'n1'), pod('db-1', 'db', 'n1'), pod('web-2', 'web')],
      services: [svc],
      problems: [],
    };
    const v = clusterViews(model, state);
    expect(v.nodes?.[0]?.resources).toEqual([
      { name: 'cpu', unit: 'm', allocatable: 2000, requested: 1000 },
      { name: 'memory', unit: 'bytes', allocatable: 4 * 1024 ** 3, requested: 2 * 1024 ** 3 },
      { name: 'pods', unit: '', allocatable: 110, requested: 2 },
    ]);
    expect(v.pending?.map((p) => p.name)).toEqual(['web-2']);
    expect(v.services?.[0]?.pods?.map((p) => p.name)).toEqual(['web-1', 'web-2']);
    expect(v.services?.[0]?.routes).toEqual(['shop/front shop.example.com/']);
  });
});
