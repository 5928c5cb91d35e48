/**
 * The EndpointSlice controller on paper: for each Service with a selector, the pods it selects become
 * discovery.k8s.io/v1 EndpointSlices, as kube-controller-manager would write them. Services without a
 * selector take the EndpointSlices (or legacy Endpoints, mirrored) found in the input.
 *
 * Mirrors kubernetes/endpointslice (the staging repo of kubernetes/kubernetes:pkg/controller/endpointslice):
 * reconciler.go (which pods, grouping by port set, slice size), utils.go (podToEndpoint, newEndpointSlice,
 * setEndpointSliceLabels, getEndpointPorts), util/controller_utils.go (ShouldSetHostname) and
 * kubernetes/kubernetes:pkg/api/v1/pod/util.go (FindPort).
 */
import type { EndpointSlice, Labels } from '../model/kinds.js';
import type { Resource } from '../model/resource.js';
import { asArray, asBoolean, asInteger, asObject, asObjects, asString, asStringMap, get } from '../model/guards.js';
import type { SimProblem } from './state.js';
import type { SimNode, SimPod, SimService, SimServicePort } from './types.js';
import { podUid, sortedKeys } from './names.js';

/** `kubernetes.io/service-name`: ties a slice to its Service (discovery/v1 well_known_labels.go). */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
/** `endpointslice.kubernetes.io/managed-by`. */
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const MIRRORING_CONTROLLER_NAME = 'endpointslicemirroring-controller.k8s.io';
/** `service.kubernetes.io/headless`, set on slices of headless Services. */
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';
/** `endpointslice.kubernetes.io/skip-mirror` on an Endpoints object stops the mirroring controller. */
export const LABEL_SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';
/** kube-controller-manager `--max-endpoints-per-slice` default. */
export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;

export type AddressType = 'IPv4' | 'IPv6';

/** One endpoint of a slice, with the pod it stands for (when the controller made it from a pod). */
export interface SimEndpoint {
  readonly addresses: readonly string[];
  readonly conditions: { readonly ready: boolean; readonly serving: boolean; readonly terminating: boolean };
  readonly hostname?: string;
  readonly nodeName?: string;
  readonly zone?: string;
  readonly targetRef?: { readonly kind: string; readonly namespace: string; readonly name: string; readonly uid?: string };
}

export interface SimEndpointPort {
  /** The Service port's name (`''` when unnamed), as the controller writes it. */
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly appProtocol?: string;
}

/** An EndpointSlice with the Service it belongs to. `object` is the discovery.k8s.io/v1 shape. */
export interface SimEndpointSlice {
  readonly namespace: string;
  readonly serviceName: string;
  readonly name: string;
  readonly addressType: AddressType;
  readonly endpoints: readonly SimEndpoint[];
  readonly ports: readonly SimEndpointPort[];
  /** Value of `endpointslice.kubernetes.io/managed-by`. */
  readonly managedBy: string;
  /** The input object it came from (hand-written EndpointSlice or mirrored Endpoints). */
  readonly resource?: Resource;
  /** The object as the API would show it. */
  readonly object: EndpointSlice;
}

export interface EndpointsInput {
  readonly services: readonly SimService[];
  readonly pods: readonly SimPod[];
  readonly nodes: readonly SimNode[];
  /** EndpointSlice and Endpoints objects of the input (for Services without a selector). */
  readonly inputObjects?: readonly Resource[];
}

export interface EndpointsOptions {
  readonly maxEndpointsPerSlice?: number;
}

export interface EndpointsResult {
  readonly endpointSlices: readonly SimEndpointSlice[];
  readonly problems: readonly SimProblem[];
}

/** Why a Service ended with no endpoints (the `reason` of a `service-no-endpoints` problem). */
export type NoEndpointsReason =
  | 'selector-matches-nothing'
  | 'pods-not-running'
  | 'target-port-missing'
  | 'pods-not-ready'
  | 'no-endpoint-objects';

// ---------------------------------------------------------------------------------------------------------
// Pod facts

const NO_DNS_IDENTITY: { readonly hostname?: string; readonly subdomain?: string } = Object.freeze({});

/**
 * The hostname and subdomain a pod really gets. The StatefulSet controller sets `hostname` to the pod name and
 * `subdomain` to `spec.serviceName` (kubernetes/kubernetes:pkg/controller/statefulset/stateful_set_utils.go,
 * updateIdentity); we apply it here when the workload step left them unset.
 */
