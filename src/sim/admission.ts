/**
 * Admission, in the API server's order: Priority (PriorityClass resolution), LimitRanger (defaults, then
 * min/max validation), ResourceQuota (last). Rejections carry the API server's text:
 * `pods "<name or generateName>" is forbidden: <error>` (apiserver admission `NewForbidden`).
 *
 * Sources: plugin/pkg/admission/priority/admission.go, plugin/pkg/admission/limitranger/admission.go
 * (`mergePodResourceRequirements`, `minConstraint`, `maxConstraint`), pkg/apis/core/v1/defaults.go
 * (`SetDefaults_LimitRangeItem`), staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go
 * (`checkRequest`: "exceeded quota", "failed quota") and pkg/quota/v1/evaluator/core/pods.go.
 */
import { asArray, asInteger, asObject, asObjects, asString, get, type JsonObject } from '../model/guards.js';
import type { Model } from '../model/model.js';
import type { Resource } from '../model/resource.js';
import { Quantity } from '../model/quantity.js';
import type { SimProblem } from './state.js';
import type { PodDraft } from './workloads.js';
import { isBestEffort, podAggregate } from './scheduler/resources.js';

/** Well-known system PriorityClasses (pkg/apis/scheduling/types.go). */
const SYSTEM_PRIORITY_CLASSES: ReadonlyMap<string, number> = new Map([
  ['system-cluster-critical', 2000000000],
  ['system-node-critical', 2000001000],
]);

export interface AdmittedPod {
  readonly spec: JsonObject;
  readonly priority: number;
  readonly preemptionPolicy: string;
  readonly priorityClassName?: string;
}

export type AdmissionResult = ({ readonly ok: true } & AdmittedPod) | { readonly ok: false; readonly code: string; readonly message: string; readonly pointer: string };

interface LimitItem {
  readonly type: string;
  readonly min: Map<string, string | number>;
  readonly max: Map<string, string | number>;
  readonly default: Map<string, string | number>;
  readonly defaultRequest: Map<string, string | number>;
}

interface QuotaState {
  readonly resource: Resource;
  readonly name: string;
  readonly hard: Map<string, Quantity>;
  readonly hardText: Map<string, string>;
  readonly used: Map<string, Quantity>;
  readonly scopes: readonly string[];
  readonly priorityScope?: { operator: string; values: readonly string[] };
}

function list(v: unknown): Map<string, string | number> {
  const m = new Map<string, string | number>();
  for (const [k, val] of Object.entries(asObject(v) ?? {})) if (typeof val === 'string' || typeof val === 'number') m.set(k, val);
  return m;
}

function aggregate(errs: readonly string[]): string {
  // utilerrors.NewAggregate(...).Error(): one message alone, several as "[a, b]".
  return errs.length === 1 ? (errs[0] as string) : `[${errs.join(', ')}]`;
}

function q(v: string | number | undefined): Quantity | undefined {
  return v === undefined ? undefined : Quantity.tryParse(v);
}

function text(v: string | number): string {
  return typeof v === 'string' ? v : String(v);
}

/** Formats an amount the way quota arithmetic prints it (cpu in DecimalSI; bytes in BinarySI when whole Ki). */
function quantityText(resource: string, qty: Quantity): string {
  return qty.toString();
}

function usageQuantity(resource: string, amount: number): Quantity {
  return resource.endsWith('cpu') ? Quantity.fromMilli(amount) : Quantity.fromValue(amount, 'BinarySI');
}

export class Admission {
  private readonly priorityClasses = new Map<string, { value: number; preemptionPolicy: string }>();
  private globalDefault?: { name: string; value: number; preemptionPolicy: string };
  private readonly limits = new Map<string, LimitItem[]>();
  private readonly quotas = new Map<string, QuotaState[]>();
  private readonly limitCache = new WeakMap<JsonObject, JsonObject>();
  private readonly runtimeClasses = new Map<string, JsonObject>();
  private readonly runtimeCache = new WeakMap<JsonObject, JsonObject | string>();

