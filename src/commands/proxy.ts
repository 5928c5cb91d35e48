import { Args, Command, Flags } from '@oclif/core';
import { loadPaths } from '../load/index.js';
import { analyze } from '../index.js';
import type { ProxyConfig } from '../proxy/config.js';
import { runProxy } from '../proxy/run.js';
import type { ProxyDiagnostic, ProxyOutputFormat } from '../proxy/run.js';
import type { Protocol } from '../proxy/trace.js';

function describeDiagnostic(d: ProxyDiagnostic): string {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}: ` : '';
  return `${where}${d.message} [${d.code}]`;
}

export default class Proxy extends Command {
  static override summary = 'Print the rules kube-proxy would program on a node (iptables, nftables or IPVS), or trace a packet through them.';
  static override description = `Reads Services, EndpointSlices, Nodes and an optional KubeProxyConfiguration from the manifests and prints what kube-proxy (v1.33 iptables proxier) would write on --node.

iptables output is an iptables-restore payload in the normal form of kube-proxy's own unit tests (sortIPTablesRules), so it is deterministic and diffable; --format iptables-save prints what iptables-save shows on the node once it is loaded. --profile upstream-test reproduces kube-proxy's test fakes (mark 0x4000, no --random-fully) for byte-for-byte comparison with upstream goldens.

Settings: a KubeProxyConfiguration document in the input or --proxy-config FILE, then flags.

Exit status: 0 on success, 2 for usage or input errors.`;

  static override examples = [
    '<%= config.bin %> proxy k8s/ --node worker-1',
    '<%= config.bin %> proxy k8s/ --node worker-1 --format iptables-save > expected.txt && diff <(ssh worker-1 sudo iptables-save) expected.txt',
    '<%= config.bin %> proxy k8s/ --node worker-1 --mode nftables',
    '<%= config.bin %> proxy k8s/ --node worker-1 --trace 10.96.0.15:80 --from shop/frontend-0',
  ];

  static override strict = false;
  static override args = {
    paths: Args.string({ description: 'files, directories, or - for stdin', required: false }),
  };

  static override flags = {
    node: Flags.string({ description: 'node whose rules to print (a Node object in the input, or described with --node-ip)' }),
    'node-ip': Flags.string({ description: 'node IP, when the input has no Node object for --node' }),
    mode: Flags.string({ description: 'proxy mode (default: from KubeProxyConfiguration, else iptables)', options: ['iptables', 'nftables', 'ipvs'] }),
    profile: Flags.string({ description: 'node: what a real kube-proxy writes; upstream-test: what its unit-test fakes print', options: ['node', 'upstream-test'], default: 'node' }),
    format: Flags.string({ description: 'iptables output: restore payload (normal form) or iptables-save view; nftables: normal form or nft -f script', options: ['restore', 'iptables-save', 'nft-script'], default: 'restore' }),
    'proxy-config': Flags.string({ description: 'KubeProxyConfiguration file (kubeproxy.config.k8s.io/v1alpha1)' }),
    'cluster-cidr': Flags.string({ description: 'clusterCIDR (pod range; traffic from outside it is masqueraded)' }),
    'masquerade-all': Flags.boolean({ description: 'masquerade all traffic to Service IPs', allowNo: true }),
    'masquerade-bit': Flags.integer({ description: 'iptables.masqueradeBit (default 14)', min: 0, max: 31 }),
    'nodeport-addresses': Flags.string({ description: 'nodePortAddresses, comma-separated CIDRs or "primary"' }),
    'localhost-nodeports': Flags.boolean({ description: 'iptables.localhostNodePorts (default true)', allowNo: true }),
    'ip-family': Flags.string({ description: 'IP family of the proxier (kube-proxy runs one per family; default: the node IP\'s)', options: ['IPv4', 'IPv6'] }),
    trace: Flags.string({ description: 'walk a packet to IP:PORT through the iptables rules' }),
    from: Flags.string({ description: 'trace source: external (default), node, an IP, or a Pod (ns/name)' }),
    protocol: Flags.string({ description: 'trace protocol', options: ['tcp', 'udp', 'sctp'], default: 'tcp' }),
    namespace: Flags.string({ char: 'n', description: 'namespace of namespaced objects that name none (default: default)' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Proxy);
    const paths = argv as string[];
    if (paths.length === 0) this.error('no input: give files, directories, or - for stdin (e.g. k8s-lint proxy ./manifests --node worker-1)', { exit: 2 });
    // The dry run gives Services their ClusterIPs and NodePorts and derives EndpointSlices from the pods it places.
    const loaded = analyze(paths, flags.namespace ? { namespace: flags.namespace } : {});
    const problems: string[] = loaded.findings.filter((f) => f.input).map((f) => `${f.location.file}:${f.location.line}:${f.location.column}: ${f.message}`);
    const configResources = flags['proxy-config'] ? loadPaths([flags['proxy-config']]) : undefined;
    if (configResources) problems.push(...configResources.findings.filter((f) => f.input).map((f) => `${f.location.file}: ${f.message}`));
    const overrides: { -readonly [K in keyof ProxyConfig]?: ProxyConfig[K] } = {};
    if (flags['cluster-cidr'] !== undefined) overrides.clusterCIDR = flags['cluster-cidr'];
    if (flags['masquerade-all'] !== undefined) overrides.masqueradeAll = flags['masquerade-all'];
    if (flags['masquerade-bit'] !== undefined) overrides.masqueradeBit = flags['masquerade-bit'];
    if (flags['ip-family'] !== undefined) overrides.family = flags['ip-family'] as 'IPv4' | 'IPv6';
    if (flags['localhost-nodeports'] !== undefined) overrides.localhostNodePorts = flags['localhost-nodeports'];
    if (flags['nodeport-addresses'] !== undefined) overrides.nodePortAddresses = flags['nodeport-addresses'].split(',').map((s) => s.trim()).filter((s) => s !== '');
    const result = runProxy(loaded.resources, {
      state: loaded.state,
      ...(flags.node !== undefined ? { node: flags.node } : {}),
      ...(flags['node-ip'] !== undefined ? { nodeIP: flags['node-ip'] } : {}),
      ...(flags.mode !== undefined ? { mode: flags.mode as ProxyConfig['mode'] } : {}),
      profile: flags.profile as ProxyConfig['profile'],
      format: flags.format as ProxyOutputFormat,
      overrides,
      ...(configResources ? { configResources: configResources.resources } : {}),
      ...(flags.trace !== undefined ? { trace: flags.trace } : {}),
      ...(flags.from !== undefined ? { from: flags.from } : {}),
      protocol: flags.protocol as Protocol,
    });
    problems.push(...result.errors.map(describeDiagnostic));
    if (result.output) process.stdout.write(result.output);
    if (problems.length > 0) {
      for (const p of problems) process.stderr.write(`k8s-lint proxy: ${p}\n`);
      this.exit(2);
    }
  }
}
