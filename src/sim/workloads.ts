/**
 * Workloads become pods the way the controllers make them (kubernetes/kubernetes:pkg/controller/...):
 * Deployment -> ReplicaSet -> pods, ReplicaSet, ReplicationController, StatefulSet (ordinals,
 * volumeClaimTemplates), DaemonSet (one pod per eligible node, pinned with a `metadata.name` node affinity),
 * Job (parallel pods, Indexed jobs), CronJob (one Job, on request), bare Pods, and HPA `minReplicas`.
 * Pod defaulting (pkg/apis/core/v1/defaults.go `SetDefaults_Pod`) is applied to every pod made.
 */
import type { Labels } from '../model/kinds.js';
import { asInteger, asObject, asObjects, asString, asStringMap, get, isObject, type JsonObject } from '../model/guards.js';
import type { Model } from '../model/model.js';
import type { Resource } from '../model/resource.js';
import { POD_TEMPLATE_LOCATIONS } from '../model/aliases.js';
import { pointerTokens } from '../model/location.js';
import { validateLabelKey, validateLabelValue } from '../model/names.js';
import { isSelectorError, selectorFromLabelSelector, selectorFromMap } from '../model/selector.js';
import type { SimProblem } from './state.js';
import type { NodeDraft } from './cluster.js';
import { NameGenerator, templateHash } from './names.js';
import { copyObject, mergeObjects } from './objects.js';
import { readNodeConstraints, nodeMatchesConstraints } from './scheduler/node-affinity.js';
import { firstUntoleratedTaint, readTolerations } from './scheduler/taints.js';

/** A pod the controllers would create (or one already running in a snapshot). */
export interface PodDraft {
  readonly namespace: string;
  name: string;
  /** The generateName prefix the controller used (admission messages name the pod by it). */
  readonly generateName?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  /** Defaulted spec; replicas of one template share the object, and their labels and annotations objects too. */
  spec: JsonObject;
  readonly origin: { readonly resource: Resource; readonly templatePointer: string };
  readonly owner?: { readonly kind: string; readonly name: string };
  /** Already bound (a Pod with spec.nodeName): occupies the node first and keeps its addresses. */
  readonly bound?: { readonly nodeName: string; readonly podIP?: string; readonly hostIP?: string; readonly running: boolean };
  /** Labels the owning controller selects by (system default spread constraints). */
  readonly defaultSpreadSelector?: Labels;
  /** PersistentVolumeClaims the pod mounts (StatefulSet claims included). */
  readonly claims: readonly string[];
  /** Creation order. */
  readonly seq: number;
}

/** A StatefulSet's claim made from a volumeClaimTemplate. */
export interface ClaimDraft {
  readonly namespace: string;
  readonly name: string;
  readonly template: JsonObject;
  readonly origin: Resource;
  readonly pointer: string;
}

export interface WorkloadResult {
  readonly pods: PodDraft[];
  readonly claims: ClaimDraft[];
  readonly problems: SimProblem[];
  /** Desired pod count per workload key (for "workload stays short" reports). */
  readonly desired: ReadonlyMap<string, number>;
}

export interface WorkloadOptions {
  /** Expand each CronJob into one Job (`--cronjobs`). */
  readonly cronjobs?: boolean;
}

/** The fixed stand-in time a CronJob's Job is named after (2025-01-01T00:00:00Z, in minutes). */
export const CRONJOB_STAND_IN_MINUTES = Math.floor(Date.UTC(2025, 0, 1) / 60000);

