/**
 * Routing on paper: external entry points (LoadBalancer, NodePort, externalIPs, Ingress), the route tracer,
 * and the routing problems.
 */
export { buildRoutingContext, allocateLoadBalancerIPs, backendsFor, readyEndpoints, servicePortFor, serviceKey, loadBalancerNodes, DEFAULT_LB_POOL, LABEL_EXCLUDE_FROM_LB } from './context.js';
export type { RoutingContext, RoutingInput, RoutingOptions, Backend } from './context.js';
export { normalizeIngresses, matchIngress, hostMatches, pathMatches, comparePrecedence, validateIngressPath, normalizeHost } from './ingress.js';
export type { SimIngress, SimIngressClass, IngressSet, IngressPath, IngressMatch, IngressBackendSpec, PathType } from './ingress.js';
export { routingTable, formatTable } from './table.js';
export type { RouteEntry, EntryKind } from './table.js';
export { traceRoute, parseTarget, parseSource, findPod, formatTrace, traceToJson } from './trace.js';
export type { RouteTarget, RouteSource, RouteHop, RouteTrace, RouteTraceJson, RouteOutcome, RouteEndpoint, HopStep, TraceOptions, ReachVerdict } from './trace.js';
export { routingProblems } from './problems.js';
