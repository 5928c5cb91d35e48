/**
 * Cross-object selection functions: selectors that match nothing, workloads nobody selects, Service ports
 * no container serves. Each judges the whole input at once through indexes built once per run.
 */
import { POD_TEMPLATE_LOCATIONS, workloadSelectorPointer } from '../../model/aliases.js';
import { asArray, asInteger, asObjects, asString, asStringMap, isObject } from '../../model/guards.js';
import { childAt, getAt } from '../pointer.js';
import type { Resource } from '../../model/resource.js';
import { isSelectorError, selectorFromLabelSelector, selectorFromMap, type Selector } from '../../model/selector.js';
import type { FunctionContext, Report } from '../types.js';
import { defineFunction, noReports } from './define.js';
import { declaredPodsMatching } from './operator-pods.js';
import { SelectorIndex } from './selector-index.js';
import { lookup, selectTemplates, templateIndex, templateLabels, type TemplateRef } from './util.js';

function nsOf(r: Resource): string {
  return r.namespace ?? 'default';
}

/** Parsed selectors per form, object and pointer: several rules read the same Service or policy selector. */
const selectorCache = { map: new WeakMap<object, Map<string, Selector | undefined>>(), labelSelector: new WeakMap<object, Map<string, Selector | undefined>>() };

/** The selector at `pointer`, or undefined when absent/invalid (invalid selectors are schema findings). */
function readSelector(raw: unknown, pointer: string, form: 'map' | 'labelSelector'): Selector | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  // Not selectorCache[form]: a keyed read of two names would be a new name to code optimized on one.
  const cache = form === 'map' ? selectorCache.map : selectorCache.labelSelector;
  let byPointer = cache.get(raw);
  if (byPointer === undefined) {
    byPointer = new Map();
    cache.set(raw, byPointer);
  }
  let sel = byPointer.get(pointer);
  if (sel === undefined && !byPointer.has(pointer)) {
    sel = parseSelectorAt(raw, pointer, form);
    byPointer.set(pointer, sel);
  }
  return sel;
}

function parseSelectorAt(raw: unknown, pointer: string, form: 'map' | 'labelSelector'): Selector | undefined {
  const v = getAt(raw, pointer);
  if (v === undefined || v === null) return undefined;
  const s = form === 'map' ? (isObject(v) ? selectorFromMap(asStringMap(v)) : undefined) : selectorFromLabelSelector(v);
  if (s === undefined || isSelectorError(s)) return undefined;
  return s;
}

/** A workload's selector does not match its own template's labels (the API server rejects such a workload). */
export const workloadSelector = defineFunction<Record<string, never>>({
  name: 'workload-selector',
  description: "Reports a workload whose selector does not match its pod template's labels.",
  optionsSchema: { type: 'object', additionalProperties: false },
  messageIds: ['mismatch'],
  scope: 'node',
  run(node) {
    const r = node.resource;
    const loc = POD_TEMPLATE_LOCATIONS[r.kind];
    const selPtr = workloadSelectorPointer(r.kind);
    if (loc === undefined || selPtr === undefined) return noReports;
    // ReplicationController's selector is a plain map (core/v1); the others are LabelSelectors (apps/v1, batch/v1).
    const sel = readSelector(r.raw, selPtr, r.kind === 'ReplicationController' ? 'map' : 'labelSelector');
    if (sel === undefined || sel.requirements.length === 0) return noReports;
    if (sel.matches(templateLabels(r) ?? {})) return noReports;
    return [{ messageId: 'mismatch', pointer: selPtr, data: { ...node.data, selector: sel.toString() } }];
  },
});

