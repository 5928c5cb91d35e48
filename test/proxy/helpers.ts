/**
 * Test helpers: kube-proxy inputs from inline YAML manifests, and the node and settings of kube-proxy's
 * unit-test fake (kubernetes/kubernetes:pkg/proxy/iptables/proxier_test.go NewFakeProxier): node
 * `test-node` with IP 192.168.0.2, interfaces lo (127.0.0.1, ::1) and eth0 (192.168.0.2/24, 192.168.1.2/24,
 * 192.168.99.11/24, 2001:db8::1/64, 2001:db8:1::2/64), local-traffic CIDR 10.0.0.0/8, mark 0x4000.
 */
import { parseAllDocuments } from 'yaml';
import type { ProxyConfig } from '../../src/proxy/config.js';
import { profileDefaults, resolveConfig } from '../../src/proxy/config.js';
import { endpointSliceFromObject, serviceFromObject } from '../../src/proxy/manifests.js';
import type { ProxyInputs, ProxyNode } from '../../src/proxy/model.js';
import type { EndpointSlice } from '../../src/model/kinds.js';

export const FAKE_NODE: ProxyNode = {
  name: 'test-node',
  labels: {},
  addresses: [{ type: 'InternalIP', address: '192.168.0.2' }],
  internalIP: '192.168.0.2',
  interfaceAddresses: ['127.0.0.1', '::1', '192.168.0.2', '192.168.1.2', '192.168.99.11', '2001:db8::1', '2001:db8:1::2'],
};

export const FAKE_NODE_V6: ProxyNode = { ...FAKE_NODE, internalIP: '2001:db8::1', addresses: [{ type: 'InternalIP', address: '2001:db8::1' }] };

export function upstreamConfig(over: Partial<ProxyConfig> = {}, v6 = false): ProxyConfig {
  return resolveConfig(profileDefaults('upstream-test'), { clusterCIDR: v6 ? 'fd00:10::/64' : '10.0.0.0/8' }, over);
}

export function objectsFromYaml(yaml: string): unknown[] {
  return parseAllDocuments(yaml)
    .map((d) => d.toJS() as unknown)
    .filter((o) => o !== null && o !== undefined);
}

export function inputsFromYaml(yaml: string, node: ProxyNode = FAKE_NODE): ProxyInputs {
  const objs = objectsFromYaml(yaml);
  return {
    services: objs.map((o) => serviceFromObject(o)).filter((s) => s !== undefined),
    endpointSlices: objs.map((o) => endpointSliceFromObject(o)).filter((s): s is EndpointSlice => s !== undefined),
    node,
  };
}

/** Like upstream's dedent + TrimLeft: strips common leading tabs/spaces and the first newline. */
export function dedent(s: string): string {
  const lines = s.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const n = Math.min(...indents);
  return lines.map((l) => l.slice(n)).join('\n').replace(/[ \t]+$/, '');
}
