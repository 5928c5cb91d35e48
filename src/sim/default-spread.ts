/**
 * helper.DefaultSelector (podtopologyspread/common.go): the selectors of the Services, ReplicationControllers,
 * ReplicaSets and StatefulSets selecting a pod, ANDed; the system default spread constraints count by it.
 */
import type { Labels } from '../model/kinds.js';
import { asStringMap, get } from '../model/guards.js';
import type { Model } from '../model/model.js';
import type { PodDraft } from './workloads.js';
import { sortedKeys } from './names.js';
import { copyObject, mergeObjects } from './objects.js';

/** A namespace's Service selectors in input order, indexed by their first `key=value` entry. */
interface NamespaceSelectors {
  readonly selectors: Labels[];
  /** Each selector's entries (a pod matches when it has every one). */
  readonly entries: (readonly [string, string])[][];
  /** Key, then value, of a selector's first entry -> positions of the selectors starting with it. */
  readonly byFirstEntry: Map<string, Map<string, number[]>>;
}

/** The Service selectors of the model, per namespace, in input order. */
function indexServiceSelectors(model: Model): Map<string, NamespaceSelectors> {
  const services = new Map<string, NamespaceSelectors>();
  for (const r of model.byKind('Service')) {
    const sel = asStringMap(get(r.raw, 'spec', 'selector'));
    const entries = Object.entries(sel);
    if (r.group !== '' || entries.length === 0) continue;
    const ns = r.namespace ?? 'default';
    let s = services.get(ns);
    if (!s) services.set(ns, (s = { selectors: [], entries: [], byFirstEntry: new Map() }));
    const [k, v] = entries[0] as [string, string];
    let values = s.byFirstEntry.get(k);
    if (!values) s.byFirstEntry.set(k, (values = new Map()));
    const at = values.get(v);
    if (at) at.push(s.selectors.length);
    else values.set(v, [s.selectors.length]);
    s.selectors.push(sel);
    s.entries.push(entries);
  }
  return services;
}

export class DefaultSpreadSelectors {
  /** Indexed on first use: only pods that get scored ask, and on a full cluster few do. */
  private servicesIndex: Map<string, NamespaceSelectors> | undefined;
  /** One object per distinct selector, so the scheduler compiles each once. */
  private readonly shared = new Map<string, Labels>();
  /**
   * Per controller with pods of more than one label set, the results by namespace and labels (the first set
   * is only keyed when a second one comes).
   */
  private readonly mergedFor = new WeakMap<object, Map<string, Labels | undefined>>();
  /** Per controller, the last pod's namespace, labels and result: the next replica usually has the same. */
  private readonly last = new WeakMap<object, { readonly namespace: string; readonly labels: Labels; readonly result: Labels | undefined }>();
  private readonly bareController = {};

  constructor(private readonly model: Model) {}

  private get services(): Map<string, NamespaceSelectors> {
    return (this.servicesIndex ??= indexServiceSelectors(this.model));
  }

  /** The pod's default spread selector, undefined when nothing selects it. */
  of(d: PodDraft): Labels | undefined {
    const controller = d.defaultSpreadSelector ?? this.bareController;
    const last = this.last.get(controller);
    if (last && last.namespace === d.namespace && sameLabels(last.labels, d.labels)) return last.result;
    let result: Labels | undefined;
    if (!last) {
      // The controller's first pod: nothing to look up (most controllers make pods of one label set only).
      result = this.merge(d);
    } else {
      let byLabels = this.mergedFor.get(controller);
      if (!byLabels) this.mergedFor.set(controller, (byLabels = new Map([[labelsKey(last.namespace, last.labels), last.result]])));
      const key = labelsKey(d.namespace, d.labels);
      if (!byLabels.has(key)) byLabels.set(key, this.merge(d));
      result = byLabels.get(key);
    }
    this.last.set(controller, { namespace: d.namespace, labels: d.labels, result });
    return result;
  }

  private merge(d: PodDraft): Labels | undefined {
    let merged: Record<string, string> = copyObject(d.defaultSpreadSelector ?? {});
    for (const sel of this.selecting(d)) merged = mergeObjects(merged, sel);
    const keys = sortedKeys(merged);
    if (keys.length === 0) return undefined;
    // Entries in key order (keys are unique): equal selectors give equal keys, whatever their key order.
    const key = JSON.stringify(keys.map((k) => [k, merged[k]]));
    let shared = this.shared.get(key);
    if (!shared) this.shared.set(key, (shared = merged));
    return shared;
  }

  /**
   * The namespace's Service selectors matching the pod's labels, in input order. A matching selector's first
   * entry is one of the pod's labels, so only the selectors indexed under those are tried.
   */
  private selecting(d: PodDraft): readonly Labels[] {
    const s = this.services.get(d.namespace);
    if (!s) return NONE;
    // Once per workload: written without iterator and closure allocations.
    let positions: number[] | undefined;
    for (const k in d.labels) {
      if (!Object.prototype.hasOwnProperty.call(d.labels, k)) continue;
      const at = s.byFirstEntry.get(k)?.get(d.labels[k] as string);
      if (at === undefined) continue;
      if (positions === undefined) positions = at.slice();
      else for (let i = 0; i < at.length; i++) positions.push(at[i] as number);
    }
    if (positions === undefined) return NONE;
    if (positions.length > 1) positions.sort((a, b) => a - b);
    const out: Labels[] = [];
    for (let i = 0; i < positions.length; i++) {
      const at = positions[i] as number;
      if (hasEntries(d.labels, s.entries[at] as (readonly [string, string])[])) out.push(s.selectors[at] as Labels);
    }
    return out;
  }
}

const NONE: readonly Labels[] = [];

/** Whether the labels have every entry. */
function hasEntries(labels: Labels, entries: readonly (readonly [string, string])[]): boolean {
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i] as readonly [string, string];
    if (labels[k] !== v) return false;
  }
  return true;
}

function labelsKey(namespace: string, labels: Labels): string {
  return `${namespace}\u0000${JSON.stringify(labels)}`;
}

/** Equal label maps, whatever their key order (the merged selector does not depend on it). */
function sameLabels(a: Labels, b: Labels): boolean {
  // Replicas share their labels object.
  if (a === b) return true;
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k] || !Object.prototype.hasOwnProperty.call(b, k)) return false;
    n++;
  }
  for (const k in b) if (Object.prototype.hasOwnProperty.call(b, k)) n--;
  return n === 0;
}