export function podDnsIdentity(pod: SimPod): { readonly hostname?: string; readonly subdomain?: string } {
  let hostname = pod.spec.hostname;
  let subdomain = pod.spec.subdomain;
  if (pod.origin.resource.kind === 'StatefulSet') {
    hostname = hostname ?? pod.name;
    subdomain = subdomain ?? asString(get(pod.origin.resource.raw, 'spec', 'serviceName'));
  }
  // Most pods have neither (asked once per pod and Service): one shared answer, not an object each.
  if (hostname === undefined && subdomain === undefined) return NO_DNS_IDENTITY;
  const out: { hostname?: string; subdomain?: string } = {};
  if (typeof hostname === 'string' && hostname !== '') out.hostname = hostname;
  if (typeof subdomain === 'string' && subdomain !== '') out.subdomain = subdomain;
  return out;
}

/**
 * FindPort (kubernetes/kubernetes:pkg/api/v1/pod/util.go): an int targetPort is used as is; a named one is
 * looked up by name AND protocol in the containers, then in restartable init containers (sidecars).
 */
export function findPort(pod: SimPod, port: SimServicePort): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  const lists = [asObjects(pod.spec.containers), asObjects(pod.spec.initContainers).filter((c) => c.restartPolicy === 'Always')];
  for (const list of lists) {
    for (const c of list) {
      for (const p of asObjects(c.ports)) {
        const proto = asString(p.protocol) ?? 'TCP';
        const num = asInteger(p.containerPort);
        if (asString(p.name) === port.targetPort && proto === port.protocol && num !== undefined) return num;
      }
    }
  }
  return undefined;
}

export function ipFamily(ip: string): AddressType {
  return ip.includes(':') ? 'IPv6' : 'IPv4';
}

// ---------------------------------------------------------------------------------------------------------
// Naming

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Upstream names slices with `generateName: <service>-` and a random 5-character suffix from
 * k8s.io/apimachinery/pkg/util/rand (alphanums "bcdfghjklmnpqrstvwxz2456789"); the base is cut to 58
 * characters (names.go, maxGeneratedNameLength). We draw the suffix from a hash so output is deterministic.
 */
export function generatedName(base: string, seed: string): string {
  const prefix = base.length > 58 ? base.slice(0, 58) : base;
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let suffix = '';
  for (let i = 0; i < 5; i++) {
    suffix += NAME_ALPHABET[h % NAME_ALPHABET.length];
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
  }
  return prefix + suffix;
}

// ---------------------------------------------------------------------------------------------------------
// The step

/**
 * Pods by namespace, and by namespace, label key and value for the label keys some selector uses; every list
 * in name order (the order the controller lists pods in), so selecting is filtering, not sorting per Service.
 */
interface PodIndex {
  byNamespace: Map<string, SimPod[]>;
  byLabel: Map<string, Map<string, Map<string, SimPod[]>>>;
}

function indexPods(pods: readonly SimPod[], selectorKeys: ReadonlySet<string>): PodIndex {
  const byNamespace = new Map<string, SimPod[]>();
  const byLabel = new Map<string, Map<string, Map<string, SimPod[]>>>();
  // Sorted once (stably): filtering the sorted pods gives what sorting the filtered pods would.
  for (const p of [...pods].sort((a, b) => cmp(a.name, b.name))) {
    push(byNamespace, p.namespace, p);
    let keys = byLabel.get(p.namespace);
    if (!keys) byLabel.set(p.namespace, (keys = new Map()));
    for (const k of selectorKeys) {
      const v = p.labels[k];
      if (v === undefined) continue;
      let values = keys.get(k);
      if (!values) keys.set(k, (values = new Map()));
      push(values, v, p);
    }
  }
  return { byNamespace, byLabel };
}

/** The pods of a namespace a selector matches, in name order (the order the controller lists them in). */
function selectPods(index: PodIndex, namespace: string, selector: Labels): readonly SimPod[] {
  const entries = Object.entries(selector);
  if (entries.length === 0) return index.byNamespace.get(namespace) ?? [];
  let smallest: SimPod[] | undefined;
  const keys = index.byLabel.get(namespace);
  for (const [k, v] of entries) {
    const list = keys?.get(k)?.get(v) ?? [];
    if (smallest === undefined || list.length < smallest.length) smallest = list;
  }
  return (smallest ?? []).filter((p) => entries.every(([k, v]) => p.labels[k] === v));
}

