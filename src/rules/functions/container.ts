/** Container-level functions: env duplicates, probes, resources, effective security context, host mounts. */
import type { ValidateFunction } from 'ajv';
import { asArray, asObjects, asString, isObject } from '../../model/guards.js';
import { childAt, getAt } from '../pointer.js';
import { Quantity } from '../../model/quantity.js';
import { checkAjv } from '../ajv.js';
import { precompiledValidator } from '../precompiled.js';
import type { Report } from '../types.js';
import { defineFunction, noReports } from './define.js';
import { effectiveSecurityContext, podSpecPointerOf } from './util.js';

/** The same env name twice in one container: the last one wins silently (kube-score environment-variable-key-duplication). */
export const envDuplicates = defineFunction<Record<string, never>>({
  name: 'env-duplicates',
  description: 'Reports every env entry of a container whose name an earlier entry already has.',
  optionsSchema: { type: 'object', additionalProperties: false },
  messageIds: ['duplicate'],
  scope: 'node',
  run(node) {
    const seen = new Set<string>();
    const out: Report[] = [];
    asArray(getAt(node.value, '/env')).forEach((e, i) => {
      const name = asString(getAt(e, '/name'));
      if (name === undefined) return;
      if (seen.has(name)) out.push({ messageId: 'duplicate', pointer: `${node.pointer}/env/${i}/name`, data: { ...node.data, env: name } });
      seen.add(name);
    });
    return out;
  },
});

/** Two probe handler fields are equal: same value, or the same number written as an int and as a digit string. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  if ((typeof a === 'number' || typeof a === 'string') && (typeof b === 'number' || typeof b === 'string')) return String(a) === String(b);
  return a === b;
}

/**
 * Whether two probes check the same thing, as zegl/kube-score:score/probes/probes.go areProbesIdentical
 * decides: the same httpGet path and port, the same tcpSocket port, or the same exec command. Timings and
 * thresholds do not matter: a liveness probe hitting the readiness endpoint restarts pods that are merely
 * busy whatever its period. (kube-score compares named ports by IntValue(), which is 0 for every name, so
 * two different port names count as equal there; we compare the names.)
 */
function sameHandler(r: unknown, l: unknown): boolean {
  const rh = getAt(r, '/httpGet');
  const lh = getAt(l, '/httpGet');
  if (isObject(rh) && isObject(lh)) return sameValue(rh['path'], lh['path']) && sameValue(rh['port'], lh['port']);
  const rt = getAt(r, '/tcpSocket');
  const lt = getAt(l, '/tcpSocket');
  if (isObject(rt) && isObject(lt)) return sameValue(rt['port'], lt['port']);
  const re = getAt(r, '/exec/command');
  const le = getAt(l, '/exec/command');
  if (Array.isArray(re) && Array.isArray(le)) return sameValue(re, le);
  return false;
}

/** kube-score pod-probes-identical: a liveness probe equal to the readiness probe restarts pods that are merely busy. */
export const probesIdentical = defineFunction<Record<string, never>>({
  name: 'probes-identical',
  description: 'Reports a container whose livenessProbe checks the same httpGet path and port, tcpSocket port or exec command as its readinessProbe.',
  optionsSchema: { type: 'object', additionalProperties: false },
  messageIds: ['identical'],
  scope: 'node',
  run(node) {
    const l = getAt(node.value, '/livenessProbe');
    const r = getAt(node.value, '/readinessProbe');
    return isObject(l) && isObject(r) && sameHandler(r, l) ? [{ messageId: 'identical', pointer: `${node.pointer}/livenessProbe`, data: node.data }] : noReports;
  },
});

/**
 * kube-score container-ports-check (zegl/kube-score:score/container/container.go containerPortsCheck): within a
 * container, a port name used twice, a name over 15 characters, or a port without containerPort.
 */
