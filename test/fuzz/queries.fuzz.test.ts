/**
 * Robustness of every query's core on broken input: random mutations of the bookinfo example go through the
 * dry run and then through `schedule`'s report, `reach` (pair and matrix), `dns` (lookups and the zone),
 * `route` (trace and table) and `proxy` (iptables, nftables, IPVS, trace). No exception escapes, each run is
 * bounded, and the output is deterministic. Seeded; `npm run fuzz` runs it longer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { analyzeTexts } from '../../src/index.js';
import { runProxy } from '../../src/proxy/run.js';
import { lookup, zoneFile } from '../../src/sim/dns/index.js';
import { netpolInputOf, runReach } from '../../src/sim/netpol/cli.js';
import { formatTable, formatTrace, parseSource, parseTarget, routingTable, traceRoute } from '../../src/sim/routing/index.js';
import { formatScheduleText, scheduleReport } from '../../src/sim/scheduler/index.js';
import { mutatedStream } from './arbitraries.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 42);
const root = join(import.meta.dirname, '..', '..');
const docs = ['examples/bookinfo/bookinfo.yaml', 'examples/bookinfo/network-policies.yaml'].flatMap((f) =>
  parseAllDocuments(readFileSync(join(root, f), 'utf8')).map((d) => d.toJS() as unknown),
);

function everyQuery(text: string): string {
  const start = performance.now();
  const a = analyzeTexts([{ file: 'fuzz.yaml', text }]);
  const s = a.state;
  const out: string[] = [];
  out.push(formatScheduleText(scheduleReport(s), true));
  const input = netpolInputOf(a.model, s, {});
  out.push(JSON.stringify(runReach(input, { src: 'deploy/bookinfo/productpage-v1', dst: 'deploy/bookinfo/reviews-v1', port: '9080', output: 'json' })));
  out.push(JSON.stringify(runReach(input, { matrix: true, format: 'connlist' })));
  if (s.dns) {
    for (const [name, type] of [['reviews.bookinfo.svc.cluster.local', 'A'], ['_http._tcp.reviews.bookinfo.svc.cluster.local', 'SRV'], ['10.96.0.1', 'PTR']] as const) {
      out.push(JSON.stringify(lookup(s.dns, name, { type })));
    }
    out.push(zoneFile(s.dns));
  }
  if (s.routing) {
    out.push(formatTable(routingTable(s.routing)));
    const target = parseTarget('svc/bookinfo/productpage:9080', 'default');
    const source = parseSource('external', s.pods, 'default');
    if (!('error' in target) && !('error' in source)) out.push(formatTrace(traceRoute(s.routing, target, source, s.dns ? { dns: s.dns } : {})));
  }
  const node = s.nodes[1]?.name;
  for (const mode of ['iptables', 'nftables', 'ipvs'] as const) out.push(runProxy(a.resources, { state: s, ...(node ? { node } : {}), mode }).output);
  const vip = s.services.find((x) => x.clusterIP && x.clusterIP !== 'None' && x.ports[0]);
  if (vip && node) out.push(runProxy(a.resources, { state: s, node, trace: `${vip.clusterIP as string}:${vip.ports[0]?.port ?? 80}` }).output);
  expect(performance.now() - start).toBeLessThan(20_000);
  return out.join('\n');
}

describe('fuzz: every query', () => {
  it('survives random mutations of the bookinfo example, deterministically', () => {
    fc.assert(
      fc.property(mutatedStream(docs), (text) => {
        expect(everyQuery(text)).toBe(everyQuery(text));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
