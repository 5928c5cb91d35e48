/**
 * ClusterState: the one immutable snapshot the dry run produces and every query and engine-backed rule
 * reads. Steps run in control-plane order (./index.ts); none reads a later step's result.
 */
import type { JsonPointer } from '../model/location.js';
import type { Resource } from '../model/resource.js';
import type { NetpolState } from './netpol/state.js';
import type { SimNamespace, SimNode, SimPod, SimService } from './types.js';
import type { SimEndpointSlice } from './endpoints.js';
import type { DnsData } from './dns/data.js';
import type { RoutingContext } from './routing/context.js';

/**
 * Something the dry run found wrong (an unschedulable pod, a quota rejection, an allocation conflict).
 * Engine-backed rule functions turn problems into findings; the dry run itself never renders findings.
 */
export interface SimProblem {
  /** Stable code, matched by engine-backed rules (e.g. `unschedulable`, `quota-exceeded`, `nodeport-conflict`). */
  readonly code: string;
  readonly resource: Resource;
  readonly pointer: JsonPointer;
  /** Kubernetes' own wording where it has one (the FitError text, the admission error). */
  readonly message: string;
  readonly data?: Readonly<Record<string, string | number | boolean>>;
}

/** What the scheduling steps add for the `schedule` query: where the nodes came from, and workload shortfalls. */
export interface SchedulingSummary {
  /** Where the nodes came from: Node objects in the input, `--cluster`, `--nodes`, or the default profile. */
  readonly clusterSources: readonly ('input' | 'cluster' | 'shorthand' | 'default')[];
  /** Per workload (`ns/Kind/name`): pods wanted and pods running. */
  readonly workloads: readonly { readonly workload: string; readonly desired: number; readonly running: number }[];
  /** Preemptions: the pod placed and the pods it would evict. */
  readonly preemptions: readonly { readonly pod: string; readonly node: string; readonly victims: readonly string[] }[];
}

export interface ClusterState {
  readonly namespaces: ReadonlyMap<string, SimNamespace>;
  readonly nodes: readonly SimNode[];
  readonly pods: readonly SimPod[];
  readonly services: readonly SimService[];
  readonly problems: readonly SimProblem[];
  /** EndpointSlices (discovery.k8s.io/v1) per Service, from the endpoints step (./endpoints.ts). */
  readonly endpointSlices?: readonly SimEndpointSlice[];
  /** Cluster DNS data (./dns/data.ts): what CoreDNS answers from. */
  readonly dns?: DnsData;
  /** Routing context (./routing/context.ts): Ingresses, LoadBalancer addresses, endpoint index. */
  readonly routing?: RoutingContext;
  /** NetworkPolicy reachability (the netpol step: `netpolStep` in ./netpol/index.ts), once wired in. */
  readonly netpol?: NetpolState;
  /** Set by the scheduling steps (issue 5). */
  readonly scheduling?: SchedulingSummary;
}
