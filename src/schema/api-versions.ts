/**
 * Kubernetes API removals and deprecations, 1.16 to 1.36.
 *
 * Release numbers come from the generated `APILifecycleDeprecated/Removed/Replacement` functions
 * (`kubernetes/api:<group>/<version>/zz_generated.prerelease-lifecycle.go`), cross-checked with the
 * Deprecated API Migration Guide (`kubernetes/website:content/en/docs/reference/using-api/deprecation-guide.md`),
 * whose "Notable changes" are the migration notes below. The warning text mirrors the API server's
 * (`kubernetes/kubernetes:staging/src/k8s.io/apiserver/pkg/endpoints/deprecation/deprecation.go`):
 * `<group>/<version> <Kind> is deprecated in v1.X+, unavailable in v1.Y+; use <group>/<version> <Kind>`.
 */

/** A minor version of Kubernetes 1.x. */
export interface KubeVersion {
  readonly major: number;
  readonly minor: number;
}

/** The default `--kube-version`: the release the bundled schemas come from. */
export const DEFAULT_KUBE_VERSION: KubeVersion = { major: 1, minor: 36 };

/** Parses `1.36`, `v1.36`, `1.36.2`; undefined when the text is not a version. */
export function parseKubeVersion(text: string): KubeVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

export function formatKubeVersion(v: KubeVersion): string {
  return `${v.major}.${v.minor}`;
}

/** True when `a` is the same release as `b` or later. */
export function atLeast(a: KubeVersion, b: KubeVersion): boolean {
  return a.major !== b.major ? a.major > b.major : a.minor >= b.minor;
}

/** One apiVersion of one kind that is deprecated, removed, or both. */
export interface ApiLifecycle {
  readonly apiVersion: string;
  readonly kind: string;
  /** Release (1.x) from which the API server warns. */
  readonly deprecated: number;
  /** Release (1.x) that stopped serving it; undefined while it is still served by 1.36. */
  readonly removed?: number;
  /** What to use instead, newest first, each with the release it appeared in. */
  readonly replacements: readonly { readonly apiVersion: string; readonly kind: string; readonly since: number }[];
  /** Field changes a migration needs (the migration guide's "Notable changes"). */
  readonly notes?: readonly string[];
}

const r = (apiVersion: string, kind: string, since: number) => ({ apiVersion, kind, since });

const APPS_SELECTOR = 'spec.selector is now required and immutable after creation; use the existing template labels as the selector';
const INGRESS_NOTES = [
  'spec.backend is renamed to spec.defaultBackend',
  'the backend serviceName field is renamed to service.name',
  'numeric backend servicePort fields are renamed to service.port.number',
  'string backend servicePort fields are renamed to service.port.name',
  'pathType is now required for each path (Prefix, Exact or ImplementationSpecific; ImplementationSpecific matches the undefined v1beta1 behaviour)',
];
const FLOWCONTROL = [r('flowcontrol.apiserver.k8s.io/v1', '', 29), r('flowcontrol.apiserver.k8s.io/v1beta3', '', 26)];
const FLOWCONTROL_NOTES = [
  'PriorityLevelConfiguration spec.limited.assuredConcurrencyShares is renamed to spec.limited.nominalConcurrencyShares',
];

function entries(
  apiVersion: string,
  kinds: readonly string[],
  deprecated: number,
  removed: number | undefined,
  replacements: readonly { apiVersion: string; kind: string; since: number }[],
  notes?: readonly string[],
): ApiLifecycle[] {
  return kinds.map((kind) => ({
    apiVersion,
    kind,
    deprecated,
    ...(removed !== undefined ? { removed } : {}),
    replacements: replacements.map((x) => ({ ...x, kind: x.kind === '' ? kind : x.kind })),
    ...(notes !== undefined ? { notes } : {}),
  }));
}

