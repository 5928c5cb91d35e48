/**
 * Typed views of the Kubernetes objects the engine reads, as in the API reference (core/v1, apps/v1, …).
 * Only the fields the analyses use are declared. Input is untrusted: a value may have another type than
 * declared here when the document is schema-invalid, so readers go through the guards in `./guards.ts`
 * (or the normalised views of the step that owns them) rather than trusting these types blindly.
 */

export type Labels = Readonly<Record<string, string>>;

export interface ObjectMeta {
  readonly name?: string;
  readonly generateName?: string;
  readonly namespace?: string;
  readonly labels?: Labels;
  readonly annotations?: Labels;
  readonly uid?: string;
  readonly creationTimestamp?: string;
  readonly ownerReferences?: readonly OwnerReference[];
}

export interface OwnerReference {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly uid?: string;
  readonly controller?: boolean;
}

export interface K8sObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: ObjectMeta;
}

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export type IntOrString = number | string;
export type ResourceList = Readonly<Record<string, string | number>>;

export interface ResourceRequirements {
  readonly requests?: ResourceList;
  readonly limits?: ResourceList;
}

export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: string;
  readonly hostPort?: number;
  readonly hostIP?: string;
}

export interface Probe {
  readonly httpGet?: { readonly path?: string; readonly port: IntOrString; readonly scheme?: string };
  readonly tcpSocket?: { readonly port: IntOrString };
  readonly grpc?: { readonly port: number };
  readonly exec?: { readonly command?: readonly string[] };
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly failureThreshold?: number;
  readonly successThreshold?: number;
}

export interface SecurityContext {
  readonly privileged?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly procMount?: string;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
  readonly seccompProfile?: { readonly type?: string; readonly localhostProfile?: string };
  readonly appArmorProfile?: { readonly type?: string; readonly localhostProfile?: string };
  readonly seLinuxOptions?: Readonly<Record<string, string>>;
  readonly windowsOptions?: { readonly hostProcess?: boolean };
}

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly configMapKeyRef?: { readonly name?: string; readonly key?: string; readonly optional?: boolean };
    readonly secretKeyRef?: { readonly name?: string; readonly key?: string; readonly optional?: boolean };
    readonly fieldRef?: { readonly fieldPath?: string };
    readonly resourceFieldRef?: { readonly resource?: string };
  };
}

export interface EnvFromSource {
  readonly prefix?: string;
  readonly configMapRef?: { readonly name?: string; readonly optional?: boolean };
  readonly secretRef?: { readonly name?: string; readonly optional?: boolean };
}

export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly imagePullPolicy?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly ports?: readonly ContainerPort[];
  readonly env?: readonly EnvVar[];
  readonly envFrom?: readonly EnvFromSource[];
  readonly resources?: ResourceRequirements;
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly startupProbe?: Probe;
  readonly securityContext?: SecurityContext;
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string; readonly readOnly?: boolean; readonly subPath?: string }[];
  /** `Always` on an init container makes it a restartable sidecar. */
  readonly restartPolicy?: string;
}

export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
  readonly tolerationSeconds?: number;
}

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

export interface NodeSelectorTerm {
  readonly matchExpressions?: readonly NodeSelectorRequirement[];
  readonly matchFields?: readonly NodeSelectorRequirement[];
}

export interface PodAffinityTerm {
  readonly labelSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly namespaces?: readonly string[];
  readonly topologyKey: string;
  readonly matchLabelKeys?: readonly string[];
  readonly mismatchLabelKeys?: readonly string[];
}

export interface Affinity {
  readonly nodeAffinity?: {
    readonly requiredDuringSchedulingIgnoredDuringExecution?: { readonly nodeSelectorTerms: readonly NodeSelectorTerm[] };
    readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly { readonly weight: number; readonly preference: NodeSelectorTerm }[];
  };
  readonly podAffinity?: PodAffinity;
  readonly podAntiAffinity?: PodAffinity;
}

