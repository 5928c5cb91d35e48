/**
 * Facts the Kubernetes OpenAPI leaves out of `@kubernetes/client-node`'s models but the API server
 * enforces. Keys are model names without their version prefix (`ContainerPort` covers `V1ContainerPort`,
 * `CoreV1EndpointPort`…) and a property's JSON name. The generator fails when a key names nothing, so this
 * table cannot silently rot when the client is upgraded.
 */

/**
 * Closed enumerations, each from the API server's validation code
 * (`kubernetes/kubernetes:pkg/apis/core/validation/validation.go` unless noted). `''` is listed where
 * validation accepts the empty string as "the default".
 */
export const ENUMS: Readonly<Record<string, readonly string[]>> = {
  // supportedPortProtocols: TCP, UDP, SCTP (validateContainerPorts, validateServicePort, validateEndpointPort).
  'ContainerPort.protocol': ['TCP', 'UDP', 'SCTP'],
  'ServicePort.protocol': ['TCP', 'UDP', 'SCTP'],
  'EndpointPort.protocol': ['TCP', 'UDP', 'SCTP'],
  // pkg/apis/networking/validation/validation.go: ValidateNetworkPolicyPort.
  'NetworkPolicyPort.protocol': ['TCP', 'UDP', 'SCTP'],
  // supportedServiceType, supportedSessionAffinityType, supportedServiceInternal/ExternalTrafficPolicy,
  // supportedServiceIPFamilyPolicy, supportedIPFamilies.
  'ServiceSpec.type': ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
  'ServiceSpec.sessionAffinity': ['ClientIP', 'None'],
  'ServiceSpec.externalTrafficPolicy': ['Cluster', 'Local'],
  'ServiceSpec.internalTrafficPolicy': ['Cluster', 'Local'],
  'ServiceSpec.ipFamilyPolicy': ['SingleStack', 'PreferDualStack', 'RequireDualStack'],
  'ServiceSpec.ipFamilies[]': ['IPv4', 'IPv6'],
  // validateRestartPolicy, validateDNSPolicy, validatePullPolicy, terminationMessagePolicy.
  'PodSpec.restartPolicy': ['Always', 'OnFailure', 'Never'],
  'PodSpec.dnsPolicy': ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'],
  'Container.imagePullPolicy': ['Always', 'Never', 'IfNotPresent'],
  'EphemeralContainer.imagePullPolicy': ['Always', 'Never', 'IfNotPresent'],
  'Container.terminationMessagePolicy': ['File', 'FallbackToLogsOnError'],
  'EphemeralContainer.terminationMessagePolicy': ['File', 'FallbackToLogsOnError'],
  // validateHTTPGetAction: supportedHTTPSchemes.
  'HTTPGetAction.scheme': ['HTTP', 'HTTPS'],
  // validateHostPathType.
  'HostPathVolumeSource.type': [
    '',
    'DirectoryOrCreate',
    'Directory',
    'FileOrCreate',
    'File',
    'Socket',
    'CharDevice',
    'BlockDevice',
  ],
  // validateTaints / validateTolerations: taint effects; toleration operator '' means Equal.
  'Taint.effect': ['NoSchedule', 'PreferNoSchedule', 'NoExecute'],
  'Toleration.effect': ['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'],
  'Toleration.operator': ['', 'Equal', 'Exists'],
  // validateNodeSelectorRequirement; staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation:
  // ValidateLabelSelectorRequirement.
  'NodeSelectorRequirement.operator': ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'],
  'LabelSelectorRequirement.operator': ['In', 'NotIn', 'Exists', 'DoesNotExist'],
  // validateTopologySpreadConstraints: supportedScheduleActions, supportedPodTopologySpreadNodePolicies.
  'TopologySpreadConstraint.whenUnsatisfiable': ['DoNotSchedule', 'ScheduleAnyway'],
  'TopologySpreadConstraint.nodeAffinityPolicy': ['Honor', 'Ignore'],
  'TopologySpreadConstraint.nodeTaintsPolicy': ['Honor', 'Ignore'],
  // validateSeccompProfileField / validateAppArmorProfileField.
  'SeccompProfile.type': ['RuntimeDefault', 'Unconfined', 'Localhost'],
  'AppArmorProfile.type': ['RuntimeDefault', 'Unconfined', 'Localhost'],
  // supportedAccessModes, supportedVolumeModes, supportedReclaimPolicy.
  'PersistentVolumeClaimSpec.accessModes[]': ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'],
  'PersistentVolumeSpec.accessModes[]': ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'],
  'PersistentVolumeClaimSpec.volumeMode': ['Filesystem', 'Block'],
  'PersistentVolumeSpec.volumeMode': ['Filesystem', 'Block'],
  'PersistentVolumeSpec.persistentVolumeReclaimPolicy': ['Retain', 'Delete', 'Recycle'],
  // pkg/apis/storage/validation/validation.go: supportedReclaimPolicy, supportedVolumeBindingModes.
  'StorageClass.reclaimPolicy': ['Retain', 'Delete'],
  'StorageClass.volumeBindingMode': ['Immediate', 'WaitForFirstConsumer'],
  // pkg/apis/apps/validation/validation.go: ValidateDeploymentStrategy, ValidateDaemonSetUpdateStrategy,
  // ValidateStatefulSetSpec (podManagementPolicy, updateStrategy).
  'DeploymentStrategy.type': ['Recreate', 'RollingUpdate'],
  'DaemonSetUpdateStrategy.type': ['RollingUpdate', 'OnDelete'],
  'StatefulSetUpdateStrategy.type': ['RollingUpdate', 'OnDelete'],
  'StatefulSetSpec.podManagementPolicy': ['OrderedReady', 'Parallel'],
  // pkg/apis/batch/validation/validation.go: validateConcurrencyPolicy, completionMode, podReplacementPolicy.
  'CronJobSpec.concurrencyPolicy': ['Allow', 'Forbid', 'Replace'],
  'JobSpec.completionMode': ['NonIndexed', 'Indexed'],
  'JobSpec.podReplacementPolicy': ['TerminatingOrFailed', 'Failed'],
  // pkg/apis/networking/validation/validation.go: supportedPathTypes, ValidateNetworkPolicySpec policyTypes.
  'HTTPIngressPath.pathType': ['Exact', 'Prefix', 'ImplementationSpecific'],
  'NetworkPolicySpec.policyTypes[]': ['Ingress', 'Egress'],
  // pkg/apis/scheduling/validation: PriorityClass preemptionPolicy (core.PreemptionPolicy values).
  'PriorityClass.preemptionPolicy': ['PreemptLowerPriority', 'Never'],
  'PodSpec.preemptionPolicy': ['PreemptLowerPriority', 'Never'],
  // pkg/apis/policy/validation: unhealthyPodEvictionPolicy.
  'PodDisruptionBudgetSpec.unhealthyPodEvictionPolicy': ['IfHealthyBudget', 'AlwaysAllow'],
  // pkg/apis/apiextensions/validation: scope must be Cluster or Namespaced.
  'CustomResourceDefinitionSpec.scope': ['Cluster', 'Namespaced'],
};

