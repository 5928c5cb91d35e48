/**
 * kube-proxy rule generation at scale: 10,000 Services x 5 endpoints on one node (seeded), iptables and
 * nftables modes (and IPVS for comparison), full sync, in the normal form we print. Targets: each under 3 s
 * wall. Best of 3 runs; wall and CPU time are both printed, with the load average, because the machine is shared.
 */
import type { EndpointSlice } from '../src/model/kinds.js';
import { profileDefaults, resolveConfig } from '../src/proxy/config.js';
import { iptablesRules } from '../src/proxy/iptables/index.js';
import type { ProxyInputs, ProxyService } from '../src/proxy/model.js';
import { nftablesRules } from '../src/proxy/nftables.js';
import { ipvsRules } from '../src/proxy/ipvs.js';
import { loadavg } from 'node:os';
import { measure, rng, table } from './util.js';

export function cluster(services: number, endpoints: number, seed: number): ProxyInputs {
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

/** Best of `runs` (wall and CPU time of the same run), so a busy shared machine inflates the figures less. */
async function bestOf(runs: number, f: () => string): Promise<{ ms: number; cpuMs: number; peakMiB: number; text: string }> {
  let best: { ms: number; cpuMs: number; peakMiB: number; text: string } | undefined;
  for (let i = 0; i < runs; i++) {
    const m = await measure(() => {
      const c0 = process.cpuUsage();
      const text = f();
      const c = process.cpuUsage(c0);
      return { text, cpuMs: (c.user + c.system) / 1000 };
    });
    if (best === undefined || m.ms < best.ms) best = { ms: m.ms, cpuMs: m.result.cpuMs, peakMiB: m.peakMiB, text: m.result.text };
  }
  return best as { ms: number; cpuMs: number; peakMiB: number; text: string };
}

export default async function (): Promise<void> {
  const rows: Record<string, string | number>[] = [];
  const cfg = resolveConfig(profileDefaults('node'), { clusterCIDR: '10.128.0.0/9' });
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const [services, endpoints] of [
    [1000, 5],
    [10000, 5],
  ] as const) {
    const inputs = cluster(services, endpoints, 42);
    const modes: [string, () => string][] = [
      ['iptables', () => iptablesRules(inputs, cfg).text],
      ['nftables', () => nftablesRules(inputs, { ...cfg, mode: 'nftables' }).text],
      ['ipvs', () => ipvsRules(inputs, { ...cfg, mode: 'ipvs' }).text],
    ];
    for (const [mode, f] of modes) {
      const r = await bestOf(3, f);
      const lines = r.text.split('\n').length - 1;
      rows.push({ mode, services, endpoints, 'wall ms': r.ms, 'cpu ms': r.cpuMs, lines, 'lines/s': Math.round((lines / r.ms) * 1000), 'peak MiB': r.peakMiB });
    }
  }
  table(rows);
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (best of 3 runs each; 2 shared cores)`);
}
