/**
 * DNS problems the dry run reports (SimProblem codes for rules/networking/*.yaml):
 *
 * - `externalname-in-cluster-domain`: an ExternalName pointing into the cluster zone. CoreDNS resolves it
 *   (coredns handler_test.go, external-to-service), but HTTP Host and TLS SNI carry the alias name
 *   (website service.md "type: ExternalName" warning), and the Service adds nothing a ClusterIP would not.
 * - `externalname-not-hostname`: an IP-looking externalName. It passes validation, but CoreDNS makes no record
 *   for it (kubernetes.go: only host type CNAME) and the website says it is "not resolved by DNS servers".
 * - `pod-subdomain-no-service`: `hostname` + `subdomain` (or a StatefulSet's `serviceName`) with no Service of
 *   that name selecting the pod: `<hostname>.<subdomain>.<ns>.svc.<zone>` does not exist
 *   (website dns-pod-service.md "Pod's hostname and subdomain fields"; endpointslice ShouldSetHostname).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { get } from '../../model/guards.js';
import type { SimEndpointSlice } from '../endpoints.js';
import { podDnsIdentity } from '../endpoints.js';
import type { SimProblem } from '../state.js';
import type { SimPod, SimService } from '../types.js';

export function dnsProblems(input: { services: readonly SimService[]; pods: readonly SimPod[]; endpointSlices: readonly SimEndpointSlice[] }, clusterDomain: string): SimProblem[] {
  const out: SimProblem[] = [];
  const zone = clusterDomain.toLowerCase().replace(/\.$/, '');
  for (const svc of input.services) {
    if (svc.type !== 'ExternalName' || svc.externalName === undefined) continue;
    const target = svc.externalName.toLowerCase().replace(/\.$/, '');
    if (isIPv4(target) || isIPv6(target)) {
      out.push({ code: 'externalname-not-hostname', resource: svc.resource, pointer: '/spec/externalName', message: `externalName ${svc.externalName} of Service ${svc.namespace}/${svc.name} is an IP address: CoreDNS makes no record for it, so the name does not resolve`, data: { externalName: svc.externalName } });
    } else if (target === zone || target.endsWith('.' + zone)) {
      out.push({
        code: 'externalname-in-cluster-domain',
        resource: svc.resource,
        pointer: '/spec/externalName',
        message: `ExternalName Service ${svc.namespace}/${svc.name} points into the cluster domain (${svc.externalName}): CoreDNS resolves it internally, but HTTP Host headers and TLS SNI carry the alias ${svc.name}.${svc.namespace}.svc.${zone}; point clients at the target Service directly`,
        data: { externalName: svc.externalName },
      });
    }
  }
  // Which pods got a hostname in some slice: those have their record.
  const named = new Set<string>();
  for (const s of input.endpointSlices) for (const e of s.endpoints) if (e.hostname && e.targetRef) named.add(`${e.targetRef.namespace}/${e.targetRef.name}`);
  // Service names, indexed at the first pod with a subdomain to check (most inputs have none).
  let services: Set<string> | undefined;
  const reported = new Set<string>();
  for (const pod of input.pods) {
    // Only running pods: a pod without an IP has no record for other reasons (reported by the scheduler).
    // Asked first: on a cluster short of room most pods have none, and need no look at their spec.
    if (pod.podIP === undefined) continue;
    const id = podDnsIdentity(pod);
    if (id.hostname === undefined || id.subdomain === undefined) continue;
    if (named.has(`${pod.namespace}/${pod.name}`)) continue;
    const origin = pod.origin.resource;
    const key = `${origin.key}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const fqdn = `${id.hostname}.${id.subdomain}.${pod.namespace}.svc.${zone}`;
    const statefulSet = origin.kind === 'StatefulSet' && get(origin.raw, 'spec', 'template', 'spec', 'subdomain') === undefined;
    const pointer = statefulSet ? '/spec/serviceName' : `${pod.origin.templatePointer}/spec/subdomain`;
    services ??= new Set(input.services.map((s) => `${s.namespace}/${s.name}`));
    const exists = services.has(`${pod.namespace}/${id.subdomain}`);
    const why = exists
      ? `Service ${pod.namespace}/${id.subdomain} exists but does not give this pod an endpoint (its selector does not match, or the pod is not ready)`
      : `there is no Service named ${id.subdomain} in namespace ${pod.namespace}`;
    out.push({ code: 'pod-subdomain-no-service', resource: origin, pointer, message: `${fqdn} has no DNS record: ${why}`, data: { subdomain: id.subdomain, serviceExists: exists } });
  }
  return out;
}