/** A selector of the target object matches no pod template in the object's namespace. */
export const selectorMatchesPods = defineFunction<{ selector: string; form: 'map' | 'labelSelector' }>({
  name: 'selector-matches-pods',
  description:
    'Reports an object whose selector (at `selector`, a plain map or a LabelSelector) matches no pod template of its namespace. An empty LabelSelector selects every pod, so it is never reported.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['selector', 'form'],
    properties: { selector: { type: 'string', pattern: '^(/.*)?$' }, form: { enum: ['map', 'labelSelector'] } },
  },
  messageIds: ['noMatch', 'operatorPods'],
  scope: 'node',
  run(node, options, ctx) {
    const r = node.resource;
    if (r.kind === 'Service' && getAt(r.raw, '/spec/type') === 'ExternalName') return noReports;
    if (ctx.isExternal(r.kind, r.namespace, r.name)) return noReports;
    const sel = readSelector(r.raw, options.selector, options.form);
    // No selector, or a Service's empty map (no selector: endpoints are managed by hand) -> nothing to judge.
    if (sel === undefined || sel.requirements.length === 0) return noReports;
    if (selectTemplates(templateIndex(ctx), nsOf(r), sel).length > 0) return noReports;
    return [noPodReport(ctx, r, sel, options.selector, node.data)];
  },
});

/**
 * The report of a selector that matches no pod template: `noMatch`, or, when a custom resource of the namespace
 * declares pod labels it matches (./operator-pods.ts), `operatorPods` at info severity, pointing at them.
 */
function noPodReport(ctx: FunctionContext, r: Resource, sel: Selector, pointer: string, nodeData: Report['data']): Report {
  const data = { ...nodeData, selector: sel.toString(), namespace: nsOf(r) };
  const declared = declaredPodsMatching(ctx, nsOf(r), sel);
  if (!declared) return { messageId: 'noMatch', pointer, data };
  const owner = declared.resource;
  const name = `${owner.kind} ${nsOf(owner)}/${owner.name}`;
  return {
    messageId: 'operatorPods',
    pointer,
    severity: 'info',
    data: { ...data, owner: name },
    related: [{ message: `pod labels declared by ${name}`, resource: owner, pointer: declared.pointer }],
  };
}

interface DeclaredPort {
  readonly name: string | undefined;
  readonly port: number | undefined;
  readonly protocol: string;
}

/**
 * The ports of a Service's selected templates, gathered once per selection (selectTemplates returns the same
 * list for the same selector): a Service reads them for each of its ports.
 */
const selectionPortsCache = new WeakMap<readonly TemplateRef[], readonly DeclaredPort[]>();

function portsOfTemplates(templates: readonly TemplateRef[]): readonly DeclaredPort[] {
  let ports = selectionPortsCache.get(templates);
  if (ports === undefined) {
    // One list filled in place rather than flatMap's list per template.
    const all: DeclaredPort[] = [];
    for (const t of templates) readContainerPorts(t, all);
    ports = all;
    selectionPortsCache.set(templates, ports);
  }
  return ports;
}

/** Adds the ports a template's containers declare (regular and init containers, as the endpoints controller reads them). */
function readContainerPorts(t: TemplateRef, out: DeclaredPort[]): void {
  for (const list of ['containers', 'initContainers']) {
    for (const c of asObjects(t.spec[list])) {
      for (const p of asObjects(c['ports'])) {
        out.push({ name: asString(p['name']), port: asInteger(p['containerPort']), protocol: asString(p['protocol']) ?? 'TCP' });
      }
    }
  }
}

/**
 * A Service port's targetPort that no selected container declares. A named targetPort that no container
 * names gives no endpoint at all (the EndpointSlice controller skips the pod: FindPort in
 * kubernetes/kubernetes:pkg/api/v1/pod/util.go), an error; a numeric one may still be served by a process
 * that did not declare it, a warning.
 */
