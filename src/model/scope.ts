/**
 * Which built-in kinds are cluster-scoped (`kubectl api-resources --namespaced=false` on Kubernetes 1.36,
 * plus removed kinds that manifests still carry). Every other kind is namespaced unless a
 * CustomResourceDefinition in the input says `scope: Cluster`.
 */
const CLUSTER_SCOPED_KINDS = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterTrustBundle',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'DeviceClass',
  'FlowSchema',
  'IngressClass',
  'IPAddress',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'ResourceSlice',
  'RuntimeClass',
  'SelfSubjectAccessReview',
  'SelfSubjectReview',
  'SelfSubjectRulesReview',
  'ServiceCIDR',
  'StorageClass',
  'StorageVersion',
  'StorageVersionMigration',
  'SubjectAccessReview',
  'TokenReview',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'VolumeAttributesClass',
  // Policy-tier CRDs the engine knows (policy.networking.k8s.io).
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
]);

/** Kinds whose group decides scope (a CRD may reuse a built-in kind name in another group). */
export function isClusterScoped(group: string, kind: string, crdScopes: ReadonlyMap<string, boolean>): boolean {
  // Most inputs define no CRDs: no key string to build then.
  const crd = crdScopes.size === 0 ? undefined : crdScopes.get(`${group}/${kind}`);
  if (crd !== undefined) return crd;
  return CLUSTER_SCOPED_KINDS.has(kind);
}