export interface PodAffinity {
  readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly PodAffinityTerm[];
  readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly { readonly weight: number; readonly podAffinityTerm: PodAffinityTerm }[];
}

export interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: string;
  readonly labelSelector?: LabelSelector;
  readonly minDomains?: number;
  readonly nodeAffinityPolicy?: string;
  readonly nodeTaintsPolicy?: string;
  readonly matchLabelKeys?: readonly string[];
}

export interface Volume {
  readonly name: string;
  readonly configMap?: { readonly name?: string; readonly optional?: boolean };
  readonly secret?: { readonly secretName?: string; readonly optional?: boolean };
  readonly persistentVolumeClaim?: { readonly claimName: string; readonly readOnly?: boolean };
  readonly hostPath?: { readonly path: string; readonly type?: string };
  readonly emptyDir?: { readonly medium?: string; readonly sizeLimit?: string };
  readonly projected?: { readonly sources?: readonly Readonly<Record<string, unknown>>[] };
  readonly [other: string]: unknown;
}

export interface PodSpec {
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly ephemeralContainers?: readonly Container[];
  readonly volumes?: readonly Volume[];
  readonly nodeName?: string;
  readonly nodeSelector?: Labels;
  readonly affinity?: Affinity;
  readonly tolerations?: readonly Toleration[];
  readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[];
  readonly schedulerName?: string;
  readonly priorityClassName?: string;
  readonly priority?: number;
  readonly preemptionPolicy?: string;
  readonly serviceAccountName?: string;
  readonly serviceAccount?: string;
  readonly automountServiceAccountToken?: boolean;
  readonly imagePullSecrets?: readonly { readonly name?: string }[];
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly hostUsers?: boolean;
  readonly hostname?: string;
  readonly subdomain?: string;
  readonly dnsPolicy?: string;
  readonly dnsConfig?: {
    readonly nameservers?: readonly string[];
    readonly searches?: readonly string[];
    readonly options?: readonly { readonly name: string; readonly value?: string }[];
  };
  readonly setHostnameAsFQDN?: boolean;
  readonly restartPolicy?: string;
  readonly securityContext?: SecurityContext & {
    readonly fsGroup?: number;
    readonly supplementalGroups?: readonly number[];
    readonly sysctls?: readonly { readonly name: string; readonly value: string }[];
  };
  readonly overhead?: ResourceList;
  readonly runtimeClassName?: string;
  readonly terminationGracePeriodSeconds?: number;
  readonly resources?: ResourceRequirements;
}

export interface PodTemplateSpec {
  readonly metadata?: ObjectMeta;
  readonly spec?: PodSpec;
}

export interface Pod extends K8sObject {
  readonly spec?: PodSpec;
  readonly status?: {
    readonly phase?: string;
    readonly podIP?: string;
    readonly podIPs?: readonly { readonly ip: string }[];
    readonly hostIP?: string;
    readonly conditions?: readonly { readonly type: string; readonly status: string }[];
  };
}

export interface ServicePort {
  readonly name?: string;
  readonly protocol?: string;
  readonly port: number;
  readonly targetPort?: IntOrString;
  readonly nodePort?: number;
  readonly appProtocol?: string;
}

export interface ServiceSpec {
  readonly type?: string;
  readonly selector?: Labels;
  readonly ports?: readonly ServicePort[];
  readonly clusterIP?: string;
  readonly clusterIPs?: readonly string[];
  readonly externalIPs?: readonly string[];
  readonly externalName?: string;
  readonly loadBalancerIP?: string;
  readonly loadBalancerSourceRanges?: readonly string[];
  readonly externalTrafficPolicy?: string;
  readonly internalTrafficPolicy?: string;
  readonly healthCheckNodePort?: number;
  readonly sessionAffinity?: string;
  readonly sessionAffinityConfig?: { readonly clientIP?: { readonly timeoutSeconds?: number } };
  readonly publishNotReadyAddresses?: boolean;
  readonly ipFamilies?: readonly string[];
  readonly ipFamilyPolicy?: string;
  readonly allocateLoadBalancerNodePorts?: boolean;
  readonly loadBalancerClass?: string;
  readonly trafficDistribution?: string;
}

