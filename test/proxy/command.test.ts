/** The `proxy` query end to end from manifest text (loader included), without spawning the CLI. */
import { describe, expect, it } from 'vitest';
import { loadTexts } from '../../src/load/index.js';
import { runProxy } from '../../src/proxy/run.js';

const MANIFESTS = `
apiVersion: v1
kind: Node
metadata: { name: worker-1 }
status: { addresses: [{ type: InternalIP, address: 192.168.10.11 }] }
---
apiVersion: v1
kind: Node
metadata: { name: worker-2 }
status: { addresses: [{ type: InternalIP, address: 192.168.10.12 }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  type: NodePort
  clusterIP: 10.96.0.15
  ports: [{ name: http, port: 80, targetPort: 8080, nodePort: 30080 }]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: web-abc, namespace: shop, labels: { kubernetes.io/service-name: web } }
addressType: IPv4
endpoints:
- { addresses: [10.244.1.5], nodeName: worker-1 }
- { addresses: [10.244.2.7], nodeName: worker-2 }
ports: [{ name: http, port: 8080, protocol: TCP }]
---
apiVersion: v1
kind: Pod
metadata: { name: client, namespace: shop }
spec: { containers: [{ name: c, image: busybox }] }
status: { podIP: 10.244.1.9 }
---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clusterCIDR: 10.244.0.0/16
iptables: { masqueradeBit: 15 }
`;

const resources = loadTexts([{ file: 'cluster.yaml', text: MANIFESTS }]).resources;

describe('runProxy', () => {
  it('reads KubeProxyConfiguration from the input (clusterCIDR, masqueradeBit)', () => {
    const r = runProxy(resources, { node: 'worker-1' });
    expect(r.errors).toEqual([]);
    expect(r.output).toContain('! -s 10.244.0.0/16 -j KUBE-MARK-MASQ');
    expect(r.output).toContain('-A KUBE-MARK-MASQ -j MARK --or-mark 0x00008000\n');
  });

  it('flags override the configuration document', () => {
    const r = runProxy(resources, { node: 'worker-1', overrides: { masqueradeBit: 14, masqueradeAll: true } });
    expect(r.output).toContain('--or-mark 0x00004000');
    expect(r.output).toContain('--dport 80 -j KUBE-MARK-MASQ');
  });

  it('asks which node when there are several and none is named', () => {
    const r = runProxy(resources, {});
    expect(r.output).toBe('');
    expect(r.errors[0]?.code).toBe('node-required');
    expect(r.errors[0]?.message).toContain('worker-1, worker-2');
  });

  it('reports an unknown node as a value, with the known ones', () => {
    const r = runProxy(resources, { node: 'nope' });
    expect(r.errors[0]?.code).toBe('unknown-node');
  });

  it('describes a node with --node-ip when the input has no Node object', () => {
    const r = runProxy(resources, { node: 'edge-9', nodeIP: '192.168.10.99' });
    expect(r.errors).toEqual([]);
    expect(r.output).toContain('KUBE-SVC-');
  });

  it('reports a bad configuration value with its location', () => {
    const bad = loadTexts([{ file: 'kp.yaml', text: 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: userspace\n' }]).resources;
    const r = runProxy([...resources, ...bad], { node: 'worker-1' });
    expect(r.errors[0]?.code).toBe('proxy-config');
    expect(r.errors[0]?.location?.file).toBe('kp.yaml');
    expect(r.errors[0]?.location?.line).toBe(3);
  });

  it('prints iptables-save form', () => {
    const r = runProxy(resources, { node: 'worker-1', format: 'iptables-save' });
    expect(r.output).toContain(':INPUT ACCEPT [0:0]');
    expect(r.output).toContain('-A KUBE-SERVICES -d 10.96.0.15/32 -p tcp -m comment --comment "shop/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-');
  });

  it('traces from a Pod named in the input', () => {
    const r = runProxy(resources, { node: 'worker-1', trace: '10.96.0.15:80', from: 'shop/client' });
    expect(r.errors).toEqual([]);
    expect(r.output).toContain('# tcp 10.244.1.9 -> 10.96.0.15:80 on node worker-1');
    expect(r.output).toContain('50.0000%  DNAT to 10.244.1.5:8080, source IP kept');
    expect(r.output).toContain('50.0000%  DNAT to 10.244.2.7:8080, source IP kept');
  });

  it('traces external NodePort traffic: masqueraded', () => {
    const r = runProxy(resources, { node: 'worker-1', trace: '192.168.10.11:30080' });
    expect(r.output).toContain('DNAT to 10.244.1.5:8080, source masqueraded');
  });

  it('rejects a malformed trace target as a value', () => {
    expect(runProxy(resources, { node: 'worker-1', trace: '10.96.0.15' }).errors[0]?.code).toBe('bad-trace');
  });

  it('nftables mode prints the nft ruleset', () => {
    const r = runProxy(resources, { node: 'worker-1', mode: 'nftables' });
    expect(r.output).toContain('add table ip kube-proxy { comment "rules for kube-proxy" ; }');
    expect(r.output).toContain('add element ip kube-proxy service-nodeports { tcp . 30080 : goto external-');
  });

  it('is deterministic', () => {
    expect(runProxy(resources, { node: 'worker-1' }).output).toBe(runProxy([...resources].reverse(), { node: 'worker-1' }).output);
  });
});