/** Derives every Service's EndpointSlices. Pure; deterministic order (namespace, service, slice name). */
export function deriveEndpoints(input: EndpointsInput, options: EndpointsOptions = {}): EndpointsResult {
  const controller = new EndpointsController(input, options);
  const slices: SimEndpointSlice[] = [];
  const problems: SimProblem[] = [];
  for (const svc of sortServices(input.services)) {
    const r = controller.sync(svc);
    slices.push(...r.slices);
    if (r.problem) problems.push(r.problem);
  }
  return { endpointSlices: slices, problems };
}

/** The EndpointSlices of one Service at a time, computed when first asked for: what one query reads. */
export interface ServiceEndpoints {
  /**
   * The slices {@link deriveEndpoints} gives the Service(s) `namespace/name`, in the same order; empty for an
   * ExternalName Service or a name no Service has.
   */
  slicesOf(namespace: string, name: string): readonly SimEndpointSlice[];
}

/**
 * {@link deriveEndpoints} one Service at a time, on demand: a query about one name reads the slices of one
 * or two Services, not of ten thousand. Same controller code, same answers.
 */
export function endpointsOnDemand(input: EndpointsInput, options: EndpointsOptions = {}): ServiceEndpoints {
  let controller: EndpointsController | undefined;
  const byKey = new Map<string, SimService[]>();
  for (const svc of sortServices(input.services)) push(byKey, `${svc.namespace}/${svc.name}`, svc);
  const cache = new Map<string, readonly SimEndpointSlice[]>();
  return {
    slicesOf(namespace, name) {
      const key = `${namespace}/${name}`;
      let slices = cache.get(key);
      if (slices === undefined) {
        const services = byKey.get(key) ?? [];
        controller ??= new EndpointsController(input, options);
        const c = controller;
        slices = services.length === 1 ? c.sync(services[0] as SimService).slices : services.flatMap((svc) => c.sync(svc).slices);
        cache.set(key, slices);
      }
      return slices;
    },
  };
}

/** Services by namespace, then name (stable: duplicates keep their input order). */
export function sortServices(services: readonly SimService[]): SimService[] {
  return [...services].sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
}

/** The reconciler's view of the cluster, indexed once; {@link sync} is one Service's reconcile. */
class EndpointsController {
  private readonly max: number;
  private readonly index: PodIndex;
  private readonly nodes: ReadonlyMap<string, SimNode>;
  private inputSlicesIndex?: Map<string, SimEndpointSlice[]>;

  constructor(
    private readonly input: EndpointsInput,
    options: EndpointsOptions,
  ) {
    this.max = options.maxEndpointsPerSlice ?? DEFAULT_MAX_ENDPOINTS_PER_SLICE;
    // Only the label keys some selector uses are indexed: no per-Service scan over all pods, no index of the rest.
    const selectorKeys = new Set<string>();
    for (const svc of input.services) for (const k of Object.keys(svc.selector ?? {})) selectorKeys.add(k);
    this.index = indexPods(input.pods, selectorKeys);
    this.nodes = new Map(input.nodes.map((n) => [n.name, n]));
  }

  private get inputSlices(): Map<string, SimEndpointSlice[]> {
    return (this.inputSlicesIndex ??= indexInputObjects(this.input.inputObjects ?? []));
  }

  sync(svc: SimService): { slices: readonly SimEndpointSlice[]; problem?: SimProblem } {
    // The controller skips ExternalName Services (endpointslice_controller.go syncService).
    if (svc.type === 'ExternalName') return { slices: [] };
    // A nil or empty selector means endpoints are managed out of band (core/v1 ServiceSpec.Selector doc).
    if (svc.selector === undefined || Object.keys(svc.selector).length === 0) {
      const own = this.inputSlices.get(`${svc.namespace}/${svc.name}`) ?? [];
      if (own.length === 0 && svc.headless) {
        return {
          slices: own,
          problem: noEndpoints(svc, 'no-endpoint-objects', `Service ${svc.namespace}/${svc.name} has no selector and the input has no EndpointSlice labelled ${LABEL_SERVICE_NAME}=${svc.name} nor Endpoints named ${svc.name}: its DNS name does not resolve`),
        };
      }
      return { slices: own };
    }
    return controllerSlices(svc, selectPods(this.index, svc.namespace, svc.selector), this.nodes, this.max);
  }
}