export const containerPorts = defineFunction<Record<string, never>>({
  name: 'container-ports',
  description: "Reports a container's port whose name repeats an earlier port's, whose name is longer than 15 characters, or that has no containerPort.",
  optionsSchema: { type: 'object', additionalProperties: false },
  messageIds: ['duplicateName', 'nameTooLong', 'noContainerPort'],
  scope: 'node',
  run(node) {
    const out: Report[] = [];
    const seen = new Set<string>();
    asArray(getAt(node.value, '/ports')).forEach((p, i) => {
      const ptr = `${node.pointer}/ports/${i}`;
      const name = asString(getAt(p, '/name'));
      if (name !== undefined && name !== '') {
        if (seen.has(name)) out.push({ messageId: 'duplicateName', pointer: `${ptr}/name`, data: { ...node.data, port: name } });
        seen.add(name);
        if (name.length > 15) out.push({ messageId: 'nameTooLong', pointer: `${ptr}/name`, data: { ...node.data, port: name } });
      }
      const number = getAt(p, '/containerPort');
      if (number === undefined || number === 0) out.push({ messageId: 'noContainerPort', pointer: ptr, data: { ...node.data, port: name ?? String(i) } });
    });
    return out;
  },
});

/** kube-linter liveness-port / readiness-port / startup-port: the probe's port must be one the container declares. */
export const probePort = defineFunction<{ probe: 'livenessProbe' | 'readinessProbe' | 'startupProbe' }>({
  name: 'probe-port',
  description: "Reports a probe (httpGet, tcpSocket or grpc) whose port is not among the container's declared ports.",
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['probe'],
    properties: { probe: { enum: ['livenessProbe', 'readinessProbe', 'startupProbe'] } },
  },
  messageIds: ['portNotExposed'],
  scope: 'node',
  run(node, options) {
    const probe = childAt(node.value, options.probe);
    if (!isObject(probe)) return noReports;
    // Only TCP ports can answer an httpGet, tcpSocket or grpc probe (stackrox/kube-linter:pkg/templates/util/check_probe_port.go).
    const ports = asObjects(getAt(node.value, '/ports')).filter((p) => p['protocol'] === undefined || p['protocol'] === 'TCP');
    for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
      const port = getAt(childAt(probe, handler), '/port');
      if (port === undefined) continue;
      const ok =
        typeof port === 'number' || (typeof port === 'string' && /^\d+$/.test(port))
          ? ports.some((p) => p['containerPort'] === Number(port))
          : ports.some((p) => p['name'] === port);
      if (!ok) return [{ messageId: 'portNotExposed', pointer: `${node.pointer}/${options.probe}/${handler}/port`, data: { ...node.data, probe: options.probe, port: String(port) } }];
    }
    return noReports;
  },
});

/** kube-score container-*-requests-equal-limits: requests equal limits (Guaranteed QoS for that resource). */
export const requestsEqualLimits = defineFunction<{ resources: readonly string[]; bothSetOnly?: boolean }>({
  name: 'requests-equal-limits',
  description:
    'Reports a container whose request and limit of a resource in `resources` differ (compared as exact quantities); neither set is fine, and with `bothSetOnly` only a request and a limit both set are compared.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['resources'],
    properties: { resources: { type: 'array', minItems: 1, items: { type: 'string' } }, bothSetOnly: { type: 'boolean' } },
  },
  messageIds: ['notEqual'],
  scope: 'node',
  run(node, options) {
    const out: Report[] = [];
    for (const res of options.resources) {
      const req = Quantity.tryParse(getAt(node.value, `/resources/requests/${res}`));
      const lim = Quantity.tryParse(getAt(node.value, `/resources/limits/${res}`));
      if (req !== undefined && lim !== undefined && req.cmp(lim) === 0) continue;
      // Neither set: kube-score reads both as zero, and zero equals zero (score/container/container.go).
      if (req === undefined && lim === undefined) continue;
      // kube-score's ephemeral-storage check compares only when both are set (containerStorageEphemeralRequestEqualsLimit).
      if (options.bothSetOnly === true && (req === undefined || lim === undefined)) continue;
      // A limit alone defaults the request to the limit (core/v1 defaults: SetDefaults_Container / resources).
      if (req === undefined && lim !== undefined) continue;
      out.push({
        messageId: 'notEqual',
        pointer: `${node.pointer}/resources`,
        data: { ...node.data, resource: res, request: req?.toString() ?? 'unset', limit: lim?.toString() ?? 'unset' },
      });
    }
    return out;
  },
});

