/**
 * Shared helpers of the function library: pointer wildcards, pod-template indexes (built once per run
 * through ctx.memo, so cross-object functions never scan every pod for every selector), and the
 * effective security context of a container.
 */
import { POD_TEMPLATE_LOCATIONS } from '../../model/aliases.js';
import { asStringMap, isObject, type JsonObject } from '../../model/guards.js';
import type { Labels } from '../../model/kinds.js';
import { getAt } from '../pointer.js';
import type { Resource } from '../../model/resource.js';
import type { Selector } from '../../model/selector.js';
import type { FunctionContext } from '../types.js';

const patternCache = new Map<string, readonly string[]>();

/** Expands a pointer with `*` steps (each array item / each property) into the concrete pointers that exist. */
export function expandPointer(root: unknown, pattern: string): { pointer: string; value: unknown }[] {
  let steps = patternCache.get(pattern);
  if (steps === undefined) {
    steps = pattern === '' ? [] : pattern.slice(1).split('/');
    if (patternCache.size < 1024) patternCache.set(pattern, steps);
  }
  const out: { pointer: string; value: unknown }[] = [];
  walkPattern(steps, 0, root, [], out);
  return out;
}

/**
 * Depth-first walk of `steps` from `value`, one shared token path: pointer strings are built only for the
 * hits (references are rare per pod). Depth-first visits the hits in the order a level-by-level expansion
 * lists them.
 */
function walkPattern(steps: readonly string[], i: number, value: unknown, path: string[], out: { pointer: string; value: unknown }[]): void {
  if (i === steps.length) {
    out.push({ pointer: path.length === 0 ? '' : '/' + path.join('/'), value });
    return;
  }
  const step = steps[i] as string;
  if (step === '*') {
    if (Array.isArray(value)) {
      for (let j = 0; j < value.length; j++) {
        if (!(j in value)) continue;
        path.push(String(j));
        walkPattern(steps, i + 1, value[j], path, out);
        path.pop();
      }
    } else if (isObject(value)) {
      for (const k of Object.keys(value)) {
        path.push(escape(k));
        walkPattern(steps, i + 1, value[k], path, out);
        path.pop();
      }
    }
    return;
  }
  const v = Array.isArray(value) ? value[Number(step)] : isObject(value) ? value[step] : undefined;
  if (v === undefined) return;
  path.push(step);
  walkPattern(steps, i + 1, v, path, out);
  path.pop();
}