function controllerSlices(
  svc: SimService,
  selected: readonly SimPod[],
  nodes: ReadonlyMap<string, SimNode>,
  max: number,
): { slices: SimEndpointSlice[]; problem?: SimProblem } {
  const families = serviceFamilies(svc, selected);
  // Group endpoints by (address type, resolved port list), as the reconciler does (endpointMeta hash).
  const groups = new Map<string, { family: AddressType; ports: SimEndpointPort[]; endpoints: SimEndpoint[] }>();
  let running = 0;
  let missingPort = 0;
  // The resolved ports depend on the pod's spec alone, and replicas share theirs: resolved once per run of them.
  let portsOf: { spec: object; ports: SimEndpointPort[]; lacks: boolean; key: string } | undefined;
  for (const pod of selected) {
    // reconciler.go: pods that are Succeeded/Failed or have no IP yet are skipped (unschedulable and
    // rejected pods never got an IP in the dry run).
    if (pod.podIP === undefined || pod.phase !== 'Running') continue;
    // A pod whose Node is unknown is skipped unless publishNotReadyAddresses is set (reconciler.go).
    if (pod.nodeName !== undefined && !nodes.has(pod.nodeName) && !svc.publishNotReadyAddresses) continue;
    running++;
    const family = ipFamily(pod.podIP);
    if (!families.includes(family)) continue;
    if (portsOf?.spec !== pod.spec) portsOf = endpointPorts(pod, svc);
    if (portsOf.lacks) missingPort++;
    const key = family + '|' + portsOf.key;
    let g = groups.get(key);
    if (!g) {
      g = { family, ports: portsOf.ports, endpoints: [] };
      groups.set(key, g);
    }
    g.endpoints.push(podToEndpoint(pod, svc, nodes));
  }
  const out: SimEndpointSlice[] = [];
  for (const g of groups.values()) {
    for (let i = 0; i < g.endpoints.length; i += max) {
      out.push(makeSlice(svc, g.family, g.ports, g.endpoints.slice(i, i + max), out.length));
    }
  }
  // With no endpoints the controller keeps one placeholder slice with no ports and no endpoints
  // (reconciler.go, placeholderSliceCompare).
  if (out.length === 0) out.push(makeSlice(svc, families[0] ?? 'IPv4', [], [], 0));

  // An endpoint in a slice without ports receives no traffic for a Service that has ports.
  const readyCount = out.reduce((n, s) => n + (s.ports.length > 0 || svc.ports.length === 0 ? s.endpoints.filter((e) => e.conditions.ready).length : 0), 0);
  if (readyCount > 0) return { slices: out };
  let reason: NoEndpointsReason;
  let why: string;
  if (selected.length === 0) {
    reason = 'selector-matches-nothing';
    const sel = Object.entries(svc.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    why = `selector ${sel} matches no pod in namespace ${svc.namespace}`;
  } else if (running === 0) {
    reason = 'pods-not-running';
    const first = selected.find((p) => p.reason !== undefined);
    why = `the ${selected.length} pod(s) it selects are not running${first ? ` (${first.namespace}/${first.name}: ${first.reason})` : ''}`;
  } else if (missingPort === running && svc.ports.length > 0) {
    reason = 'target-port-missing';
    const names = svc.ports.filter((p) => typeof p.targetPort === 'string').map((p) => `${String(p.targetPort)}/${p.protocol}`);
    why = `no selected pod has a container port named ${names.join(', ')}`;
  } else {
    reason = 'pods-not-ready';
    why = 'none of the selected pods is ready';
  }
  return { slices: out, problem: noEndpoints(svc, reason, `Service ${svc.namespace}/${svc.name} has no ready endpoints: ${why}`) };
}

/**
 * getEndpointPorts (utils.go): the Service's ports resolved for one pod, a port that cannot be resolved left
 * out (`lacks`); `key` identifies the list for grouping endpoints into slices.
 */
function endpointPorts(pod: SimPod, svc: SimService): { spec: object; ports: SimEndpointPort[]; lacks: boolean; key: string } {
  const ports: SimEndpointPort[] = [];
  let lacks = false;
  for (const sp of svc.ports) {
    const num = findPort(pod, sp);
    if (num === undefined) {
      lacks = true;
      continue;
    }
    const ep: SimEndpointPort = { name: sp.name ?? '', port: num, protocol: sp.protocol };
    ports.push(sp.appProtocol !== undefined ? { ...ep, appProtocol: sp.appProtocol } : ep);
  }
  const key = ports.map((p) => `${p.name}/${p.protocol}/${p.port}/${p.appProtocol ?? ''}`).join(',');
  return { spec: pod.spec, ports, lacks, key };
}

/**
 * Problem codes by reason. A selector matching nothing and a named targetPort no pod declares get their own
 * codes, because the static rules `service-selector-matches-no-pods` and `service-target-port-not-found`
 * already judge them from the pod templates; `service-no-endpoints` is what only the dry run knows (pods
 * that are not running or not ready, headless Services without endpoint objects).
 */
export const NO_ENDPOINTS_CODES: Readonly<Record<NoEndpointsReason, string>> = {
  'selector-matches-nothing': 'service-selector-matches-nothing',
  'target-port-missing': 'service-target-port-missing',
  'pods-not-running': 'service-no-endpoints',
  'pods-not-ready': 'service-no-endpoints',
  'no-endpoint-objects': 'service-no-endpoints',
};

function noEndpoints(svc: SimService, reason: NoEndpointsReason, message: string): SimProblem {
  const pointer = reason === 'target-port-missing' ? '/spec/ports' : svc.selector !== undefined ? '/spec/selector' : '/spec';
  return { code: NO_ENDPOINTS_CODES[reason], resource: svc.resource, pointer, message, data: { reason } };
}

/**
 * Address families of a Service's slices: spec.ipFamilies when given, else the family of the ClusterIPs, else
 * (headless without ipFamilies) the families its pods have (utils.go getAddressTypesForService).
 */
function serviceFamilies(svc: SimService, pods: readonly SimPod[]): AddressType[] {
  const ipFamilies = get(svc.resource.raw, 'spec', 'ipFamilies');
  if (ipFamilies !== undefined) {
    const declared = asArray(ipFamilies).filter((f): f is AddressType => f === 'IPv4' || f === 'IPv6');
    if (declared.length > 0) return [...new Set(declared)];
  }
  // The families of the ClusterIPs, in order, each once (written out: it runs for every Service).
  let fromIPs: AddressType[] | undefined;
  for (const ip of svc.clusterIPs) {
    if (ip === 'None' || ip === '') continue;
    const family = ipFamily(ip);
    if (!fromIPs) fromIPs = [family];
    else if (!fromIPs.includes(family)) fromIPs.push(family);
  }
  if (fromIPs) return fromIPs;
  const fams = new Set<AddressType>();
  for (const p of pods) if (p.podIP !== undefined) fams.add(ipFamily(p.podIP));
  return fams.size > 0 ? [...fams].sort() : ['IPv4'];
}

/** podToEndpoint (utils.go): conditions, targetRef, nodeName, zone, hostname. */
function podToEndpoint(pod: SimPod, svc: SimService, nodes: ReadonlyMap<string, SimNode>): SimEndpoint {
  const serving = pod.ready;
  const terminating = false;
  const ready = svc.publishNotReadyAddresses || (serving && !terminating);
  const ep: {
    addresses: string[];
    conditions: SimEndpoint['conditions'];
    hostname?: string;
    nodeName?: string;
    zone?: string;
    targetRef: NonNullable<SimEndpoint['targetRef']>;
  } = {
    addresses: [pod.podIP as string],
    conditions: { ready, serving, terminating },
    targetRef: { kind: 'Pod', namespace: pod.namespace, name: pod.name, uid: pod.uid ?? podUid(pod.namespace, pod.name) },
  };
  // ShouldSetHostname (util/controller_utils.go): hostname set, subdomain == service name, same namespace.
  const id = podDnsIdentity(pod);
  if (id.hostname !== undefined && id.subdomain === svc.name && pod.namespace === svc.namespace) ep.hostname = id.hostname;
  if (pod.nodeName !== undefined) {
    ep.nodeName = pod.nodeName;
    const zone = nodes.get(pod.nodeName)?.labels['topology.kubernetes.io/zone'];
    if (zone !== undefined) ep.zone = zone;
  }
  return ep;
}

/** Labels reserved by the controller are not copied from the Service (utils.go setEndpointSliceLabels). */
const RESERVED_LABELS = new Set([LABEL_SERVICE_NAME, LABEL_MANAGED_BY, LABEL_HEADLESS]);

function makeSlice(svc: SimService, family: AddressType, ports: SimEndpointPort[], endpoints: SimEndpoint[], ordinal: number): SimEndpointSlice {
  return new ControllerSlice(svc, generatedName(`${svc.name}-`, `${svc.namespace}/${svc.name}/${family}/${ordinal}`), family, endpoints, ports);
}

/**
 * A slice the controller makes. Its API object is written when first read (kube-proxy's view, `proxy`): the dry
 * run itself reads the typed fields. A class (its Service and object in private fields) rather than an object
 * literal with a getter, which V8 builds through the runtime.
 */
class ControllerSlice implements SimEndpointSlice {
  // The fields in the order the other slices have theirs.
  readonly namespace: string;
  readonly serviceName: string;
  readonly name: string;
  readonly addressType: AddressType;
  readonly endpoints: SimEndpoint[];
  readonly ports: SimEndpointPort[];
  readonly managedBy = CONTROLLER_NAME;
  readonly #service: SimService;
  #object: EndpointSlice | undefined;

  constructor(service: SimService, name: string, addressType: AddressType, endpoints: SimEndpoint[], ports: SimEndpointPort[]) {
    this.namespace = service.namespace;
    this.serviceName = service.name;
    this.name = name;
    this.addressType = addressType;
    this.endpoints = endpoints;
    this.ports = ports;
    this.#service = service;
  }

  get object(): EndpointSlice {
    return (this.#object ??= sliceObject(this.#service, this.name, this.addressType, this.ports, this.endpoints));
  }
}

/** The discovery.k8s.io/v1 object of a controller-made slice. */
function sliceObject(svc: SimService, name: string, family: AddressType, ports: SimEndpointPort[], endpoints: SimEndpoint[]): EndpointSlice {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(asStringMap(get(svc.resource.raw, 'metadata', 'labels')))) if (!RESERVED_LABELS.has(k)) labels[k] = v;
  labels[LABEL_SERVICE_NAME] = svc.name;
  labels[LABEL_MANAGED_BY] = CONTROLLER_NAME;
  if (svc.headless) labels[LABEL_HEADLESS] = '';
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name,
      generateName: `${svc.name}-`,
      namespace: svc.namespace,
      labels: sortedRecord(labels),
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.name, controller: true }],
    },
    addressType: family,
    // The same (immutable) values as the typed view: a slice is not copied twice.
    endpoints,
    ports,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Input EndpointSlices and Endpoints (Services without selectors)

