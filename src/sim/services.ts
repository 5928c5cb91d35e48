/**
 * The dry-run steps after the scheduler and ipam: endpoints -> dns -> routing. One pure function from the
 * state so far (and the model, for the EndpointSlice, Endpoints, Ingress and IngressClass objects of the
 * input) to the state with EndpointSlices, DNS data and the routing context, plus their problems.
 */
import type { Model } from '../model/model.js';
import { deriveEndpoints, sortServices } from './endpoints.js';
import type { EndpointsInput, EndpointsOptions, EndpointsResult, ServiceEndpoints, SimEndpointSlice } from './endpoints.js';
import { DEFAULT_CLUSTER_DOMAIN, lazyDnsData } from './dns/data.js';
import type { DnsOptions } from './dns/data.js';
import { dnsProblems } from './dns/problems.js';
import { buildRoutingContext } from './routing/context.js';
import type { RoutingInput, RoutingOptions } from './routing/context.js';
import { routingProblems } from './routing/problems.js';
import type { ClusterState } from './state.js';

export interface ServicesOptions extends DnsOptions {
  /** kube-controller-manager `--max-endpoints-per-slice` (default 100). */
  readonly maxEndpointsPerSlice?: number;
  /** LoadBalancer address pool (`--lb-pool`, default 198.51.100.0/24). */
  readonly lbPool?: string;
}

export function servicesStep(model: Model, state: ClusterState, options: ServicesOptions = {}): ClusterState {
  // Endpoints and routing both list the Services by namespace and name: sorted once here, their own (stable)
  // sorts then find them in order. The state keeps the input order.
  const sorted: ClusterState = { ...state, services: sortServices(state.services) };
  const eps = endpointsStep(model, sorted, options);
  // Built when first read: `check` only needs the problems, and they need no DNS data.
  const dns = lazyDnsData({ services: state.services, endpointSlices: eps.endpointSlices, pods: state.pods, namespaces: state.namespaces }, options);
  const routing = buildRoutingContext(routingInput(model, sorted, eps.endpointSlices), routingOptions(options));
  const problems = [
    ...state.problems,
    ...eps.problems,
    ...dnsProblems({ services: state.services, pods: state.pods, endpointSlices: eps.endpointSlices }, options.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN),
    ...routingProblems(routing),
  ];
  return { ...state, endpointSlices: eps.endpointSlices, dns, routing, problems };
}

/** The endpoints step alone: EndpointSlices of every Service, from the pods and the input's own slices. */
export function endpointsStep(model: Model, state: ClusterState, options: ServicesOptions = {}): EndpointsResult {
  return deriveEndpoints(endpointsInput(model, state), endpointsOptions(options));
}

/** What the endpoints step reads: the state so far and the input's own EndpointSlice and Endpoints objects. */
export function endpointsInput(model: Model, state: ClusterState): EndpointsInput {
  return { services: state.services, pods: state.pods, nodes: state.nodes, inputObjects: [...model.byKind('EndpointSlice'), ...model.byKind('Endpoints')] };
}

export function endpointsOptions(options: ServicesOptions): EndpointsOptions {
  return options.maxEndpointsPerSlice !== undefined ? { maxEndpointsPerSlice: options.maxEndpointsPerSlice } : {};
}

/** What the routing step reads: the state so far and the input's Ingresses and IngressClasses. */
export function routingInput(model: Model, state: ClusterState, endpointSlices: readonly SimEndpointSlice[] | ServiceEndpoints): RoutingInput {
  return { services: state.services, endpointSlices, nodes: state.nodes, pods: state.pods, resources: [...model.byKind('Ingress'), ...model.byKind('IngressClass')] };
}

export function routingOptions(options: ServicesOptions): RoutingOptions {
  return options.lbPool !== undefined ? { lbPool: options.lbPool } : {};
}
