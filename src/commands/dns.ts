import { Args, Command, Flags } from '@oclif/core';
import { loadQueryInput } from '../query-input.js';
import { cacheFlag, queryCache, queryCacheDir } from '../query-flags.js';
import { sanitizeForTerminal, sanitizeLinesForTerminal } from '../report/stylish.js';
import { formatLookup, lookup, lookupToJson, QUERY_TYPES, zoneFile } from '../sim/dns/index.js';
import { dnsQueryState } from '../sim/query.js';
import type { RRType } from '../sim/dns/index.js';
import { findPod } from '../sim/routing/trace.js';

export default class Dns extends Command {
  static override summary = 'Answer a DNS query as cluster DNS (CoreDNS, kubeadm Corefile) would, from the dry run of the manifests.';
  static override description = `Resolves NAME against the records CoreDNS's kubernetes plugin serves for the manifests: Services (A/AAAA, SRV, ExternalName CNAME), headless endpoints, pod records, PTR and dns-version. With --from NAMESPACE/POD the pod's resolv.conf is built from its dnsPolicy and dnsConfig, and each expanded query of its search list is shown in order with the one that answers.

The first argument is the name; the others are files, directories or - (stdin). With --zone every argument is an input path and the whole cluster zone is printed as an RFC 1035 master file.

JSON output (--output json, schemaVersion 1): { schemaVersion, question: {name, type, class}, rcode, answer[], authority[], additional[], forwarded?, note?, from?, resolvConf?, tries?, answeredBy? }, records in presentation format.`;

  static override examples = [
    '<%= config.bin %> dns reviews.shop.svc.cluster.local ./manifests',
    '<%= config.bin %> dns reviews ./manifests --from shop/productpage',
    '<%= config.bin %> dns _http._tcp.reviews.shop.svc.cluster.local ./manifests --type SRV --output json',
    '<%= config.bin %> dns --zone ./manifests > cluster.local.zone',
  ];

  static override strict = false;
  static override args = {
    name: Args.string({ description: 'the name to resolve (with --zone: an input path)', required: false }),
  };

  static override flags = {
    file: Flags.string({ char: 'f', description: 'manifests: files, directories, or - for stdin (repeatable; default .)', multiple: true }),
    type: Flags.string({ char: 't', description: 'query type', options: [...QUERY_TYPES], default: 'A' }),
    from: Flags.string({ description: 'resolve from this pod (NAMESPACE/POD, or NAMESPACE/WORKLOAD for its first pod), through its resolv.conf' }),
    zone: Flags.boolean({ description: 'print the whole cluster zone as an RFC 1035 master file' }),
    'cluster-domain': Flags.string({ description: 'cluster domain (kubelet --cluster-domain)', default: 'cluster.local' }),
    output: Flags.string({ char: 'o', description: 'output format', options: ['text', 'json'], default: 'text' }),
    cache: cacheFlag,
    namespace: Flags.string({ char: 'n', description: 'namespace of objects that name none, and of --from without one (default: default)' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Dns);
    const args = argv as string[];
    const name = flags.zone ? undefined : args[0];
    // Manifests after the name, or with -f as `reach` takes them; the working directory by default.
    const given = [...(flags.zone ? args : args.slice(1)), ...(flags.file ?? [])];
    const paths = given.length > 0 ? given : ['.'];
    if (!flags.zone && name === undefined) this.error('no name: give the name to resolve, then the manifests (e.g. k8s-lint dns reviews.shop.svc.cluster.local ./manifests)', { exit: 2 });
    const namespace = flags.namespace ?? 'default';
    const options = { namespace, clusterDomain: flags['cluster-domain'] };
    // Load and model, then only the dry-run steps DNS reads (src/sim/query.ts): no schema, rules or routing.
    const cacheDir = queryCacheDir(flags.cache);
    const input = loadQueryInput(paths, options, {}, cacheDir);
    for (const f of input.findings) process.stderr.write(sanitizeForTerminal(`${f.location.file}:${f.location.line}:${f.location.column} ${f.message}`) + "\n");
    const { state, dns: data } = dnsQueryState(input.model, options, queryCache(cacheDir, input));
    if (flags.zone) {
      process.stdout.write(zoneFile(data));
      return;
    }
    let from;
    if (flags.from !== undefined) {
      const pod = findPod(state.pods, flags.from, namespace);
      if ('error' in pod) this.error(pod.error, { exit: 2 });
      from = pod;
    }
    const result = lookup(data, name as string, { type: flags.type as RRType, ...(from ? { from } : {}) });
    process.stdout.write(flags.output === 'json' ? JSON.stringify(lookupToJson(result), null, 2) + '\n' : sanitizeLinesForTerminal(formatLookup(result)));
  }
}