export const serviceTargetPort = defineFunction<Record<string, never>>({
  name: 'service-target-port',
  description: 'Reports a Service port (alias ServicePort) whose targetPort no container of the selected pods declares.',
  optionsSchema: { type: 'object', additionalProperties: false },
  messageIds: ['namedPortNotFound', 'numericPortNotDeclared'],
  scope: 'node',
  run(node, _options, ctx) {
    const r = node.resource;
    if (getAt(r.raw, '/spec/type') === 'ExternalName') return noReports;
    const sel = readSelector(r.raw, '/spec/selector', 'map');
    if (sel === undefined || sel.requirements.length === 0 || !isObject(node.value)) return noReports;
    const pods = selectTemplates(templateIndex(ctx), nsOf(r), sel);
    if (pods.length === 0) return noReports;
    const port = node.value;
    const protocol = asString(port['protocol']) ?? 'TCP';
    const target = port['targetPort'] ?? port['port'];
    const ptr = node.pointer + (port['targetPort'] !== undefined ? '/targetPort' : '/port');
    const declared = portsOfTemplates(pods);
    if (typeof target === 'string' && !/^\d+$/.test(target)) {
      if (declared.some((p) => p.protocol === protocol && p.name === target)) return noReports;
      return [{ messageId: 'namedPortNotFound', pointer: ptr, data: { ...node.data, targetPort: target, protocol } }];
    }
    const n = typeof target === 'string' ? Number(target) : asInteger(target);
    if (n === undefined || declared.some((p) => p.protocol === protocol && p.port === n)) return noReports;
    return [{ messageId: 'numericPortNotDeclared', pointer: ptr, severity: 'warning', data: { ...node.data, targetPort: n, protocol } }];
  },
});

/** Ingress backends: the Service must exist in the input (or be declared external) and have the port. */
export const ingressBackend = defineFunction<Record<string, never>>({
  name: 'ingress-backend',
  description: 'Reports Ingress backends whose Service is absent from the input, or whose Service lacks the port.',
  optionsSchema: { type: 'object', additionalProperties: false },
  messageIds: ['serviceMissing', 'portMissing'],
  scope: 'node',
  run(node, _options, ctx) {
    const r = node.resource;
    const backends: { pointer: string; value: unknown }[] = [];
    for (const p of ['/spec/defaultBackend', '/spec/backend']) {
      const v = getAt(r.raw, p);
      if (isObject(v)) backends.push({ pointer: p, value: v });
    }
    asArray(getAt(r.raw, '/spec/rules')).forEach((rule, i) => {
      asArray(getAt(rule, '/http/paths')).forEach((path, j) => {
        const b = getAt(path, '/backend');
        if (isObject(b)) backends.push({ pointer: `/spec/rules/${i}/http/paths/${j}/backend`, value: b });
      });
    });
    const out: Report[] = [];
    for (const b of backends) {
      // networking.k8s.io/v1: backend.service.{name,port.{number|name}}; v1beta1: serviceName/servicePort.
      const v1 = isObject(getAt(b.value, '/service'));
      const name = asString(v1 ? getAt(b.value, '/service/name') : getAt(b.value, '/serviceName'));
      if (name === undefined) continue;
      const namePtr = b.pointer + (v1 ? '/service/name' : '/serviceName');
      if (ctx.isExternal('Service', r.namespace, name)) continue;
      const svc = lookup(ctx, 'Service', r.namespace, name);
      if (svc === undefined) {
        out.push({ messageId: 'serviceMissing', pointer: namePtr, data: { ...node.data, service: name } });
        continue;
      }
      const portValue = v1 ? (getAt(b.value, '/service/port/number') ?? getAt(b.value, '/service/port/name')) : getAt(b.value, '/servicePort');
      if (portValue === undefined) continue;
      const portPtr = b.pointer + (v1 ? (getAt(b.value, '/service/port/number') !== undefined ? '/service/port/number' : '/service/port/name') : '/servicePort');
      const ports = asObjects(getAt(svc.raw, '/spec/ports'));
      const ok =
        typeof portValue === 'number' || /^\d+$/.test(String(portValue))
          ? ports.some((p) => p['port'] === Number(portValue))
          : ports.some((p) => p['name'] === portValue);
      if (!ok) out.push({ messageId: 'portMissing', pointer: portPtr, data: { ...node.data, service: name, port: String(portValue) } });
    }
    return out;
  },
});