function indexInputObjects(objects: readonly Resource[]): Map<string, SimEndpointSlice[]> {
  const out = new Map<string, SimEndpointSlice[]>();
  const withSlices = new Set<string>();
  for (const r of objects) {
    if (r.kind !== 'EndpointSlice' || r.namespace === undefined) continue;
    const svcName = asStringMap(get(r.raw, 'metadata', 'labels'))[LABEL_SERVICE_NAME];
    if (svcName === undefined) continue;
    const s = sliceFromInput(r, r.namespace, svcName);
    if (s) {
      push(out, `${r.namespace}/${svcName}`, s);
      withSlices.add(`${r.namespace}/${svcName}`);
    }
  }
  // The EndpointSliceMirroring controller mirrors Endpoints of selector-less Services into slices unless
  // labelled skip-mirror (kubernetes/kubernetes:pkg/controller/endpointslicemirroring). We mirror only when the
  // input has no slice of its own for that Service, to avoid counting one address twice.
  for (const r of objects) {
    if (r.kind !== 'Endpoints' || r.namespace === undefined) continue;
    if (asStringMap(get(r.raw, 'metadata', 'labels'))[LABEL_SKIP_MIRROR] === 'true') continue;
    const key = `${r.namespace}/${r.name}`;
    if (withSlices.has(key)) continue;
    for (const s of mirrorEndpoints(r)) push(out, key, s);
  }
  for (const list of out.values()) list.sort((a, b) => cmp(a.name, b.name));
  return out;
}

