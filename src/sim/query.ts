/**
 * The dry run for one `dns` or `route` query: only the steps the query reads, in the same control-plane order
 * and with the same functions as {@link simulate} (./index.ts), so the answers are those of the full run.
 *
 * - The endpoints step runs per Service, when a query first reads that Service's slices.
 * - `dns NAME` reads the DNS entries of the Services its name (or the pod's search list) reaches; PTR queries and
 *   `--zone` read all of them. No routing context, no NetworkPolicy step.
 * - `route TARGET` reads the routing context; it reads DNS only to resolve a URL's host from a pod, and the
 *   NetworkPolicy step only at the last hop, for the endpoints it delivers to, and only when the input has a
 *   policy. Both are built on first use.
 * - `route --table` reads the routing context and every Service's slices.
 *
 * The problems of the steps (findings of `check`) are not computed: a query prints none of them.
 */
import type { Model } from '../model/model.js';
import { dnsDataOnDemand } from './dns/data.js';
import { endpointsOnDemand } from './endpoints.js';
import type { ServiceEndpoints } from './endpoints.js';
import type { DnsData } from './dns/data.js';
import type { SimOptions } from './index.js';
import { isAdminPolicy, netpolStep } from './netpol/index.js';
import { routeReachHook } from './netpol/route-hook.js';
import { buildRoutingContext } from './routing/context.js';
import type { RoutingContext } from './routing/context.js';
import type { TraceOptions } from './routing/trace.js';
import { cachedScheduledState } from './schedule-cache.js';
import type { ScheduleCache } from './schedule-cache.js';
import { endpointsInput, endpointsOptions, routingInput, routingOptions } from './services.js';
import type { ClusterState } from './state.js';

/**
 * The state a query starts from: the scheduled state (namespaces, nodes, pods, Services; read from `cache` when
 * this input was scheduled before) and the endpoints step on demand: a Service's slices are derived when the
 * query first reads them.
 */
export function queryState(model: Model, options: SimOptions = {}, cache?: ScheduleCache): { readonly state: ClusterState; readonly endpoints: ServiceEndpoints } {
  const state = cachedScheduledState(model, options, cache);
  return { state, endpoints: endpointsOnDemand(endpointsInput(model, state), endpointsOptions(options)) };
}

/** What `dns` reads: DNS data whose Service entries are made as names ask for them. */
export function dnsQueryState(model: Model, options: SimOptions = {}, cache?: ScheduleCache): { readonly state: ClusterState; readonly dns: DnsData } {
  const { state, endpoints } = queryState(model, options, cache);
  return { state, dns: dnsDataOnDemand({ services: state.services, pods: state.pods, namespaces: state.namespaces, endpoints }, options) };
}

export interface RouteQueryState {
  readonly state: ClusterState;
  readonly routing: RoutingContext;
  /** DNS and the NetworkPolicy hook for traceRoute, each computed on first use. */
  readonly traceOptions: TraceOptions;
}

/** What `route` reads: the routing context now (slices on demand); DNS data and NetworkPolicy when a trace asks. */
export function routeQueryState(model: Model, options: SimOptions = {}, cache?: ScheduleCache): RouteQueryState {
  const { state, endpoints } = queryState(model, options, cache);
  const routing = buildRoutingContext(routingInput(model, state, endpoints), routingOptions(options));
  let dns: DnsData | undefined;
  let hook: ReturnType<typeof routeReachHook> | undefined;
  // No NetworkPolicy (nor admin policy) in the input: no pod is isolated, every connection is allowed
  // (website concepts/services-networking/network-policies.md, "The two sorts of pod isolation"), and an
  // allowed verdict adds no hop: the step is not run.
  const policies = model.resources.some((r) => r.kind === 'NetworkPolicy' || isAdminPolicy(r));
  const traceOptions: TraceOptions = {
    dns: () => (dns ??= dnsDataOnDemand({ services: state.services, pods: state.pods, namespaces: state.namespaces, endpoints }, options)),
    // The full run hands netpol the state after routing; the step reads pods, namespaces and Services.
    ...(policies ? { reach: (source, endpoint) => (hook ??= routeReachHook(netpolStep(model, { ...state, routing }, options)))(source, endpoint) } : {}),
  };
  return { state, routing, traceOptions };
}
