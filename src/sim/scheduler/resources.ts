/**
 * Effective pod resource requests, as kube-scheduler, ResourceQuota and LimitRanger compute them:
 * kubernetes/component-helpers:resource/helpers.go `PodRequests` (init containers, restartable sidecars,
 * overhead) and the scheduler's non-zero defaults for scoring
 * (kubernetes/kubernetes:pkg/scheduler/util/pod_resources.go `DefaultMilliCPURequest`, `DefaultMemoryRequest`).
 *
 * Amounts are plain numbers: cpu in millicores (`Quantity.MilliValue()`), everything else in whole units
 * (`Quantity.Value()`), both rounded up as upstream does. Numbers stay exact below 2^53 (8 PiB of memory).
 */
import { asArray, asObject, asObjects, asString, type JsonObject } from '../../model/guards.js';
import { Quantity } from '../../model/quantity.js';

/** Resource name -> amount (cpu in milli, others in units). */
export type ResourceAmounts = Map<string, number>;

/** No cpu request counts as 100m for scoring (pod_resources.go DefaultMilliCPURequest). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** No memory request counts as 200Mi for scoring (pod_resources.go DefaultMemoryRequest). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** Amount of one quantity in the unit the scheduler compares it in. Malformed quantities count as absent. */
export function amountOf(resource: string, value: unknown): number | undefined {
  // The same few quantities ("100m", "128Mi") recur on every container: parse each spelling once.
  const cache = resource === 'cpu' ? MILLI_AMOUNTS : UNIT_AMOUNTS;
  const key = typeof value === 'string' || typeof value === 'number' ? value : undefined;
  if (key !== undefined && cache.has(key)) return cache.get(key);
  const q = Quantity.tryParse(value);
  const amount = q === undefined ? undefined : Number(resource === 'cpu' ? q.milliValue() : q.value());
  if (key !== undefined && cache.size < MAX_CACHED_AMOUNTS) cache.set(key, amount);
  return amount;
}

const MILLI_AMOUNTS = new Map<string | number, number | undefined>();
const UNIT_AMOUNTS = new Map<string | number, number | undefined>();
const MAX_CACHED_AMOUNTS = 4096;

/** Reads a ResourceList (`requests`, `limits`, `overhead`, `allocatable`) into amounts; bad entries are skipped. */
export function readResourceList(list: unknown): ResourceAmounts {
  const out: ResourceAmounts = new Map();
  const obj = asObject(list);
  if (!obj) return out;
  for (const [name, v] of Object.entries(obj)) {
    const a = amountOf(name, v);
    if (a !== undefined) out.set(name, a);
  }
  return out;
}

function addInto(target: ResourceAmounts, src: ResourceAmounts): void {
  for (const [k, v] of src) target.set(k, (target.get(k) ?? 0) + v);
}

function maxInto(target: ResourceAmounts, src: ResourceAmounts): void {
  for (const [k, v] of src) if (v > (target.get(k) ?? 0)) target.set(k, v);
}

/** Which of a container's resource lists to read. */
export type RequirementKind = 'requests' | 'limits';

function containerList(c: JsonObject, kind: RequirementKind): ResourceAmounts {
  return readResourceList(asObject(c.resources)?.[kind]);
}

/**
 * PodRequests / PodLimits (component-helpers resource/helpers.go `AggregateContainerRequests`):
 * sum of app containers and restartable sidecars, against the peak of each init container plus the sidecars
 * started before it; then pod-level resources (cpu/memory, when set) replace the aggregate, and overhead is added.
 */
