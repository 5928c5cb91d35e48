import { Args, Command, Flags } from '@oclif/core';
import { loadPaths } from '../load/index.js';
import { buildModel } from '../model/build.js';
import { simulate } from '../sim/index.js';
import type { SimOptions } from '../sim/index.js';
import { explainPod } from '../sim/scheduler/explain.js';
import { formatExplain, formatScheduleText, scheduleReport } from '../sim/scheduler/report.js';
import { clusterAsList } from '../sim/scheduler/show-cluster.js';
import { parseNodesShorthand } from '../sim/cluster.js';
import { formatStylish } from '../report/stylish.js';

export default class Schedule extends Command {
  static override summary = 'Place the workloads on nodes as kube-scheduler would, offline, and say why a pod does not fit.';
  static override description = `Expands workloads into pods, applies LimitRange and ResourceQuota admission, schedules the pods with kube-scheduler's default filters and scores, and allocates pod IPs, ClusterIPs and NodePorts.

Nodes come from Node objects in the input, from --cluster (files or directories of Nodes, e.g. \`kubectl get nodes -o yaml\`), from --nodes shorthands, or else from the default profile (see --show-cluster). Pods already bound (spec.nodeName, e.g. from \`kubectl get pods -A -o yaml\`) occupy their nodes first.

Exit status: 0 when every pod is placed, 1 when a pod is unschedulable or rejected, 2 for usage or input errors.`;

  static override examples = [
    '<%= config.bin %> schedule ./manifests',
    '<%= config.bin %> schedule k8s/ --cluster nodes.yaml -o wide',
    '<%= config.bin %> schedule k8s/ --nodes 5x8cpu32Gi --explain default/web-0',
    '<%= config.bin %> schedule --show-cluster',
  ];

  static override strict = false;
  static override args = {
    paths: Args.string({ description: 'files, directories, or - for stdin', required: false }),
  };

  static override flags = {
    output: Flags.string({ char: 'o', description: 'output format', options: ['text', 'wide', 'json'], default: 'text' }),
    cluster: Flags.string({ description: 'file or directory of Node objects (repeatable)', multiple: true }),
    nodes: Flags.string({ description: 'shorthand nodes, <count>x<cpu>cpu<memory>, e.g. 5x8cpu32Gi (repeatable)', multiple: true }),
    'show-cluster': Flags.boolean({ description: 'print the nodes in use (the default profile when none is given) as a List of Nodes' }),
    explain: Flags.string({ description: 'print each node\'s filter results and scores for this pod (namespace/name)' }),
    cronjobs: Flags.boolean({ description: 'expand each CronJob into one Job' }),
    'cluster-cidr': Flags.string({ description: 'pod network, /24 per node (default 10.244.0.0/16)' }),
    'service-cidr': Flags.string({ description: 'Service ClusterIP range (default 10.96.0.0/12)' }),
    'service-node-port-range': Flags.string({ description: 'NodePort range (default 30000-32767)' }),
    namespace: Flags.string({ char: 'n', description: 'namespace of namespaced objects that name none (default: default)' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Schedule);
    const paths = argv as string[];
    for (const n of flags.nodes ?? []) if (!parseNodesShorthand(n)) this.error(`invalid --nodes value "${n}": expected <count>x<cpu>cpu<memory>, e.g. 5x8cpu32Gi`, { exit: 2 });
    if (paths.length === 0 && !flags['show-cluster']) this.error('no input: give files, directories, or - for stdin (e.g. k8s-lint schedule ./manifests)', { exit: 2 });
    const loadOptions = flags.namespace ? { namespace: flags.namespace } : {};
    const loaded = paths.length > 0 ? loadPaths(paths, loadOptions) : { resources: [], findings: [], files: [] };
    const clusterLoaded = flags.cluster && flags.cluster.length > 0 ? loadPaths(flags.cluster, loadOptions) : undefined;
    const inputFindings = [...loaded.findings, ...(clusterLoaded?.findings ?? [])];
    if (inputFindings.length > 0) process.stderr.write(formatStylish(inputFindings, { color: false }));
    const options: SimOptions = {
      ...(clusterLoaded ? { clusterResources: clusterLoaded.resources } : {}),
      ...(flags.nodes ? { nodes: flags.nodes } : {}),
      ...(flags.cronjobs ? { cronjobs: true } : {}),
      ...(flags['cluster-cidr'] ? { clusterCIDR: flags['cluster-cidr'] } : {}),
      ...(flags['service-cidr'] ? { serviceCIDR: flags['service-cidr'] } : {}),
      ...(flags['service-node-port-range'] ? { nodePortRange: flags['service-node-port-range'] } : {}),
    };
    const invalid = validateNetworks(options);
    if (invalid) this.error(invalid, { exit: 2 });
    const model = buildModel(loaded.resources);
    if (flags.explain) {
      const e = explainPod(model, options, flags.explain);
      if (!e) this.error(`no pod "${flags.explain}" in the dry run (names as \`k8s-lint schedule\` prints them: namespace/name)`, { exit: 2 });
      process.stdout.write(flags.output === 'json' ? JSON.stringify(e, null, 2) + '\n' : formatExplain(e));
      return;
    }
    const state = simulate(model, options);
    if (flags['show-cluster']) {
      process.stdout.write(clusterAsList(state.nodes));
      return;
    }
    const report = scheduleReport(state);
    process.stdout.write(flags.output === 'json' ? JSON.stringify(report, null, 2) + '\n' : formatScheduleText(report, flags.output === 'wide'));
    if (inputFindings.some((f) => f.input)) this.exit(2);
    if (state.pods.some((p) => p.phase !== 'Running')) this.exit(1);
  }
}

function validateNetworks(o: SimOptions): string | undefined {
  const cidr = /^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$/;
  if (o.clusterCIDR && !cidr.test(o.clusterCIDR)) return `invalid --cluster-cidr "${o.clusterCIDR}": expected an IPv4 CIDR such as 10.244.0.0/16`;
  if (o.serviceCIDR && !cidr.test(o.serviceCIDR)) return `invalid --service-cidr "${o.serviceCIDR}": expected an IPv4 CIDR such as 10.96.0.0/12`;
  if (o.serviceCIDR && Number(o.serviceCIDR.split('/')[1]) > 29) return 'the service cluster IP range must be at least 8 IP addresses';
  if (o.nodePortRange && !/^\d+-\d+$/.test(o.nodePortRange)) return `invalid --service-node-port-range "${o.nodePortRange}": expected <from>-<to>, e.g. 30000-32767`;
  return undefined;
}