function sliceFromInput(r: Resource, namespace: string, serviceName: string): SimEndpointSlice | undefined {
  const at = asString(r.raw.addressType);
  if (at !== 'IPv4' && at !== 'IPv6') return undefined; // FQDN is deprecated and ignored by consumers.
  const endpoints: SimEndpoint[] = [];
  for (const e of asObjects(r.raw.endpoints)) {
    const addresses = asArray(e.addresses).filter((a): a is string => typeof a === 'string');
    if (addresses.length === 0) continue;
    const cond = asObject(e.conditions) ?? {};
    // discovery/v1: nil ready and nil serving mean true; nil terminating means false.
    const ready = asBoolean(cond.ready) ?? true;
    const ep: { -readonly [K in keyof SimEndpoint]: SimEndpoint[K] } = {
      addresses,
      conditions: { ready, serving: asBoolean(cond.serving) ?? ready, terminating: asBoolean(cond.terminating) ?? false },
    };
    const hostname = asString(e.hostname);
    if (hostname) ep.hostname = hostname;
    const nodeName = asString(e.nodeName);
    if (nodeName) ep.nodeName = nodeName;
    const zone = asString(e.zone);
    if (zone) ep.zone = zone;
    const tr = asObject(e.targetRef);
    if (tr && asString(tr.name)) ep.targetRef = { kind: asString(tr.kind) ?? 'Pod', namespace: asString(tr.namespace) ?? namespace, name: asString(tr.name) as string };
    endpoints.push(ep);
  }
  const ports: SimEndpointPort[] = [];
  for (const p of asObjects(r.raw.ports)) {
    const port = asInteger(p.port);
    if (port === undefined) continue;
    const ap = asString(p.appProtocol);
    const sp: SimEndpointPort = { name: asString(p.name) ?? '', port, protocol: asString(p.protocol) ?? 'TCP' };
    ports.push(ap !== undefined ? { ...sp, appProtocol: ap } : sp);
  }
  const managedBy = asStringMap(get(r.raw, 'metadata', 'labels'))[LABEL_MANAGED_BY] ?? '';
  return { namespace, serviceName, name: r.name, addressType: at, endpoints, ports, managedBy, resource: r, object: r.raw as EndpointSlice };
}

