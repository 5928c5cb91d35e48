/** Availability functions over workloads: replicas, anti-affinity, HPA interplay. */
import { POD_TEMPLATE_LOCATIONS } from '../../model/aliases.js';
import { asArray, asInteger, asString, isObject } from '../../model/guards.js';
import { getAt } from '../pointer.js';
import { isSelectorError, selectorFromLabelSelector } from '../../model/selector.js';
import { defineFunction, noReports } from './define.js';
import { backendCount, hpaTargeting, replicasOf, servicesSelecting } from './selection.js';
import { templateLabels } from './util.js';

/**
 * kube-linter no-anti-affinity / kube-score *-has-host-podantiaffinity: a workload with several replicas has
 * no pod anti-affinity term that matches its own pods with an accepted topologyKey, so the scheduler may put
 * every replica on one node. Mirrors stackrox/kube-linter:pkg/templates/antiaffinity/template.go (a term
 * whose `namespaces` omit the pod's namespace does not count) and zegl/kube-score:score/apps/apps.go
 * (hasPodAntiAffinity: any of a set of approved topology keys).
 */
export const antiAffinity = defineFunction<{ minReplicas: number; topologyKeys?: readonly string[]; topologyKey?: string }>({
  name: 'anti-affinity',
  description:
    'Reports a workload with at least `minReplicas` replicas and no podAntiAffinity term selecting its own pods in its namespace (with one of `topologyKeys` if given; `topologyKey` is the one-key form).',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['minReplicas'],
    properties: { minReplicas: { type: 'integer', minimum: 1 }, topologyKeys: { type: 'array', minItems: 1, items: { type: 'string' } }, topologyKey: { type: 'string' } },
  },
  messageIds: ['missing'],
  scope: 'node',
  run(node, options) {
    const r = node.resource;
    const loc = POD_TEMPLATE_LOCATIONS[r.kind];
    if (loc === undefined) return noReports;
    const replicas = replicasOf(r);
    if (replicas < options.minReplicas) return noReports;
    const keys = options.topologyKeys ?? (options.topologyKey !== undefined ? [options.topologyKey] : undefined);
    const topologyKey = keys?.join(', ') ?? 'any';
    const anti = getAt(getAt(r.raw, loc.spec), '/affinity/podAntiAffinity');
    // Most workloads have no anti-affinity at all: report them without reading their labels.
    if (anti === undefined) return [{ messageId: 'missing', pointer: loc.spec, data: { ...node.data, replicas, topologyKey } }];
    const labels = templateLabels(r) ?? {};
    const ns = r.namespace ?? 'default';
    const terms = [
      ...asArray(getAt(anti, '/requiredDuringSchedulingIgnoredDuringExecution')),
      ...asArray(getAt(anti, '/preferredDuringSchedulingIgnoredDuringExecution')).map((p) => getAt(p, '/podAffinityTerm')),
    ];
    const ok = terms.some((t) => {
      if (!isObject(t)) return false;
      const key = asString(t['topologyKey']);
      if (keys !== undefined && (key === undefined || !keys.includes(key))) return false;
      // An explicit namespaces list that leaves out the pod's own namespace selects other pods, not these.
      const namespaces = asArray(t['namespaces']);
      if (namespaces.length > 0 && !namespaces.includes(ns)) return false;
      const sel = selectorFromLabelSelector(t['labelSelector']);
      return !isSelectorError(sel) && sel.matches(labels);
    });
    return ok ? noReports : [{ messageId: 'missing', pointer: loc.spec, data: { ...node.data, replicas, topologyKey } }];
  },
});

/** Too few replicas (an HPA-managed workload is judged by its HPA instead). */
export const minReplicas = defineFunction<{ min: number; onlyIfServiced?: boolean }>({
  name: 'min-replicas',
  description:
    'Reports a workload with fewer than `min` replicas (default 1 when unset), skipping HPA targets; `onlyIfServiced` judges only workloads a Service selects, and only when such a Service has fewer than `min` pods in all (a canary behind a shared Service is fine).',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['min'],
    properties: { min: { type: 'integer', minimum: 1 }, onlyIfServiced: { type: 'boolean' } },
  },
  messageIds: ['tooFew'],
  scope: 'node',
  run(node, options, ctx) {
    const r = node.resource;
    if (hpaTargeting(ctx, r) !== undefined) return noReports;
    const replicas = replicasOf(r);
    if (replicas >= options.min) return noReports;
    if (options.onlyIfServiced) {
      const services = servicesSelecting(ctx, r);
      const ns = r.namespace ?? 'default';
      if (services.length === 0 || services.every((s) => backendCount(ctx, ns, s) >= options.min)) return noReports;
    }
    return [{ messageId: 'tooFew', pointer: getAt(r.raw, '/spec/replicas') === undefined ? '/spec' : '/spec/replicas', data: { ...node.data, replicas, min: options.min } }];
  },
});

/** kube-score deployment-targeted-by-hpa-does-not-have-replicas-configured: spec.replicas fights the HPA on every apply. */
export const hpaManagedReplicas = defineFunction<Record<string, never>>({
  name: 'hpa-managed-replicas',
  description: 'Reports a workload that an HPA of the input targets and that still sets spec.replicas.',
  optionsSchema: { type: 'object', additionalProperties: false },
  messageIds: ['replicasSet'],
  scope: 'node',
  run(node, _o, ctx) {
    const r = node.resource;
    const hpa = hpaTargeting(ctx, r);
    if (hpa === undefined || asInteger(getAt(r.raw, '/spec/replicas')) === undefined) return noReports;
    return [{ messageId: 'replicasSet', pointer: '/spec/replicas', data: { ...node.data, hpa: asString(getAt(hpa.raw, '/metadata/name')) ?? '' } }];
  },
});