function escape(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

const templateLabelsCache = new WeakMap<object, Labels>();

/**
 * The string labels of an object's pod template (a bare Pod's own), or undefined for a kind without one.
 * Read once per object: half a dozen rules ask for them on every workload.
 */
export function templateLabels(r: Resource): Labels | undefined {
  const loc = POD_TEMPLATE_LOCATIONS[r.kind];
  if (loc === undefined) return undefined;
  let labels = templateLabelsCache.get(r.raw);
  if (labels === undefined) {
    labels = asStringMap(getAt(getAt(r.raw, loc.template), '/metadata/labels'));
    templateLabelsCache.set(r.raw, labels);
  }
  return labels;
}

/** A pod template in the input: a workload's template, or a bare Pod. */
export interface TemplateRef {
  readonly resource: Resource;
  readonly namespace: string;
  readonly labels: Labels;
  /** Pointer of the template (metadata + spec) in the resource. */
  readonly templatePointer: string;
  readonly specPointer: string;
  readonly spec: JsonObject;
}

export interface TemplateIndex {
  readonly all: readonly TemplateRef[];
  readonly byNamespace: ReadonlyMap<string, readonly TemplateRef[]>;
  /** Namespace -> label key -> value -> templates having that label (nested: a look-up builds no key string). */
  readonly byLabel: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, readonly TemplateRef[]>>>;
  /**
   * selectTemplates' answers of this run, per selector and namespace: a Service's selector is asked once per
   * port and once per workload it selects. Selectors are immutable, so the object is the key.
   */
  readonly selected: Map<Selector, Map<string, readonly TemplateRef[]>>;
}

/** Kinds whose templates become running pods (the PodTemplate object does not). */
const POD_MAKING_KINDS = Object.keys(POD_TEMPLATE_LOCATIONS).filter((k) => k !== 'PodTemplate');

/** Every pod template of the input, indexed by namespace and by label (built once per run). */
export function templateIndex(ctx: FunctionContext): TemplateIndex {
  return ctx.memo('templates', () => {
    const all: TemplateRef[] = [];
    const byNamespace = new Map<string, TemplateRef[]>();
    const byLabel = new Map<string, Map<string, Map<string, TemplateRef[]>>>();
    for (const kind of POD_MAKING_KINDS) {
      const loc = POD_TEMPLATE_LOCATIONS[kind];
      if (loc === undefined) continue;
      for (const r of ctx.model.byKind(kind)) {
        // A ReplicaSet owned by a Deployment of the input is the Deployment's template again: skip the copy.
        if (kind === 'ReplicaSet' && ownedBy(r, 'Deployment')) continue;
        if (kind === 'Job' && ownedBy(r, 'CronJob')) continue;
        const spec = getAt(r.raw, loc.spec);
        const t: TemplateRef = {
          resource: r,
          namespace: r.namespace ?? 'default',
          labels: templateLabels(r) ?? {},
          templatePointer: loc.template,
          specPointer: loc.spec,
          spec: isObject(spec) ? spec : {},
        };
        all.push(t);
        push(byNamespace, t.namespace, t);
        let keys = byLabel.get(t.namespace);
        if (keys === undefined) byLabel.set(t.namespace, (keys = new Map()));
        for (const k of Object.keys(t.labels)) {
          let values = keys.get(k);
          if (values === undefined) keys.set(k, (values = new Map()));
          push(values, t.labels[k] as string, t);
        }
      }
    }
    return { all, byNamespace, byLabel, selected: new Map() };
  });
}

function ownedBy(r: Resource, kind: string): boolean {
  const refs = getAt(r.raw, '/metadata/ownerReferences');
  return Array.isArray(refs) && refs.some((o) => isObject(o) && o['kind'] === kind);
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Templates in `namespace` a selector matches (each selector and namespace matched once per run). */
export function selectTemplates(index: TemplateIndex, namespace: string, selector: Selector): readonly TemplateRef[] {
  let byNamespace = index.selected.get(selector);
  if (byNamespace === undefined) {
    byNamespace = new Map();
    index.selected.set(selector, byNamespace);
  }
  let templates = byNamespace.get(namespace);
  if (templates === undefined) {
    templates = matchTemplates(index, namespace, selector);
    byNamespace.set(namespace, templates);
  }
  return templates;
}

/**
 * Uses the label index: candidates are the templates having the rarest equality requirement, then the full
 * selector is checked on those only.
 */
function matchTemplates(index: TemplateIndex, namespace: string, selector: Selector): readonly TemplateRef[] {
  if (selector.nothing) return [];
  let candidates: readonly TemplateRef[] | undefined;
  const keys = index.byLabel.get(namespace);
  for (const req of selector.requirements) {
    if ((req.operator === '=' || req.operator === '==' || req.operator === 'in') && req.values.length === 1) {
      const list = keys?.get(req.key)?.get(req.values[0] as string) ?? [];
      if (candidates === undefined || list.length < candidates.length) candidates = list;
    }
  }
  candidates ??= index.byNamespace.get(namespace) ?? [];
  return candidates.filter((t) => selector.matches(t.labels));
}

/** Pod-level securityContext fields that containers inherit unless they set their own (core/v1 PodSecurityContext). */
const INHERITED = ['runAsUser', 'runAsGroup', 'runAsNonRoot', 'seLinuxOptions', 'seccompProfile', 'appArmorProfile', 'windowsOptions'];

/** The container's securityContext with the pod's inheritable fields filled in (container wins). */
export function effectiveSecurityContext(podSpec: unknown, container: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const pod = getAt(podSpec, '/securityContext');
  if (isObject(pod)) for (const f of INHERITED) if (pod[f] !== undefined && pod[f] !== null) out[f] = pod[f];
  const c = getAt(container, '/securityContext');
  if (isObject(c)) for (const [k, v] of Object.entries(c)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

/** The PodSpec pointer that contains a container pointer (`.../spec/containers/0` -> `.../spec`). */
export function podSpecPointerOf(containerPointer: string): string {
  return containerPointer.replace(/\/(containers|initContainers|ephemeralContainers)\/\d+$/, '');
}

/** Simple glob: `*` matches any run of characters. */
export function globMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*')) return pattern === value;
  const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(value);
}

/**
 * `model.find` through a per-run hash index (kind -> namespace -> name -> object), so cross-object
 * functions look references up in O(1) rather than scanning every object of the kind. Nested maps rather
 * than a `namespace/name` key: a look-up then builds (and hashes) no new string.
 */
export function lookup(ctx: FunctionContext, kind: string, namespace: string | undefined, name: string): Resource | undefined {
  // One memo entry for every kind (a constant key: this runs for every reference of every object).
  const byKind = ctx.memo('lookup', () => new Map<string, ReadonlyMap<string, ReadonlyMap<string, Resource>>>());
  // The index is built out of line: lookup is inlined into its callers, the build need not be.
  const index = byKind.get(kind) ?? indexKind(ctx, kind, byKind);
  return index.get(namespace ?? '')?.get(name);
}

function indexKind(ctx: FunctionContext, kind: string, byKind: Map<string, ReadonlyMap<string, ReadonlyMap<string, Resource>>>): ReadonlyMap<string, ReadonlyMap<string, Resource>> {
  const index = new Map<string, Map<string, Resource>>();
  for (const r of ctx.model.byKind(kind)) {
    const ns = r.namespace ?? '';
    let byName = index.get(ns);
    if (byName === undefined) index.set(ns, (byName = new Map()));
    // The first object of a name wins, as model.find returns it.
    if (!byName.has(r.name)) byName.set(r.name, r);
  }
  byKind.set(kind, index);
  return index;
}
