/**
 * The cluster of CoreDNS's own unit tests (coredns/coredns:plugin/kubernetes/handler_test.go, APIConnServeTest):
 * namespace testns with svc1 (10.0.0.1, port http/80), svcempty (10.0.0.1, no endpoints), svc6 (1234:abcd::1),
 * the headless hdls1 (172.0.0.2, .3, dup-name .4 and .5, 5678:abcd::1 and ::2, port http/80), hdlsprtls
 * (headless, no ports, 172.0.0.20), and the ExternalName Services external -> ext.interwebs.test and
 * external-to-service -> svc1.testns.svc.cluster.local. Restated as dry-run values.
 */
import type { SimEndpointSlice } from '../../src/sim/endpoints.js';
import type { DnsInput } from '../../src/sim/dns/index.js';
import { namespaces, service } from './services-builder.js';
import type { SimService } from '../../src/sim/types.js';

function slice(svc: SimService, family: 'IPv4' | 'IPv6', eps: { ip: string; hostname?: string }[], ports: { name: string; port: number }[]): SimEndpointSlice {
  const endpoints = eps.map((e) => ({ addresses: [e.ip], conditions: { ready: true, serving: true, terminating: false }, ...(e.hostname ? { hostname: e.hostname } : {}) }));
  const p = ports.map((x) => ({ ...x, protocol: 'TCP' }));
  return {
    namespace: svc.namespace,
    serviceName: svc.name,
    name: `${svc.name}-${family.toLowerCase()}`,
    addressType: family,
    endpoints,
    ports: p,
    managedBy: 'test',
    object: { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: family, endpoints, ports: p },
  };
}

export function corednsFixture(): DnsInput {
  const ns = 'testns';
  const svc1 = service({ name: 'svc1', namespace: ns, clusterIP: '10.0.0.1', ports: [{ name: 'http', port: 80 }], selector: { app: 'a' } });
  const svcempty = service({ name: 'svcempty', namespace: ns, clusterIP: '10.0.0.1', ports: [{ name: 'http', port: 80 }], selector: { app: 'b' } });
  const svc6 = service({ name: 'svc6', namespace: ns, clusterIP: '1234:abcd::1', ports: [{ name: 'http', port: 80 }], selector: { app: 'c' } });
  const hdls1 = service({ name: 'hdls1', namespace: ns, clusterIP: 'None', ports: [{ name: 'http', port: 80 }], selector: { app: 'd' } });
  const hdlsprtls = service({ name: 'hdlsprtls', namespace: ns, clusterIP: 'None', selector: { app: 'e' } });
  const external = service({ name: 'external', namespace: ns, type: 'ExternalName', externalName: 'ext.interwebs.test', ports: [{ name: 'http', port: 80 }] });
  const extToSvc = service({ name: 'external-to-service', namespace: ns, type: 'ExternalName', externalName: 'svc1.testns.svc.cluster.local', ports: [{ name: 'http', port: 80 }] });
  const http = [{ name: 'http', port: 80 }];
  return {
    services: [svc1, svcempty, svc6, hdls1, hdlsprtls, external, extToSvc],
    endpointSlices: [
      slice(svc1, 'IPv4', [{ ip: '172.0.0.1', hostname: 'ep1a' }], http),
      slice(hdls1, 'IPv4', [{ ip: '172.0.0.2' }, { ip: '172.0.0.3' }, { ip: '172.0.0.4', hostname: 'dup-name' }, { ip: '172.0.0.5', hostname: 'dup-name' }], http),
      slice(hdls1, 'IPv6', [{ ip: '5678:abcd::1' }, { ip: '5678:abcd::2' }], http),
      slice(hdlsprtls, 'IPv4', [{ ip: '172.0.0.20' }], []),
    ],
    pods: [],
    namespaces: namespaces(ns, 'podns'),
  };
}
