/**
 * The shared vocabulary of the dry run. Each step of sim/ is a pure function from the state built so far
 * to its own result; ClusterState (./state.ts) gathers them. Steps own their result types; the types here
 * are the ones several steps read: nodes, namespaces, pods placed on nodes, and Services with addresses.
 */
import type { Labels, PodSpec, Taint } from '../model/kinds.js';
import type { Resource } from '../model/resource.js';
import type { Quantity } from '../model/quantity.js';

export interface SimNamespace {
  readonly name: string;
  /** Labels, including the automatic `kubernetes.io/metadata.name`. */
  readonly labels: Labels;
  /** The Namespace object, when the input has one (else the namespace is implied by its objects). */
  readonly resource?: Resource;
}

export interface NodeAddress {
  readonly type: string;
  readonly address: string;
}

export interface SimNode {
  readonly name: string;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  readonly unschedulable: boolean;
  /** Allocatable resources by name (cpu, memory, pods, ephemeral-storage, extended resources). */
  readonly allocatable: ReadonlyMap<string, Quantity>;
  readonly addresses: readonly NodeAddress[];
  /** The node's primary InternalIP. */
  readonly internalIP: string;
  /** Pod CIDR (from spec.podCIDR or allocated from --cluster-cidr). */
  readonly podCIDR: string;
  /** Node object it came from, or undefined for the embedded default profile / --nodes shorthand. */
  readonly resource?: Resource;
}

export type PodPhase = 'Running' | 'Pending' | 'Rejected';

export interface SimPod {
  readonly namespace: string;
  readonly name: string;
  /**
   * metadata.uid when the pod comes with one; else the deterministic stand-in `podUid(namespace, name)`
   * (./names.ts), made only where an object names the pod by uid (an endpoint's targetRef), not for every pod.
   */
  readonly uid?: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly spec: PodSpec;
  /** The object that produced the pod (a workload, or the Pod itself), and the template pointer in it. */
  readonly origin: { readonly resource: Resource; readonly templatePointer: string };
  /** Controller owner as metadata.ownerReferences would name it (ReplicaSet for Deployments). */
  readonly owner?: { readonly kind: string; readonly name: string };
  readonly phase: PodPhase;
  /** Node the pod is bound to; undefined when unschedulable or rejected. */
  readonly nodeName?: string;
  readonly podIP?: string;
  readonly hostIP?: string;
  readonly hostNetwork: boolean;
  /** Ready for endpoints: Running and scheduled (the dry run assumes probes pass). */
  readonly ready: boolean;
  /** Why the pod is not running: the scheduler's FitError text or the admission rejection. */
  readonly reason?: string;
  readonly priority: number;
}

export interface SimServicePort {
  readonly name?: string;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly port: number;
  /** Number, or a container port name resolved per pod. Defaults to `port`. */
  readonly targetPort: number | string;
  readonly nodePort?: number;
  readonly appProtocol?: string;
}

export interface SimService {
  readonly namespace: string;
  readonly name: string;
  readonly resource: Resource;
  readonly type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  /** undefined selector = Service without selector (endpoints come from the input). */
  readonly selector?: Labels;
  /** `None` for headless Services. */
  readonly clusterIP?: string;
  readonly clusterIPs: readonly string[];
  readonly headless: boolean;
  readonly ports: readonly SimServicePort[];
  readonly externalIPs: readonly string[];
  readonly externalName?: string;
  /** LoadBalancer ingress IPs: from status, else allocated from --lb-pool. */
  readonly loadBalancerIPs: readonly string[];
  readonly loadBalancerSourceRanges: readonly string[];
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  readonly internalTrafficPolicy: 'Cluster' | 'Local';
  readonly healthCheckNodePort?: number;
  readonly sessionAffinity: 'None' | 'ClientIP';
  readonly sessionAffinityTimeoutSeconds: number;
  readonly publishNotReadyAddresses: boolean;
}