/** Endpoints subsets -> slices: `addresses` are ready, `notReadyAddresses` are not. */
function mirrorEndpoints(r: Resource): SimEndpointSlice[] {
  const out: SimEndpointSlice[] = [];
  asObjects(r.raw.subsets).forEach((subset, i) => {
    const ports: SimEndpointPort[] = [];
    for (const p of asObjects(subset.ports)) {
      const port = asInteger(p.port);
      if (port !== undefined) ports.push({ name: asString(p.name) ?? '', port, protocol: asString(p.protocol) ?? 'TCP' });
    }
    const byFamily = new Map<AddressType, SimEndpoint[]>();
    for (const [field, ready] of [['addresses', true], ['notReadyAddresses', false]] as const) {
      for (const a of asObjects(subset[field])) {
        const ip = asString(a.ip);
        if (!ip) continue;
        const ep: { -readonly [K in keyof SimEndpoint]: SimEndpoint[K] } = { addresses: [ip], conditions: { ready, serving: ready, terminating: false } };
        const hostname = asString(a.hostname);
        if (hostname) ep.hostname = hostname;
        const nodeName = asString(a.nodeName);
        if (nodeName) ep.nodeName = nodeName;
        const list = byFamily.get(ipFamily(ip)) ?? [];
        list.push(ep);
        byFamily.set(ipFamily(ip), list);
      }
    }
    for (const [family, endpoints] of [...byFamily].sort((a, b) => cmp(a[0], b[0]))) {
      const name = generatedName(`${r.name}-`, `${r.namespace ?? ''}/${r.name}/mirror/${i}/${family}`);
      const object: EndpointSlice = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name, namespace: r.namespace as string, labels: { [LABEL_MANAGED_BY]: MIRRORING_CONTROLLER_NAME, [LABEL_SERVICE_NAME]: r.name } },
        addressType: family,
        endpoints,
        ports,
      };
      out.push({ namespace: r.namespace as string, serviceName: r.name, name, addressType: family, endpoints, ports, managedBy: MIRRORING_CONTROLLER_NAME, resource: r, object });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------

/** Index of slices by `namespace/service`. */
export function slicesByService(slices: readonly SimEndpointSlice[]): Map<string, SimEndpointSlice[]> {
  const out = new Map<string, SimEndpointSlice[]>();
  for (const s of slices) push(out, `${s.namespace}/${s.serviceName}`, s);
  return out;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function sortedRecord(r: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of sortedKeys(r)) out[k] = r[k] as string;
  return out;
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
