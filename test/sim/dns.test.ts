/**
 * DNS answers against CoreDNS's own test expectations (coredns/coredns:plugin/kubernetes/handler_test.go and
 * xfr_test.go, same cluster restated in ./dns-fixture.ts, TTL 5 as the plugin default there) and the
 * Kubernetes DNS specification (kubernetes/dns:docs/specification.md) and website pages named per case.
 */
import { describe, expect, it } from 'vitest';
import { buildDnsData, formatRecord, lookup, resolve, zoneRecords } from '../../src/sim/dns/index.js';
import type { RRType } from '../../src/sim/dns/index.js';
import { deriveEndpoints } from '../../src/sim/endpoints.js';
import { lazyDnsData } from '../../src/sim/dns/data.js';
import { corednsFixture } from './dns-fixture.js';
import { namespaces, node, pod, service } from './services-builder.js';

const data = buildDnsData(corednsFixture(), { ttl: 5, serial: 3 });
const ask = (name: string, type: RRType): { rcode: string; answer: string[]; authority: string[]; additional: string[] } => {
  const r = resolve(data, name, type);
  return { rcode: r.rcode, answer: r.answer.map(formatRecord), authority: r.authority.map(formatRecord), additional: r.additional.map(formatRecord) };
};
const SOA = 'cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 3 7200 1800 86400 5';

