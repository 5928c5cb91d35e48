/**
 * buildModel: indexes resources and derives the object graph — owns (workload -> its pod template),
 * selects (Service, NetworkPolicy, PodDisruptionBudget and workload selectors -> pod templates),
 * references (by-name references, see ./references.ts) and routes-to (Ingress -> Service).
 * Selection uses an inverted label index per namespace, so cost grows with matches, not with all pairs.
 */
import { workloadSelectorPointer } from './aliases.js';
import { get } from './guards.js';
import type { Labels } from './kinds.js';
import { ObjectGraph } from './graph.js';
import type { Model } from './model.js';
import { referencesOf } from './references.js';
import { resourceKey } from './resource.js';
import type { Resource } from './resource.js';
import { isSelectorError, selectorFromLabelSelector, selectorFromMap } from './selector.js';
import type { Selector } from './selector.js';
import type { PodTemplate } from './workload.js';
import { podTemplateOf } from './workload.js';

/** Graph node id of a resource's pod template. */
export function templateNodeId(r: Resource): string {
  return `${r.key}#template`;
}

export function buildModel(resources: readonly Resource[]): Model {
  const byKind = new Map<string, Resource[]>();
  const byKey = new Map<string, Resource>();
  const namespaces = new Set<string>();
  const graph = new ObjectGraph((g) => addAllEdges(resources, g));
  for (const r of resources) {
    let list = byKind.get(r.kind);
    if (!list) byKind.set(r.kind, (list = []));
    list.push(r);
    // The first object with an identity wins the index; duplicates stay in `resources` for the duplicate rule.
    if (!byKey.has(r.key)) byKey.set(r.key, r);
    if (r.namespace !== undefined) namespaces.add(r.namespace);
    if (r.kind === 'Namespace') namespaces.add(r.name);
    graph.addResource(r);
  }
  const sortedNamespaces = [...namespaces].sort();
  let byName: Map<string, Resource> | undefined;
  return {
    resources,
    byKind: (kind) => byKind.get(kind) ?? [],
    find: (kind, namespace, name) => (byName ??= indexByName(resources)).get(nameKey(kind, namespace, name)),
    namespaceNames: sortedNamespaces,
    graph,
  };
}

function nameKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? '\u0001'}\u0000${name}`;
}

/** Kind, namespace and name (any group) -> the first object in input order with them. */
function indexByName(resources: readonly Resource[]): Map<string, Resource> {
  const out = new Map<string, Resource>();
  for (const r of resources) {
    const key = nameKey(r.kind, r.namespace, r.name);
    if (!out.has(key)) out.set(key, r);
  }
  return out;
}

/** Every edge of the graph: owns, then references, routes-to and selects per object in input order. */
function addAllEdges(resources: readonly Resource[], graph: ObjectGraph): void {
  const templates = new TemplateIndex();
  for (const r of resources) {
    const t = podTemplateOf(r);
    if (!t) continue;
    templates.add(t);
    graph.addEdge({ kind: 'owns', from: r.key, to: templateNodeId(r), pointer: t.pointer });
  }
  for (const r of resources) addEdges(r, graph, templates);
}

function addEdges(r: Resource, graph: ObjectGraph, templates: TemplateIndex): void {
  for (const ref of referencesOf(r)) {
    const to = resourceKey({ group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name });
    graph.addEdge({ kind: r.kind === 'Ingress' && ref.kind === 'Service' ? 'routes-to' : 'references', from: r.key, to, pointer: ref.pointer });
  }
  const select = (selector: Selector, pointer: string): void => {
    for (const t of templates.matching(r.namespace ?? '', selector)) {
      graph.addEdge({ kind: 'selects', from: r.key, to: templateNodeId(t.owner), pointer });
    }
  };
  switch (r.kind) {
    case 'Service': {
      const sel = get(r.raw, 'spec', 'selector');
      // A Service without a selector (or with an empty one) manages no endpoints: it selects nothing.
      if (sel && typeof sel === 'object' && Object.keys(sel).length > 0) {
        const s = selectorFromMap(sel as Labels);
        if (!isSelectorError(s)) select(s, '/spec/selector');
      }
      break;
    }
    case 'NetworkPolicy':
    case 'PodDisruptionBudget': {
      const pointer = r.kind === 'NetworkPolicy' ? '/spec/podSelector' : '/spec/selector';
      const s = selectorFromLabelSelector(get(r.raw, 'spec', r.kind === 'NetworkPolicy' ? 'podSelector' : 'selector'));
      if (!isSelectorError(s)) select(s, pointer);
      break;
    }
    default: {
      const pointer = workloadSelectorPointer(r.kind);
      if (!pointer) break;
      const raw = pointer === '/spec/selector' ? get(r.raw, 'spec', 'selector') : get(r.raw, 'spec', 'jobTemplate', 'spec', 'selector');
      if (raw === undefined) break;
      // ReplicationController selectors are plain maps; the others are LabelSelectors.
      const s = r.kind === 'ReplicationController' ? selectorFromMap(raw as Labels) : selectorFromLabelSelector(raw);
      if (!isSelectorError(s)) {
        const own = templates.of(r);
        if (own && s.matches(own.labels)) graph.addEdge({ kind: 'selects', from: r.key, to: templateNodeId(r), pointer });
      }
    }
  }
}

/** Pod templates by namespace with an inverted `key=value` index for equality requirements. */
class TemplateIndex {
  private readonly byNamespace = new Map<string, PodTemplate[]>();
  private readonly byLabel = new Map<string, PodTemplate[]>();
  private readonly byOwner = new Map<Resource, PodTemplate>();

  add(t: PodTemplate): void {
    const ns = t.owner.namespace ?? '';
    push(this.byNamespace, ns, t);
    for (const [k, v] of Object.entries(t.labels)) push(this.byLabel, `${ns}\u0000${k}\u0000${v}`, t);
    this.byOwner.set(t.owner, t);
  }

  of(owner: Resource): PodTemplate | undefined {
    return this.byOwner.get(owner);
  }

  /** Templates in a namespace that a selector matches. */
  matching(namespace: string, selector: Selector): PodTemplate[] {
    if (selector.nothing) return [];
    const eq = selector.requirements.find((req) => req.operator === '=' || req.operator === '==' || (req.operator === 'in' && req.values.length === 1));
    const candidates = eq
      ? this.byLabel.get(`${namespace}\u0000${eq.key}\u0000${eq.values[0] as string}`) ?? []
      : this.byNamespace.get(namespace) ?? [];
    return candidates.filter((t) => selector.matches(t.labels));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