export interface Service extends K8sObject {
  readonly spec?: ServiceSpec;
  readonly status?: { readonly loadBalancer?: { readonly ingress?: readonly { readonly ip?: string; readonly hostname?: string }[] } };
}

export interface NetworkPolicyPort {
  readonly protocol?: string;
  readonly port?: IntOrString;
  readonly endPort?: number;
}

export interface NetworkPolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

export interface NetworkPolicy extends K8sObject {
  readonly spec?: {
    readonly podSelector?: LabelSelector;
    readonly policyTypes?: readonly string[];
    readonly ingress?: readonly { readonly from?: readonly NetworkPolicyPeer[]; readonly ports?: readonly NetworkPolicyPort[] }[];
    readonly egress?: readonly { readonly to?: readonly NetworkPolicyPeer[]; readonly ports?: readonly NetworkPolicyPort[] }[];
  };
}

export interface IngressBackend {
  readonly service?: { readonly name: string; readonly port?: { readonly number?: number; readonly name?: string } };
  readonly resource?: { readonly apiGroup?: string; readonly kind: string; readonly name: string };
  /** Legacy extensions/v1beta1 and networking.k8s.io/v1beta1 form. */
  readonly serviceName?: string;
  readonly servicePort?: IntOrString;
}

export interface Ingress extends K8sObject {
  readonly spec?: {
    readonly ingressClassName?: string;
    readonly defaultBackend?: IngressBackend;
    /** Legacy name of defaultBackend. */
    readonly backend?: IngressBackend;
    readonly tls?: readonly { readonly hosts?: readonly string[]; readonly secretName?: string }[];
    readonly rules?: readonly {
      readonly host?: string;
      readonly http?: { readonly paths: readonly { readonly path?: string; readonly pathType?: string; readonly backend: IngressBackend }[] };
    }[];
  };
}

export interface Node extends K8sObject {
  readonly spec?: { readonly podCIDR?: string; readonly podCIDRs?: readonly string[]; readonly taints?: readonly Taint[]; readonly unschedulable?: boolean };
  readonly status?: {
    readonly capacity?: ResourceList;
    readonly allocatable?: ResourceList;
    readonly addresses?: readonly { readonly type: string; readonly address: string }[];
    readonly conditions?: readonly { readonly type: string; readonly status: string }[];
  };
}

export interface EndpointSlice extends K8sObject {
  readonly addressType?: string;
  readonly endpoints?: readonly {
    readonly addresses: readonly string[];
    readonly conditions?: { readonly ready?: boolean; readonly serving?: boolean; readonly terminating?: boolean };
    readonly hostname?: string;
    readonly nodeName?: string;
    readonly zone?: string;
    readonly targetRef?: { readonly kind?: string; readonly namespace?: string; readonly name?: string; readonly uid?: string };
  }[];
  readonly ports?: readonly { readonly name?: string; readonly protocol?: string; readonly port?: number; readonly appProtocol?: string }[];
}

export interface Deployment extends K8sObject {
  readonly spec?: {
    readonly replicas?: number;
    readonly selector?: LabelSelector;
    readonly template?: PodTemplateSpec;
    readonly strategy?: { readonly type?: string; readonly rollingUpdate?: { readonly maxSurge?: IntOrString; readonly maxUnavailable?: IntOrString } };
    readonly minReadySeconds?: number;
    readonly revisionHistoryLimit?: number;
  };
}

export interface ReplicaSet extends K8sObject {
  readonly spec?: { readonly replicas?: number; readonly selector?: LabelSelector; readonly template?: PodTemplateSpec };
}

export interface ReplicationController extends K8sObject {
  /** The selector is a plain map here, not a LabelSelector. */
  readonly spec?: { readonly replicas?: number; readonly selector?: Labels; readonly template?: PodTemplateSpec };
}