const compiled = new WeakMap<object, ValidateFunction>();

/**
 * A JSON Schema evaluated against the container's effective security context: the pod's inheritable
 * securityContext fields (runAsUser, runAsNonRoot, seccompProfile…) overlaid by the container's own.
 */
export const effectiveSecurity = defineFunction<{ schema: Readonly<Record<string, unknown>> }>({
  name: 'effective-security-context',
  description:
    "Validates `schema` against the container's effective securityContext (pod-level inheritable fields overlaid by the container's own) and reports when it fails.",
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['schema'],
    properties: { schema: { type: 'object' } },
  },
  messageIds: ['violation'],
  scope: 'node',
  run(node, options) {
    let v = compiled.get(options.schema);
    if (v === undefined) {
      v = precompiledValidator(options.schema) ?? checkAjv().compile({ ...options.schema });
      compiled.set(options.schema, v);
    }
    const podSpec = getAt(node.resource.raw, podSpecPointerOf(node.pointer));
    const effective = effectiveSecurityContext(podSpec, node.value);
    if (v(effective)) return noReports;
    const ptr = getAt(node.value, '/securityContext') !== undefined ? `${node.pointer}/securityContext` : node.pointer;
    return [{ messageId: 'violation', pointer: ptr, data: node.data }];
  },
});

const NO_HOST_PATH_VOLUMES: ReadonlyMap<string, string> = new Map();

/** hostPath volumes of a pod spec by volume name, with their paths (most pods have none: no map is made). */
function hostPathVolumes(podSpec: unknown): ReadonlyMap<string, string> {
  let out: Map<string, string> | undefined;
  for (const v of asObjects(getAt(podSpec, '/volumes'))) {
    const name = asString(v['name']);
    const path = asString(getAt(v, '/hostPath/path'));
    if (name !== undefined && path !== undefined) (out ??= new Map()).set(name, path);
  }
  return out ?? NO_HOST_PATH_VOLUMES;
}

const patterns = new Map<string, RegExp | undefined>();

/** The compiled `pattern` option (undefined if it is not a valid RegExp: a bad rule reports nothing rather than throw). */
function hostPattern(pattern: string): RegExp | undefined {
  if (!patterns.has(pattern)) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(pattern);
    } catch {
      re = undefined;
    }
    patterns.set(pattern, re);
  }
  return patterns.get(pattern);
}

/** kube-linter's PodSpec.AllContainers order (stackrox/kube-linter:pkg/extract/customtypes/pod_spec.go): init, regular, ephemeral. */
const ALL_CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** Every volumeMount of every container of a pod spec that mounts one of `volumes`. */
function mountsOf(node: { value: unknown; pointer: string }, volumes: ReadonlyMap<string, string>, visit: (c: unknown, i: number, list: string, m: unknown, j: number, name: string) => void): void {
  for (const list of ALL_CONTAINER_LISTS) {
    asArray(getAt(node.value, `/${list}`)).forEach((c, i) => {
      asArray(getAt(c, '/volumeMounts')).forEach((m, j) => {
        const name = asString(getAt(m, '/name'));
        if (name !== undefined && volumes.has(name)) visit(c, i, list, m, j, name);
      });
    });
  }
}

