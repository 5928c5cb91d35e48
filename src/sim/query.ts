/**
 * The dry run for one `dns` or `route` query: only the steps the query reads, in the same control-plane order
 * and with the same functions as {@link simulate} (./index.ts), so the answers are those of the full run.
 *
 * - `dns NAME` reads the DNS data, which reads the EndpointSlices: no routing context, no NetworkPolicy step.
 * - `route TARGET` reads the routing context; it reads DNS only to resolve a URL's host from a pod, and the
 *   NetworkPolicy step only at the last hop, for the endpoints it delivers to. Both are built on first use.
 * - `route --table` reads the routing context alone.
 *
 * The problems of the steps (findings of `check`) are not computed: a query prints none of them.
 */
import type { Model } from '../model/model.js';
import { buildDnsData } from './dns/data.js';
import type { DnsData } from './dns/data.js';
import { scheduledState } from './index.js';
import type { SimOptions } from './index.js';
import { netpolStep } from './netpol/index.js';
import { routeReachHook } from './netpol/route-hook.js';
import { buildRoutingContext } from './routing/context.js';
import type { RoutingContext } from './routing/context.js';
import type { TraceOptions } from './routing/trace.js';
import { endpointsStep, routingInput, routingOptions } from './services.js';
import type { ClusterState } from './state.js';

/** The state after the endpoints step: namespaces, nodes, pods, Services and EndpointSlices. */
export function endpointsState(model: Model, options: SimOptions = {}): ClusterState {
  const scheduled = scheduledState(model, options);
  const eps = endpointsStep(model, scheduled, options);
  return { ...scheduled, endpointSlices: eps.endpointSlices, problems: [...scheduled.problems, ...eps.problems] };
}

/** What `dns` reads: the state after the endpoints step and the DNS data built from it. */
export function dnsQueryState(model: Model, options: SimOptions = {}): { readonly state: ClusterState; readonly dns: DnsData } {
  const state = endpointsState(model, options);
  return { state, dns: buildDnsData({ services: state.services, endpointSlices: state.endpointSlices ?? [], pods: state.pods, namespaces: state.namespaces }, options) };
}

export interface RouteQueryState {
  readonly state: ClusterState;
  readonly routing: RoutingContext;
  /** DNS and the NetworkPolicy hook for traceRoute, each computed on first use. */
  readonly traceOptions: TraceOptions;
}

/** What `route` reads: the routing context now; DNS data and the NetworkPolicy step when a trace asks. */
export function routeQueryState(model: Model, options: SimOptions = {}): RouteQueryState {
  const state = endpointsState(model, options);
  const slices = state.endpointSlices ?? [];
  const routing = buildRoutingContext(routingInput(model, state, slices), routingOptions(options));
  let dns: DnsData | undefined;
  let hook: ReturnType<typeof routeReachHook> | undefined;
  const traceOptions: TraceOptions = {
    dns: () => (dns ??= buildDnsData({ services: state.services, endpointSlices: slices, pods: state.pods, namespaces: state.namespaces }, options)),
    // The full run hands netpol the state after routing; the step reads pods, namespaces and the model only.
    reach: (source, endpoint) => (hook ??= routeReachHook(netpolStep(model, { ...state, routing }, options)))(source, endpoint),
  };
  return { state, routing, traceOptions };
}
