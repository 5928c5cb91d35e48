/**
 * End to end on a real kernel: three network namespaces this test creates — a "node" and two "pods" joined
 * to it by veth pairs — with the pod IPs of the manifests. Our iptables payload (node profile) is loaded into
 * the node namespace together with kube-proxy's jump rules; a TCP server listens in the endpoint pod; the
 * client pod connects to the ClusterIP and to the NodePort and must reach the server (which echoes the
 * source address it saw: the pod IP for ClusterIP traffic from inside the cluster CIDR, the node's address
 * for NodePort traffic, which kube-proxy masquerades). Every address lives only inside these namespaces;
 * nothing is sent to any other network. Skips, saying why, without root, iproute2, iptables or netns support.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iptablesRules } from '../../src/proxy/iptables/index.js';
import { IPTABLES_JUMP_RULES } from '../../src/proxy/iptables/save.js';
import { profileDefaults, resolveConfig } from '../../src/proxy/config.js';
import { tokenize } from '../../src/proxy/iptables/dump.js';
import { inputsFromYaml } from './helpers.js';
import { checkNetns, Netns } from './netns.js';

const check = checkNetns(['iptables-restore', 'iptables']);
if (!check.ok) console.warn(`[skip] veth end-to-end test: ${check.reason}`);

const NODE_IP = '192.168.50.10';
const MANIFESTS = `
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
metadata: { name: web-1, namespace: shop, labels: { kubernetes.io/service-name: web } }
addressType: IPv4
endpoints: [{ addresses: [10.244.2.5], nodeName: e2e-node }]
ports: [{ name: http, port: 8080, protocol: TCP }]
`;

const SERVER = `require('net').createServer((s) => { s.end(s.remoteAddress + '\\n'); }).listen(8080, '0.0.0.0', () => console.log('ready'));`;
const CLIENT = (host: string, port: number): string =>
  `const s = require('net').connect(${port}, '${host}'); let d = ''; s.setTimeout(4000, () => { console.log('TIMEOUT'); process.exit(3); }); s.on('data', (b) => (d += b)); s.on('end', () => { process.stdout.write(d); process.exit(0); }); s.on('error', (e) => { console.log('ERROR ' + e.code); process.exit(4); });`;

function sh(args: readonly string[]): void {
  const r = spawnSync(args[0] as string, args.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
}

describe.skipIf(!check.ok)('veth end to end: ClusterIP and NodePort reach the endpoint pod', () => {
  const id = process.pid;
  let node: Netns;
  let client: Netns;
  let server: Netns;
  let serverProc: ChildProcess | undefined;

  beforeAll(async () => {
    node = Netns.create(`k8sl-e2e-n-${id}`);
    client = Netns.create(`k8sl-e2e-c-${id}`);
    server = Netns.create(`k8sl-e2e-s-${id}`);
    // Node <-> client pod (10.244.1.0/24) and node <-> server pod (10.244.2.0/24).
    sh(['ip', 'link', 'add', `kc${id}`.slice(0, 15), 'netns', node.name, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', client.name]);
    sh(['ip', 'link', 'add', `ks${id}`.slice(0, 15), 'netns', node.name, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', server.name]);
    const run = (ns: Netns, cmd: string[]): void => {
      const r = ns.run(cmd);
      if (r.status !== 0) throw new Error(`${ns.name}: ${cmd.join(' ')}: ${r.stderr}`);
    };
    run(node, ['ip', 'addr', 'add', '10.244.1.1/24', 'dev', `kc${id}`.slice(0, 15)]);
    run(node, ['ip', 'addr', 'add', '10.244.2.1/24', 'dev', `ks${id}`.slice(0, 15)]);
    run(node, ['ip', 'link', 'set', `kc${id}`.slice(0, 15), 'up']);
    run(node, ['ip', 'link', 'set', `ks${id}`.slice(0, 15), 'up']);
    run(node, ['ip', 'link', 'set', 'lo', 'up']);
    // The node's own address lives on its loopback (no dummy-interface module needed).
    run(node, ['ip', 'addr', 'add', `${NODE_IP}/32`, 'dev', 'lo']);
    run(node, ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    for (const [ns, ip, gw] of [
      [client, '10.244.1.2/24', '10.244.1.1'],
      [server, '10.244.2.5/24', '10.244.2.1'],
    ] as const) {
      run(ns, ['ip', 'addr', 'add', ip, 'dev', 'eth0']);
      run(ns, ['ip', 'link', 'set', 'eth0', 'up']);
      run(ns, ['ip', 'link', 'set', 'lo', 'up']);
      run(ns, ['ip', 'route', 'add', 'default', 'via', gw]);
    }
    // kube-proxy's rules for this node: node profile, minus the nfacct matches (kube-proxy creates the
    // counters over netlink first, which this test does not).
    const cfg = resolveConfig(profileDefaults('node'), { clusterCIDR: '10.244.0.0/16', nfacct: false });
    const text = iptablesRules(inputsFromYaml(MANIFESTS, { name: 'e2e-node', labels: {}, addresses: [{ type: 'InternalIP', address: NODE_IP }], internalIP: NODE_IP }), cfg).text;
    const load = node.run(['iptables-restore', '--noflush'], text);
    if (load.status !== 0) throw new Error(`iptables-restore: ${load.stderr}`);
    for (const [table, rules] of Object.entries(IPTABLES_JUMP_RULES)) {
      for (const r of rules) {
        const args = tokenize(r);
        const j = node.run(['iptables', '-t', table, ...args]);
        if (j.status !== 0) throw new Error(`iptables -t ${table} ${r}: ${j.stderr}`);
      }
    }
    serverProc = spawn('ip', ['netns', 'exec', server.name, process.execPath, '-e', SERVER], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('server did not start')), 10_000);
      serverProc?.stdout?.on('data', (b: Buffer) => {
        if (b.toString().includes('ready')) {
          clearTimeout(t);
          resolve();
        }
      });
    });
  }, 60_000);

  afterAll(() => {
    serverProc?.kill();
    for (const ns of [client, server, node]) ns?.destroy();
  });

  const connect = (host: string, port: number): string => {
    const r = client.run([process.execPath, '-e', CLIENT(host, port)]);
    return r.stdout.trim();
  };

  it('pod -> ClusterIP 10.96.0.15:80 reaches 10.244.2.5:8080 with the pod IP kept', () => {
    expect(connect('10.96.0.15', 80)).toBe('10.244.1.2');
  });

  it('pod -> NodePort 192.168.50.10:30080 reaches the server, masqueraded to the node', () => {
    expect(connect(NODE_IP, 30080)).toBe('10.244.2.1');
  });

  it('a port no Service uses is not proxied', () => {
    expect(connect('10.96.0.15', 81)).toMatch(/^(TIMEOUT|ERROR)/);
  });
});
