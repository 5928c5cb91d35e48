/**
 * kube-proxy rule generation at scale: 10,000 Services x 5 endpoints on one node (seeded), iptables and
 * nftables modes, full sync, in the normal form we print. Targets: each under 3 s.
 */
import type { EndpointSlice } from '../src/model/kinds.js';
import { profileDefaults, resolveConfig } from '../src/proxy/config.js';
import { iptablesRules } from '../src/proxy/iptables/index.js';
import type { ProxyInputs, ProxyService } from '../src/proxy/model.js';
import { nftablesRules } from '../src/proxy/nftables.js';
import { ipvsRules } from '../src/proxy/ipvs.js';
import { measure, rng, table } from './util.js';

function cluster(services: number, endpoints: number, seed: number): ProxyInputs {
  const rand = rng(seed);
  const svcs: ProxyService[] = [];
  const slices: EndpointSlice[] = [];
  for (let i = 0; i < services; i++) {
    const ns = `ns${i % 50}`;
    const name = `svc-${i}`;
    const ip = `10.${96 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}`;
    const type = rand() < 0.1 ? 'NodePort' : 'ClusterIP';
    svcs.push({
      namespace: ns,
      name,
      type,
      clusterIP: ip,
      clusterIPs: [ip],
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, ...(type === 'NodePort' ? { nodePort: 30000 + (i % 2768) } : {}) }],
      externalIPs: [],
      loadBalancerIPs: [],
      loadBalancerSourceRanges: [],
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      sessionAffinityTimeoutSeconds: 10800,
    });
    slices.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { namespace: ns, name: `${name}-1`, labels: { 'kubernetes.io/service-name': name } },
      addressType: 'IPv4',
      endpoints: Array.from({ length: endpoints }, (_, k) => ({
        addresses: [`10.${128 + Math.floor((i * endpoints + k) / 65536)}.${Math.floor((i * endpoints + k) / 256) % 256}.${(i * endpoints + k) % 256}`],
        nodeName: rand() < 0.01 ? 'node-0' : `node-${1 + Math.floor(rand() * 99)}`,
      })),
      ports: [{ name: 'http', protocol: 'TCP', port: 8080 }],
    });
  }
  return { services: svcs, endpointSlices: slices, node: { name: 'node-0', labels: {}, addresses: [{ type: 'InternalIP', address: '192.168.0.10' }], internalIP: '192.168.0.10' } };
}

export default async function (): Promise<void> {
  const rows: Record<string, string | number>[] = [];
  const cfg = resolveConfig(profileDefaults('node'), { clusterCIDR: '10.128.0.0/9' });
  for (const [services, endpoints] of [
    [1000, 5],
    [10000, 5],
  ] as const) {
    const inputs = cluster(services, endpoints, 42);
    const cpu = (f: () => string): { text: string; cpuMs: number } => {
      const c0 = process.cpuUsage();
      const text = f();
      const c = process.cpuUsage(c0);
      return { text, cpuMs: (c.user + c.system) / 1000 };
    };
    const ipt = await measure(() => cpu(() => iptablesRules(inputs, cfg).text));
    const iptLines = ipt.result.text.split('\n').length - 1;
    rows.push({ mode: 'iptables', services, endpoints, 'wall ms': ipt.ms, 'cpu ms': ipt.result.cpuMs, lines: iptLines, 'lines/s': Math.round((iptLines / ipt.ms) * 1000), 'peak MiB': ipt.peakMiB });
    const nft = await measure(() => cpu(() => nftablesRules(inputs, { ...cfg, mode: 'nftables' }).text));
    const nftLines = nft.result.text.split('\n').length - 1;
    rows.push({ mode: 'nftables', services, endpoints, 'wall ms': nft.ms, 'cpu ms': nft.result.cpuMs, lines: nftLines, 'lines/s': Math.round((nftLines / nft.ms) * 1000), 'peak MiB': nft.peakMiB });
    const ipvs = await measure(() => cpu(() => ipvsRules(inputs, { ...cfg, mode: 'ipvs' }).text));
    const ipvsLines = ipvs.result.text.split('\n').length - 1;
    rows.push({ mode: 'ipvs', services, endpoints, 'wall ms': ipvs.ms, 'cpu ms': ipvs.result.cpuMs, lines: ipvsLines, 'lines/s': Math.round((ipvsLines / ipvs.ms) * 1000), 'peak MiB': ipvs.peakMiB });
  }
  table(rows);
}