const DAEMONSET_TOLERATIONS: readonly { key: string; effect: string; hostNetworkOnly?: boolean }[] = [
  // daemon/util/daemonset_util.go AddOrUpdateDaemonPodTolerations.
  { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule', hostNetworkOnly: true },
];

function clone<T>(v: T): T {
  return structuredClone(v);
}

/**
 * SetDefaults_Pod: a container's missing requests default to its limits (Pods only, never templates), and with
 * hostNetwork every container port's hostPort defaults to its containerPort; protocol defaults to TCP.
 * Copy on write: only the objects defaulting changes are copied (spec, container lists, containers, their
 * resources and ports); everything else stays shared with the manifest, which nothing downstream mutates.
 */
export function defaultPodSpec(specIn: unknown): JsonObject {
  const spec = (isObject(specIn) ? copyObject(specIn) : {}) as Record<string, unknown>;
  const hostNetwork = spec.hostNetwork === true;
  for (const field of ['initContainers', 'containers'] as const) {
    if (!Array.isArray(spec[field])) continue;
    spec[field] = (spec[field] as unknown[]).map((item) => {
      if (!isObject(item)) return item;
      const c = copyObject(item) as Record<string, unknown>;
      const res = asObject(c.resources);
      const limits = asObject(res?.limits);
      if (res && limits) {
        const requests = copyObject(asObject(res.requests) ?? {}) as Record<string, unknown>;
        for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
        c.resources = mergeObjects(res, { requests });
      }
      if (Array.isArray(c.ports)) {
        c.ports = (c.ports as unknown[]).map((portIn) => {
          if (!isObject(portIn)) return portIn;
          const p = copyObject(portIn) as Record<string, unknown>;
          if (p.protocol === undefined) p.protocol = 'TCP';
          if (hostNetwork && (p.hostPort === undefined || p.hostPort === 0) && typeof p.containerPort === 'number') p.hostPort = p.containerPort;
          return p;
        });
      }
      return c;
    });
  }
  if (spec.restartPolicy === undefined) spec.restartPolicy = 'Always';
  if (spec.dnsPolicy === undefined) spec.dnsPolicy = 'ClusterFirst';
  if (spec.schedulerName === undefined) spec.schedulerName = 'default-scheduler';
  return spec;
}

/** A workload's pod template (the object, for hashing), its metadata and spec, and where it is. */
interface Template {
  readonly template: unknown;
  readonly meta: JsonObject;
  readonly spec: unknown;
  readonly pointer: string;
}

/** The reference tokens of each template pointer, split once (the pointers have no escapes). */
const templateTokens = new Map<string, readonly string[]>();

function templateOf(r: Resource): Template {
  const loc = POD_TEMPLATE_LOCATIONS[r.kind] ?? { template: '/spec/template', spec: '/spec/template/spec' };
  let tokens = templateTokens.get(loc.template);
  if (!tokens) templateTokens.set(loc.template, (tokens = pointerTokens(loc.template)));
  const template = get(r.raw, ...tokens);
  // Every kind's spec pointer is its template pointer + `/spec`.
  return { template, meta: asObject(get(template, 'metadata')) ?? {}, spec: get(template, 'spec'), pointer: loc.template };
}

function claimNames(spec: unknown): string[] {
  const out: string[] = [];
  for (const v of asObjects(get(spec, 'volumes'))) {
    const c = asString(get(v, 'persistentVolumeClaim', 'claimName'));
    if (c) out.push(c);
  }
  return out;
}

const SELECTOR_VALIDATED_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController']);

/**
 * The API server refuses a workload whose selector is missing, empty or does not select its own template
 * (apps validation: "selector does not match template labels", "empty selector is invalid for deployment"),
 * so such a workload makes no pods; the workload-selector-mismatch rule reports it. A ReplicationController's
 * (and a legacy extensions/v1beta1 workload's) missing selector defaults to the template labels.
 */
export function selectorAccepted(r: Resource): boolean {
  if (!SELECTOR_VALIDATED_KINDS.has(r.kind)) return true;
  // These kinds keep their template at /spec/template (POD_TEMPLATE_LOCATIONS); only its labels are needed.
  const template = get(r.raw, 'spec', 'template');
  if (!isObject(template)) return true;
  const raw = get(r.raw, 'spec', 'selector');
  if (raw === undefined || raw === null) return r.kind === 'ReplicationController' || r.group === 'extensions';
  const labels = asStringMap(get(template, 'metadata', 'labels'));
  if (r.kind !== 'ReplicationController' && isObject(raw) && raw.matchExpressions === undefined) return matchLabelsAccept(raw.matchLabels, labels);
  const sel = r.kind === 'ReplicationController' ? selectorFromMap(asStringMap(raw)) : selectorFromLabelSelector(raw);
  if (isSelectorError(sel) || sel.requirements.length === 0) return r.kind === 'ReplicationController' && !isSelectorError(sel);
  return sel.matches(labels);
}

/**
 * {@link selectorAccepted} for a LabelSelector of matchLabels only (nearly every workload's), without compiling
 * it: accepted when it has an entry, every entry is a valid requirement (string value, valid label key and
 * value) and the template has each label. Any failure refuses the workload, so the first one answers.
 */
function matchLabelsAccept(matchLabels: unknown, labels: Labels): boolean {
  if (!isObject(matchLabels)) return false;
  const keys = Object.keys(matchLabels);
  if (keys.length === 0) return false;
  for (const k of keys) {
    const v = matchLabels[k];
    if (typeof v !== 'string' || !Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== v) return false;
    if (validateLabelKey(k) !== undefined || validateLabelValue(v) !== undefined) return false;
  }
  return true;
}

/** `spec.selector.matchLabels` of a workload. */
function selectorLabels(r: Resource): Labels {
  return asStringMap(get(r.raw, 'spec', 'selector', 'matchLabels'));
}

/** Expands every workload of the model into pods, in input order. */
export function expandWorkloads(model: Model, nodes: readonly NodeDraft[], options: WorkloadOptions = {}): WorkloadResult {
  const pods: PodDraft[] = [];
  const claims: ClaimDraft[] = [];
  const problems: SimProblem[] = [];
  const desired = new Map<string, number>();
  const names = new NameGenerator();
  let seq = 0;
  const nsOf = (r: Resource): string => r.namespace ?? 'default';

  // HPA: minReplicas raises (and maxReplicas caps) the target's replicas; replicas 0 disables autoscaling.
  const hpa = new Map<string, { min: number; max?: number }>();
  for (const h of model.byKind('HorizontalPodAutoscaler')) {
    const kind = asString(get(h.raw, 'spec', 'scaleTargetRef', 'kind'));
    const name = asString(get(h.raw, 'spec', 'scaleTargetRef', 'name'));
    if (!kind || !name) continue;
    hpa.set(`${nsOf(h)}/${kind}/${name}`, { min: asInteger(get(h.raw, 'spec', 'minReplicas')) ?? 1, max: asInteger(get(h.raw, 'spec', 'maxReplicas')) });
  }
  const replicasOf = (r: Resource): number => {
    const declared = get(r.raw, 'spec', 'replicas');
    let n = declared === undefined || declared === null ? 1 : (asInteger(declared) ?? 1);
    const h = hpa.get(`${nsOf(r)}/${r.kind}/${r.name}`);
    if (h && n !== 0) {
      if (n < h.min) n = h.min;
      if (h.max !== undefined && n > h.max) n = h.max;
    }
    return Math.max(0, n);
  };

  // Pods already running (snapshots) and bare Pods come first, so they occupy their nodes.
  const owned = new Map<string, number>();
  for (const r of model.byKind('Pod')) {
    if (r.group !== '') continue;
    const phase = asString(get(r.raw, 'status', 'phase'));
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const spec = defaultPodSpec(get(r.raw, 'spec'));
    const ns = nsOf(r);
    const ownerRef = asObjects(get(r.raw, 'metadata', 'ownerReferences')).find((o) => o.controller === true);
    const owner = ownerRef && asString(ownerRef.kind) && asString(ownerRef.name) ? { kind: asString(ownerRef.kind) as string, name: asString(ownerRef.name) as string } : undefined;
    if (owner) owned.set(`${ns}/${owner.kind}/${owner.name}`, (owned.get(`${ns}/${owner.kind}/${owner.name}`) ?? 0) + 1);
    const nodeName = asString(spec.nodeName);
    const name = r.name || names.generate(ns, asString(get(r.raw, 'metadata', 'generateName')) ?? 'pod-');
    names.reserve(ns, name);
    pods.push({
      namespace: ns,
      name,
      labels: { ...asStringMap(get(r.raw, 'metadata', 'labels')) },
      annotations: { ...asStringMap(get(r.raw, 'metadata', 'annotations')) },
      spec,
      origin: { resource: r, templatePointer: '' },
      owner,
      // A pod with a status phase comes from a snapshot of a cluster (already admitted by its kubelet).
      bound: nodeName ? { nodeName, podIP: asString(get(r.raw, 'status', 'podIP')), hostIP: asString(get(r.raw, 'status', 'hostIP')), running: phase !== undefined } : undefined,
      claims: claimNames(spec),
      seq: seq++,
    });
  }
  // Existing pods owned by a controller count towards it (a Deployment's pods are owned by its ReplicaSets).
  const existingFor = (r: Resource): number => {
    const ns = nsOf(r);
    if (r.kind !== 'Deployment') return owned.get(`${ns}/${r.kind}/${r.name}`) ?? 0;
    let n = 0;
    for (const [k, v] of owned) if (k.startsWith(`${ns}/ReplicaSet/${r.name}-`)) n += v;
    return n;
  };
  const makePods = (
    r: Resource,
    count: number,
    prefix: (i: number) => { name?: string; generateName?: string },
    build: (i: number) => { labels: Record<string, string>; annotations: Record<string, string>; spec: JsonObject; claims?: string[] },
    owner: { kind: string; name: string },
    pointer: string,
    defaultSpreadSelector: Labels,
  ): void => {
    const ns = nsOf(r);
    // Shared by the pods made here: the origin, and the claims of a spec the replicas share.
    const origin = { resource: r, templatePointer: pointer };
    let claimsOf: { spec: JsonObject; claims: string[] } | undefined;
    for (let i = 0; i < count; i++) {
      const p = prefix(i);
      const b = build(i);
      if (!b.claims && claimsOf?.spec !== b.spec) claimsOf = { spec: b.spec, claims: claimNames(b.spec) };
      const name = p.name ?? names.generate(ns, p.generateName ?? `${r.name}-`);
      if (p.name) names.reserve(ns, p.name);
      pods.push({
        namespace: ns,
        name,
        generateName: p.name ? undefined : (p.generateName ?? `${r.name}-`),
        labels: b.labels,
        annotations: b.annotations,
        spec: b.spec,
        origin,
        owner,
        defaultSpreadSelector,
        claims: b.claims ?? (claimsOf as { claims: string[] }).claims,
        seq: seq++,
      });
    }
  };

  const expandReplicaSetLike = (r: Resource, t: Template, rsName: string, extraLabels: Record<string, string>, ownerKind: string, count: number, topOwner: Resource): void => {
    const labels = mergeObjects(asStringMap(t.meta.labels), extraLabels);
    const annotations = { ...asStringMap(t.meta.annotations) };
    const spec = defaultPodSpec(t.spec);
    const sel = r.kind === 'ReplicationController' ? asStringMap(get(r.raw, 'spec', 'selector')) : selectorLabels(r);
    desired.set(topOwner.key, count + (desired.get(topOwner.key) ?? 0));
    const make = Math.max(0, count - existingFor(topOwner));
    const generateName = { generateName: `${rsName}-` };
    // Replicas share one labels, annotations and spec object (nothing downstream writes to a pod's).
    const replica = { labels, annotations, spec };
    makePods(topOwner, make, () => generateName, () => replica, { kind: ownerKind, name: rsName }, t.pointer, mergeObjects(sel, extraLabels));
  };

  for (const r of model.resources) {
    const ns = nsOf(r);
    if (!selectorAccepted(r)) continue;
    switch (r.kind) {
      case 'Deployment': {
        if (r.group !== 'apps' && r.group !== 'extensions') break;
        const t = templateOf(r);
        // ReplicaSet `<deployment>-<pod-template-hash>` (stand-in hash, see names.ts).
        const hash = templateHash(t.template, asInteger(get(r.raw, 'status', 'collisionCount')) ?? 0);
        expandReplicaSetLike(r, t, `${r.name}-${hash}`, { 'pod-template-hash': hash }, 'ReplicaSet', replicasOf(r), r);
        break;
      }
      case 'ReplicaSet':
        if (r.group !== 'apps' && r.group !== 'extensions') break;
        // A ReplicaSet owned by a Deployment in the input is the Deployment's: skip it.
        if (asObjects(get(r.raw, 'metadata', 'ownerReferences')).some((o) => o.kind === 'Deployment' && typeof o.name === 'string' && !!model.find('Deployment', ns, o.name))) break;
        expandReplicaSetLike(r, templateOf(r), r.name, {}, 'ReplicaSet', replicasOf(r), r);
        break;
      case 'ReplicationController':
        if (r.group !== '') break;
        expandReplicaSetLike(r, templateOf(r), r.name, {}, 'ReplicationController', replicasOf(r), r);
        break;
      case 'StatefulSet': {
        if (r.group !== 'apps') break;
        const t = templateOf(r);
        const count = replicasOf(r);
        desired.set(r.key, count);
        const start = asInteger(get(r.raw, 'spec', 'ordinals', 'start')) ?? 0;
        const revision = `${r.name}-${templateHash(t.template)}`;
        const serviceName = asString(get(r.raw, 'spec', 'serviceName'));
        const vcts = asObjects(get(r.raw, 'spec', 'volumeClaimTemplates'));
        const existing = new Set(
          model.byKind('Pod').filter((p) => nsOf(p) === ns && asObjects(get(p.raw, 'metadata', 'ownerReferences')).some((o) => o.kind === 'StatefulSet' && o.name === r.name)).map((p) => p.name),
        );
        const ordinals = Array.from({ length: count }, (_, i) => start + i).filter((o) => !existing.has(`${r.name}-${o}`));
        makePods(
          r,
          ordinals.length,
          (i) => ({ name: `${r.name}-${ordinals[i] as number}` }),
          (i) => {
            const ordinal = ordinals[i] as number;
            const podName = `${r.name}-${ordinal}`;
            const spec = defaultPodSpec(t.spec) as Record<string, unknown>;
            // stateful_set_utils.go: hostname = pod name, subdomain = serviceName; claims <template>-<sts>-<ordinal>.
            spec.hostname = podName;
            if (serviceName) spec.subdomain = serviceName;
            const podClaims: string[] = [];
            const volumes = [...asObjects(spec.volumes)] as Record<string, unknown>[];
            vcts.forEach((v, vi) => {
              const tname = asString(get(v, 'metadata', 'name'));
              if (!tname) return;
              const claim = `${tname}-${r.name}-${ordinal}`;
              podClaims.push(claim);
              claims.push({ namespace: ns, name: claim, template: v, origin: r, pointer: `/spec/volumeClaimTemplates/${vi}` });
              const existingVol = volumes.find((vol) => vol.name === tname);
              if (existingVol) existingVol.persistentVolumeClaim = { claimName: claim };
              else volumes.push({ name: tname, persistentVolumeClaim: { claimName: claim } });
            });
            if (volumes.length > 0) spec.volumes = volumes;
            return {
              labels: mergeObjects(asStringMap(t.meta.labels), {
                'apps.kubernetes.io/pod-index': String(ordinal),
                'controller-revision-hash': revision,
                'statefulset.kubernetes.io/pod-name': podName,
              }),
              annotations: { ...asStringMap(t.meta.annotations) },
              spec,
              claims: claimNames(spec),
            };
          },
          { kind: 'StatefulSet', name: r.name },
          t.pointer,
          selectorLabels(r),
        );
        break;
      }
      case 'DaemonSet': {
        if (r.group !== 'apps' && r.group !== 'extensions') break;
        const t = templateOf(r);
        const base = defaultPodSpec(t.spec) as Record<string, unknown>;
        const hostNetwork = base.hostNetwork === true;
        const tolerations = [...asObjects(base.tolerations)] as Record<string, unknown>[];
        for (const d of DAEMONSET_TOLERATIONS) {
          if (d.hostNetworkOnly && !hostNetwork) continue;
          if (!tolerations.some((x) => x.key === d.key && x.effect === d.effect && x.operator === 'Exists'))
            tolerations.push({ key: d.key, operator: 'Exists', effect: d.effect });
        }
        base.tolerations = tolerations;
        const constraints = readNodeConstraints(base);
        const tols = readTolerations(tolerations);
        const specNodeName = asString(base.nodeName);
        // daemon controller `nodeShouldRunDaemonPod`: node name, node affinity/selector, untolerated taints.
        const eligible = [...nodes]
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
          .filter((n) => (!specNodeName || specNodeName === n.name) && nodeMatchesConstraints(constraints, n.name, n.labels) && firstUntoleratedTaint(n.taints, tols) === undefined);
        const hash = templateHash(t.template);
        const existingNodes = new Set(
          model.byKind('Pod').filter((p) => nsOf(p) === ns && asObjects(get(p.raw, 'metadata', 'ownerReferences')).some((o) => o.kind === 'DaemonSet' && o.name === r.name)).map((p) => asString(get(p.raw, 'spec', 'nodeName'))),
        );
        const targets = eligible.filter((n) => !existingNodes.has(n.name));
        desired.set(r.key, eligible.length);
        makePods(
          r,
          targets.length,
          () => ({ generateName: `${r.name}-` }),
          (i) => {
            const node = targets[i] as NodeDraft;
            const spec = clone(base);
            // util.ReplaceDaemonSetPodNodeNameNodeAffinity: required terms become `metadata.name In [<node>]`.
            const affinity = copyObject(asObject(spec.affinity) ?? {}) as Record<string, unknown>;
            const na = copyObject(asObject(affinity.nodeAffinity) ?? {}) as Record<string, unknown>;
            na.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node.name] }] }] };
            affinity.nodeAffinity = na;
            spec.affinity = affinity;
            return {
              labels: mergeObjects(asStringMap(t.meta.labels), { 'controller-revision-hash': hash, 'pod-template-generation': String(asInteger(get(r.raw, 'metadata', 'generation')) ?? 1) }),
              annotations: { ...asStringMap(t.meta.annotations) },
              spec,
            };
          },
          { kind: 'DaemonSet', name: r.name },
          t.pointer,
          {},
        );
        break;
      }
      case 'Job':
        if (r.group !== 'batch') break;
        expandJob(r, r.raw, r.name, '');
        break;
      case 'CronJob': {
        if (r.group !== 'batch' || !options.cronjobs) break;
        // cronjob controller getJobName: `<cronjob>-<scheduled time in minutes>`; a fixed stand-in time here.
        const jobTemplate = asObject(get(r.raw, 'spec', 'jobTemplate')) ?? {};
        expandJob(r, jobTemplate, `${r.name}-${CRONJOB_STAND_IN_MINUTES}`, '/spec/jobTemplate');
        break;
      }
    }
  }

  function expandJob(r: Resource, job: JsonObject, jobName: string, base: string): void {
    const ns = nsOf(r);
    if (get(job, 'spec', 'suspend') === true) {
      desired.set(r.key, 0);
      return;
    }
    const parallelism = asInteger(get(job, 'spec', 'parallelism')) ?? 1;
    const completions = asInteger(get(job, 'spec', 'completions'));
    // job controller: active pods = min(parallelism, remaining completions) (completions unset: parallelism).
    const count = Math.max(0, completions === undefined ? parallelism : Math.min(parallelism, completions));
    const indexed = asString(get(job, 'spec', 'completionMode')) === 'Indexed';
    const tmeta = asObject(get(job, 'spec', 'template', 'metadata')) ?? {};
    const spec = defaultPodSpec(get(job, 'spec', 'template', 'spec'));
    const uid = `uid-${templateHash({ ns, jobName })}`;
    desired.set(r.key, count);
    const annotations = { ...asStringMap(tmeta.annotations) };
    const labels = {
      ...asStringMap(tmeta.labels),
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': jobName,
      'controller-uid': uid,
      'job-name': jobName,
    };
    makePods(
      r,
      count,
      // job_controller podGenerateNameWithIndex: `<job>-<index>-`, the job name cut so the prefix fits in 58.
      (i) => ({ generateName: indexed ? `${jobName.slice(0, Math.max(0, 58 - String(i).length - 2))}-${i}-` : `${jobName}-` }),
      (i) => ({
        labels: indexed ? mergeObjects(labels, { 'batch.kubernetes.io/job-completion-index': String(i) }) : labels,
        annotations: indexed ? mergeObjects(annotations, { 'batch.kubernetes.io/job-completion-index': String(i) }) : annotations,
        spec,
      }),
      { kind: 'Job', name: jobName },
      `${base}/spec/template`,
      {},
    );
  }

  return { pods, claims, problems, desired };
}
