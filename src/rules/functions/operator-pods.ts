/**
 * Pods an operator would create. A custom resource often describes pods its operator makes: prometheus-operator's
 * Prometheus and Alertmanager (`spec.podMetadata.labels`), ECK's `podTemplate`, JobSet's and many others'
 * `template` with `metadata` and `spec.containers`. The input then has no pod template of those pods, and a
 * Service or NetworkPolicy selecting them would look dangling (kube-linter's dangling-service reads built-in
 * pod templates only).
 * Selectors that match no pod template but match such declared labels are told apart: the pods exist only if the
 * operator runs, which the input cannot show.
 */
import { POD_TEMPLATE_LOCATIONS } from '../../model/aliases.js';
import { asStringMap, isObject } from '../../model/guards.js';
import type { Labels } from '../../model/kinds.js';
import { toPointer } from '../../model/location.js';
import type { Resource } from '../../model/resource.js';
import type { Selector } from '../../model/selector.js';
import type { FunctionContext } from '../types.js';

/** Pod labels a custom resource declares, and where. */
export interface DeclaredPods {
  readonly resource: Resource;
  readonly pointer: string;
  readonly labels: Labels;
}

/** How deep under `spec` declared pod labels are looked for (ECK: spec/nodeSets/N/podTemplate/metadata/labels). */
const MAX_DEPTH = 8;

/** Declared pod labels of the input's objects outside the built-in pod-making kinds, by namespace (built once per run). */
function declaredPodsIndex(ctx: FunctionContext): ReadonlyMap<string, readonly DeclaredPods[]> {
  return ctx.memo('declared-pods', () => {
    const byNamespace = new Map<string, DeclaredPods[]>();
    for (const r of ctx.model.resources) {
      // Built-in pod templates are the template index's; core objects (PodTemplate) make no pods.
      if (r.group === '' || POD_TEMPLATE_LOCATIONS[r.kind] !== undefined || !isObject(r.raw.spec)) continue;
      const found: DeclaredPods[] = [];
      collect(r, r.raw.spec, ['spec'], found);
      if (found.length === 0) continue;
      const ns = r.namespace ?? 'default';
      const list = byNamespace.get(ns);
      if (list) list.push(...found);
      else byNamespace.set(ns, found);
    }
    return byNamespace;
  });
}

/** Declared pod labels anywhere under `v`, depth first. */
function collect(r: Resource, v: unknown, path: (string | number)[], out: DeclaredPods[]): void {
  if (path.length > MAX_DEPTH) return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => collect(r, x, [...path, i], out));
    return;
  }
  if (!isObject(v)) return;
  for (const [k, x] of Object.entries(v)) {
    const found = podLabelsIn(k, x);
    if (found === undefined) collect(r, x, [...path, k], out);
    else out.push({ resource: r, pointer: toPointer([...path, k, ...found.at]), labels: asStringMap(found.labels) });
  }
}

/**
 * The pod labels a field holds, and where relative to it: `podMetadata/labels`, `podTemplate/metadata/labels`,
 * and `template/metadata/labels` of a pod-shaped template (with `spec.containers`: a `template` may describe
 * anything else).
 */
function podLabelsIn(key: string, v: unknown): { readonly at: readonly string[]; readonly labels: unknown } | undefined {
  if (!isObject(v)) return undefined;
  if (key === 'podMetadata') return isObject(v.labels) ? { at: ['labels'], labels: v.labels } : undefined;
  if (key !== 'podTemplate' && key !== 'template') return undefined;
  if (!isObject(v.metadata) || !isObject(v.metadata.labels)) return undefined;
  if (key === 'template' && !(isObject(v.spec) && Array.isArray(v.spec.containers))) return undefined;
  return { at: ['metadata', 'labels'], labels: v.metadata.labels };
}

/** The first declared pods of the namespace (in input order) the selector matches, if any. */
export function declaredPodsMatching(ctx: FunctionContext, namespace: string, selector: Selector): DeclaredPods | undefined {
  return declaredPodsIndex(ctx)
    .get(namespace)
    ?.find((d) => selector.matches(d.labels));
}
