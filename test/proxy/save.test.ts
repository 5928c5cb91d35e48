/**
 * iptables-save rendering. Expected lines were printed by iptables-save v1.8.9 (nf_tables) after loading
 * kube-proxy-form rules into a network namespace (the real-tool test in iptables.real.test.ts re-checks this
 * whole-file when the tools are present); probabilities as measured in the kube-proxy research note
 * (kernel stores round(p*2^31)).
 */
import { describe, expect, it } from 'vitest';
import { kernelProbability, saveRule } from '../../src/proxy/iptables/save.js';

describe('iptables-save canonical form', () => {
  const cases: [string, string][] = [
    [
      '-A KUBE-SERVICES -m comment --comment "ns6/svc6:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.46 --dport 80 -j REJECT',
      '-A KUBE-SERVICES -d 172.30.0.46/32 -p tcp -m comment --comment "ns6/svc6:p80 has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    ],
    ['-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000', '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000'],
    ['-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000', '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0'],
    [
      '-A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-I77PXRDZVX7PMWMN -s 10.180.0.3/32 -m comment --comment "ns5/svc5:p80" -j KUBE-MARK-MASQ',
    ],
    [
      '-A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --set -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80',
      '-A KUBE-SEP-I77PXRDZVX7PMWMN -p tcp -m comment --comment "ns5/svc5:p80" -m recent --set --name KUBE-SEP-I77PXRDZVX7PMWMN --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.180.0.3:80',
    ],
    [
      '-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-4SW47YFZTEDKD3PK ! -s 10.0.0.0/8 -d 172.30.0.44/32 -p tcp -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
    ],
    [
      '-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --rcheck --seconds 10800 --reap -j KUBE-SEP-I77PXRDZVX7PMWMN',
      '-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-I77PXRDZVX7PMWMN --mask 255.255.255.255 --rsource -j KUBE-SEP-I77PXRDZVX7PMWMN',
    ],
    [
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP',
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name  ct_state_invalid_dropped_pkts -j DROP',
    ],
  ];
  for (const [input, expected] of cases) it(input.slice(0, 60), () => expect(saveRule(input, 'IPv4')).toBe(expected));

  it('stores probabilities as the kernel does', () => {
    expect(kernelProbability('0.5000000000')).toBe('0.50000000000');
    expect(kernelProbability('0.3333333333')).toBe('0.33333333349');
    expect(kernelProbability('0.2000000000')).toBe('0.20000000019');
    expect(kernelProbability('0.1000000000')).toBe('0.10000000009');
    expect(kernelProbability('0.0010000000')).toBe('0.00100000016');
    expect(kernelProbability('0.0000099999')).toBe('0.00001000008');
  });
});
