/**
 * Object references by name, per kind: what a missing-reference check and the graph's `references` edges read.
 * Each reference carries the JSON Pointer of the name field, so a finding points at the exact line.
 */
import { POD_TEMPLATE_LOCATIONS } from './aliases.js';
import { asArray, asObject, asString, get, isObject } from './guards.js';
import type { JsonPointer } from './location.js';
import { getAt } from './location.js';
import type { Resource } from './resource.js';

export interface ObjectReference {
  /** Kind referred to (core group unless `group` says otherwise). */
  readonly kind: string;
  readonly group: string;
  /** Namespace of the target; undefined for cluster-scoped targets. */
  readonly namespace: string | undefined;
  readonly name: string;
  /** Pointer (relative to the referring object) of the name field. */
  readonly pointer: JsonPointer;
  /** `optional: true` on a volume/env source: absence is not an error for the kubelet. */
  readonly optional: boolean;
}

/** Every by-name reference an object makes. Untrusted input: malformed entries are skipped. */
export function referencesOf(r: Resource): ObjectReference[] {
  const out: ObjectReference[] = [];
  const ns = r.namespace;
  const add = (kind: string, name: unknown, pointer: string, optional = false, group = '', namespace = ns): void => {
    if (typeof name === 'string' && name !== '') out.push({ kind, group, namespace, name, pointer, optional });
  };
  const tpl = POD_TEMPLATE_LOCATIONS[r.kind];
  if (tpl) podSpecReferences(getAt(r.raw, tpl.spec), tpl.spec, add);
  switch (r.kind) {
    case 'StatefulSet':
      asArray(get(r.raw, 'spec', 'volumeClaimTemplates')).forEach((t, i) =>
        add('StorageClass', get(t, 'spec', 'storageClassName'), `/spec/volumeClaimTemplates/${i}/spec/storageClassName`, false, 'storage.k8s.io', undefined),
      );
      add('Service', get(r.raw, 'spec', 'serviceName'), '/spec/serviceName', true);
      break;
    case 'PersistentVolumeClaim':
      add('StorageClass', get(r.raw, 'spec', 'storageClassName'), '/spec/storageClassName', false, 'storage.k8s.io', undefined);
      break;
    case 'HorizontalPodAutoscaler': {
      const target = asObject(get(r.raw, 'spec', 'scaleTargetRef'));
      if (target && typeof target.kind === 'string') {
        const group = typeof target.apiVersion === 'string' && target.apiVersion.includes('/') ? target.apiVersion.split('/')[0] as string : '';
        add(target.kind, target.name, '/spec/scaleTargetRef/name', false, group);
      }
      break;
    }
    case 'RoleBinding':
    case 'ClusterRoleBinding': {
      const roleRef = asObject(get(r.raw, 'roleRef'));
      if (roleRef && (roleRef.kind === 'Role' || roleRef.kind === 'ClusterRole')) {
        add(roleRef.kind, roleRef.name, '/roleRef/name', false, 'rbac.authorization.k8s.io', roleRef.kind === 'Role' ? ns : undefined);
      }
      asArray(get(r.raw, 'subjects')).forEach((s, i) => {
        if (isObject(s) && s.kind === 'ServiceAccount') {
          add('ServiceAccount', s.name, `/subjects/${i}/name`, false, '', asString(s.namespace) ?? ns);
        }
      });
      break;
    }
    case 'Ingress': {
      asArray(get(r.raw, 'spec', 'tls')).forEach((t, i) => add('Secret', get(t, 'secretName'), `/spec/tls/${i}/secretName`));
      add('IngressClass', get(r.raw, 'spec', 'ingressClassName'), '/spec/ingressClassName', false, 'networking.k8s.io', undefined);
      for (const b of ingressBackends(r)) add('Service', b.service, b.pointer);
      break;
    }
  }
  return out;
}

type Add = (kind: string, name: unknown, pointer: string, optional?: boolean, group?: string, namespace?: string) => void;