  constructor(model: Model) {
    for (const pc of model.byKind('PriorityClass')) {
      const value = asInteger(pc.raw.value) ?? 0;
      const preemptionPolicy = asString(pc.raw.preemptionPolicy) ?? 'PreemptLowerPriority';
      this.priorityClasses.set(pc.name, { value, preemptionPolicy });
      if (pc.raw.globalDefault === true && (!this.globalDefault || value > this.globalDefault.value)) this.globalDefault = { name: pc.name, value, preemptionPolicy };
    }
    for (const rc of model.byKind('RuntimeClass')) this.runtimeClasses.set(rc.name, rc.raw);
    for (const lr of model.byKind('LimitRange')) {
      const ns = lr.namespace ?? 'default';
      const items = asObjects(get(lr.raw, 'spec', 'limits')).map((it): LimitItem => {
        const item: LimitItem = { type: asString(it.type) ?? 'Container', min: list(it.min), max: list(it.max), default: list(it.default), defaultRequest: list(it.defaultRequest) };
        if (item.type === 'Container') {
          // SetDefaults_LimitRangeItem: default <- max; defaultRequest <- default, then min.
          for (const [k, v] of item.max) if (!item.default.has(k)) item.default.set(k, v);
          for (const [k, v] of item.default) if (!item.defaultRequest.has(k)) item.defaultRequest.set(k, v);
          for (const [k, v] of item.min) if (!item.defaultRequest.has(k)) item.defaultRequest.set(k, v);
        }
        return item;
      });
      this.limits.set(ns, [...(this.limits.get(ns) ?? []), ...items]);
    }
    for (const rq of model.byKind('ResourceQuota')) {
      const ns = rq.namespace ?? 'default';
      const hard = new Map<string, Quantity>();
      const hardText = new Map<string, string>();
      for (const [k, v] of list(get(rq.raw, 'spec', 'hard'))) {
        const qty = q(v);
        if (qty) {
          hard.set(k, qty);
          hardText.set(k, text(v));
        }
      }
      const ps = asObjects(get(rq.raw, 'spec', 'scopeSelector', 'matchExpressions')).find((e) => e.scopeName === 'PriorityClass');
      const scopes = [
        ...asArray(get(rq.raw, 'spec', 'scopes')).filter((s): s is string => typeof s === 'string'),
        ...asObjects(get(rq.raw, 'spec', 'scopeSelector', 'matchExpressions')).filter((e) => e.scopeName !== 'PriorityClass').map((e) => asString(e.scopeName) ?? ''),
      ];
      const state: QuotaState = {
        resource: rq,
        name: rq.name,
        hard,
        hardText,
        used: new Map(),
        scopes,
        priorityScope: ps ? { operator: asString(ps.operator) ?? 'In', values: asArray(ps.values).filter((v): v is string => typeof v === 'string') } : undefined,
      };
      this.quotas.set(ns, [...(this.quotas.get(ns) ?? []), state]);
    }
    for (const qs of this.quotas.values()) qs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Admits a pod (or records an already running one with `record`), updating quota usage. */
  admitPod(p: PodDraft, record = false): AdmissionResult {
    const display = p.generateName ?? p.name;
    const forbidden = (code: string, err: string, pointer: string): AdmissionResult => ({ ok: false, code, message: `pods "${display}" is forbidden: ${err}`, pointer });
    // Priority admission: resolve priorityClassName (or the global default) into spec.priority.
    const pcName = asString(p.spec.priorityClassName);
    let priority = 0;
    let preemptionPolicy = asString(p.spec.preemptionPolicy) ?? 'PreemptLowerPriority';
    let className: string | undefined = pcName;
    if (pcName) {
      const pc = this.priorityClasses.get(pcName);
      const sys = SYSTEM_PRIORITY_CLASSES.get(pcName);
      if (pc) {
        priority = pc.value;
        preemptionPolicy = asString(p.spec.preemptionPolicy) ?? pc.preemptionPolicy;
      } else if (sys !== undefined) priority = sys;
      else if (!record) return forbidden('priorityclass-not-found', `no PriorityClass with name ${pcName} was found`, '/spec/priorityClassName');
    } else if (this.globalDefault) {
      priority = this.globalDefault.value;
      preemptionPolicy = asString(p.spec.preemptionPolicy) ?? this.globalDefault.preemptionPolicy;
      className = this.globalDefault.name;
    }
    if (record) priority = asInteger(p.spec.priority) ?? priority;
    let spec = p.spec;
    if (!record) {
      const rc = this.applyRuntimeClass(spec);
      if (typeof rc === 'string') return forbidden('runtimeclass-rejected', rc, '/spec/runtimeClassName');
      spec = rc;
      const lr = this.applyLimitRanges(p.namespace, spec);
      if ('error' in lr) return forbidden('limitrange-violation', lr.error, '/spec/containers');
      spec = lr.spec;
    }
    const quota = this.chargeQuota(p.namespace, spec, priority, className, record);
    if (quota) return forbidden(quota.code, quota.error, '/spec/containers');
    return { ok: true, spec, priority, preemptionPolicy, priorityClassName: className };
  }

  /**
   * RuntimeClass admission (plugin/pkg/admission/runtimeclass/admission.go): the class must exist; its
   * `overhead.podFixed` becomes spec.overhead, its scheduling nodeSelector and tolerations are merged in.
   */
  private applyRuntimeClass(spec: JsonObject): JsonObject | string {
    const name = asString(spec.runtimeClassName);
    if (!name) return spec;
    const cached = this.runtimeCache.get(spec);
    if (cached !== undefined) return cached;
    const rc = this.runtimeClasses.get(name);
    let out: JsonObject | string;
    if (!rc) out = `pod rejected: RuntimeClass "${name}" not found`;
    else {
      const s = structuredClone(spec) as Record<string, unknown>;
      const fixed = asObject(get(rc, 'overhead', 'podFixed'));
      if (fixed) {
        if (s.overhead !== undefined && JSON.stringify(s.overhead) !== JSON.stringify(fixed)) out = "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead";
        else s.overhead = fixed;
      }
      const sel = asObject(get(rc, 'scheduling', 'nodeSelector'));
      if (sel) s.nodeSelector = { ...sel, ...(asObject(s.nodeSelector) ?? {}) };
      const tol = asArray(get(rc, 'scheduling', 'tolerations'));
      if (tol.length > 0) s.tolerations = [...asArray(s.tolerations), ...tol];
      out ??= s;
    }
    this.runtimeCache.set(spec, out);
    return out;
  }

  private applyLimitRanges(ns: string, spec: JsonObject): { spec: JsonObject } | { error: string } {
    const items = this.limits.get(ns);
    if (!items || items.length === 0) return { spec };
    let out = this.limitCache.get(spec);
    if (!out) {
      const s = structuredClone(spec) as Record<string, unknown>;
      for (const item of items) {
        if (item.type !== 'Container') continue;
        for (const field of ['initContainers', 'containers']) {
          for (const c of asObjects(s[field]) as Record<string, unknown>[]) {
            const res = { ...(asObject(c.resources) ?? {}) } as Record<string, unknown>;
            const requests = { ...(asObject(res.requests) ?? {}) } as Record<string, unknown>;
            const limits = { ...(asObject(res.limits) ?? {}) } as Record<string, unknown>;
            // mergePodResourceRequirements: only missing entries are filled.
            for (const [k, v] of item.default) if (!(k in limits)) limits[k] = v;
            for (const [k, v] of item.defaultRequest) if (!(k in requests)) requests[k] = v;
            if (Object.keys(requests).length > 0) res.requests = requests;
            if (Object.keys(limits).length > 0) res.limits = limits;
            c.resources = res;
          }
        }
      }
      out = s;
      this.limitCache.set(spec, out);
    }
    const errs: string[] = [];
    for (const item of items) {
      if (item.type === 'Container') {
        for (const c of [...asObjects(out.initContainers), ...asObjects(out.containers)]) {
          const req = list(get(c, 'resources', 'requests'));
          const lim = list(get(c, 'resources', 'limits'));
          for (const [k, min] of item.min) {
            const e = minConstraint('Container', k, min, req.get(k), lim.get(k));
            if (e) errs.push(e);
          }
          for (const [k, max] of item.max) {
            const e = maxConstraint('Container', k, max, req.get(k), lim.get(k));
            if (e) errs.push(e);
          }
        }
      } else if (item.type === 'Pod') {
        const req = podAggregate(out, 'requests', false);
        const lim = podAggregate(out, 'limits', false);
        const fmt = (k: string, m: Map<string, number>): string | undefined => (m.has(k) ? usageQuantity(k, m.get(k) as number).toString() : undefined);
        for (const [k, min] of item.min) {
          const e = minConstraint('Pod', k, min, fmt(k, req), fmt(k, lim));
          if (e) errs.push(e);
        }
        for (const [k, max] of item.max) {
          const e = maxConstraint('Pod', k, max, fmt(k, req), fmt(k, lim));
          if (e) errs.push(e);
        }
      }
    }
    return errs.length > 0 ? { error: aggregate(errs) } : { spec: out };
  }

  private chargeQuota(ns: string, spec: JsonObject, priority: number, className: string | undefined, record: boolean): { code: string; error: string } | undefined {
    const quotas = this.quotas.get(ns);
    if (!quotas) return undefined;
    const req = podAggregate(spec, 'requests');
    const lim = podAggregate(spec, 'limits');
    const usage = new Map<string, number>([
      ['pods', 1],
      ['count/pods', 1],
    ]);
    for (const [k, v] of req) {
      usage.set(`requests.${k}`, v);
      if (k === 'cpu' || k === 'memory' || k === 'ephemeral-storage') usage.set(k, v);
    }
    for (const [k, v] of lim) usage.set(`limits.${k}`, v);
    const bestEffort = isBestEffort(spec);
    const terminating = asInteger(spec.activeDeadlineSeconds) !== undefined;
    const applicable = quotas.filter((qs) => {
      for (const s of qs.scopes) {
        if (s === 'BestEffort' && !bestEffort) return false;
        if (s === 'NotBestEffort' && bestEffort) return false;
        if (s === 'Terminating' && !terminating) return false;
        if (s === 'NotTerminating' && terminating) return false;
      }
      if (qs.priorityScope) {
        const { operator, values } = qs.priorityScope;
        const has = className !== undefined && className !== '';
        const ok = operator === 'In' ? has && values.includes(className as string) : operator === 'NotIn' ? !has || !values.includes(className as string) : operator === 'Exists' ? has : !has;
        if (!ok) return false;
      }
      void priority;
      return true;
    });
    if (!record) {
      for (const qs of applicable) {
        // pods.go Constraints: a quota on cpu or memory requires every container to state it.
        const required = [...qs.hard.keys()].filter((k) => ['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'].includes(k)).sort();
        const missing: string[] = [];
        for (const r of required) {
          const kind = r.startsWith('limits.') ? 'limits' : 'requests';
          const name = r.replace(/^(requests|limits)\./, '');
          const who = [...asObjects(spec.initContainers), ...asObjects(spec.containers)]
            .filter((c) => get(c, 'resources', kind, name) === undefined)
            .map((c) => asString(c.name) ?? '')
            .sort();
          if (who.length > 0) missing.push(`${r} for: ${[...new Set(who)].join(',')}`);
        }
        if (missing.length > 0) return { code: 'quota-missing-resources', error: `failed quota: ${qs.name}: must specify ${missing.join('; ')}` };
      }
      for (const qs of applicable) {
        const failed = [...qs.hard.keys()].filter((k) => usage.has(k)).sort().filter((k) => {
          const next = (qs.used.get(k) ?? Quantity.zero()).add(usageQuantity(k, usage.get(k) as number));
          return next.cmp(qs.hard.get(k) as Quantity) > 0;
        });
        if (failed.length > 0) {
          const pp = (f: (k: string) => string): string => failed.map((k) => `${k}=${f(k)}`).join(',');
          return {
            code: 'quota-exceeded',
            error: `exceeded quota: ${qs.name}, requested: ${pp((k) => quantityText(k, usageQuantity(k, usage.get(k) as number)))}, used: ${pp((k) => quantityText(k, qs.used.get(k) ?? Quantity.zero()))}, limited: ${pp((k) => qs.hardText.get(k) as string)}`,
          };
        }
      }
    }
    for (const qs of applicable)
      for (const k of qs.hard.keys()) if (usage.has(k)) qs.used.set(k, (qs.used.get(k) ?? Quantity.zero()).add(usageQuantity(k, usage.get(k) as number)));
    return undefined;
  }

  /** Whether a ResourceQuota applies in the namespace (without one, admitting an object charges nothing). */
  hasQuota(namespace: string): boolean {
    return this.quotas.has(namespace);
  }

  /** Charges object-count quota for a non-pod object (`services`, `services.nodeports`, `count/<resource>`). */
  admitObject(r: Resource, extra: ReadonlyMap<string, number> = new Map()): SimProblem | undefined {
    const ns = r.namespace;
    if (ns === undefined) return undefined;
    const quotas = this.quotas.get(ns);
    if (!quotas) return undefined;
    const plural = pluralOf(r.kind);
    const usage = new Map<string, number>([[`count/${plural}${r.group ? '.' + r.group : ''}`, 1], ...extra]);
    if (r.group === '' && ['services', 'secrets', 'configmaps', 'persistentvolumeclaims', 'replicationcontrollers', 'resourcequotas'].includes(plural)) usage.set(plural, 1);
    for (const qs of quotas) {
      const failed = [...qs.hard.keys()].filter((k) => usage.has(k)).sort().filter((k) => (qs.used.get(k) ?? Quantity.zero()).add(Quantity.fromValue(usage.get(k) as number)).cmp(qs.hard.get(k) as Quantity) > 0);
      if (failed.length > 0) {
        const pp = (f: (k: string) => string): string => failed.map((k) => `${k}=${f(k)}`).join(',');
        return {
          code: 'quota-exceeded',
          resource: r,
          pointer: '',
          message: `${plural} "${r.name}" is forbidden: exceeded quota: ${qs.name}, requested: ${pp((k) => String(usage.get(k)))}, used: ${pp((k) => (qs.used.get(k) ?? Quantity.zero()).toString())}, limited: ${pp((k) => qs.hardText.get(k) as string)}`,
        };
      }
    }
    for (const qs of quotas) for (const k of qs.hard.keys()) if (usage.has(k)) qs.used.set(k, (qs.used.get(k) ?? Quantity.zero()).add(Quantity.fromValue(usage.get(k) as number)));
    return undefined;
  }
}

function pluralOf(kind: string): string {
  const k = kind.toLowerCase();
  if (k.endsWith('s') || k.endsWith('x') || k.endsWith('ch')) return k + 'es';
  if (k.endsWith('y') && !/[aeiou]y$/.test(k)) return k.slice(0, -1) + 'ies';
  return k + 's';
}

function minConstraint(limitType: string, resource: string, enforcedRaw: string | number, req: string | number | undefined, lim: string | number | undefined): string | undefined {
  const enforced = q(enforcedRaw);
  if (!enforced) return undefined;
  const e = text(enforcedRaw);
  if (req === undefined) return `minimum ${resource} usage per ${limitType} is ${e}.  No request is specified`;
  const r = q(req);
  if (r && r.cmp(enforced) < 0) return `minimum ${resource} usage per ${limitType} is ${e}, but request is ${text(req)}`;
  const l = q(lim);
  if (lim !== undefined && l && l.cmp(enforced) < 0) return `minimum ${resource} usage per ${limitType} is ${e}, but limit is ${text(lim)}`;
  return undefined;
}

function maxConstraint(limitType: string, resource: string, enforcedRaw: string | number, req: string | number | undefined, lim: string | number | undefined): string | undefined {
  const enforced = q(enforcedRaw);
  if (!enforced) return undefined;
  const e = text(enforcedRaw);
  if (lim === undefined) return `maximum ${resource} usage per ${limitType} is ${e}.  No limit is specified`;
  const l = q(lim);
  if (l && l.cmp(enforced) > 0) return `maximum ${resource} usage per ${limitType} is ${e}, but limit is ${text(lim)}`;
  const r = q(req);
  if (req !== undefined && r && r.cmp(enforced) > 0) return `maximum ${resource} usage per ${limitType} is ${e}, but request is ${text(req)}`;
  return undefined;
}
