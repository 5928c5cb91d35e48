/** References by name to other objects: absent from the input and not declared external. */
import { asArray, asInteger, asString, isObject } from '../../model/guards.js';
import { childAt, getAt } from '../pointer.js';
import { isSelectorError, selectorFromLabelSelector } from '../../model/selector.js';
import { validateDns1035Label, validateDns1123Label, validateDns1123Subdomain } from '../../model/names.js';
import type { FunctionContext, Report } from '../types.js';
import { defineFunction, noReports } from './define.js';
import { hpaTargeting } from './selection.js';
import { lookup, expandPointer, selectTemplates, templateIndex } from './util.js';

interface RefSpec {
  /** Pointer relative to the target node, `*` for each item. */
  readonly path: string;
  readonly kind: string;
  /** Skip when the referring object sets `optional: true` next to the name (ConfigMap/Secret refs). */
  readonly skipOptional?: boolean;
  /** Names that always exist (the `default` ServiceAccount of every namespace). */
  readonly ignoreNames?: readonly string[];
}

/** Namespaced references (volumes, envFrom, env valueFrom, serviceAccountName, imagePullSecrets…) to absent objects. */
export const referencesExist = defineFunction<{ refs: readonly RefSpec[] }>({
  name: 'references-exist',
  description:
    "Reports names at `refs[].path` (relative to the target node) that name an object of `refs[].kind` absent from the input's namespace and not declared external.",
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['refs'],
    properties: {
      refs: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['path', 'kind'],
          properties: {
            path: { type: 'string', pattern: '^/' },
            kind: { type: 'string', pattern: '^[A-Z][A-Za-z0-9]*$' },
            skipOptional: { type: 'boolean' },
            ignoreNames: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  },
  messageIds: ['missing'],
  scope: 'node',
  run(node, options, ctx) {
    const r = node.resource;
    const out: Report[] = [];
    for (const ref of options.refs) {
      for (const hit of expandPointer(node.value, ref.path)) {
        const name = asString(hit.value);
        if (name === undefined || name === '' || ref.ignoreNames?.includes(name)) continue;
        if (ref.skipOptional) {
          const parent = getAt(node.value, hit.pointer.slice(0, hit.pointer.lastIndexOf('/')));
          if (isObject(parent) && parent['optional'] === true) continue;
        }
        if (lookup(ctx, ref.kind, r.namespace, name) !== undefined || ctx.isExternal(ref.kind, r.namespace, name)) continue;
        out.push({ messageId: 'missing', pointer: node.pointer + hit.pointer, data: { ...node.data, refKind: ref.kind, refName: name } });
      }
    }
    return out;
  },
});

/** HorizontalPodAutoscaler scaleTargetRef naming an object absent from the input. */
export const hpaTarget = defineFunction<Record<string, never>>({
  name: 'hpa-target',
  description: 'Reports a HorizontalPodAutoscaler whose scaleTargetRef names an object absent from the input and not declared external.',
  optionsSchema: { type: 'object', additionalProperties: false },
  messageIds: ['missing'],
  scope: 'node',
  run(node, _o, ctx) {
    const r = node.resource;
    const kind = asString(getAt(r.raw, '/spec/scaleTargetRef/kind'));
    const name = asString(getAt(r.raw, '/spec/scaleTargetRef/name'));
    if (kind === undefined || name === undefined) return noReports;
    if (lookup(ctx, kind, r.namespace, name) !== undefined || ctx.isExternal(kind, r.namespace, name)) return noReports;
    return [{ messageId: 'missing', pointer: '/spec/scaleTargetRef', data: { ...node.data, targetKind: kind, targetName: name } }];
  },
});

/**
 * kube-linter env-value-from (stackrox/kube-linter:pkg/templates/envvarvaluefrom/template.go
 * checkResourceReference): an env valueFrom.secretKeyRef / configMapKeyRef whose Secret or ConfigMap is in the
 * input but has no such key (Secret data and stringData; ConfigMap data and binaryData). Optional references and
 * objects absent from the input are left to missing-reference.
 */
export const referenceKey = defineFunction<Record<string, never>>({
  name: 'reference-key',
  description: "Reports env valueFrom secretKeyRef / configMapKeyRef keys that the referenced Secret or ConfigMap of the input does not hold (target: Container).",
  optionsSchema: { type: 'object', additionalProperties: false },
  messageIds: ['missingKey'],
  scope: 'node',
  run(node, _o, ctx) {
    const out: Report[] = [];
    asArray(getAt(node.value, '/env')).forEach((e, i) => {
      for (const [field, kind, maps] of [
        ['secretKeyRef', 'Secret', ['/data', '/stringData']],
        ['configMapKeyRef', 'ConfigMap', ['/data', '/binaryData']],
      ] as const) {
        const ref = childAt(getAt(e, '/valueFrom'), field);
        if (!isObject(ref) || ref['optional'] === true) continue;
        const name = asString(ref['name']);
        const key = asString(ref['key']);
        if (name === undefined || key === undefined) continue;
        const obj = lookup(ctx, kind, node.resource.namespace, name);
        if (obj === undefined) continue;
        if (maps.some((m) => isObject(getAt(obj.raw, m)) && Object.hasOwn(getAt(obj.raw, m) as object, key))) continue;
        out.push({ messageId: 'missingKey', pointer: `${node.pointer}/env/${i}/valueFrom/${field}/key`, data: { ...node.data, refKind: kind, refName: name, key } });
      }
    });
    return out;
  },
});

/**
 * kube-score statefulset-has-servicename: spec.serviceName names a headless Service (clusterIP: None) of the
 * namespace that selects the StatefulSet's pods (the pods' DNS names come from that governing Service).
 */
export const statefulSetService = defineFunction<Record<string, never>>({
  name: 'statefulset-service',
  description: 'Reports a StatefulSet whose serviceName is unset, names no Service, a non-headless Service, or one that does not select its pods.',
  optionsSchema: { type: 'object', additionalProperties: false },
  messageIds: ['noServiceName', 'serviceMissing', 'notHeadless', 'notSelecting'],
  scope: 'node',
  run(node, _o, ctx) {
    const r = node.resource;
    const name = asString(getAt(r.raw, '/spec/serviceName'));
    if (name === undefined || name === '') return [{ messageId: 'noServiceName', pointer: '/spec', data: node.data }];
    if (ctx.isExternal('Service', r.namespace, name)) return noReports;
    const svc = lookup(ctx, 'Service', r.namespace, name);
    const data = { ...node.data, service: name };
    if (svc === undefined) return [{ messageId: 'serviceMissing', pointer: '/spec/serviceName', data }];
    if (getAt(svc.raw, '/spec/clusterIP') !== 'None') return [{ messageId: 'notHeadless', pointer: '/spec/serviceName', data }];
    const sel = getAt(svc.raw, '/spec/selector');
    const labels = getAt(r.raw, '/spec/template/metadata/labels');
    const ok = isObject(sel) && Object.keys(sel).length > 0 && isObject(labels) && Object.entries(sel).every(([k, v]) => labels[k] === v);
    return ok ? noReports : [{ messageId: 'notSelecting', pointer: '/spec/serviceName', data }];
  },
});

/** Prometheus Operator ServiceMonitor whose selector matches no Service (kube-linter dangling-servicemonitor). */
export const serviceMonitorSelector = defineFunction<Record<string, never>>({
  name: 'servicemonitor-selector',
  description: 'Reports a ServiceMonitor whose selector and namespaceSelector match no Service of the input.',
  optionsSchema: { type: 'object', additionalProperties: false },
  messageIds: ['noMatch'],
  scope: 'node',
  run(node, _o, ctx) {
    const r = node.resource;
    const sel = selectorFromLabelSelector(getAt(r.raw, '/spec/selector') ?? {});
    if (isSelectorError(sel)) return noReports;
    // namespaceSelector: {any: true} = every namespace; {matchNames: [...]}; absent = the monitor's own namespace.
    const nsSel = getAt(r.raw, '/spec/namespaceSelector');
    const any = getAt(nsSel, '/any') === true;
    const names = asArray(getAt(nsSel, '/matchNames')).filter((n): n is string => typeof n === 'string');
    const namespaces = names.length > 0 ? new Set(names) : new Set([r.namespace ?? 'default']);
    const found = ctx.model
      .byKind('Service')
      .some((s) => (any || namespaces.has(s.namespace ?? 'default')) && sel.matches(asRecord(getAt(s.raw, '/metadata/labels'))));
    return found ? noReports : [{ messageId: 'noMatch', pointer: '/spec/selector', data: { ...node.data, selector: sel.toString() } }];
  },
});

function asRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObject(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/**
 * Object names as the API server validates them (kubernetes/kubernetes:pkg/apis/core/validation,
 * apps/validation, rbac/validation): Services are DNS-1035 labels (ValidateServiceName), Namespaces DNS-1123
 * labels (ValidateNamespaceName), RBAC objects path segments (ValidateRBACName), most others DNS-1123
 * subdomains (NameIsDNSSubdomain).
 */
const LABEL_1123_KINDS = new Set(['Namespace']);
const PATH_SEGMENT_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
/** Kinds the API validates with NameIsDNSSubdomain; custom resources are only checked as path segments. */
const SUBDOMAIN_KINDS = new Set([
  'Pod', 'PodTemplate', 'Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob',
  'ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'Ingress', 'IngressClass',
  'NetworkPolicy', 'Node', 'ResourceQuota', 'LimitRange', 'PriorityClass', 'HorizontalPodAutoscaler', 'PodDisruptionBudget',
  'Endpoints', 'EndpointSlice',
]);

export function nameError(kind: string, name: string): string | undefined {
  if (kind === 'Service') return validateDns1035Label(name);
  if (LABEL_1123_KINDS.has(kind)) return validateDns1123Label(name);
  if (SUBDOMAIN_KINDS.has(kind)) return validateDns1123Subdomain(name);
  // path.IsValidPathSegmentName (apimachinery/pkg/api/validation/path): not "." or "..", no "/" or "%".
  if (name === '.' || name === '..') return `may not be '${name}'`;
  if (name.includes('/')) return "may not contain '/'";
  if (name.includes('%')) return "may not contain '%'";
  if (PATH_SEGMENT_KINDS.has(kind)) return undefined;
  return undefined;
}

export const validName = defineFunction<Record<string, never>>({
  name: 'valid-name',
  description: "Reports an object whose metadata.name the API server would reject for its kind.",
  optionsSchema: { type: 'object', additionalProperties: false },
  messageIds: ['invalid'],
  scope: 'node',
  run(node) {
    const r = node.resource;
    const name = asString(getAt(r.raw, '/metadata/name'));
    if (name === undefined || name === '') return noReports;
    const err = nameError(r.kind, name);
    return err === undefined ? noReports : [{ messageId: 'invalid', pointer: '/metadata/name', data: { ...node.data, reason: err } }];
  },
});

/** PodDisruptionBudget minAvailable that can never allow a voluntary disruption of the pods it selects. */
export const pdbReplicas = defineFunction<{ compare: 'replicas' | 'hpaMinReplicas' }>({
  name: 'pdb-replicas',
  description:
    "Reports a PodDisruptionBudget whose minAvailable is at least the replicas (`compare: replicas`) or greater than the HPA minReplicas (`compare: hpaMinReplicas`) of a workload it selects.",
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['compare'],
    properties: { compare: { enum: ['replicas', 'hpaMinReplicas'] } },
  },
  messageIds: ['blocks', 'allPods'],
  scope: 'node',
  run(node, options, ctx: FunctionContext) {
    const r = node.resource;
    const min = getAt(r.raw, '/spec/minAvailable');
    const out: Report[] = [];
    // minAvailable 100% blocks every eviction whatever the workload (stackrox/kube-linter:pkg/templates/pdbminavailable/template.go).
    if (options.compare === 'replicas' && typeof min === 'string' && /^0*100%$/.test(min)) {
      return [{ messageId: 'allPods', pointer: '/spec/minAvailable', data: { ...node.data, minAvailable: min } }];
    }
    for (const t of selectedTemplates(ctx, r)) {
      const w = t.resource;
      if (w.kind === 'Pod' || w.kind === 'Job' || w.kind === 'CronJob' || w.kind === 'DaemonSet') continue;
      let bound: number | undefined;
      if (options.compare === 'replicas') {
        bound = asInteger(getAt(w.raw, '/spec/replicas')) ?? 1;
        // One replica that an HPA scales counts as the HPA's minReplicas (transformReplicaIntoMinReplicas in the same kube-linter file).
        const hpa = bound === 1 ? hpaTargeting(ctx, w) : undefined;
        if (hpa !== undefined) bound = asInteger(getAt(hpa.raw, '/spec/minReplicas')) ?? 1;
      } else {
        const hpa = hpaTargeting(ctx, w);
        if (hpa === undefined) continue;
        bound = asInteger(getAt(hpa.raw, '/spec/minReplicas')) ?? 1;
      }
      // Percentages are of the expected pod count, rounded up (pkg/controller/disruption: GetScaledValueFromIntOrPercent roundUp=true).
      let needed: number | undefined;
      if (typeof min === 'number') needed = min;
      else if (typeof min === 'string' && /^\d+%$/.test(min)) needed = Math.ceil((Number(min.slice(0, -1)) * bound) / 100);
      if (needed === undefined) continue;
      const blocked = options.compare === 'replicas' ? needed >= bound : needed > bound;
      if (blocked) out.push({ messageId: 'blocks', pointer: '/spec/minAvailable', data: { ...node.data, minAvailable: String(min), workload: `${w.kind}/${w.name}`, replicas: bound } });
    }
    return out;
  },
});

function selectedTemplates(ctx: FunctionContext, r: { raw: unknown; namespace: string | undefined }): ReturnType<typeof selectTemplates> {
  const sel = selectorFromLabelSelector(getAt(r.raw, '/spec/selector'));
  if (isSelectorError(sel)) return [];
  return selectTemplates(templateIndex(ctx), r.namespace ?? 'default', sel);
}
