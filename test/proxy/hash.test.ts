/** Chain-name hash, probability text and IP normalisation, against values that appear in upstream tests. */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { endpointChainName, serviceChainNames, sha256 } from '../../src/proxy/hash.js';
import { computeProbability } from '../../src/proxy/probability.js';
import { normalizeCIDR, normalizeIP } from '../../src/proxy/ip.js';

describe('chain names (pkg/proxy/iptables/proxier.go portProtoHash, servicePortEndpointChainName)', () => {
  it('matches names printed in upstream proxier_test.go goldens', () => {
    expect(serviceChainNames('ns1/svc1:p80', 'tcp').svc).toBe('KUBE-SVC-XPGD46QRK7WJZT7O');
    expect(serviceChainNames('ns2/svc2:p80', 'tcp').svc).toBe('KUBE-SVC-GNZBNJ2PO5MGZ6GT');
    expect(serviceChainNames('ns5/svc5:p80', 'tcp').fw).toBe('KUBE-FW-NUKIZ6OKUXPJNT4C');
    expect(serviceChainNames('ns4/svc4:p8082', 'tcp').svc).toBe('KUBE-SVC-EBDQOQU5SJFXRIL3');
    expect(endpointChainName('ns1/svc1:p80', 'tcp', '10.180.0.1:80')).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ');
    expect(endpointChainName('ns3/svc3:p80', 'tcp', '10.180.0.3:80')).toBe('KUBE-SEP-OYPFS5VJICHGATKP');
    expect(endpointChainName('ns4/svc4:p8082', 'tcp', '10.4.0.1:8082')).toBe('KUBE-SEP-SU5STNODRYEWJAUF');
  });
});

describe('sha256 (one-shot crypto.hash where available)', () => {
  // Go hashes the UTF-8 bytes of the name; the one-shot path must too, for any string a name can hold.
  it('equals createHash over UTF-8, including non-ASCII', () => {
    for (const s of ['', 'ns1/svc1:p80tcp', 'ns/sv\u00e9c:p\u00f6rt', '\u{1F600}/x', 'a'.repeat(300)]) {
      expect(Buffer.from(sha256(s)).toString('hex')).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    }
  });
});

describe('computeProbability (upstream TestComputeProbability)', () => {
  it('formats like Go %0.10f', () => {
    const expected: Record<number, string> = {
      1: '1.0000000000',
      2: '0.5000000000',
      10: '0.1000000000',
      100: '0.0100000000',
      1000: '0.0010000000',
      10000: '0.0001000000',
      100000: '0.0000100000',
      100001: '0.0000099999',
    };
    for (const [n, s] of Object.entries(expected)) expect(computeProbability(Number(n))).toBe(s);
  });
  it('rounds exact ties half to even like Go strconv (1/2048 = 0.00048828125)', () => {
    expect(computeProbability(2048)).toBe('0.0004882812');
    expect(computeProbability(3)).toBe('0.3333333333');
    expect(computeProbability(7)).toBe('0.1428571429');
  });
  it('is strictly decreasing from n=2 to n=100000 (upstream monotonicity check)', () => {
    let prev = Infinity;
    const bad: number[] = [];
    for (let n = 2; n <= 100000; n++) {
      const p = Number(computeProbability(n));
      if (!(p < prev)) bad.push(n);
      prev = p;
    }
    expect(bad).toEqual([]);
  });
});

describe('IP normalisation (k8s.io/utils/net ParseIPSloppy + net.IP.String)', () => {
  it('reads leading zeros as decimal and prints Go form', () => {
    expect(normalizeIP('010.180.00.001')).toBe('10.180.0.1');
    expect(normalizeIP('fd00:10:180:0:0:0:0:1')).toBe('fd00:10:180::1');
    expect(normalizeIP('2001:DB8::0:1')).toBe('2001:db8::1');
    expect(normalizeIP('::ffff:1.2.3.4')).toBe('1.2.3.4');
    expect(normalizeIP('1.2.3')).toBeUndefined();
  });
  it('masks CIDRs like net.ParseCIDR', () => {
    expect(normalizeCIDR('203.0.113.000/025')).toBe('203.0.113.0/25');
    expect(normalizeCIDR('203.0.113.7/25')).toBe('203.0.113.0/25');
    expect(normalizeCIDR('fd00::1/64')).toBe('fd00::/64');
  });
});