/** NetworkPolicy peers whose podSelector (same namespace, no namespaceSelector) matches no pod. */
export const networkPolicyPeer = defineFunction<Record<string, never>>({
  name: 'networkpolicy-peer',
  description: "Reports NetworkPolicy ingress/egress peers whose podSelector (without namespaceSelector) matches no pod of the policy's namespace.",
  optionsSchema: { type: 'object', additionalProperties: false },
  messageIds: ['noMatch', 'operatorPods'],
  scope: 'node',
  run(node, _options, ctx) {
    const r = node.resource;
    const out: Report[] = [];
    for (const [dir, peersKey] of [
      ['ingress', 'from'],
      ['egress', 'to'],
    ] as const) {
      asArray(getAt(r.raw, `/spec/${dir}`)).forEach((rule, i) => {
        asArray(getAt(rule, `/${peersKey}`)).forEach((peer, j) => {
          if (!isObject(peer) || peer['namespaceSelector'] !== undefined || peer['podSelector'] === undefined) return;
          const ptr = `/spec/${dir}/${i}/${peersKey}/${j}/podSelector`;
          const sel = readSelector(r.raw, ptr, 'labelSelector');
          if (sel === undefined || sel.requirements.length === 0) return;
          if (selectTemplates(templateIndex(ctx), nsOf(r), sel).length > 0) return;
          out.push(noPodReport(ctx, r, sel, ptr, node.data));
        });
      });
    }
    return out;
  },
});

interface PolicyRef {
  readonly resource: Resource;
  readonly selector: Selector;
  readonly types: readonly string[];
}

/** NetworkPolicies by namespace with their effective policyTypes (networking/v1 defaulting: Ingress, plus Egress when egress rules exist). */
function policiesByNamespace(ctx: FunctionContext): ReadonlyMap<string, readonly PolicyRef[]> {
  return ctx.memo('netpols', () => {
    const m = new Map<string, PolicyRef[]>();
    for (const np of ctx.model.byKind('NetworkPolicy')) {
      const sel = readSelector(np.raw, '/spec/podSelector', 'labelSelector') ?? selectorFromEverything();
      const declared = asArray(getAt(np.raw, '/spec/policyTypes')).filter((t): t is string => typeof t === 'string');
      // Unset policyTypes: Ingress, plus Egress when there is at least one egress rule (an empty list is none), as
      // the API server defaults them and zegl/kube-score:score/networkpolicy/networkpolicy.go reads them (len(Egress) > 0).
      const types = declared.length > 0 ? declared : asArray(getAt(np.raw, '/spec/egress')).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
      const ns = nsOf(np);
      const list = m.get(ns) ?? [];
      list.push({ resource: np, selector: sel, types });
      m.set(ns, list);
    }
    return m;
  });
}

function selectorFromEverything(): Selector {
  // podSelector is required; when absent treat it as {} (every pod), the API's meaning of an empty selector.
  return selectorFromMap({}) as Selector;
}

/** The Services' selectors by namespace (constant memo keys: these run for every workload). */
function serviceSelectors(ctx: FunctionContext): ReadonlyMap<string, SelectorIndex> {
  return ctx.memo('selectors:Service', () => selectorsByNamespace(ctx, 'Service', '/spec/selector', 'map'));
}

function pdbSelectors(ctx: FunctionContext): ReadonlyMap<string, SelectorIndex> {
  return ctx.memo('selectors:PodDisruptionBudget', () => selectorsByNamespace(ctx, 'PodDisruptionBudget', '/spec/selector', 'labelSelector'));
}