describe('resolve (CoreDNS handler_test.go cases)', () => {
  it('A Service', () => {
    expect(ask('svc1.testns.svc.cluster.local.', 'A')).toMatchObject({ rcode: 'NOERROR', answer: ['svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1'] });
  });
  it('A Service with no endpoints still answers its ClusterIP (svcempty)', () => {
    expect(ask('svcempty.testns.svc.cluster.local.', 'A').answer).toEqual(['svcempty.testns.svc.cluster.local. 5 IN A 10.0.0.1']);
  });
  it('AAAA on an IPv4-only Service is NODATA with the SOA', () => {
    expect(ask('svc1.testns.svc.cluster.local.', 'AAAA')).toEqual({ rcode: 'NOERROR', answer: [], authority: [SOA], additional: [] });
  });
  it('A on a headless Service lists every ready IPv4 endpoint address', () => {
    expect(ask('hdls1.testns.svc.cluster.local.', 'A').answer).toEqual(['172.0.0.2', '172.0.0.3', '172.0.0.4', '172.0.0.5'].map((ip) => `hdls1.testns.svc.cluster.local. 5 IN A ${ip}`));
  });
  it('AAAA endpoint name from the dashed IPv6 address', () => {
    expect(ask('5678-abcd--1.hdls1.testns.svc.cluster.local.', 'AAAA').answer).toEqual(['5678-abcd--1.hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::1']);
  });
  it('a shared hostname returns all its addresses (dup-name)', () => {
    expect(ask('dup-name.hdls1.testns.svc.cluster.local.', 'A').answer).toEqual(['172.0.0.4', '172.0.0.5'].map((ip) => `dup-name.hdls1.testns.svc.cluster.local. 5 IN A ${ip}`));
  });
  it('SRV on a named port of a ClusterIP Service, with the VIP in additional', () => {
    expect(ask('_http._tcp.svc1.testns.svc.cluster.local.', 'SRV')).toEqual({
      rcode: 'NOERROR',
      answer: ['_http._tcp.svc1.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc1.testns.svc.cluster.local.'],
      authority: [],
      additional: ['svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1'],
    });
  });
  it('SRV on a headless named port: weight floor(100/6)=16, duplicate targets collapse (xfr_test.go weights)', () => {
    const r = ask('_http._tcp.hdls1.testns.svc.cluster.local.', 'SRV');
    expect(r.answer).toEqual(
      ['172-0-0-2', '172-0-0-3', '5678-abcd--1', '5678-abcd--2', 'dup-name'].map((l) => `_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 ${l}.hdls1.testns.svc.cluster.local.`),
    );
    expect(r.additional).toContain('dup-name.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.5');
  });
  it('bare-name SRV lists every port (xfr_test.go: svc1 SRV 0 100 80 svc1...)', () => {
    expect(ask('svc1.testns.svc.cluster.local.', 'SRV').answer).toEqual(['svc1.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc1.testns.svc.cluster.local.']);
  });
  it('a port the Service does not have is NXDOMAIN', () => {
    expect(ask('_https._tcp.svc1.testns.svc.cluster.local.', 'SRV').rcode).toBe('NXDOMAIN');
    expect(ask('_http._udp.svc1.testns.svc.cluster.local.', 'SRV').rcode).toBe('NXDOMAIN');
  });
  it('ports and protocols match case-insensitively and leading underscores are optional (parse.go)', () => {
    expect(ask('http.TCP.svc1.testns.svc.cluster.local.', 'SRV').answer).toHaveLength(1);
  });
  it('headless Service without ports still has A records (hdlsprtls) and no SRV', () => {
    expect(ask('hdlsprtls.testns.svc.cluster.local.', 'A').answer).toEqual(['hdlsprtls.testns.svc.cluster.local. 5 IN A 172.0.0.20']);
    expect(ask('hdlsprtls.testns.svc.cluster.local.', 'SRV')).toMatchObject({ rcode: 'NOERROR', answer: [] });
  });
  it('CNAME External', () => {
    expect(ask('external.testns.svc.cluster.local.', 'CNAME').answer).toEqual(['external.testns.svc.cluster.local. 5 IN CNAME ext.interwebs.test.']);
  });
  it('an ExternalName into the cluster zone is chased: CNAME first, then the target A', () => {
    expect(ask('external-to-service.testns.svc.cluster.local.', 'A').answer).toEqual([
      'external-to-service.testns.svc.cluster.local. 5 IN CNAME svc1.testns.svc.cluster.local.',
      'svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1',
    ]);
  });
  it('nothing exists below an ExternalName Service', () => {
    expect(ask('_http._tcp.external.testns.svc.cluster.local.', 'SRV').rcode).toBe('NXDOMAIN');
  });
  it('PTR of a ClusterIP names its Service; PTR of an endpoint names the endpoint (reverse.go)', () => {
    expect(ask('1.0.0.10.in-addr.arpa.', 'PTR').answer).toEqual(['1.0.0.10.in-addr.arpa. 5 IN PTR svc1.testns.svc.cluster.local.']);
    expect(ask('2.0.0.172.in-addr.arpa.', 'PTR').answer).toEqual(['2.0.0.172.in-addr.arpa. 5 IN PTR 172-0-0-2.hdls1.testns.svc.cluster.local.']);
    expect(ask('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.8.7.6.5.ip6.arpa.', 'PTR').answer).toEqual([
      '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.8.7.6.5.ip6.arpa. 5 IN PTR 5678-abcd--1.hdls1.testns.svc.cluster.local.',
    ]);
  });
  it('an unknown reverse name falls through to upstream (kubeadm fallthrough in-addr.arpa ip6.arpa)', () => {
    expect(resolve(data, '9.9.9.9.in-addr.arpa.', 'PTR').forwarded).toBe(true);
  });
  it('NXDOMAIN versus NODATA as CoreDNS decides it', () => {
    expect(ask('cluster.local.', 'A')).toMatchObject({ rcode: 'NOERROR', answer: [], authority: [SOA] });
    expect(ask('svc.cluster.local.', 'A').rcode).toBe('NOERROR');
    expect(ask('pod.cluster.local.', 'A').rcode).toBe('NOERROR');
    expect(ask('testns.svc.cluster.local.', 'A')).toMatchObject({ rcode: 'NOERROR', answer: [] });
    expect(ask('nsnoexist.svc.cluster.local.', 'A').rcode).toBe('NXDOMAIN');
    expect(ask('svcnoexist.testns.svc.cluster.local.', 'A')).toMatchObject({ rcode: 'NXDOMAIN', authority: [SOA] });
    expect(ask('foo.cluster.local.', 'A').rcode).toBe('NXDOMAIN');
    expect(ask('a.b.c.svc1.testns.svc.cluster.local.', 'A').rcode).toBe('NXDOMAIN');
    expect(ask('svc1.testns.svc.cluster.local.', 'TXT')).toMatchObject({ rcode: 'NOERROR', answer: [] });
  });
  it('apex SOA and NS, dns-version TXT (spec §2.2)', () => {
    expect(ask('cluster.local.', 'SOA').answer).toEqual([SOA]);
    expect(ask('cluster.local.', 'NS').answer).toEqual(['cluster.local. 5 IN NS ns.dns.cluster.local.']);
    expect(ask('dns-version.cluster.local.', 'TXT').answer).toEqual(['dns-version.cluster.local. 28800 IN TXT "1.1.0"']);
  });
  it('pod records with pods insecure: the dashed IP in an existing namespace (handler_pod_insecure_test.go)', () => {
    expect(ask('10-240-0-1.podns.pod.cluster.local.', 'A').answer).toEqual(['10-240-0-1.podns.pod.cluster.local. 5 IN A 10.240.0.1']);
    expect(ask('blah.podns.pod.cluster.local.', 'A').rcode).toBe('NXDOMAIN');
    expect(ask('10-240-0-1.nsnoexist.pod.cluster.local.', 'A').rcode).toBe('NXDOMAIN');
  });
  it('queries are case-insensitive and echo the case asked; built names keep the zone as asked (handler_case_test.go)', () => {
    expect(ask('not-a-service.testns.svc.ClUsTeR.lOcAl.', 'A')).toMatchObject({
      rcode: 'NXDOMAIN',
      authority: ['ClUsTeR.lOcAl. 5 IN SOA ns.dns.ClUsTeR.lOcAl. hostmaster.ClUsTeR.lOcAl. 3 7200 1800 86400 5'],
    });
    expect(ask('SvC1.TeStNs.SvC.cLuStEr.LoCaL.', 'A').answer).toEqual(['SvC1.TeStNs.SvC.cLuStEr.LoCaL. 5 IN A 10.0.0.1']);
    expect(ask('_HtTp._TcP.sVc1.TeStNs.SvC.cLuStEr.LoCaL.', 'SRV')).toMatchObject({
      answer: ['_HtTp._TcP.sVc1.TeStNs.SvC.cLuStEr.LoCaL. 5 IN SRV 0 100 80 svc1.testns.svc.cLuStEr.LoCaL.'],
      additional: ['svc1.testns.svc.cLuStEr.LoCaL. 5 IN A 10.0.0.1'],
    });
  });
  it('names outside the zone are forwarded, not answered', () => {
    const r = resolve(data, 'example.com', 'A');
    expect(r.forwarded).toBe(true);
    expect(r.answer).toEqual([]);
  });
});

