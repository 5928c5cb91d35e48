import { Args, Command, Flags } from '@oclif/core';
import { loadQueryInput } from '../query-input.js';
import { cacheFlag, queryCache, queryCacheDir } from '../query-flags.js';
import { routeQueryState } from '../sim/query.js';
import { sanitizeForTerminal, sanitizeLinesForTerminal } from '../report/stylish.js';
import { formatTable, formatTrace, parseSource, parseTarget, routingTable, traceRoute, traceToJson } from '../sim/routing/index.js';

export default class Route extends Command {
  static override summary = 'Trace one request through Services, NodePorts, LoadBalancers and Ingresses, hop by hop.';
  static override description = `TARGET is a URL (http://shop.example.com/cart), IP:PORT, NODE:NODEPORT or a Service (svc/NAMESPACE/NAME:PORT); the other arguments are files, directories or - (stdin). SOURCE (--from) is external (default), external:IP (checked against loadBalancerSourceRanges) or a pod (NAMESPACE/POD, or NAMESPACE/WORKLOAD for its first pod).

Each hop names the object and source line that decided it. With --table every argument is an input path and every external entry point (LoadBalancer address, NodePort, externalIP, Ingress host+path) is listed with where it leads.

Ingress behaviour the API leaves to controllers follows ingress-nginx: exact host before wildcard before no host, the oldest Ingress wins a tie, ImplementationSpecific paths match as Prefix (as regular expressions with nginx.ingress.kubernetes.io/use-regex).

JSON output (--output json, schemaVersion 1): { schemaVersion, target, source, outcome, hops: [{ kind, object?, location?, decision }], endpoints: [{ ip, port, pod?, node? }] }; with --table: { schemaVersion, entries: [...] }.`;

  static override examples = [
    '<%= config.bin %> route http://shop.example.com/cart ./manifests',
    '<%= config.bin %> route svc/shop/reviews:9080 ./manifests --from shop/productpage',
    '<%= config.bin %> route 198.51.100.1:80 ./manifests --from external:203.0.113.9 --output json',
    '<%= config.bin %> route --table ./manifests',
  ];

  static override strict = false;
  static override args = {
    target: Args.string({ description: 'URL, IP:PORT, NODE:NODEPORT or svc/NAMESPACE/NAME:PORT (with --table: an input path)', required: false }),
  };

  static override flags = {
    file: Flags.string({ char: 'f', description: 'manifests: files, directories, or - for stdin (repeatable; default .)', multiple: true }),
    from: Flags.string({ description: 'where the request starts: external, external:IP, or NAMESPACE/POD', default: 'external' }),
    table: Flags.boolean({ description: 'list every external entry point and where it leads' }),
    'lb-pool': Flags.string({ description: 'CIDR LoadBalancer addresses are allocated from when status has none', default: '198.51.100.0/24' }),
    'cluster-domain': Flags.string({ description: 'cluster domain (kubelet --cluster-domain)', default: 'cluster.local' }),
    output: Flags.string({ char: 'o', description: 'output format', options: ['text', 'json'], default: 'text' }),
    cache: cacheFlag,
    namespace: Flags.string({ char: 'n', description: 'namespace of objects that name none, and of svc/NAME:PORT or a --from pod without one (default: default)' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Route);
    const args = argv as string[];
    const targetText = flags.table ? undefined : args[0];
    // Manifests after the target, or with -f as `reach` takes them; the working directory by default.
    const given = [...(flags.table ? args : args.slice(1)), ...(flags.file ?? [])];
    const paths = given.length > 0 ? given : ['.'];
    if (!flags.table && targetText === undefined) this.error('no target: give a URL, IP:PORT, NODE:NODEPORT or svc/NAMESPACE/NAME:PORT, then the manifests', { exit: 2 });
    const namespace = flags.namespace ?? 'default';
    const options = { namespace, lbPool: flags['lb-pool'], clusterDomain: flags['cluster-domain'] };
    // Load and model, then only the dry-run steps routing reads (src/sim/query.ts): no schema or rules; DNS and
    // NetworkPolicy only if the trace reaches a step that reads them.
    const cacheDir = queryCacheDir(flags.cache);
    const input = loadQueryInput(paths, options, {}, cacheDir);
    for (const f of input.findings) process.stderr.write(sanitizeForTerminal(`${f.location.file}:${f.location.line}:${f.location.column} ${f.message}`) + "\n");
    const { state, routing: ctx, traceOptions } = routeQueryState(input.model, options, queryCache(cacheDir, input));
    if (flags.table) {
      const rows = routingTable(ctx);
      process.stdout.write(flags.output === 'json' ? JSON.stringify({ schemaVersion: 1, entries: rows }, null, 2) + '\n' : sanitizeLinesForTerminal(formatTable(rows)));
      return;
    }
    const target = parseTarget(targetText as string, namespace);
    if ('error' in target) this.error(target.error, { exit: 2 });
    const source = parseSource(flags.from, state.pods, namespace);
    if ('error' in source) this.error(source.error, { exit: 2 });
    const trace = traceRoute(ctx, target, source, traceOptions);
    process.stdout.write(flags.output === 'json' ? JSON.stringify(traceToJson(trace), null, 2) + '\n' : sanitizeLinesForTerminal(formatTrace(trace)));
  }
}

