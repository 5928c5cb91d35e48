import { Args, Command, Flags } from '@oclif/core';
import { analyze } from '../index.js';
import { netpolInputOf, runDiff, runReach, withNamespaceLabels } from '../sim/netpol/cli.js';
import type { NetpolInput, NetpolState } from '../sim/netpol/state.js';
import { compileNetpol } from '../sim/netpol/state.js';
import type { ReachCommandResult } from '../sim/netpol/cli.js';

export default class Reach extends Command {
  static override summary = 'Can A reach B, on which ports, and which NetworkPolicy decides?';
  static override description = `SRC and DST are a pod (ns/name), a workload (deploy/ns/name: all its pods), a Service (svc/ns/name[:port]: through its ports to its endpoints' target ports), "external", or an IP or CIDR. Verdicts are allowed, denied, implementation-defined (hostNetwork pods, protocols other than TCP/UDP/SCTP) or, with --ipblock-matches-pods=unknown, depends on the CNI (an ipBlock covering a pod IP decides), each with the policy and rule that decided it.

--matrix prints every allowed pair by workload (connlist is netpol-analyzer's text, line for line); --diff OLD NEW compares two inputs; --exposure lists what each workload is open to beyond the input.`;

  static override examples = [
    '<%= config.bin %> reach -f k8s/ bookinfo/productpage-v1 deploy/bookinfo/reviews-v1 --port 9080',
    '<%= config.bin %> reach -f k8s/ external svc/shop/web:443 --output json',
    '<%= config.bin %> reach -f k8s/ --matrix --format connlist',
    '<%= config.bin %> reach --diff old/ new/',
  ];

  static override args = {
    src: Args.string({ description: 'source (or OLD with --diff)', required: false }),
    dst: Args.string({ description: 'destination (or NEW with --diff)', required: false }),
  };

  static override flags = {
    file: Flags.string({ char: 'f', description: 'manifests: files, directories, or - for stdin (repeatable; default .)', multiple: true, multipleNonGreedy: true }),
    port: Flags.string({ char: 'p', description: 'only this port: 9080, 9080/TCP, 53/UDP (for a Service: the Service port)' }),
    output: Flags.string({ char: 'o', description: 'output of SRC DST queries, --diff and --exposure', options: ['text', 'json'], default: 'text' }),
    matrix: Flags.boolean({ description: 'every allowed pair, aggregated by workload' }),
    format: Flags.string({ description: 'matrix format', options: ['connlist', 'txt', 'csv', 'json', 'md', 'dot', 'mermaid', 'table'], default: 'connlist' }),
    focus: Flags.string({ description: 'matrix: only pairs with this workload (ns/name)' }),
    'focus-port': Flags.string({ description: 'matrix: only this port (80, 53/UDP); the port of --format table' }),
    explain: Flags.boolean({ description: 'matrix: the rules behind each pair' }),
    diff: Flags.boolean({ description: 'compare two inputs given as SRC (old) and DST (new)' }),
    exposure: Flags.boolean({ description: 'what each workload is open to beyond the pods in the input' }),
    'ipblock-matches-pods': Flags.string({
      description:
        'does an ipBlock match the pod IPs it covers? The API leaves it to the CNI: yes (upstream e2e; default), no (Cilium, netpol-analyzer), unknown (report what depends on it as "depends on the CNI")',
      options: ['yes', 'no', 'unknown'],
      default: 'yes',
    }),
    namespace: Flags.string({ char: 'n', description: 'namespace of objects and targets that name none (default: default)' }),
    'namespace-label': Flags.string({
      description: 'labels of a namespace the input does not declare: NAMESPACE:KEY=VALUE (repeatable)',
      multiple: true,
      multipleNonGreedy: true,
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Reach);
    const mode = flags['ipblock-matches-pods'];
    const common = {
      ipBlockMatchesPods: mode === 'unknown' ? ('unknown' as const) : mode !== 'no',
      ...(flags.namespace ? { namespace: flags.namespace } : {}),
    };
    const analysed = (paths: readonly string[]) => {
      const a = analyze(paths, flags.namespace ? { namespace: flags.namespace } : {});
      for (const f of a.findings.filter((x) => x.input)) this.warn(`${f.location.file}:${f.location.line}:${f.location.column} ${f.message}`);
      return a;
    };
    const labels = flags['namespace-label'] ?? [];
    /**
     * The netpol input of some paths, and the dry run's own compiled state when it answers the same question
     * (default ipBlock behaviour, no extra namespace labels): the policies are then compiled once, not twice.
     */
    const loaded = (paths: readonly string[]): { input: NetpolInput; compiled?: NetpolState } => {
      const a = analysed(paths);
      const input = netpolInputOf(a.model, a.state, common);
      const namespaces = withNamespaceLabels(input.namespaces, labels);
      if ('error' in namespaces) this.error(namespaces.error, { exit: 2 });
      const reusable = a.state.netpol !== undefined && common.ipBlockMatchesPods === true && labels.length === 0;
      return { input: { ...input, namespaces }, ...(reusable && a.state.netpol ? { compiled: a.state.netpol } : {}) };
    };
    const load = (paths: readonly string[]): NetpolState => {
      const { input, compiled } = loaded(paths);
      return compiled ?? compileNetpol(input, { ipBlockMatchesPods: common.ipBlockMatchesPods });
    };
    let result: ReachCommandResult;
    if (flags.diff) {
      if (!args.src || !args.dst) this.error('--diff needs OLD and NEW inputs: k8s-lint reach --diff old/ new/', { exit: 2 });
      result = runDiff(load([args.src]), load([args.dst]), { output: flags.output as 'text' | 'json' });
    } else {
      const { input, compiled } = loaded(flags.file ?? ['.']);
      result = runReach(
        input,
        {
          ...common,
          ...(args.src ? { src: args.src } : {}),
          ...(args.dst ? { dst: args.dst } : {}),
          ...(flags.port ? { port: flags.port } : {}),
          output: flags.output as 'text' | 'json',
          matrix: flags.matrix,
          format: flags.format,
          ...(flags.focus ? { focus: flags.focus } : {}),
          ...(flags['focus-port'] ? { focusPort: flags['focus-port'] } : {}),
          explain: flags.explain,
          exposure: flags.exposure,
        },
        compiled,
      );
    }
    if (result.error) this.error(result.error, { exit: 2 });
    process.stdout.write(result.stdout);
  }
}