/** Selector-bearing objects of a kind by namespace (PDBs, Services), indexed by label. */
function selectorsByNamespace(ctx: FunctionContext, kind: string, pointer: string, form: 'map' | 'labelSelector'): ReadonlyMap<string, SelectorIndex> {
  const m = new Map<string, SelectorIndex>();
  for (const o of ctx.model.byKind(kind)) {
    const s = readSelector(o.raw, pointer, form);
    if (s === undefined || (form === 'map' && s.requirements.length === 0)) continue;
    let index = m.get(nsOf(o));
    if (index === undefined) {
      index = new SelectorIndex();
      m.set(nsOf(o), index);
    }
    index.add(s);
  }
  return m;
}

/**
 * The HorizontalPodAutoscaler that targets a workload (the last one of the input when several do), from
 * an index of HPA targets by namespace, kind and name built once per run. Nested maps rather than one
 * `namespace/Kind/name` key: a look-up then hashes no new string, and a `/` in a name cannot collide.
 */
export function hpaTargeting(ctx: FunctionContext, workload: Resource): Resource | undefined {
  const byNamespace = ctx.memo('hpaTargets', () => {
    const m = new Map<string, Map<string, Map<string, Resource>>>();
    for (const h of ctx.model.byKind('HorizontalPodAutoscaler')) {
      const kind = asString(getAt(h.raw, '/spec/scaleTargetRef/kind'));
      const name = asString(getAt(h.raw, '/spec/scaleTargetRef/name'));
      if (!kind || !name) continue;
      let byKind = m.get(nsOf(h));
      if (byKind === undefined) m.set(nsOf(h), (byKind = new Map()));
      let byName = byKind.get(kind);
      if (byName === undefined) byKind.set(kind, (byName = new Map()));
      byName.set(name, h);
    }
    return m;
  });
  return byNamespace.get(nsOf(workload))?.get(workload.kind)?.get(workload.name);
}

function isOwnedCopy(r: Resource): boolean {
  const owners = getAt(r.raw, '/metadata/ownerReferences');
  if (owners === undefined) return false;
  const refs = asObjects(owners);
  return refs.some((o) => (r.kind === 'ReplicaSet' && o['kind'] === 'Deployment') || (r.kind === 'Job' && o['kind'] === 'CronJob') || (r.kind === 'Pod' && o['controller'] === true));
}

export function replicasOf(r: Resource): number {
  // spec.replicas defaults to 1 (apps/v1 defaults: SetDefaults_Deployment / StatefulSet).
  return asInteger(getAt(r.raw, '/spec/replicas')) ?? 1;
}

/** A workload that no object of a kind selects (NetworkPolicy, PodDisruptionBudget, Service) or targets (HPA). */
export const selectedBy = defineFunction<{ by: 'NetworkPolicy' | 'PodDisruptionBudget' | 'Service' | 'HorizontalPodAutoscaler'; policyTypes?: readonly string[]; minReplicas?: number }>({
  name: 'selected-by',
  description:
    'Reports a workload (object root of a pod-template kind) that no NetworkPolicy / PodDisruptionBudget / Service selects, or no HPA targets. `policyTypes` requires a policy of each type; `minReplicas` skips smaller workloads.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['by'],
    properties: {
      by: { enum: ['NetworkPolicy', 'PodDisruptionBudget', 'Service', 'HorizontalPodAutoscaler'] },
      policyTypes: { type: 'array', items: { enum: ['Ingress', 'Egress'] }, minItems: 1 },
      minReplicas: { type: 'integer', minimum: 0 },
    },
  },
  messageIds: ['notSelected', 'missingPolicyType'],
  scope: 'node',
  run(node, options, ctx) {
    const r = node.resource;
    const labels = templateLabels(r);
    if (labels === undefined || isOwnedCopy(r)) return noReports;
    if (options.minReplicas !== undefined && r.kind !== 'Pod' && replicasOf(r) < options.minReplicas) return noReports;
    const ns = nsOf(r);
    // The report's data is built only for a report: most workloads are selected.
    const notSelected = (): readonly Report[] => [{ messageId: 'notSelected', pointer: '/metadata/name', data: { ...node.data, by: options.by } }];
    if (options.by === 'HorizontalPodAutoscaler') return hpaTargeting(ctx, r) !== undefined ? noReports : notSelected();
    if (options.by === 'NetworkPolicy') {
      const matching = (policiesByNamespace(ctx).get(ns) ?? []).filter((p) => p.selector.matches(labels));
      if (matching.length === 0) return notSelected();
      for (const t of options.policyTypes ?? []) {
        if (!matching.some((p) => p.types.includes(t))) return [{ messageId: 'missingPolicyType', pointer: '/metadata/name', data: { ...node.data, by: options.by, policyType: t } }];
      }
      return noReports;
    }
    const sels = options.by === 'Service' ? serviceSelectors(ctx) : pdbSelectors(ctx);
    return sels.get(ns)?.matchesAny(labels) === true ? noReports : notSelected();
  },
});

