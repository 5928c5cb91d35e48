/**
 * Turns the dry run's ClusterState (and the model, for Ingress routes) into the plain view data the HTML
 * report draws. The one place in report/ that reads Kubernetes shapes: html.ts itself only sees the
 * views, so it stays testable with hand-built data.
 */
import { asObject, asObjects, asString, get } from '../model/guards.js';
import type { Container, PodSpec } from '../model/kinds.js';
import type { Model } from '../model/model.js';
import { Quantity } from '../model/quantity.js';
import { selectorFromMap, isSelectorError } from '../model/selector.js';
import { workloadMatrix } from '../sim/netpol/workloads.js';
import type { ClusterState } from '../sim/state.js';
import type { SimPod } from '../sim/types.js';
import type { HtmlViews, NodeResourceView, PodView, ServiceMapEntry } from './html.js';

const SHOWN_RESOURCES: readonly { name: string; unit: NodeResourceView['unit'] }[] = [
  { name: 'cpu', unit: 'm' },
  { name: 'memory', unit: 'bytes' },
  { name: 'pods', unit: '' },
];

/** Views for everything the state and model hold; a view is left out when its data does not exist yet. */
export function clusterViews(model: Model, state: ClusterState): HtmlViews {
  const views: { -readonly [K in keyof HtmlViews]: HtmlViews[K] } = {};
  if (state.nodes.length > 0) {
    views.nodes = state.nodes.map((node) => {
      const pods = state.pods.filter((p) => p.nodeName === node.name);
      return {
        name: node.name,
        resources: SHOWN_RESOURCES.map((r) => ({
          name: r.name,
          unit: r.unit,
          allocatable: toNumber(node.allocatable.get(r.name), r.unit),
          requested: r.name === 'pods' ? pods.length : pods.reduce((sum, p) => sum + podRequest(p.spec, r.name, r.unit), 0),
        })),
        pods: pods.map(podView),
      };
    });
    views.pending = state.pods.filter((p) => p.nodeName === undefined).map(podView);
  }
  const routes = ingressRoutes(model);
  if (state.services.length > 0) {
    views.services = state.services.map((s) => {
      const selector = s.selector === undefined ? undefined : selectorFromMap(s.selector);
      const pods =
        selector === undefined || isSelectorError(selector)
          ? []
          : state.pods.filter((p) => p.namespace === s.namespace && selector.matches(p.labels));
      return {
        namespace: s.namespace,
        name: s.name,
        type: s.type,
        ports: s.ports.map((p) => `${p.port}/${p.protocol} → ${p.targetPort}`),
        routes: routes.get(`${s.namespace}/${s.name}`) ?? [],
        ...(state.pods.length > 0 ? { pods: pods.map(podView) } : {}),
      };
    });
  } else {
    // No dry run of Services yet: list them from the model, without claiming which pods they reach.
    const services = model.byKind('Service');
    if (services.length > 0) {
      views.services = services.map((r): ServiceMapEntry => ({
        namespace: r.namespace ?? '',
        name: r.name,
        type: asString(get(r.raw, 'spec', 'type')) ?? 'ClusterIP',
        ports: asObjects(get(r.raw, 'spec', 'ports')).map(
          (p) => `${String(p.port ?? '?')}/${asString(p.protocol) ?? 'TCP'} → ${String(p.targetPort ?? p.port ?? '?')}`,
        ),
        routes: routes.get(`${r.namespace ?? ''}/${r.name}`) ?? [],
      }));
    }
  }
  const reachability = reachabilityView(state);
  if (reachability) views.reachability = reachability;
  return views;
}

function podView(p: SimPod): PodView {
  return { namespace: p.namespace, name: p.name, ready: p.ready, ...(p.reason !== undefined ? { reason: p.reason } : {}) };
}

function toNumber(q: Quantity | undefined, unit: NodeResourceView['unit']): number {
  if (q === undefined) return 0;
  return Number(unit === 'm' ? q.milliValue() : q.value());
}

/**
 * A pod's request for one resource, as the scheduler counts it (kubernetes/component-helpers
 * resource/helpers.go PodRequests, called by noderesources/fit.go computePodResourceRequest): app
 * containers and restartable "sidecar" init containers add up; a regular init container needs its own
 * request plus the sidecars started before it; the pod needs the larger of the two, plus overhead. A
 * container with a limit but no request is requested at its limit (pkg/apis/core/v1/defaults.go
 * SetDefaults_Pod: simulated pods are Pods, so the defaulting applies).
 */
export function podRequest(spec: PodSpec, resource: string, unit: NodeResourceView['unit']): number {
  const req = (c: Container): number =>
    toNumber(Quantity.tryParse(c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource]), unit);
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  const inits = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  let sum = containers.reduce((n, c) => n + req(c), 0);
  let sidecars = 0;
  let initMax = 0;
  for (const c of inits) {
    if (c.restartPolicy === 'Always') {
      sum += req(c);
      sidecars += req(c);
      initMax = Math.max(initMax, sidecars);
    } else {
      initMax = Math.max(initMax, req(c) + sidecars);
    }
  }
  const overhead = toNumber(Quantity.tryParse(spec.overhead?.[resource]), unit);
  return Math.max(sum, initMax) + overhead;
}

/** `ns/service` -> `ns/ingress host/path` for every Ingress backend naming a Service (v1 and legacy forms). */
function ingressRoutes(model: Model): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (ns: string, service: string | undefined, text: string): void => {
    if (service === undefined) return;
    const key = `${ns}/${service}`;
    const list = out.get(key) ?? [];
    list.push(text);
    out.set(key, list);
  };
  for (const ing of model.byKind('Ingress')) {
    const ns = ing.namespace ?? '';
    const spec = asObject(get(ing.raw, 'spec'));
    const backendService = (b: unknown): string | undefined => asString(get(b, 'service', 'name')) ?? asString(get(b, 'serviceName'));
    const def = get(spec, 'defaultBackend') ?? get(spec, 'backend');
    add(ns, backendService(def), `${ns}/${ing.name} (default backend)`);
    for (const rule of asObjects(get(spec, 'rules'))) {
      const host = asString(rule.host) ?? '*';
      for (const path of asObjects(get(rule, 'http', 'paths'))) {
        add(ns, backendService(path.backend), `${ns}/${ing.name} ${host}${asString(path.path) ?? '/'}`);
      }
    }
  }
  return out;
}

/** Workloads shown in the heat map at most: beyond that a grid is unreadable (use `reach --matrix`). */
const HEATMAP_MAX_WORKLOADS = 60;

/** The NetworkPolicy verdicts between workloads (allowed on some port), from the dry run's matrix. */
function reachabilityView(state: ClusterState): HtmlViews['reachability'] {
  if (!state.netpol || state.pods.length === 0) return undefined;
  const m = workloadMatrix(state.netpol.matrix());
  const labels = m.nodes.filter((n) => n.kind === 'workload').map((n) => n.id);
  if (labels.length === 0 || labels.length > HEATMAP_MAX_WORKLOADS) return undefined;
  const index = new Map(labels.map((l, i) => [l, i]));
  const allowed: (boolean | null)[][] = labels.map((_, i) => labels.map((__, j) => (i === j ? null : false)));
  for (const e of m.entries) {
    const i = index.get(e.src);
    const j = index.get(e.dst);
    if (i !== undefined && j !== undefined && i !== j) (allowed[i] as (boolean | null)[])[j] = true;
  }
  return { labels, allowed, caption: 'Rows are sources, columns destinations; a filled cell: some port is allowed (k8s-lint reach --matrix for ports).' };
}
