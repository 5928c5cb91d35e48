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

/**
 * Label maps at `…/podMetadata/labels`, `…/podTemplate/metadata/labels`, and `…/template/metadata/labels` of a
 * pod-shaped template (with `spec.containers`: a `template` may describe anything else).
 */
function collect(r: Resource, v: unknown, path: (string | number)[], out: DeclaredPods[]): void {
  if (path.length > MAX_DEPTH) return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => collect(r, x, [...path, i], out));
    return;
  }
  if (!isObject(v)) return;
  for (const [k, x] of Object.entries(v)) {
    if (!isObject(x)) {
      if (Array.isArray(x)) collect(r, x, [...path, k], out);
      continue;
    }
    if (k === 'podMetadata' && isObject(x.labels)) out.push({ resource: r, pointer: toPointer([...path, k, 'labels']), labels: asStringMap(x.labels) });
    else if ((k === 'podTemplate' && hasLabels(x)) || (k === 'template' && hasLabels(x) && isObject(x.spec) && Array.isArray(x.spec.containers))) out.push({ resource: r, pointer: toPointer([...path, k, 'metadata', 'labels']), labels: asStringMap((x.metadata as Record<string, unknown>).labels) });
    else collect(r, x, [...path, k], out);
  }
}

function hasLabels(template: Record<string, unknown>): boolean {
  return isObject(template.metadata) && isObject(template.metadata.labels);
}

/** The first declared pods of the namespace (in input order) the selector matches, if any. */
export function declaredPodsMatching(ctx: FunctionContext, namespace: string, selector: Selector): DeclaredPods | undefined {
  return declaredPodsIndex(ctx)
    .get(namespace)
    ?.find((d) => selector.matches(d.labels));
}
