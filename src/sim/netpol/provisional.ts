/**
 * Stand-ins used only while the dry run's own steps have not filled ClusterState: when `state.pods`,
 * `state.namespaces` or `state.services` is empty, reachability reads one pod per pod template (labels and
 * container ports as written, the IP from a Pod's status when it has one), the Namespace objects, and the
 * Services as written. Replace by the workloads/scheduler/ipam/endpoints steps as they land: nothing else in
 * netpol depends on this file.
 */
import { asArray, asInteger, asObject, asString, asStringMap } from '../../model/guards.js';
import type { Model } from '../../model/model.js';
import { podTemplateOf } from '../../model/workload.js';
import type { ClusterState } from '../state.js';
import type { SimNamespace, SimPod, SimService, SimServicePort } from '../types.js';
import { NAMESPACE_NAME_LABEL } from './universe.js';

export function provisionalPods(model: Model): SimPod[] {
  const out: SimPod[] = [];
  for (const r of model.resources) {
    if (r.kind === 'PodTemplate' || r.namespace === undefined) continue;
    const t = podTemplateOf(r);
    if (!t?.spec) continue;
    const isPod = r.kind === 'Pod';
    const status = asObject(r.raw.status);
    const podIP = isPod ? asString(status?.podIP) : undefined;
    const hostNetwork = asObject(t.spec)?.hostNetwork === true;
    out.push({
      namespace: r.namespace,
      name: isPod ? r.name : `${r.name}-0`,
      uid: `${r.namespace}/${r.name}`,
      labels: t.labels,
      annotations: t.annotations,
      spec: t.spec,
      origin: { resource: r, templatePointer: t.pointer },
      phase: 'Running',
      ...(podIP ? { podIP } : {}),
      hostNetwork,
      ready: true,
      priority: 0,
    });
  }
  return out;
}

export function provisionalNamespaces(model: Model): Map<string, SimNamespace> {
  const out = new Map<string, SimNamespace>();
  for (const r of model.byKind('Namespace')) {
    const labels = asStringMap(asObject(r.raw.metadata)?.labels);
    out.set(r.name, { name: r.name, labels: { ...labels, [NAMESPACE_NAME_LABEL]: r.name }, resource: r });
  }
  return out;
}

export function provisionalServices(model: Model): SimService[] {
  const out: SimService[] = [];
  for (const r of model.byKind('Service')) {
    if (r.namespace === undefined) continue;
    const spec = asObject(r.raw.spec) ?? {};
    const ports: SimServicePort[] = [];
    for (const p of asArray(spec.ports)) {
      const o = asObject(p);
      const port = asInteger(o?.port);
      if (!o || port === undefined) continue;
      const protocol = (asString(o.protocol) ?? 'TCP').toUpperCase();
      const tp = o.targetPort;
      ports.push({
        ...(asString(o.name) ? { name: asString(o.name) as string } : {}),
        protocol: protocol === 'UDP' || protocol === 'SCTP' ? protocol : 'TCP',
        port,
        targetPort: typeof tp === 'number' ? tp : typeof tp === 'string' ? (/^\d+$/.test(tp) ? Number(tp) : tp) : port,
      });
    }
    const selector = asObject(spec.selector) ? asStringMap(spec.selector) : undefined;
    const type = asString(spec.type);
    out.push({
      namespace: r.namespace,
      name: r.name,
      resource: r,
      type: type === 'NodePort' || type === 'LoadBalancer' || type === 'ExternalName' ? type : 'ClusterIP',
      ...(selector ? { selector } : {}),
      clusterIPs: [],
      headless: spec.clusterIP === 'None',
      ports,
      externalIPs: [],
      loadBalancerIPs: [],
      loadBalancerSourceRanges: [],
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      sessionAffinityTimeoutSeconds: 10800,
      publishNotReadyAddresses: false,
    });
  }
  return out;
}

/** Pods, namespaces and Services from the state, or the stand-ins above for the parts still empty. */
export function netpolInputsOf(model: Model, state: ClusterState): Pick<ClusterState, 'pods' | 'namespaces' | 'services'> {
  return {
    pods: state.pods.length > 0 ? state.pods : provisionalPods(model),
    namespaces: state.namespaces.size > 0 ? state.namespaces : provisionalNamespaces(model),
    services: state.services.length > 0 ? state.services : provisionalServices(model),
  };
}