export interface PersistentVolumeClaimSpec {
  readonly accessModes?: readonly string[];
  readonly storageClassName?: string;
  readonly volumeName?: string;
  readonly volumeMode?: string;
  readonly resources?: ResourceRequirements;
  readonly selector?: LabelSelector;
}

export interface StatefulSet extends K8sObject {
  readonly spec?: {
    readonly replicas?: number;
    readonly serviceName?: string;
    readonly selector?: LabelSelector;
    readonly template?: PodTemplateSpec;
    readonly ordinals?: { readonly start?: number };
    readonly podManagementPolicy?: string;
    readonly volumeClaimTemplates?: readonly { readonly metadata?: ObjectMeta; readonly spec?: PersistentVolumeClaimSpec }[];
  };
}

export interface DaemonSet extends K8sObject {
  readonly spec?: { readonly selector?: LabelSelector; readonly template?: PodTemplateSpec; readonly updateStrategy?: { readonly type?: string } };
}

export interface JobSpec {
  readonly parallelism?: number;
  readonly completions?: number;
  readonly completionMode?: string;
  readonly backoffLimit?: number;
  readonly activeDeadlineSeconds?: number;
  readonly ttlSecondsAfterFinished?: number;
  readonly selector?: LabelSelector;
  readonly template?: PodTemplateSpec;
}

export interface Job extends K8sObject {
  readonly spec?: JobSpec;
}

export interface CronJob extends K8sObject {
  readonly spec?: {
    readonly schedule?: string;
    readonly startingDeadlineSeconds?: number;
    readonly concurrencyPolicy?: string;
    readonly suspend?: boolean;
    readonly jobTemplate?: { readonly metadata?: ObjectMeta; readonly spec?: JobSpec };
  };
}

export interface ConfigMap extends K8sObject {
  readonly data?: Labels;
  readonly binaryData?: Labels;
  readonly immutable?: boolean;
}

export interface Secret extends K8sObject {
  readonly type?: string;
  readonly data?: Labels;
  readonly stringData?: Labels;
  readonly immutable?: boolean;
}

export interface PersistentVolumeClaim extends K8sObject {
  readonly spec?: PersistentVolumeClaimSpec;
}

export interface PersistentVolume extends K8sObject {
  readonly spec?: {
    readonly capacity?: ResourceList;
    readonly accessModes?: readonly string[];
    readonly storageClassName?: string;
    readonly persistentVolumeReclaimPolicy?: string;
    readonly volumeMode?: string;
    readonly claimRef?: { readonly namespace?: string; readonly name?: string };
    readonly nodeAffinity?: { readonly required?: { readonly nodeSelectorTerms: readonly NodeSelectorTerm[] } };
  };
}

export interface StorageClass extends K8sObject {
  readonly provisioner?: string;
  readonly volumeBindingMode?: string;
  readonly reclaimPolicy?: string;
  readonly allowVolumeExpansion?: boolean;
  readonly allowedTopologies?: readonly { readonly matchLabelExpressions?: readonly { readonly key: string; readonly values: readonly string[] }[] }[];
}

export interface ServiceAccount extends K8sObject {
  readonly automountServiceAccountToken?: boolean;
  readonly secrets?: readonly { readonly name?: string }[];
  readonly imagePullSecrets?: readonly { readonly name?: string }[];
}

export interface ResourceQuota extends K8sObject {
  readonly spec?: {
    readonly hard?: ResourceList;
    readonly scopes?: readonly string[];
    readonly scopeSelector?: { readonly matchExpressions?: readonly { readonly scopeName: string; readonly operator: string; readonly values?: readonly string[] }[] };
  };
}

export interface LimitRange extends K8sObject {
  readonly spec?: {
    readonly limits?: readonly {
      readonly type: string;
      readonly max?: ResourceList;
      readonly min?: ResourceList;
      readonly default?: ResourceList;
      readonly defaultRequest?: ResourceList;
      readonly maxLimitRequestRatio?: ResourceList;
    }[];
  };
}

