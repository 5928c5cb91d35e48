/**
 * Target expansion: which kinds a rule is dispatched on, and the nodes inside one object it looks at.
 * Pod template locations come from the one shared table, model/aliases.ts.
 */
import { CONTAINER_LISTS, POD_TEMPLATE_LOCATIONS } from '../model/aliases.js';
import { asObjects, asString, isObject } from '../model/guards.js';
import { getAt } from './pointer.js';
import type { Resource } from '../model/resource.js';
import type { ContainerList, RuleTarget, TargetNode } from './types.js';

/** Kinds that carry a pod template (bare Pod included), from the shared table. */
const TEMPLATE_KINDS = Object.keys(POD_TEMPLATE_LOCATIONS);
/** A Workload is an object that makes pods: every template-bearing kind except the PodTemplate object. */
const WORKLOAD_TARGET_KINDS = TEMPLATE_KINDS.filter((k) => k !== 'PodTemplate');
const ALL_CONTAINER_LISTS: readonly ContainerList[] = CONTAINER_LISTS.map((l) => l.field);

/** The kinds a target is dispatched on. `*` means every kind. */
export function targetKinds(target: RuleTarget): readonly string[] {
  if (target.alias === undefined) return target.kinds ?? ['*'];
  switch (target.alias) {
    case 'Workload':
      return WORKLOAD_TARGET_KINDS;
    case 'ServicePort':
      return ['Service'];
    default:
      // PodTemplate, PodSpec, Container, Volume: everywhere a pod template lives; a `kinds` list narrows it.
      return target.kinds ? TEMPLATE_KINDS.filter((k) => target.kinds?.includes(k)) : TEMPLATE_KINDS;
  }
}

/**
 * What identifies a target's expansion: rules whose targets have the same key see the same nodes of an
 * object, so the engine expands them once per object. A target's kinds choose the objects a rule is
 * dispatched on, not the nodes inside one (targetNodes never reads them), so they are not part of the key;
 * neither is the order of a container list (targetNodes visits the lists in Kubernetes' order).
 */
export function targetKey(target: RuleTarget): string {
  switch (target.alias) {
    case undefined:
    case 'Workload':
      return 'object';
    case 'Container': {
      const lists = target.containers ?? ALL_CONTAINER_LISTS;
      return `Container|${CONTAINER_LISTS.filter(({ field }) => lists.includes(field))
        .map(({ field }) => field)
        .join(',')}`;
    }
    default:
      return target.alias;
  }
}

function baseData(r: Resource): Record<string, string | number> {
  return { kind: r.kind, name: r.name, namespace: r.namespace ?? '' };
}

/** The nodes of one object a target designates (none when the object lacks them). */
export function targetNodes(resource: Resource, target: RuleTarget): TargetNode[] {
  const raw = resource.raw;
  if (target.alias === undefined || target.alias === 'Workload') {
    return [{ resource, pointer: '', value: raw, data: baseData(resource) }];
  }
  if (target.alias === 'ServicePort') {
    return asObjects(getAt(raw, '/spec/ports')).map((port, i) => ({
      resource,
      pointer: `/spec/ports/${i}`,
      value: port,
      data: { kind: resource.kind, name: resource.name, namespace: resource.namespace ?? '', port: asString(port['name']) ?? String(port['port'] ?? i) },
    }));
  }
  const loc = POD_TEMPLATE_LOCATIONS[resource.kind];
  if (loc === undefined) return [];
  if (target.alias === 'PodTemplate') {
    const t = getAt(raw, loc.template);
    return isObject(t) ? [{ resource, pointer: loc.template, value: t, data: baseData(resource) }] : [];
  }
  const spec = getAt(raw, loc.spec);
  if (!isObject(spec)) return [];
  if (target.alias === 'PodSpec') return [{ resource, pointer: loc.spec, value: spec, data: baseData(resource) }];
  if (target.alias === 'Volume') {
    const out: TargetNode[] = [];
    const vols = Array.isArray(spec['volumes']) ? (spec['volumes'] as unknown[]) : [];
    vols.forEach((v, i) => {
      if (isObject(v)) out.push({ resource, pointer: `${loc.spec}/volumes/${i}`, value: v, data: { kind: resource.kind, name: resource.name, namespace: resource.namespace ?? '', volume: asString(v['name']) ?? String(i) } });
    });
    return out;
  }
  // Container: each container of the chosen lists, in Kubernetes' visiting order (init, regular, ephemeral).
  const lists: readonly ContainerList[] = target.containers ?? ALL_CONTAINER_LISTS;
  const out: TargetNode[] = [];
  for (const { field } of CONTAINER_LISTS) {
    if (!lists.includes(field)) continue;
    const arr = spec[field];
    if (!Array.isArray(arr)) continue;
    for (let i = 0; i < arr.length; i++) {
      const c: unknown = arr[i];
      if (!(i in arr) || !isObject(c)) continue;
      out.push({
        resource,
        pointer: `${loc.spec}/${field}/${i}`,
        value: c,
        // Written out rather than spread from baseData: this runs for every container of every object.
        data: { kind: resource.kind, name: resource.name, namespace: resource.namespace ?? '', container: asString(c['name']) ?? String(i), containerList: field },
      });
    }
  }
  return out;
}