/** The table, in release order. */
export const API_LIFECYCLE: readonly ApiLifecycle[] = [
  // v1.16
  ...entries('extensions/v1beta1', ['Deployment'], 8, 16, [r('apps/v1', '', 9)], [
    'spec.rollbackTo is removed',
    APPS_SELECTOR,
    'spec.progressDeadlineSeconds now defaults to 600 seconds',
    'spec.revisionHistoryLimit now defaults to 10',
    'maxSurge and maxUnavailable now default to 25%',
  ]),
  ...entries('extensions/v1beta1', ['DaemonSet'], 8, 16, [r('apps/v1', '', 9)], [
    'spec.templateGeneration is removed',
    APPS_SELECTOR,
    'spec.updateStrategy.type now defaults to RollingUpdate',
  ]),
  ...entries('extensions/v1beta1', ['ReplicaSet'], 8, 16, [r('apps/v1', '', 9)], [APPS_SELECTOR]),
  ...entries('extensions/v1beta1', ['NetworkPolicy'], 9, 16, [r('networking.k8s.io/v1', '', 8)]),
  ...entries('extensions/v1beta1', ['PodSecurityPolicy'], 10, 16, [r('policy/v1beta1', '', 10)]),
  ...entries('apps/v1beta1', ['Deployment'], 8, 16, [r('apps/v1', '', 9)], ['spec.rollbackTo is removed', APPS_SELECTOR]),
  ...entries('apps/v1beta1', ['StatefulSet'], 8, 16, [r('apps/v1', '', 9)], [
    APPS_SELECTOR,
    'spec.updateStrategy.type now defaults to RollingUpdate',
  ]),
  ...entries('apps/v1beta1', ['ControllerRevision'], 8, 16, [r('apps/v1', '', 9)]),
  ...entries('apps/v1beta2', ['Deployment', 'ReplicaSet', 'ControllerRevision'], 9, 16, [r('apps/v1', '', 9)], [APPS_SELECTOR]),
  ...entries('apps/v1beta2', ['DaemonSet', 'StatefulSet'], 9, 16, [r('apps/v1', '', 9)], [
    APPS_SELECTOR,
    'spec.updateStrategy.type now defaults to RollingUpdate',
  ]),
  // v1.22
  ...entries('admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], 16, 22, [r('admissionregistration.k8s.io/v1', '', 16)], [
    'webhooks[*].failurePolicy default changed from Ignore to Fail',
    'webhooks[*].matchPolicy default changed from Exact to Equivalent',
    'webhooks[*].timeoutSeconds default changed from 30s to 10s',
    'webhooks[*].sideEffects is required, and only None and NoneOnDryRun are permitted',
    'webhooks[*].admissionReviewVersions is required',
  ]),
  ...entries('apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], 16, 22, [r('apiextensions.k8s.io/v1', '', 16)], [
    'spec.scope must be given explicitly',
    'spec.version is removed; use spec.versions',
    'spec.validation is removed; use spec.versions[*].schema',
    'spec.subresources is removed; use spec.versions[*].subresources',
    'spec.additionalPrinterColumns is removed; use spec.versions[*].additionalPrinterColumns',
    'spec.versions[*].schema.openAPIV3Schema is required and must be a structural schema',
    'spec.preserveUnknownFields: true is disallowed; use x-kubernetes-preserve-unknown-fields: true in the schema',
  ]),
  ...entries('apiregistration.k8s.io/v1beta1', ['APIService'], 19, 22, [r('apiregistration.k8s.io/v1', '', 10)]),
  ...entries('authentication.k8s.io/v1beta1', ['TokenReview'], 19, 22, [r('authentication.k8s.io/v1', '', 6)]),
  ...entries('authorization.k8s.io/v1beta1', ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview', 'SelfSubjectRulesReview'], 19, 22, [r('authorization.k8s.io/v1', '', 6)], [
    'spec.group is renamed to spec.groups',
  ]),
  ...entries('certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], 19, 22, [r('certificates.k8s.io/v1', '', 19)], [
    'spec.signerName is required',
    'spec.usages is required, may not contain duplicates, and must only contain known usages',
  ]),
  ...entries('coordination.k8s.io/v1beta1', ['Lease'], 19, 22, [r('coordination.k8s.io/v1', '', 14)]),
  ...entries('extensions/v1beta1', ['Ingress'], 14, 22, [r('networking.k8s.io/v1', '', 19)], INGRESS_NOTES),
  ...entries('networking.k8s.io/v1beta1', ['Ingress'], 19, 22, [r('networking.k8s.io/v1', '', 19)], INGRESS_NOTES),
  ...entries('networking.k8s.io/v1beta1', ['IngressClass'], 19, 22, [r('networking.k8s.io/v1', '', 19)]),
  ...entries('rbac.authorization.k8s.io/v1beta1', ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], 17, 22, [r('rbac.authorization.k8s.io/v1', '', 8)]),
  ...entries('scheduling.k8s.io/v1beta1', ['PriorityClass'], 14, 22, [r('scheduling.k8s.io/v1', '', 14)]),
  ...entries('storage.k8s.io/v1beta1', ['CSIDriver', 'StorageClass', 'VolumeAttachment'], 19, 22, [r('storage.k8s.io/v1', '', 19)]),
  ...entries('storage.k8s.io/v1beta1', ['CSINode'], 17, 22, [r('storage.k8s.io/v1', '', 17)]),
  // v1.24 (alpha)
  ...entries('storage.k8s.io/v1alpha1', ['CSIStorageCapacity'], 21, 24, [r('storage.k8s.io/v1', '', 24), r('storage.k8s.io/v1beta1', '', 21)]),
  ...entries('storage.k8s.io/v1alpha1', ['VolumeAttachment'], 21, 24, [r('storage.k8s.io/v1', '', 13)]),
  // v1.25
  ...entries('batch/v1beta1', ['CronJob'], 21, 25, [r('batch/v1', '', 21)]),
  ...entries('discovery.k8s.io/v1beta1', ['EndpointSlice'], 21, 25, [r('discovery.k8s.io/v1', '', 21)], [
    'use the per-endpoint nodeName field instead of topology["kubernetes.io/hostname"]',
    'use the per-endpoint zone field instead of topology["topology.kubernetes.io/zone"]',
    'topology is replaced with deprecatedTopology, which is not writable in v1',
  ]),
  ...entries('events.k8s.io/v1beta1', ['Event'], 22, 25, [r('events.k8s.io/v1', '', 19)], [
    'type is limited to Normal and Warning',
    'involvedObject is renamed to regarding',
    'action, reason, reportingController and reportingInstance are required',
    'use eventTime instead of firstTimestamp, series.lastObservedTime instead of lastTimestamp, series.count instead of count',
  ]),
  ...entries('autoscaling/v2beta1', ['HorizontalPodAutoscaler'], 22, 25, [r('autoscaling/v2', '', 23)], [
    'targetAverageUtilization is replaced with target.averageUtilization and target.type: Utilization',
    'targetAverageValue and targetValue are replaced with target.averageValue / target.value and target.type',
  ]),
  ...entries('policy/v1beta1', ['PodDisruptionBudget'], 21, 25, [r('policy/v1', '', 21)], [
    'an empty spec.selector ({}) selects all pods in the namespace (in v1beta1 it selected none)',
  ]),
  ...entries('policy/v1beta1', ['PodSecurityPolicy'], 21, 25, [], [
    'PodSecurityPolicy has no replacement API: use Pod Security Admission or a third-party admission webhook',
  ]),
  ...entries('node.k8s.io/v1beta1', ['RuntimeClass'], 22, 25, [r('node.k8s.io/v1', '', 20)]),
  // v1.26
  ...entries('flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema', 'PriorityLevelConfiguration'], 23, 26, FLOWCONTROL, FLOWCONTROL_NOTES),
  ...entries('autoscaling/v2beta2', ['HorizontalPodAutoscaler'], 23, 26, [r('autoscaling/v2', '', 23)], [
    'targetAverageUtilization is replaced with target.averageUtilization and target.type: Utilization',
  ]),
  // v1.27
  ...entries('storage.k8s.io/v1beta1', ['CSIStorageCapacity'], 24, 27, [r('storage.k8s.io/v1', '', 24)]),
  // v1.29
  ...entries('flowcontrol.apiserver.k8s.io/v1beta2', ['FlowSchema', 'PriorityLevelConfiguration'], 26, 29, FLOWCONTROL, FLOWCONTROL_NOTES),
  // v1.32
  ...entries('flowcontrol.apiserver.k8s.io/v1beta3', ['FlowSchema', 'PriorityLevelConfiguration'], 29, 32, [r('flowcontrol.apiserver.k8s.io/v1', '', 29)], [
    'PriorityLevelConfiguration spec.limited.nominalConcurrencyShares only defaults to 30 when unspecified; an explicit 0 is kept',
  ]),
  ...entries('admissionregistration.k8s.io/v1alpha1', ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'], 29, 32, [r('admissionregistration.k8s.io/v1', '', 30)]),
  ...entries('authentication.k8s.io/v1alpha1', ['SelfSubjectReview'], 29, 32, [r('authentication.k8s.io/v1', '', 28)]),
  // v1.33, v1.34, v1.35
  ...entries('authentication.k8s.io/v1beta1', ['SelfSubjectReview'], 30, 33, [r('authentication.k8s.io/v1', '', 28)]),
  ...entries('admissionregistration.k8s.io/v1beta1', ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'], 31, 34, [r('admissionregistration.k8s.io/v1', '', 30)]),
  ...entries('storage.k8s.io/v1alpha1', ['VolumeAttributesClass'], 32, 35, [r('storage.k8s.io/v1', '', 34), r('storage.k8s.io/v1beta1', '', 31)]),
  // Deprecated and still served by 1.36.
  // Endpoints: deprecated in v1.33 (KEP-4974); the API server warns on every use.
  ...entries('v1', ['Endpoints'], 33, undefined, [r('discovery.k8s.io/v1', 'EndpointSlice', 21)]),
  ...entries('certificates.k8s.io/v1alpha1', ['ClusterTrustBundle'], 34, 37, [r('certificates.k8s.io/v1beta1', '', 33)]),
  ...entries('networking.k8s.io/v1beta1', ['IPAddress', 'ServiceCIDR'], 34, 37, [r('networking.k8s.io/v1', '', 33)]),
  ...entries('storage.k8s.io/v1beta1', ['VolumeAttributesClass'], 34, 37, [r('storage.k8s.io/v1', '', 34)]),
  ...entries('admissionregistration.k8s.io/v1alpha1', ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'], 35, 38, [r('admissionregistration.k8s.io/v1', '', 36)]),
  ...entries('coordination.k8s.io/v1alpha2', ['LeaseCandidate'], 35, 38, [r('coordination.k8s.io/v1beta1', '', 33)]),
  ...entries('resource.k8s.io/v1beta1', ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'], 35, 38, [r('resource.k8s.io/v1', '', 34)]),
  ...entries('coordination.k8s.io/v1beta1', ['LeaseCandidate'], 36, 39, []),
  ...entries('resource.k8s.io/v1beta2', ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'], 36, 39, [r('resource.k8s.io/v1', '', 34)]),
  ...entries('resource.k8s.io/v1alpha3', ['DeviceTaintRule'], 36, 39, [r('resource.k8s.io/v1beta2', '', 36)]),
];

/**
 * Release (1.x) in which a served apiVersion/kind appeared, for those newer than 1.16 (from the generated
 * `APILifecycleIntroduced` functions, `kubernetes/api:<group>/<version>/zz_generated.prerelease-lifecycle.go`).
 * With an older --kube-version such a pair is not served yet.
 */
export const API_INTRODUCED: Readonly<Record<string, number>> = {
  'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration': 16,
  'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration': 16,
  'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy': 30,
  'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding': 30,
  'admissionregistration.k8s.io/v1 MutatingAdmissionPolicy': 36,
  'admissionregistration.k8s.io/v1 MutatingAdmissionPolicyBinding': 36,
  'apiextensions.k8s.io/v1 CustomResourceDefinition': 16,
  'authentication.k8s.io/v1 SelfSubjectReview': 28,
  'autoscaling/v2 HorizontalPodAutoscaler': 23,
  'batch/v1 CronJob': 21,
  'certificates.k8s.io/v1 CertificateSigningRequest': 19,
  'discovery.k8s.io/v1 EndpointSlice': 21,
  'events.k8s.io/v1 Event': 19,
  'flowcontrol.apiserver.k8s.io/v1 FlowSchema': 29,
  'flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration': 29,
  'networking.k8s.io/v1 Ingress': 19,
  'networking.k8s.io/v1 IngressClass': 19,
  'networking.k8s.io/v1 IPAddress': 33,
  'networking.k8s.io/v1 ServiceCIDR': 33,
  'node.k8s.io/v1 RuntimeClass': 20,
  'policy/v1 PodDisruptionBudget': 21,
  'resource.k8s.io/v1 DeviceClass': 34,
  'resource.k8s.io/v1 ResourceClaim': 34,
  'resource.k8s.io/v1 ResourceClaimTemplate': 34,
  'resource.k8s.io/v1 ResourceSlice': 34,
  'storage.k8s.io/v1 CSIDriver': 18,
  'storage.k8s.io/v1 CSINode': 17,
  'storage.k8s.io/v1 CSIStorageCapacity': 24,
  'storage.k8s.io/v1 VolumeAttributesClass': 34,
};

/** The release that introduced a pair, when it is newer than the given version; else undefined. */
export function introducedAfter(apiVersion: string, kind: string, kube: KubeVersion): number | undefined {
  const since = API_INTRODUCED[`${apiVersion} ${kind}`];
  return since !== undefined && kube.major === 1 && kube.minor < since ? since : undefined;
}

const BY_KEY = new Map(API_LIFECYCLE.map((e) => [`${e.apiVersion} ${e.kind}`, e]));

/** The lifecycle entry of an apiVersion/kind pair, if any. */
export function lifecycleOf(apiVersion: string, kind: string): ApiLifecycle | undefined {
  return BY_KEY.get(`${apiVersion} ${kind}`);
}

/** Every apiVersion the table knows for a kind, for did-you-mean. */
export function lifecycleApiVersions(): ReadonlySet<string> {
  return new Set(API_LIFECYCLE.map((e) => e.apiVersion));
}

/** The replacement to name at a given Kubernetes version: the newest one that exists there. */
export function replacementAt(e: ApiLifecycle, kube: KubeVersion): { apiVersion: string; kind: string } | undefined {
  return e.replacements.find((x) => atLeast(kube, { major: 1, minor: x.since })) ?? e.replacements[e.replacements.length - 1];
}

/** What an apiVersion/kind pair is at a Kubernetes version. */
export type ApiStatus =
  | { readonly state: 'removed'; readonly entry: ApiLifecycle; readonly message: string }
  | { readonly state: 'deprecated'; readonly entry: ApiLifecycle; readonly message: string }
  | { readonly state: 'ok' };

/**
 * Classifies a pair against the table. Removed: the release is at or after `removed`. Deprecated: at or
 * after `deprecated` and before `removed`.
 */
export function apiStatus(apiVersion: string, kind: string, kube: KubeVersion): ApiStatus {
  const e = lifecycleOf(apiVersion, kind);
  if (e === undefined || kube.major !== 1) return { state: 'ok' };
  const rep = replacementAt(e, kube);
  const use = rep === undefined ? '' : `; use ${rep.apiVersion} ${rep.kind}`;
  const notes = e.notes !== undefined && e.notes.length > 0 ? `. Migration: ${e.notes.join('; ')}` : '';
  if (e.removed !== undefined && kube.minor >= e.removed) {
    return {
      state: 'removed',
      entry: e,
      message: `${apiVersion} ${kind} is unavailable in v1.${e.removed}+ (removed in Kubernetes 1.${e.removed}, deprecated since 1.${e.deprecated})${use}${notes}`,
    };
  }
  if (kube.minor >= e.deprecated) {
    const until = e.removed !== undefined ? `, unavailable in v1.${e.removed}+` : '';
    return { state: 'deprecated', entry: e, message: `${apiVersion} ${kind} is deprecated in v1.${e.deprecated}+${until}${use}${notes}` };
  }
  return { state: 'ok' };
}