/**
 * kube-linter docker-sock / sensitive-host-mounts (template host-mounts,
 * stackrox/kube-linter:pkg/templates/hostmounts/template.go): a hostPath volume whose path matches `pattern`
 * and that a container mounts. A volume no container mounts exposes nothing, so it is not reported.
 */
export const hostPathMount = defineFunction<{ pattern: string }>({
  name: 'host-path-mount',
  description: 'Reports each container volumeMount of a hostPath volume whose path matches the regular expression `pattern` (target: PodSpec).',
  optionsSchema: { type: 'object', additionalProperties: false, required: ['pattern'], properties: { pattern: { type: 'string', minLength: 1 } } },
  messageIds: ['mounted'],
  scope: 'node',
  run(node, options) {
    const re = hostPattern(options.pattern);
    if (re === undefined) return noReports;
    const hostVolumes = hostPathVolumes(node.value);
    if (hostVolumes.size === 0) return noReports;
    const volumes = new Map([...hostVolumes].filter(([, path]) => re.test(path)));
    if (volumes.size === 0) return noReports;
    const out: Report[] = [];
    mountsOf(node, volumes, (c, i, list, _m, j, name) => {
      out.push({
        messageId: 'mounted',
        pointer: `${node.pointer}/${list}/${i}/volumeMounts/${j}`,
        data: { ...node.data, container: asString(getAt(c, '/name')) ?? String(i), volume: name, path: volumes.get(name) ?? '' },
      });
    });
    return out;
  },
});

/** kube-linter writable-host-mount: a hostPath volume mounted without readOnly: true. */
export const writableHostMount = defineFunction<Record<string, never>>({
  name: 'writable-host-mount',
  description: 'Reports container volumeMounts of hostPath volumes that are not readOnly (target: PodSpec).',
  optionsSchema: { type: 'object', additionalProperties: false },
  messageIds: ['writable'],
  scope: 'node',
  run(node) {
    const hostVolumes = hostPathVolumes(node.value);
    if (hostVolumes.size === 0) return noReports;
    const out: Report[] = [];
    // Every container, ephemeral ones included (stackrox/kube-linter:pkg/templates/writablehostmount/template.go uses AllContainers).
    mountsOf(node, hostVolumes, (c, i, list, m, j, name) => {
      if (getAt(m, '/readOnly') === true) return;
      out.push({
        messageId: 'writable',
        pointer: `${node.pointer}/${list}/${i}/volumeMounts/${j}`,
        data: { ...node.data, container: asString(getAt(c, '/name')) ?? String(i), volume: name, path: hostVolumes.get(name) ?? '' },
      });
    });
    return out;
  },
});

/** kube-linter sorted-keys: keys of every mapping in alphabetical order. */
export const sortedKeys = defineFunction<Record<string, never>>({
  name: 'sorted-keys',
  description: 'Reports the first mapping whose keys are not in alphabetical order.',
  optionsSchema: { type: 'object', additionalProperties: false },
  messageIds: ['unsorted'],
  scope: 'node',
  run(node) {
    const visit = (v: unknown, ptr: string): Report | undefined => {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const r = visit(v[i], `${ptr}/${i}`);
          if (r) return r;
        }
        return undefined;
      }
      if (!isObject(v)) return undefined;
      // JS objects keep insertion order except integer-like keys; those are rare in manifests.
      const keys = Object.keys(v);
      for (let i = 1; i < keys.length; i++) {
        if ((keys[i - 1] as string) > (keys[i] as string)) {
          return { messageId: 'unsorted', pointer: `${ptr}/${escape(keys[i] as string)}`, data: { ...node.data, key: keys[i] as string, after: keys[i - 1] as string } };
        }
      }
      for (const k of keys) {
        const r = visit(v[k], `${ptr}/${escape(k)}`);
        if (r) return r;
      }
      return undefined;
    };
    const r = visit(node.value, node.pointer);
    return r ? [r] : noReports;
  },
});

function escape(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}
