/**
 * VolumeBinding, reduced to what manifests can show offline
 * (pkg/scheduler/framework/plugins/volumebinding/volume_binding.go PreFilter/Filter):
 * a pod whose PersistentVolumeClaim exists neither in the input nor as a StatefulSet claim is rejected in
 * PreFilter with `persistentvolumeclaim "<name>" not found`; a claim bound (`spec.volumeName`) to a
 * PersistentVolume with node affinity only fits nodes matching it
 * (`node(s) didn't match PersistentVolume's node affinity`), and one bound to an absent PV is
 * `node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)`.
 * Not simulated: matching unbound claims to available PVs by capacity/access modes, and storage capacity.
 */
import { asString, get } from '../../model/guards.js';
import type { Model } from '../../model/model.js';
import type { PodDraft } from '../workloads.js';
import type { VolumeCheck } from './scheduler.js';
import { compileTerm, termMatches, type CompiledTerm } from './node-affinity.js';
import { asArray } from '../../model/guards.js';

export function volumeCheck(model: Model, pod: PodDraft, claimNames: ReadonlySet<string>): VolumeCheck | undefined {
  if (pod.claims.length === 0) return undefined;
  const termsPerPv: (readonly CompiledTerm[])[] = [];
  let missingPv = false;
  for (const claim of pod.claims) {
    const pvc = model.find('PersistentVolumeClaim', pod.namespace, claim);
    if (!pvc) {
      if (claimNames.has(`${pod.namespace}/${claim}`)) continue;
      return { preFilterMessage: `persistentvolumeclaim "${claim}" not found`, filter: () => null };
    }
    const volumeName = asString(get(pvc.raw, 'spec', 'volumeName'));
    if (!volumeName) continue;
    const pv = model.find('PersistentVolume', undefined, volumeName);
    if (!pv) {
      missingPv = true;
      continue;
    }
    const terms = asArray(get(pv.raw, 'spec', 'nodeAffinity', 'required', 'nodeSelectorTerms')).map(compileTerm);
    if (terms.length > 0) termsPerPv.push(terms);
  }
  if (!missingPv && termsPerPv.length === 0) return undefined;
  return {
    filter(node) {
      if (missingPv) return { code: 'UnschedulableAndUnresolvable', plugin: 'VolumeBinding', reasons: ['node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)'] };
      for (const terms of termsPerPv)
        if (!terms.some((t) => termMatches(t, node.name, node.labels)))
          return { code: 'UnschedulableAndUnresolvable', plugin: 'VolumeBinding', reasons: ["node(s) didn't match PersistentVolume's node affinity"] };
      return null;
    },
  };
}
