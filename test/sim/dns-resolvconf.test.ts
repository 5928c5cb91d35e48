/**
 * Pod resolv.conf as kubelet writes it (kubernetes/kubernetes:pkg/kubelet/network/dns/dns.go) and the stub
 * resolver's expansion order (resolv.conf(5)). Expected files from the website page
 * content/en/docs/concepts/services-networking/dns-pod-service.md.
 */
import { describe, expect, it } from 'vitest';
import { buildResolvConf, dashedIP, expandQuery, formatResolvConf, ipFromDashed, ipFromReverse, reverseName } from '../../src/sim/dns/index.js';
import { pod } from './services-builder.js';

const opts = { clusterDomain: 'cluster.local', clusterDns: ['10.32.0.10'] };

describe('buildResolvConf', () => {
  it('ClusterFirst: the website example file', () => {
    const c = buildResolvConf(pod({ name: 'p', namespace: 'my-ns' }), opts);
    expect(formatResolvConf(c)).toBe('nameserver 10.32.0.10\nsearch my-ns.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n');
  });

  it('dnsPolicy None with dnsConfig: the website "Pod DNS Config" example', () => {
    const p = pod({
      name: 'dns-example',
      namespace: 'ns1',
      dnsPolicy: 'None',
      dnsConfig: { nameservers: ['192.0.2.1'], searches: ['ns1.svc.cluster-domain.example', 'my.dns.search.suffix'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] },
    });
    expect(formatResolvConf(buildResolvConf(p, opts))).toBe('nameserver 192.0.2.1\nsearch ns1.svc.cluster-domain.example my.dns.search.suffix\noptions ndots:2 edns0\n');
  });

  it('ClusterFirst on hostNetwork behaves as Default; ClusterFirstWithHostNet keeps cluster DNS (dns.go getPodDNSType)', () => {
    expect(buildResolvConf(pod({ name: 'h', hostNetwork: true }), opts).policy).toBe('Default');
    expect(buildResolvConf(pod({ name: 'h', hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), opts).nameservers).toEqual(['10.32.0.10']);
  });

  it('dnsConfig options override same-named base options; extra nameservers are cut at 3', () => {
    const p = pod({ name: 'p', dnsConfig: { nameservers: ['1.1.1.1', '8.8.8.8', '9.9.9.9'], options: [{ name: 'ndots', value: '1' }] } });
    const c = buildResolvConf(p, opts);
    expect(c.options).toEqual([{ name: 'ndots', value: '1' }]);
    expect(c.nameservers).toEqual(['10.32.0.10', '1.1.1.1', '8.8.8.8']);
    expect(c.notes.join(' ')).toContain('Nameserver limits were exceeded');
  });
});

describe('expandQuery (resolv.conf(5) ndots)', () => {
  const c = { searches: ['test.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: [{ name: 'ndots', value: '5' }] };
  it('fewer dots than ndots: search list first, the name last', () => {
    expect(expandQuery('data', c)).toEqual(['data.test.svc.cluster.local.', 'data.svc.cluster.local.', 'data.cluster.local.', 'data.']);
  });
  it('at least ndots dots: the name first', () => {
    expect(expandQuery('a.b.c.d.e.f', c)[0]).toBe('a.b.c.d.e.f.');
  });
  it('a trailing dot is absolute', () => {
    expect(expandQuery('data.prod.svc.cluster.local.', c)).toEqual(['data.prod.svc.cluster.local.']);
  });
});

describe('lookup of an address', () => {
  it('asks for the PTR record, as dig -x does', async () => {
    const { buildDnsData, lookup } = await import('../../src/sim/dns/index.js');
    const { corednsFixture } = await import('./dns-fixture.js');
    const l = lookup(buildDnsData(corednsFixture()), '10.0.0.1');
    expect(l.response.question).toEqual({ name: '1.0.0.10.in-addr.arpa.', type: 'PTR' });
    expect(l.response.answer.map((r) => r.data)).toEqual(['svc1.testns.svc.cluster.local.']);
  });
});

describe('address names (spec §2.3.3/§2.4.3; coredns kubernetes.go endpointHostname)', () => {
  it('dashed endpoint labels', () => {
    expect(dashedIP('172.0.0.2')).toBe('172-0-0-2');
    expect(dashedIP('5678:abcd::1')).toBe('5678-abcd--1');
    expect(dashedIP('fd00::')).toBe('fd00--0');
  });
  it('reverse names, both ways (spec example 2001:db8::1)', () => {
    expect(reverseName('10.96.0.17')).toBe('17.0.96.10.in-addr.arpa.');
    expect(reverseName('2001:db8::1')).toBe('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.');
    expect(ipFromReverse('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.')).toBe('2001:db8::1');
    expect(ipFromReverse('0.96.10.in-addr.arpa.')).toBeUndefined();
  });
  it('pod labels: exactly three dashes and no "--" is IPv4 (findPods)', () => {
    expect(ipFromDashed('10-244-1-5')).toBe('10.244.1.5');
    expect(ipFromDashed('fd00--1')).toBe('fd00::1');
    expect(ipFromDashed('blah')).toBeUndefined();
  });
});