export function podAggregate(spec: JsonObject, kind: RequirementKind, includeOverhead = true): ResourceAmounts {
  const sum: ResourceAmounts = new Map();
  for (const c of asObjects(spec.containers)) addInto(sum, containerList(c, kind));
  const sidecars: ResourceAmounts = new Map();
  const initMax: ResourceAmounts = new Map();
  for (const ic of asObjects(spec.initContainers)) {
    const r = containerList(ic, kind);
    if (asString(ic.restartPolicy) === 'Always') {
      addInto(sum, r);
      addInto(sidecars, r);
      maxInto(initMax, sidecars);
    } else {
      const withSidecars: ResourceAmounts = new Map(sidecars);
      addInto(withSidecars, r);
      maxInto(initMax, withSidecars);
    }
  }
  maxInto(sum, initMax);
  // Pod-level resources (KEP-2837) override cpu and memory (and hugepages) when declared.
  const podLevel = readResourceList(asObject(spec.resources)?.[kind]);
  for (const [k, v] of podLevel) if (k === 'cpu' || k === 'memory' || k.startsWith('hugepages-')) sum.set(k, v);
  if (includeOverhead) addInto(sum, readResourceList(spec.overhead));
  return sum;
}

/**
 * Non-zero requests used by scoring (component-helpers `PodRequests` with `NonMissingContainerRequests`):
 * each container lacking a cpu (memory) request counts 100m (200Mi). Sidecar and init rules apply as above.
 */
export function podNonZeroRequests(spec: JsonObject): { cpu: number; memory: number } {
  const withDefaults = (c: JsonObject): JsonObject => {
    const req = { ...(asObject(asObject(c.resources)?.requests) ?? {}) } as Record<string, unknown>;
    if (amountOf('cpu', req.cpu) === undefined) req.cpu = `${DEFAULT_MILLI_CPU_REQUEST}m`;
    if (amountOf('memory', req.memory) === undefined) req.memory = DEFAULT_MEMORY_REQUEST;
    return { ...c, resources: { requests: req } };
  };
  const patched: JsonObject = {
    ...spec,
    containers: asObjects(spec.containers).map(withDefaults),
    initContainers: asObjects(spec.initContainers).map(withDefaults),
  };
  const agg = podAggregate(patched, 'requests');
  return { cpu: agg.get('cpu') ?? 0, memory: agg.get('memory') ?? 0 };
}

/** True when no container of the pod requests or limits anything (quota scope BestEffort, QoS class). */
export function isBestEffort(spec: JsonObject): boolean {
  const lists = [...asObjects(spec.containers), ...asObjects(spec.initContainers)];
  return lists.every((c) => {
    const r = asObject(c.resources);
    return readResourceList(r?.requests).size === 0 && readResourceList(r?.limits).size === 0;
  });
}

/** Host ports of regular containers and restartable sidecars (pkg/scheduler/util/utils.go `GetHostPorts`). */
export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

export function podHostPorts(spec: JsonObject): HostPort[] {
  const out: HostPort[] = [];
  const containers = [
    ...asObjects(spec.containers),
    ...asObjects(spec.initContainers).filter((c) => asString(c.restartPolicy) === 'Always'),
  ];
  for (const c of containers) {
    for (const p of asArray(c.ports)) {
      const po = asObject(p);
      const hostPort = typeof po?.hostPort === 'number' ? po.hostPort : 0;
      if (!po || hostPort <= 0) continue;
      // HostPortInfo.Add defaults protocol to TCP and hostIP to 0.0.0.0 (framework/types.go sanitize).
      out.push({ ip: asString(po.hostIP) || '0.0.0.0', protocol: asString(po.protocol) || 'TCP', port: hostPort });
    }
  }
  return out;
}

/** HostPortInfo.CheckConflict: 0.0.0.0 conflicts with any IP on the same protocol and port. */
export function hostPortConflicts(used: readonly HostPort[], wanted: readonly HostPort[]): boolean {
  for (const w of wanted) {
    for (const u of used) {
      if (u.port !== w.port || u.protocol !== w.protocol) continue;
      if (w.ip === '0.0.0.0' || u.ip === '0.0.0.0' || u.ip === w.ip) return true;
    }
  }
  return false;
}
