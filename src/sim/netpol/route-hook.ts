/**
 * The NetworkPolicy hop of `route`: may the request's source reach an endpoint pod on its target port?
 * Answers through the same `reach` query the `reach` command runs, so both commands agree by construction.
 */
import type { ReachVerdict, RouteSource } from '../routing/trace.js';
import type { SimPod } from '../types.js';
import { reach } from './reach.js';
import type { NetpolState } from './state.js';

export function routeReachHook(
  state: NetpolState,
): (source: RouteSource, endpoint: { readonly pod?: SimPod; readonly ip: string; readonly port: number; readonly protocol?: string }) => ReachVerdict | undefined {
  return (source, endpoint) => {
    if (!endpoint.pod) return undefined;
    const src = source.kind === 'pod' ? `${source.pod.namespace}/${source.pod.name}` : source.ip ? `${source.ip}/${source.ip.includes(':') ? 128 : 32}` : 'external';
    const dst = `${endpoint.pod.namespace}/${endpoint.pod.name}`;
    const r = reach(state, src, dst, { port: { protocol: endpoint.protocol ?? 'TCP', port: endpoint.port } });
    if ('error' in r) return undefined;
    const group = r.pairs.flatMap((p) => p.groups)[0];
    if (r.summary === 'allowed') return { allowed: true, decision: group?.allowedBy.length ? `allowed by ${group.allowedBy.join(', ')}` : 'allowed: no NetworkPolicy isolates either side' };
    const why = group ? [group.egress, group.ingress].filter((s) => s !== '' && !/^no NetworkPolicy selects/.test(s)).join('; ') : '';
    return { allowed: r.summary !== 'denied', decision: `NetworkPolicy ${r.summary === 'denied' ? 'denies' : r.summary} it${why ? `: ${why}` : ''}` };
  };
}
