/**
 * Taints and tolerations: kubernetes/api:core/v1/toleration.go `ToleratesTaint` and
 * kubernetes/component-helpers:scheduling/corev1/helpers.go `FindMatchingUntoleratedTaint`.
 */
import type { Taint, Toleration } from '../../model/kinds.js';
import { asNumber, asObjects, asString } from '../../model/guards.js';

/** Reads tolerations from untrusted input; malformed entries are dropped. */
export function readTolerations(v: unknown): Toleration[] {
  return asObjects(v).map((t) => ({
    key: asString(t.key),
    operator: asString(t.operator),
    value: asString(t.value),
    effect: asString(t.effect),
    tolerationSeconds: asNumber(t.tolerationSeconds),
  }));
}

/** Reads taints; entries without a string key and effect are dropped. */
export function readTaints(v: unknown): Taint[] {
  const out: Taint[] = [];
  for (const t of asObjects(v)) {
    const key = asString(t.key);
    const effect = asString(t.effect);
    if (key === undefined || effect === undefined) continue;
    out.push({ key, value: asString(t.value) ?? '', effect });
  }
  return out;
}

/**
 * ToleratesTaint: effects match unless the toleration's is empty; keys match unless the toleration's is empty
 * (with Exists: every key); `Equal` (or no operator) needs equal values, `Exists` any value.
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== '' && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  const op = t.operator ?? '';
  if (op === 'Exists') return true;
  if (op === '' || op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

export function tolerated(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** The first NoSchedule/NoExecute taint the tolerations do not tolerate (TaintToleration Filter). */
export function firstUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | undefined {
  for (const taint of taints) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerated(tolerations, taint)) return taint;
  }
  return undefined;
}

/** `node(s) had untolerated taint {<key>: <value>}` (tainttoleration/taint_toleration.go Filter). */
export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

/**
 * TaintToleration Score: the number of PreferNoSchedule taints not tolerated by a toleration whose effect is
 * PreferNoSchedule or empty (taint_toleration.go `getAllTolerationPreferNoSchedule`, `countIntolerableTaintsPreferNoSchedule`).
 */
export function countIntolerablePreferNoSchedule(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  const prefer = tolerations.filter((t) => t.effect === undefined || t.effect === '' || t.effect === 'PreferNoSchedule');
  let n = 0;
  for (const taint of taints) if (taint.effect === 'PreferNoSchedule' && !tolerated(prefer, taint)) n++;
  return n;
}

/** The taint every cordoned node implies (NodeUnschedulable checks the pod tolerates it). */
export const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' };