describe('zone records (CoreDNS xfr_test.go expectedZone)', () => {
  it('holds every record of CoreDNS zone transfer for the same cluster', () => {
    const ours = new Set(zoneRecords(data).map(formatRecord));
    // The records of xfr_test.go expectedZone (tabs turned to spaces; duplicates of dup-name collapse).
    const expected = [
      'cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 3 7200 1800 86400 5',
      'external.testns.svc.cluster.local. 5 IN CNAME ext.interwebs.test.',
      'external-to-service.testns.svc.cluster.local. 5 IN CNAME svc1.testns.svc.cluster.local.',
      'hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.2',
      '172-0-0-2.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.2',
      '_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 172-0-0-2.hdls1.testns.svc.cluster.local.',
      'dup-name.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.4',
      'dup-name.hdls1.testns.svc.cluster.local. 5 IN A 172.0.0.5',
      '_http._tcp.hdls1.testns.svc.cluster.local. 5 IN SRV 0 16 80 dup-name.hdls1.testns.svc.cluster.local.',
      'hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::1',
      '5678-abcd--2.hdls1.testns.svc.cluster.local. 5 IN AAAA 5678:abcd::2',
      'hdlsprtls.testns.svc.cluster.local. 5 IN A 172.0.0.20',
      '172-0-0-20.hdlsprtls.testns.svc.cluster.local. 5 IN A 172.0.0.20',
      'svc1.testns.svc.cluster.local. 5 IN A 10.0.0.1',
      'svc1.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc1.testns.svc.cluster.local.',
      '_http._tcp.svc1.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc1.testns.svc.cluster.local.',
      'svc6.testns.svc.cluster.local. 5 IN AAAA 1234:abcd::1',
      'svc6.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc6.testns.svc.cluster.local.',
      '_http._tcp.svc6.testns.svc.cluster.local. 5 IN SRV 0 100 80 svc6.testns.svc.cluster.local.',
      'svcempty.testns.svc.cluster.local. 5 IN A 10.0.0.1',
      'svcempty.testns.svc.cluster.local. 5 IN SRV 0 100 80 svcempty.testns.svc.cluster.local.',
      '_http._tcp.svcempty.testns.svc.cluster.local. 5 IN SRV 0 100 80 svcempty.testns.svc.cluster.local.',
    ];
    for (const r of expected) expect(ours, r).toContain(r);
  });
});

