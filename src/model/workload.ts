/** The one function that yields the pod template of any kind that has one (Pod, workloads, CronJob). */
import { POD_TEMPLATE_LOCATIONS } from './aliases.js';
import { asObject, asStringMap, isObject } from './guards.js';
import type { PodSpec } from './kinds.js';
import type { JsonPointer } from './location.js';
import { getAt } from './location.js';
import type { Resource } from './resource.js';

export interface PodTemplate {
  /** The resource that owns the template (or the Pod itself). */
  readonly owner: Resource;
  /** Pointer of the template (PodTemplateSpec, or '' for a Pod). */
  readonly pointer: JsonPointer;
  /** Pointer of the PodSpec. */
  readonly specPointer: JsonPointer;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The PodSpec as written (untrusted: read through guards). */
  readonly spec: PodSpec | undefined;
}

export function podTemplateOf(r: Resource): PodTemplate | undefined {
  const loc = POD_TEMPLATE_LOCATIONS[r.kind];
  if (!loc) return undefined;
  const template = getAt(r.raw, loc.template);
  if (!isObject(template)) return undefined;
  const metadata = asObject(template.metadata);
  const spec = getAt(r.raw, loc.spec);
  return {
    owner: r,
    pointer: loc.template,
    specPointer: loc.spec,
    labels: asStringMap(metadata?.labels),
    annotations: asStringMap(metadata?.annotations),
    spec: isObject(spec) ? (spec as unknown as PodSpec) : undefined,
  };
}