export interface PriorityClass extends K8sObject {
  readonly value?: number;
  readonly globalDefault?: boolean;
  readonly preemptionPolicy?: string;
}

export interface HorizontalPodAutoscaler extends K8sObject {
  readonly spec?: {
    readonly scaleTargetRef?: { readonly apiVersion?: string; readonly kind?: string; readonly name?: string };
    readonly minReplicas?: number;
    readonly maxReplicas?: number;
  };
}

export interface PodDisruptionBudget extends K8sObject {
  readonly spec?: { readonly selector?: LabelSelector; readonly minAvailable?: IntOrString; readonly maxUnavailable?: IntOrString };
}

export interface PolicyRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly verbs?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

/** Role and ClusterRole. */
export interface Role extends K8sObject {
  readonly rules?: readonly PolicyRule[];
  readonly aggregationRule?: { readonly clusterRoleSelectors?: readonly LabelSelector[] };
}

/** RoleBinding and ClusterRoleBinding. */
export interface RoleBinding extends K8sObject {
  readonly roleRef?: { readonly apiGroup?: string; readonly kind?: string; readonly name?: string };
  readonly subjects?: readonly { readonly kind?: string; readonly name?: string; readonly namespace?: string; readonly apiGroup?: string }[];
}

export interface CustomResourceDefinition extends K8sObject {
  readonly spec?: {
    readonly group?: string;
    readonly scope?: string;
    readonly names?: { readonly kind?: string; readonly plural?: string; readonly singular?: string; readonly listKind?: string };
    readonly versions?: readonly {
      readonly name?: string;
      readonly served?: boolean;
      readonly storage?: boolean;
      readonly deprecated?: boolean;
      readonly schema?: { readonly openAPIV3Schema?: Readonly<Record<string, unknown>> };
    }[];
  };
}

export type Namespace = K8sObject;

export interface IngressClass extends K8sObject {
  readonly spec?: { readonly controller?: string; readonly parameters?: Readonly<Record<string, unknown>> };
}

export interface Endpoints extends K8sObject {
  readonly subsets?: readonly {
    readonly addresses?: readonly { readonly ip: string; readonly hostname?: string; readonly nodeName?: string }[];
    readonly notReadyAddresses?: readonly { readonly ip: string; readonly hostname?: string; readonly nodeName?: string }[];
    readonly ports?: readonly { readonly name?: string; readonly port: number; readonly protocol?: string }[];
  }[];
}

/** The typed view of each kind the engine reads, by kind name (group-agnostic: legacy groups share shapes). */
export interface KindViews {
  Pod: Pod;
  Deployment: Deployment;
  ReplicaSet: ReplicaSet;
  ReplicationController: ReplicationController;
  StatefulSet: StatefulSet;
  DaemonSet: DaemonSet;
  Job: Job;
  CronJob: CronJob;
  Service: Service;
  Endpoints: Endpoints;
  EndpointSlice: EndpointSlice;
  Ingress: Ingress;
  IngressClass: IngressClass;
  NetworkPolicy: NetworkPolicy;
  Namespace: Namespace;
  Node: Node;
  ConfigMap: ConfigMap;
  Secret: Secret;
  PersistentVolumeClaim: PersistentVolumeClaim;
  PersistentVolume: PersistentVolume;
  StorageClass: StorageClass;
  ServiceAccount: ServiceAccount;
  ResourceQuota: ResourceQuota;
  LimitRange: LimitRange;
  PriorityClass: PriorityClass;
  HorizontalPodAutoscaler: HorizontalPodAutoscaler;
  PodDisruptionBudget: PodDisruptionBudget;
  Role: Role;
  ClusterRole: Role;
  RoleBinding: RoleBinding;
  ClusterRoleBinding: RoleBinding;
  CustomResourceDefinition: CustomResourceDefinition;
}