describe('StatefulSet and hostname/subdomain records (website statefulset.md, dns-pod-service.md)', () => {
  it('web-0.nginx.default.svc.cluster.local through the governing headless Service', () => {
    const svc = service({ name: 'nginx', selector: { app: 'nginx' }, clusterIP: 'None', ports: [{ name: 'web', port: 80 }] });
    const owner = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' }, spec: { serviceName: 'nginx' } };
    const pods = [0, 1].map((i) => pod({ name: `web-${i}`, labels: { app: 'nginx' }, ip: `10.244.1.${i + 2}`, node: 'n1', owner }));
    const eps = deriveEndpoints({ services: [svc], pods, nodes: [node('n1', '192.168.0.1')] });
    const d = buildDnsData({ services: [svc], endpointSlices: eps.endpointSlices, pods, namespaces: namespaces('default') });
    expect(resolve(d, 'web-0.nginx.default.svc.cluster.local', 'A').answer.map(formatRecord)).toEqual(['web-0.nginx.default.svc.cluster.local. 30 IN A 10.244.1.2']);
    expect(resolve(d, 'nginx.default.svc.cluster.local', 'A').answer).toHaveLength(2);
    expect(resolve(d, 'web-0.nginx.default.svc.kube.local', 'A').forwarded).toBe(true);
    const k = buildDnsData({ services: [svc], endpointSlices: eps.endpointSlices, pods, namespaces: namespaces('default') }, { clusterDomain: 'kube.local' });
    expect(resolve(k, 'web-1.nginx.default.svc.kube.local', 'A').answer.map((r) => r.data)).toEqual(['10.244.1.3']);
  });

  it('a headless Service with no ready endpoint is NXDOMAIN (spec §2.4.1)', () => {
    const svc = service({ name: 'db', selector: { app: 'db' }, clusterIP: 'None', ports: [{ port: 5432 }] });
    const pods = [pod({ name: 'db-0', labels: { app: 'db' }, ip: '10.244.0.9', node: 'n1', ready: false })];
    const eps = deriveEndpoints({ services: [svc], pods, nodes: [node('n1', '192.168.0.1')] });
    const d = buildDnsData({ services: [svc], endpointSlices: eps.endpointSlices, pods, namespaces: namespaces('default') });
    expect(resolve(d, 'db.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
  });
});

describe('lookup --from (website dns-pod-service.md "Namespaces of Services")', () => {
  const data = buildDnsData({
    services: [service({ name: 'data', namespace: 'prod', clusterIP: '10.96.3.4', ports: [{ port: 80 }], selector: { app: 'data' } })],
    endpointSlices: [],
    pods: [],
    namespaces: namespaces('prod', 'test'),
  });
  const client = pod({ name: 'client', namespace: 'test', ip: '10.244.0.5', node: 'n1' });

  it('`data` from namespace test finds nothing in the cluster and goes upstream last', () => {
    const l = lookup(data, 'data', { from: client });
    expect(l.tries.map((t) => t.name)).toEqual(['data.test.svc.cluster.local.', 'data.svc.cluster.local.', 'data.cluster.local.', 'data.']);
    expect(l.tries.map((t) => t.response.rcode)).toEqual(['NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN', 'NOERROR']);
    expect(l.tries[3]!.response.forwarded).toBe(true);
    expect(l.answeredBy).toBeUndefined();
  });

  it('`data.prod` resolves on the second try; the first is NXDOMAIN (endpoint data of Service prod)', () => {
    const l = lookup(data, 'data.prod', { from: client });
    expect(l.tries.map((t) => [t.name, t.response.rcode])).toEqual([
      ['data.prod.test.svc.cluster.local.', 'NXDOMAIN'],
      ['data.prod.svc.cluster.local.', 'NOERROR'],
    ]);
    expect(l.answeredBy).toBe(1);
    expect(l.response.answer.map(formatRecord)).toEqual(['data.prod.svc.cluster.local. 30 IN A 10.96.3.4']);
  });

  it('the resolv.conf kubelet writes for ClusterFirst', () => {
    const l = lookup(data, 'data.prod.svc.cluster.local.', { from: client });
    expect(l.resolvConf).toMatchObject({ nameservers: ['10.96.0.10'], searches: ['test.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: [{ name: 'ndots', value: '5' }] });
    expect(l.tries).toHaveLength(1);
  });
});

describe('untrusted input', () => {
  it('an externalName that is not a host name makes no record and cannot break the zone file', () => {
    const evil = service({ name: 'evil', namespace: 'x', type: 'ExternalName', externalName: 'a.example.com.\nevil.cluster.local. 30 IN A 6.6.6.6' });
    const d = buildDnsData({ services: [evil], endpointSlices: [], pods: [], namespaces: namespaces('x') });
    expect(resolve(d, 'evil.x.svc.cluster.local', 'CNAME').rcode).toBe('NXDOMAIN');
    expect(zoneRecords(d).map(formatRecord).join('\n')).not.toContain('6.6.6.6');
  });
});

describe('website dns-pod-service.md examples', () => {
  it('busybox-1.busybox-subdomain.my-namespace.svc.cluster-domain.example and the pod A record', () => {
    const svc = service({ name: 'busybox-subdomain', namespace: 'my-namespace', clusterIP: 'None', selector: { name: 'busybox' }, ports: [{ name: 'foo', port: 1234 }] });
    const pods = [
      pod({ name: 'busybox1', namespace: 'my-namespace', labels: { name: 'busybox' }, ip: '172.17.0.3', node: 'n1', hostname: 'busybox-1', subdomain: 'busybox-subdomain' }),
      pod({ name: 'busybox2', namespace: 'my-namespace', labels: { name: 'busybox' }, ip: '172.17.0.4', node: 'n1', hostname: 'busybox-2', subdomain: 'busybox-subdomain' }),
    ];
    const eps = deriveEndpoints({ services: [svc], pods, nodes: [node('n1', '192.168.0.1')] });
    const d = buildDnsData({ services: [svc], endpointSlices: eps.endpointSlices, pods, namespaces: namespaces('my-namespace') }, { clusterDomain: 'cluster-domain.example' });
    expect(resolve(d, 'busybox-1.busybox-subdomain.my-namespace.svc.cluster-domain.example', 'A').answer.map((r) => r.data)).toEqual(['172.17.0.3']);
    expect(resolve(d, 'busybox-subdomain.my-namespace.svc.cluster-domain.example', 'A').answer.map((r) => r.data)).toEqual(['172.17.0.3', '172.17.0.4']);
    expect(resolve(d, '172-17-0-3.my-namespace.pod.cluster-domain.example', 'A').answer.map((r) => r.data)).toEqual(['172.17.0.3']);
    // Pod names never become DNS labels (without CoreDNS endpoint_pod_names).
    expect(resolve(d, 'busybox1.busybox-subdomain.my-namespace.svc.cluster-domain.example', 'A').rcode).toBe('NXDOMAIN');
  });
});

describe('lazyDnsData (what the full dry run carries)', () => {
  it('reads, field by field, what buildDnsData builds', () => {
    const input = corednsFixture();
    const built = buildDnsData(input, { ttl: 5, serial: 3 });
    const lazy = lazyDnsData(input, { ttl: 5, serial: 3 });
    expect(Object.keys(lazy).sort()).toEqual(Object.keys(built).sort());
    for (const k of Object.keys(built) as (keyof typeof built)[]) expect(lazy[k], k).toEqual(built[k]);
    expect(zoneRecords(lazy)).toEqual(zoneRecords(built));
  });
});