function podSpecReferences(spec: unknown, base: string, add: Add): void {
  if (!isObject(spec)) return;
  add('ServiceAccount', spec.serviceAccountName ?? spec.serviceAccount, spec.serviceAccountName !== undefined ? `${base}/serviceAccountName` : `${base}/serviceAccount`);
  add('PriorityClass', spec.priorityClassName, `${base}/priorityClassName`, false, 'scheduling.k8s.io', undefined);
  asArray(spec.imagePullSecrets).forEach((s, i) => add('Secret', get(s, 'name'), `${base}/imagePullSecrets/${i}/name`));
  asArray(spec.volumes).forEach((v, i) => {
    const p = `${base}/volumes/${i}`;
    add('ConfigMap', get(v, 'configMap', 'name'), `${p}/configMap/name`, get(v, 'configMap', 'optional') === true);
    add('Secret', get(v, 'secret', 'secretName'), `${p}/secret/secretName`, get(v, 'secret', 'optional') === true);
    add('PersistentVolumeClaim', get(v, 'persistentVolumeClaim', 'claimName'), `${p}/persistentVolumeClaim/claimName`);
    asArray(get(v, 'projected', 'sources')).forEach((s, j) => {
      add('ConfigMap', get(s, 'configMap', 'name'), `${p}/projected/sources/${j}/configMap/name`, get(s, 'configMap', 'optional') === true);
      add('Secret', get(s, 'secret', 'name'), `${p}/projected/sources/${j}/secret/name`, get(s, 'secret', 'optional') === true);
    });
  });
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    asArray(spec[list]).forEach((c, i) => {
      const cp = `${base}/${list}/${i}`;
      asArray(get(c, 'envFrom')).forEach((e, j) => {
        add('ConfigMap', get(e, 'configMapRef', 'name'), `${cp}/envFrom/${j}/configMapRef/name`, get(e, 'configMapRef', 'optional') === true);
        add('Secret', get(e, 'secretRef', 'name'), `${cp}/envFrom/${j}/secretRef/name`, get(e, 'secretRef', 'optional') === true);
      });
      asArray(get(c, 'env')).forEach((e, j) => {
        const from = `${cp}/env/${j}/valueFrom`;
        add('ConfigMap', get(e, 'valueFrom', 'configMapKeyRef', 'name'), `${from}/configMapKeyRef/name`, get(e, 'valueFrom', 'configMapKeyRef', 'optional') === true);
        add('Secret', get(e, 'valueFrom', 'secretKeyRef', 'name'), `${from}/secretKeyRef/name`, get(e, 'valueFrom', 'secretKeyRef', 'optional') === true);
      });
    });
  }
}

export interface IngressBackendRef {
  readonly service: string;
  /** Port number, or port name; undefined when the backend names none. */
  readonly port: number | string | undefined;
  /** Pointer to the backend's service name field. */
  readonly pointer: JsonPointer;
  /** Pointer to the backend object. */
  readonly backendPointer: JsonPointer;
}

/**
 * Every Service backend of an Ingress, in both shapes: networking.k8s.io/v1 (`service.name`,
 * `service.port.number|name`, `defaultBackend`) and the legacy v1beta1 one (`serviceName`, `servicePort`,
 * `backend`).
 */
export function ingressBackends(r: Resource): IngressBackendRef[] {
  const out: IngressBackendRef[] = [];
  const visit = (b: unknown, pointer: string): void => {
    if (!isObject(b)) return;
    const svc = asObject(b.service);
    if (svc && typeof svc.name === 'string') {
      const port = asObject(svc.port);
      const value = port ? (typeof port.number === 'number' ? port.number : asString(port.name)) : undefined;
      out.push({ service: svc.name, port: value, pointer: `${pointer}/service/name`, backendPointer: pointer });
    } else if (typeof b.serviceName === 'string') {
      const p = b.servicePort;
      out.push({
        service: b.serviceName,
        port: typeof p === 'number' || typeof p === 'string' ? p : undefined,
        pointer: `${pointer}/serviceName`,
        backendPointer: pointer,
      });
    }
  };
  visit(get(r.raw, 'spec', 'defaultBackend'), '/spec/defaultBackend');
  visit(get(r.raw, 'spec', 'backend'), '/spec/backend');
  asArray(get(r.raw, 'spec', 'rules')).forEach((rule, i) =>
    asArray(get(rule, 'http', 'paths')).forEach((p, j) => visit(get(p, 'backend'), `/spec/rules/${i}/http/paths/${j}/backend`)),
  );
  return out;
}
