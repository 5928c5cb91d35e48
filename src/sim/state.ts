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
}