/** Selectors of the Services of the workload's namespace that select its template. */
export function servicesSelecting(ctx: FunctionContext, r: Resource): readonly Selector[] {
  const labels = templateLabels(r);
  if (labels === undefined) return [];
  return serviceSelectors(ctx).get(nsOf(r))?.matching(labels) ?? [];
}

/** Pods a selector's templates make in a namespace: replicas of each workload (a bare Pod is one). */
export function backendCount(ctx: FunctionContext, namespace: string, selector: Selector): number {
  let n = 0;
  for (const t of selectTemplates(templateIndex(ctx), namespace, selector)) {
    // A DaemonSet runs a pod per node: never "a single replica".
    n += t.resource.kind === 'DaemonSet' ? Number.POSITIVE_INFINITY : t.resource.kind === 'Pod' ? 1 : replicasOf(t.resource);
  }
  return n;
}

/** True when a Service of the workload's namespace selects its template. */
export function targetedByService(ctx: FunctionContext, r: Resource): boolean {
  const labels = templateLabels(r);
  if (labels === undefined) return false;
  return serviceSelectors(ctx).get(nsOf(r))?.matchesAny(labels) === true;
}

/** Workloads selected by a PDB-style LabelSelector in a namespace. */
export function workloadsSelected(ctx: FunctionContext, r: Resource, pointer: string): readonly TemplateRef[] {
  const sel = readSelector(r.raw, pointer, 'labelSelector');
  if (sel === undefined) return [];
  return selectTemplates(templateIndex(ctx), nsOf(r), sel);
}

/** kube-score pod-probes: containers of pods a Service selects need a readiness probe, or they get traffic before they are ready. */
export const servicedProbe = defineFunction<{ probe: 'readinessProbe' | 'livenessProbe'; perPod?: boolean }>({
  name: 'serviced-probe',
  description:
    'Reports a container (alias Container) without `probe` when a Service of the namespace selects its pod template; with `perPod` (alias PodSpec), a pod none of whose init or regular containers has `probe`.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['probe'],
    properties: { probe: { enum: ['readinessProbe', 'livenessProbe'] }, perPod: { type: 'boolean' } },
  },
  messageIds: ['missing'],
  scope: 'node',
  run(node, options, ctx) {
    // kube-score pod-probes asks for one probe per pod, in any init or regular container (zegl/kube-score:score/probes/probes.go containerProbes).
    const has = (c: unknown): boolean => isObject(childAt(c, options.probe));
    if (options.perPod === true) {
      if ([...asArray(getAt(node.value, '/initContainers')), ...asArray(getAt(node.value, '/containers'))].some(has)) return noReports;
    } else if (has(node.value)) return noReports;
    if (isOwnedCopy(node.resource) || !targetedByService(ctx, node.resource)) return noReports;
    return [{ messageId: 'missing', pointer: node.pointer, data: { ...node.data, probe: options.probe } }];
  },
});
