/**
 * VolumeBinding, for what manifests can show offline
 * (kubernetes/kubernetes:pkg/scheduler/framework/plugins/volumebinding/{volume_binding.go,binder.go}):
 *
 * - a claim neither in the input nor made by a StatefulSet: PreFilter `persistentvolumeclaim "<name>" not found`;
 * - a claim bound (`spec.volumeName`) to an absent PV: `node(s) unavailable due to one or more pvc(s) bound to
 *   non-existent pv(s)`; to a PV with node affinity: only nodes matching it
 *   (`node(s) didn't match PersistentVolume's node affinity`);
 * - an unbound claim is matched against the input's PersistentVolumes (same class, enough capacity, the access
 *   modes and volume mode asked for, not claimed by another). With `volumeBindingMode: Immediate` the PV controller
 *   binds it before the pod is scheduled: to a matching PV, or a provisioned one; with no PV and no provisioner
 *   (`kubernetes.io/no-provisioner`) it stays unbound: PreFilter `pod has unbound immediate PersistentVolumeClaims`.
 *   With `WaitForFirstConsumer` a node fits when a matching PV's node affinity admits it
 *   (`node(s) didn't find available persistent volumes to bind` otherwise), or when the class can provision.
 * - A class the input does not define is assumed to exist and provision dynamically, as does the cluster's default
 *   class when the input defines none.
 * Not simulated: storage capacity tracking, allowedTopologies, one PV claimed by two pods of one run.
 */
import type { Labels } from '../../model/kinds.js';
import { asArray, asObject, asString, get, type JsonObject } from '../../model/guards.js';
import type { Model } from '../../model/model.js';
import type { Resource } from '../../model/resource.js';
import { Quantity } from '../../model/quantity.js';
import type { PodDraft, ClaimDraft } from '../workloads.js';
import type { VolumeCheck } from './scheduler.js';
import type { Status } from './framework.js';
import { compileTerm, termMatches, type CompiledTerm } from './node-affinity.js';

const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

interface ClaimSpec {
  readonly namespace: string;
  readonly name: string;
  readonly spec: JsonObject;
}

function strings(v: unknown): string[] {
  return asArray(v).filter((x): x is string => typeof x === 'string');
}

function pvTerms(pv: Resource): CompiledTerm[] {
  return asArray(get(pv.raw, 'spec', 'nodeAffinity', 'required', 'nodeSelectorTerms')).map(compileTerm);
}

function admits(terms: readonly CompiledTerm[], node: { name: string; labels: Labels }): boolean {
  return terms.length === 0 || terms.some((t) => termMatches(t, node.name, node.labels));
}

export function volumeCheck(model: Model, pod: PodDraft, stsClaims: ReadonlyMap<string, ClaimDraft>): VolumeCheck | undefined {
  if (pod.claims.length === 0) return undefined;
  const classes = model.byKind('StorageClass');
  const defaultClass = classes.find((c) => DEFAULT_CLASS_ANNOTATIONS.some((a) => get(c.raw, 'metadata', 'annotations', a) === 'true'));
  const pvs = model.byKind('PersistentVolume');
  const nodeChecks: ((node: { name: string; labels: Labels }) => Status | null)[] = [];
  for (const claimName of pod.claims) {
    const pvc = model.find('PersistentVolumeClaim', pod.namespace, claimName);
    let claim: ClaimSpec | undefined;
    if (pvc) claim = { namespace: pod.namespace, name: claimName, spec: asObject(pvc.raw.spec) ?? {} };
    else {
      const draft = stsClaims.get(`${pod.namespace}/${claimName}`);
      if (draft) claim = { namespace: pod.namespace, name: claimName, spec: asObject(draft.template.spec) ?? {} };
    }
    if (!claim) return { preFilterMessage: `persistentvolumeclaim "${claimName}" not found`, filter: () => null };
    const volumeName = asString(claim.spec.volumeName);
    if (volumeName) {
      const pv = model.find('PersistentVolume', undefined, volumeName);
      if (!pv) {
        nodeChecks.push(() => ({ code: 'UnschedulableAndUnresolvable', plugin: 'VolumeBinding', reasons: ['node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)'] }));
        continue;
      }
      const terms = pvTerms(pv);
      if (terms.length > 0)
        nodeChecks.push((n) => (admits(terms, n) ? null : { code: 'UnschedulableAndUnresolvable', plugin: 'VolumeBinding', reasons: ["node(s) didn't match PersistentVolume's node affinity"] }));
      continue;
    }
    // Unbound: which class, and which PVs could take it.
    const explicitClass = claim.spec.storageClassName;
    const className = typeof explicitClass === 'string' ? explicitClass : defaultClass?.name;
    const sc = className ? classes.find((c) => c.name === className) : undefined;
    const provisions = className !== '' && (sc === undefined ? className !== undefined || classes.length === 0 : asString(sc.raw.provisioner) !== NO_PROVISIONER);
    const waitForConsumer = asString(sc?.raw.volumeBindingMode) === 'WaitForFirstConsumer';
    const request = Quantity.tryParse(get(claim.spec, 'resources', 'requests', 'storage')) ?? Quantity.zero();
    const modes = strings(claim.spec.accessModes);
    const volumeMode = asString(claim.spec.volumeMode) ?? 'Filesystem';
    const matching = pvs.filter((pv) => {
      const spec = asObject(pv.raw.spec) ?? {};
      const ref = asObject(spec.claimRef);
      if (ref && (asString(ref.name) !== claim.name || (asString(ref.namespace) ?? claim.namespace) !== claim.namespace)) return false;
      if ((asString(spec.storageClassName) ?? '') !== (className ?? '')) return false;
      const cap = Quantity.tryParse(get(spec, 'capacity', 'storage'));
      if (!cap || cap.cmp(request) < 0) return false;
      const pvModes = strings(spec.accessModes);
      if (!modes.every((m) => pvModes.includes(m))) return false;
      return (asString(spec.volumeMode) ?? 'Filesystem') === volumeMode;
    });
    if (!waitForConsumer) {
      if (matching.length > 0) {
        // The PV controller binds the claim first (the smallest matching PV, as findMatchingVolume prefers).
        const chosen = [...matching].sort((a, b) => (Quantity.tryParse(get(a.raw, 'spec', 'capacity', 'storage')) as Quantity).cmp(Quantity.tryParse(get(b.raw, 'spec', 'capacity', 'storage')) as Quantity))[0] as Resource;
        const terms = pvTerms(chosen);
        if (terms.length > 0)
          nodeChecks.push((n) => (admits(terms, n) ? null : { code: 'UnschedulableAndUnresolvable', plugin: 'VolumeBinding', reasons: ["node(s) didn't match PersistentVolume's node affinity"] }));
        continue;
      }
      if (provisions) continue;
      return { preFilterMessage: 'pod has unbound immediate PersistentVolumeClaims', filter: () => null };
    }
    if (provisions && matching.length === 0) continue;
    const termSets = matching.map(pvTerms);
    nodeChecks.push((n) =>
      termSets.some((t) => admits(t, n)) || provisions ? null : { code: 'UnschedulableAndUnresolvable', plugin: 'VolumeBinding', reasons: ["node(s) didn't find available persistent volumes to bind"] },
    );
  }
  if (nodeChecks.length === 0) return undefined;
  return {
    filter(node) {
      for (const check of nodeChecks) {
        const s = check(node);
        if (s) return s;
      }
      return null;
    },
  };
}