/**
 * Quantity fields (`io.k8s.apimachinery.pkg.api.resource.Quantity` in the upstream OpenAPI; a plain string
 * in client-node's models): every field typed `resource.Quantity` or `ResourceList` in
 * `kubernetes/api:<group>/<version>/types.go`. A Quantity unmarshals from a JSON string or number
 * (`kubernetes/apimachinery:pkg/api/resource/quantity.go`, `UnmarshalJSON`). `{}` marks a map of them.
 */
export const QUANTITY_FIELDS: readonly string[] = [
  'ResourceRequirements.limits{}',
  'ResourceRequirements.requests{}',
  'VolumeResourceRequirements.limits{}',
  'VolumeResourceRequirements.requests{}',
  'LimitRangeItem.default{}',
  'LimitRangeItem.defaultRequest{}',
  'LimitRangeItem.max{}',
  'LimitRangeItem.maxLimitRequestRatio{}',
  'LimitRangeItem.min{}',
  'ResourceQuotaSpec.hard{}',
  'ResourceQuotaStatus.hard{}',
  'ResourceQuotaStatus.used{}',
  'NodeStatus.allocatable{}',
  'NodeStatus.capacity{}',
  'Overhead.podFixed{}',
  'PodSpec.overhead{}',
  'PodStatus.allocatedResources{}',
  'ContainerStatus.allocatedResources{}',
  'PersistentVolumeSpec.capacity{}',
  'PersistentVolumeClaimStatus.capacity{}',
  'PersistentVolumeClaimStatus.allocatedResources{}',
  'EmptyDirVolumeSource.sizeLimit',
  'CSIStorageCapacity.capacity',
  'CSIStorageCapacity.maximumVolumeSize',
  'DeviceCapacity.value',
  'Counter.value',
  'CapacityRequirements.requests{}',
  'CapacityRequestPolicy.default',
  'CapacityRequestPolicy.validValues[]',
  'CapacityRequestPolicyRange.min',
  'CapacityRequestPolicyRange.max',
  'CapacityRequestPolicyRange.step',
  'DeviceRequestAllocationResult.consumedCapacity{}',
  'ResourceFieldSelector.divisor',
  'MetricTarget.averageValue',
  'MetricTarget.value',
  'MetricValueStatus.averageValue',
  'MetricValueStatus.value',
  'HPAScalingRules.tolerance',
];

/** Kubernetes' Quantity grammar as a regular expression (`resource.ErrFormatWrong`'s text quotes it). */
export const QUANTITY_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
