/**
 * The route tracer: one request, hop by hop, each hop naming the object and source line that decided it.
 *
 * Service semantics: kubernetes/api:core/v1/types.go (ServiceSpec: externalTrafficPolicy,
 * internalTrafficPolicy, loadBalancerSourceRanges, sessionAffinity), website
 * concepts/services-networking/service.md and service-traffic-policy.md, and kube-proxy's endpoint choice
 * (kubernetes/kubernetes:pkg/proxy/topology.go CategorizeEndpoints: Local policies keep only endpoints on
 * the node; with none, traffic is dropped; external Cluster traffic is SNATed to the node).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { Netmask } from 'netmask';
import type { Location } from '../../model/location.js';
import { locateIn } from '../../model/resource.js';
import type { Resource } from '../../model/resource.js';
import type { DnsData } from '../dns/data.js';
import { lookup } from '../dns/index.js';
import type { SimNode, SimPod, SimService, SimServicePort } from '../types.js';
import type { Backend, RoutingContext } from './context.js';
import { backendsFor, loadBalancerNodes, serviceKey, servicePortFor } from './context.js';
import type { IngressBackendSpec, SimIngress } from './ingress.js';
import { hostMatches, matchIngress } from './ingress.js';

export type RouteTarget =
  | { readonly kind: 'url'; readonly scheme: 'http' | 'https'; readonly host: string; readonly port: number; readonly path: string; readonly text: string }
  | { readonly kind: 'address'; readonly ip: string; readonly port: number; readonly text: string }
  | { readonly kind: 'node'; readonly node: string; readonly port: number; readonly text: string }
  | { readonly kind: 'service'; readonly namespace: string; readonly name: string; readonly port: number | string; readonly text: string };

export type RouteSource = { readonly kind: 'external'; readonly ip?: string } | { readonly kind: 'pod'; readonly pod: SimPod };

export type HopStep = 'source' | 'dns' | 'entry' | 'ingress' | 'service' | 'policy' | 'endpoints' | 'endpoint' | 'drop';

export interface RouteHop {
  readonly step: HopStep;
  /** `ns/Kind/name` of the object that decided the hop. */
  readonly object?: string;
  readonly location?: Location;
  readonly decision: string;
}

export interface RouteEndpoint {
  readonly ip: string;
  readonly port: number;
  readonly pod?: string;
  readonly node?: string;
}

export type RouteOutcome = 'delivered' | 'dropped' | 'no-route' | 'unknown';

export interface RouteTrace {
  readonly target: string;
  readonly source: string;
  readonly hops: readonly RouteHop[];
  readonly outcome: RouteOutcome;
  readonly endpoints: readonly RouteEndpoint[];
}

/** An error the user can cause (a target that does not parse), as a value. */
export interface RouteError {
  readonly error: string;
}

/** Parses `http://host/path`, `IP:PORT`, `NODE:NODEPORT` or `svc/ns/name:port` (`svc/name:port` uses `namespace`). */
export function parseTarget(text: string, namespace = 'default'): RouteTarget | RouteError {
  const t = text.trim();
  if (/^https?:\/\//i.test(t)) {
    let u: URL;
    try {
      u = new URL(t);
    } catch {
      return { error: `not a valid URL: ${t}` };
    }
    const scheme = u.protocol === 'https:' ? 'https' : 'http';
    const port = u.port ? Number(u.port) : scheme === 'https' ? 443 : 80;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    // Matching uses the path only, before `?` or `#` (HTTPIngressRuleValue doc); URL keeps it percent-encoded.
    return { kind: 'url', scheme, host, port, path: u.pathname || '/', text: t };
  }
  const svc = /^(?:svc|service)\/(?:([^/]+)\/)?([^/:]+):(.+)$/.exec(t);
  if (svc) {
    const port = /^\d+$/.test(svc[3] as string) ? Number(svc[3]) : (svc[3] as string);
    return { kind: 'service', namespace: svc[1] ?? namespace, name: svc[2] as string, port, text: t };
  }
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(t);
  if (v6 && isIPv6(v6[1] as string)) return { kind: 'address', ip: v6[1] as string, port: Number(v6[2]), text: t };
  const hp = /^([^:\s]+):(\d+)$/.exec(t);
  if (hp) {
    const port = Number(hp[2]);
    if (port < 1 || port > 65535) return { error: `port out of range 1-65535: ${hp[2]}` };
    return isIPv4(hp[1] as string) ? { kind: 'address', ip: hp[1] as string, port, text: t } : { kind: 'node', node: hp[1] as string, port, text: t };
  }
  return { error: `cannot read target ${JSON.stringify(t)}: give a URL (http://shop.example.com/cart), IP:PORT, NODE:NODEPORT or svc/NAMESPACE/NAME:PORT` };
}

/** Parses `external`, `external:IP`, `ns/pod` or `pod/ns/name`. */
export function parseSource(text: string | undefined, pods: readonly SimPod[], namespace = 'default'): RouteSource | RouteError {
  if (text === undefined || text === 'external') return { kind: 'external' };
  const ext = /^external:(.+)$/.exec(text);
  if (ext) {
    if (!isIPv4(ext[1] as string) && !isIPv6(ext[1] as string)) return { error: `not an IP address: ${ext[1]}` };
    return { kind: 'external', ip: ext[1] as string };
  }
  const pod = findPod(pods, text, namespace);
  return 'error' in pod ? pod : { kind: 'pod', pod };
}

/**
 * A pod by `ns/name` (or `name` in `namespace`). Generated pod names are hard to guess, so the name of the
 * workload that made the pod (a Deployment, a StatefulSet…) also works: its first pod, in name order, is taken.
 */
export function findPod(pods: readonly SimPod[], ref: string, namespace = 'default'): SimPod | RouteError {
  const m = /^(?:pods?\/)?(?:([^/]+)\/)?([^/]+)$/.exec(ref);
  if (!m) return { error: `cannot read pod ${JSON.stringify(ref)}: give NAMESPACE/POD` };
  const ns = m[1] ?? namespace;
  const name = m[2] as string;
  const inNs = pods.filter((p) => p.namespace === ns).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const pod = inNs.find((p) => p.name === name) ?? inNs.find((p) => p.origin.resource.name === name && p.podIP !== undefined) ?? inNs.find((p) => p.origin.resource.name === name);
  if (pod) return pod;
  const similar = inNs.map((p) => p.name).slice(0, 5);
  return { error: `no pod ${ns}/${name} in the dry run${similar.length ? ` (pods in ${ns}: ${similar.join(', ')}${inNs.length > 5 ? ', …' : ''})` : ''}` };
}

/** A NetworkPolicy verdict for one connection (supplied by the reachability step when it is wired in). */
export interface ReachVerdict {
  readonly allowed: boolean;
  readonly decision: string;
  readonly at?: { readonly resource: Resource; readonly pointer: string };
}

export interface TraceOptions {
  /** Cluster DNS, to resolve in-cluster names from a pod; a function is called only when a trace needs it. */
  readonly dns?: DnsData | (() => DnsData);
  /**
   * NetworkPolicy check for the last hop: may the source reach this endpoint pod on this port? Returning
   * undefined means "no opinion" (no policy selects either side). Absent: policies are not evaluated.
   */
  readonly reach?: (source: RouteSource, endpoint: { readonly pod?: SimPod; readonly ip: string; readonly port: number; readonly protocol?: string }) => ReachVerdict | undefined;
  /** How many endpoint hops to list before summarising. */
  readonly maxEndpointHops?: number;
}

class Tracer {
  readonly hops: RouteHop[] = [];
  endpoints: RouteEndpoint[] = [];
  outcome: RouteOutcome = 'no-route';
  constructor(
    readonly ctx: RoutingContext,
    readonly source: RouteSource,
    readonly options: TraceOptions,
  ) {}

  hop(step: HopStep, decision: string, at?: { resource: Resource; pointer: string }, object?: string): void {
    const h: { step: HopStep; decision: string; object?: string; location?: Location } = { step, decision };
    if (at) {
      h.object = object ?? display(at.resource);
      h.location = locateIn(at.resource, at.pointer);
    } else if (object) h.object = object;
    this.hops.push(h);
  }

  drop(decision: string, at?: { resource: Resource; pointer: string }, outcome: RouteOutcome = 'dropped'): void {
    this.hop('drop', decision, at);
    this.outcome = outcome;
  }

  get sourceNode(): string | undefined {
    return this.source.kind === 'pod' ? this.source.pod.nodeName : undefined;
  }
}

function display(r: Resource): string {
  return r.namespace === undefined ? `${r.kind}/${r.name}` : `${r.namespace}/${r.kind}/${r.name}`;
}

function sourceText(s: RouteSource): string {
  return s.kind === 'external' ? (s.ip ? `external client ${s.ip}` : 'external client') : `pod ${s.pod.namespace}/${s.pod.name}${s.pod.podIP ? ` (${s.pod.podIP}${s.pod.nodeName ? ` on ${s.pod.nodeName}` : ''})` : ''}`;
}

/** Traces one request. Pure: reads the routing context only. */
export function traceRoute(ctx: RoutingContext, target: RouteTarget, source: RouteSource, options: TraceOptions = {}): RouteTrace {
  const t = new Tracer(ctx, source, options);
  t.hop('source', `request from ${sourceText(source)} to ${target.text}`);
  if (source.kind === 'pod' && source.pod.podIP === undefined) {
    t.drop(`the source pod is not running in the dry run${source.pod.reason ? `: ${source.pod.reason}` : ''}`, { resource: source.pod.origin.resource, pointer: source.pod.origin.templatePointer });
  } else {
    switch (target.kind) {
      case 'url':
        traceUrl(t, target);
        break;
      case 'address':
        traceAddress(t, target.ip, target.port);
        break;
      case 'node':
        traceNode(t, target.node, target.port);
        break;
      case 'service':
        traceServiceRef(t, target);
        break;
    }
  }
  return { target: target.text, source: sourceText(source), hops: t.hops, outcome: t.outcome, endpoints: t.endpoints };
}

// ---------------------------------------------------------------------------------------------------------

function traceUrl(t: Tracer, u: Extract<RouteTarget, { kind: 'url' }>): void {
  const { ctx } = t;
  if (isIPv4(u.host) || isIPv6(u.host)) {
    const ingressAt = ctx.ingress.ingresses.filter((i) => i.served && i.addresses.includes(u.host));
    if (ingressAt.length === 0) {
      traceAddress(t, u.host, u.port);
      return;
    }
    t.hop('entry', `${u.host} is the address of the Ingress controller (status.loadBalancer of ${ingressAt.map((i) => `${i.namespace}/${i.name}`).join(', ')}); the Host header is the bare address`);
    traceIngress(t, u.host, u.path, u.scheme, u.port);
    return;
  }
  if (t.source.kind === 'pod' && t.options.dns) {
    const dns = typeof t.options.dns === 'function' ? t.options.dns() : t.options.dns;
    const l = lookup(dns, u.host, { from: t.source.pod, type: isIPv6(t.source.pod.podIP ?? '') ? 'AAAA' : 'A' });
    if (l.answeredBy !== undefined) {
      const addr = [...l.response.answer].reverse().find((r) => r.type === 'A' || r.type === 'AAAA');
      const tried = l.tries.map((x) => x.name).slice(0, (l.answeredBy ?? 0) + 1);
      if (addr) {
        t.hop('dns', `${u.host} resolves via ${tried[tried.length - 1]} (try ${(l.answeredBy ?? 0) + 1} of the pod's search list) to ${addr.data}${l.response.note ? `: ${l.response.note}` : ''}`);
        traceAddress(t, addr.data, u.port);
        return;
      }
      t.hop('dns', `${u.host} is a CNAME out of the cluster (${l.response.answer.map((r) => r.data).join(' -> ')}): resolved upstream`);
      t.outcome = 'unknown';
      return;
    }
    t.hop('dns', `${u.host} is not a cluster name (tried ${l.tries.map((x) => x.name).join(', ')}); assuming public DNS points it at the Ingress controller`);
  } else {
    t.hop('entry', `${u.host} is outside the cluster's DNS; assuming it points at the Ingress controller`);
  }
  traceIngress(t, u.host, u.path, u.scheme, u.port);
}

function traceIngress(t: Tracer, host: string, path: string, scheme: 'http' | 'https', port: number): void {
  const { ctx } = t;
  if (port !== 80 && port !== 443) t.hop('entry', `Ingress controllers listen on 80 (http) and 443 (https); port ${port} is not an Ingress port`);
  const m = matchIngress(ctx.ingress, host, path);
  for (const i of m.unserved) {
    t.hop('ingress', `skipped: class ${JSON.stringify(i.className)} names no IngressClass of the input, so no controller serves this Ingress`, { resource: i.resource, pointer: i.classSource === 'spec' ? '/spec/ingressClassName' : '/metadata' });
  }
  let ingress: SimIngress;
  let backend: IngressBackendSpec;
  if (m.path) {
    const p = m.path;
    ingress = p.ingress;
    backend = p.backend;
    const hostText = p.host === undefined ? 'the rule has no host (all hosts)' : m.hostKind === 'wildcard' ? `host ${host} matches wildcard ${p.host} (one label)` : `host ${host} matches rule host ${p.host}`;
    const how = p.regex ? 'regular expression (use-regex)' : p.pathType === 'ImplementationSpecific' ? 'ImplementationSpecific (matched as Prefix)' : p.pathType;
    const others = m.candidates.length > 1 ? `; longest of ${m.candidates.length} matching paths${m.candidates.some((c) => c.path === p.path && c.pathType !== p.pathType) ? ', Exact preferred' : ''}` : '';
    t.hop('ingress', `${hostText}; path ${path} matches ${how} ${JSON.stringify(p.path)}${others}${ingress.className ? ` (class ${ingress.className})` : ''}`, { resource: ingress.resource, pointer: p.pointer });
    for (const tie of m.ties) {
      t.hop('ingress', `also claimed by ${tie.ingress.namespace}/${tie.ingress.name} with the same host and path: the API leaves the choice to the controller; ingress-nginx takes the oldest Ingress, ${ingress.namespace}/${ingress.name}`, { resource: tie.ingress.resource, pointer: tie.pointer });
    }
  } else if (m.defaultBackend) {
    ingress = m.defaultBackend.ingress;
    backend = m.defaultBackend.backend;
    t.hop('ingress', `no rule path matches ${host}${path}; the Ingress's defaultBackend answers`, { resource: ingress.resource, pointer: backend.pointer.replace(/\/(service\/name|serviceName|resource)$/, '') });
  } else {
    t.drop(`no Ingress rule matches host ${host} and path ${path} and no defaultBackend applies: the controller's own default backend answers 404`, undefined, 'no-route');
    return;
  }
  if (scheme === 'https') {
    const tls = ingress.tls.find((x) => x.hosts.some((h) => hostMatches(h, normalize(host))));
    if (tls) t.hop('entry', `TLS for ${host} terminates at the controller with Secret ${tls.secretName ?? '(none: SNI only)'}`, { resource: ingress.resource, pointer: tls.pointer });
    else t.hop('entry', `no spec.tls entry of ${ingress.namespace}/${ingress.name} covers ${host}: the controller presents its default certificate`, { resource: ingress.resource, pointer: '/spec' });
  }
  if (backend.resource) {
    t.hop('ingress', `resource backend ${backend.resource.kind}/${backend.resource.name}: not a Service, not routed by the dry run`, { resource: ingress.resource, pointer: backend.pointer });
    t.outcome = 'unknown';
    return;
  }
  const svc = ctx.byKey.get(`${ingress.namespace}/${backend.serviceName ?? ''}`);
  if (!svc) {
    t.drop(`backend Service ${ingress.namespace}/${backend.serviceName} does not exist: the controller answers 503`, { resource: ingress.resource, pointer: backend.pointer });
    return;
  }
  const sp = servicePortFor(svc, backend.port);
  if (!sp) {
    t.drop(`Service ${svc.namespace}/${svc.name} has no port ${JSON.stringify(backend.port)} (a backend names the Service's port, not its targetPort): the controller answers 503`, { resource: ingress.resource, pointer: backend.pointer });
    return;
  }
  if (svc.type === 'ExternalName') {
    t.hop('service', `ExternalName Service: the controller proxies to ${svc.externalName} (support is controller-specific)`, at(svc, '/spec/externalName'));
    t.outcome = 'unknown';
    return;
  }
  serviceHop(t, svc, sp, `backend port ${JSON.stringify(backend.port ?? sp.port)}`);
  // ingress-nginx and most controllers send to the endpoints directly, not through the ClusterIP, so Service
  // traffic policies do not apply.
  deliver(t, svc, sp, backendsFor(t.ctx, svc, sp), 'the controller sends to the endpoints directly (no ClusterIP, no traffic policy)');
}

function normalize(h: string): string {
  return h.toLowerCase().replace(/\.$/, '');
}

function at(svc: SimService, pointer: string): { resource: Resource; pointer: string } {
  return { resource: svc.resource, pointer };
}

function portIndex(svc: SimService, sp: SimServicePort): number {
  return Math.max(0, svc.ports.indexOf(sp));
}

function serviceHop(t: Tracer, svc: SimService, sp: SimServicePort, how: string): void {
  const tp = typeof sp.targetPort === 'number' ? `targetPort ${sp.targetPort}` : `targetPort ${JSON.stringify(sp.targetPort)} (resolved per pod)`;
  t.hop('service', `${how} is port ${sp.name ? `${sp.name} ` : ''}${sp.port}/${sp.protocol} -> ${tp}`, at(svc, `/spec/ports/${portIndex(svc, sp)}`));
}

function findByPort(svc: SimService, port: number, protocol = 'TCP'): SimServicePort | undefined {
  return svc.ports.find((p) => p.port === port && p.protocol === protocol);
}

function traceAddress(t: Tracer, ip: string, port: number): void {
  const { ctx } = t;
  // ClusterIP
  for (const svc of ctx.services) {
    if (!svc.clusterIPs.includes(ip) && svc.clusterIP !== ip) continue;
    t.hop('entry', `${ip} is the ClusterIP of Service ${svc.namespace}/${svc.name}`, at(svc, svc.clusterIP !== undefined ? '/spec/clusterIP' : '/spec'));
    if (t.source.kind === 'external') {
      t.drop('a ClusterIP is only reachable from inside the cluster (kube-proxy programs it on nodes; nothing routes it from outside)', at(svc, '/spec/type'));
      return;
    }
    const sp = findByPort(svc, port);
    if (!sp) {
      t.drop(`Service ${svc.namespace}/${svc.name} has no port ${port}/TCP: kube-proxy has no rule for it and the connection is refused or times out`, at(svc, '/spec/ports'));
      return;
    }
    serviceHop(t, svc, sp, `port ${port}`);
    internalPolicy(t, svc, sp);
    return;
  }
  // externalIPs
  for (const svc of ctx.services) {
    const i = svc.externalIPs.indexOf(ip);
    if (i < 0) continue;
    t.hop('entry', `${ip} is an externalIP of Service ${svc.namespace}/${svc.name}: every node accepts it (Kubernetes does not route it there)`, at(svc, `/spec/externalIPs/${i}`));
    const sp = findByPort(svc, port);
    if (!sp) {
      t.drop(`Service ${svc.namespace}/${svc.name} has no port ${port}/TCP`, at(svc, '/spec/ports'));
      return;
    }
    serviceHop(t, svc, sp, `port ${port}`);
    externalPolicy(t, svc, sp, undefined, 'externalIP');
    return;
  }
  // LoadBalancer addresses
  for (const svc of ctx.services) {
    const lb = ctx.lbIPs.get(serviceKey(svc));
    if (!lb || !lb.ips.includes(ip)) continue;
    const whence = lb.source === 'status' ? 'status.loadBalancer.ingress' : lb.source === 'spec' ? 'spec.loadBalancerIP' : 'allocated from the --lb-pool';
    t.hop('entry', `${ip} is the LoadBalancer address of Service ${svc.namespace}/${svc.name} (${whence})`, at(svc, lb.source === 'status' ? '/status/loadBalancer/ingress' : '/spec/type'));
    if (t.source.kind === 'external' && svc.loadBalancerSourceRanges.length > 0) {
      const client = t.source.ip;
      if (client === undefined) {
        t.hop('policy', `loadBalancerSourceRanges allows only ${svc.loadBalancerSourceRanges.join(', ')} (give --from external:IP to check a client)`, at(svc, '/spec/loadBalancerSourceRanges'));
      } else if (!svc.loadBalancerSourceRanges.some((r) => inCidr(client, r))) {
        t.drop(`client ${client} is outside loadBalancerSourceRanges ${svc.loadBalancerSourceRanges.join(', ')}: the load balancer (and kube-proxy's firewall chain) drops it`, at(svc, '/spec/loadBalancerSourceRanges'));
        return;
      } else {
        t.hop('policy', `client ${client} is inside loadBalancerSourceRanges`, at(svc, '/spec/loadBalancerSourceRanges'));
      }
    }
    const sp = findByPort(svc, port);
    if (!sp) {
      t.drop(`Service ${svc.namespace}/${svc.name} has no port ${port}/TCP`, at(svc, '/spec/ports'));
      return;
    }
    serviceHop(t, svc, sp, `port ${port}`);
    externalPolicy(t, svc, sp, undefined, 'lb');
    return;
  }
  // Node addresses: NodePort
  const node = ctx.nodes.find((n) => n.internalIP === ip || n.addresses.some((a) => a.address === ip));
  if (node) {
    traceNode(t, node.name, port);
    return;
  }
  // Pod IPs: straight to the pod, no Service.
  const pod = ctx.pods.find((p) => p.podIP === ip && !p.hostNetwork);
  if (pod) {
    const declares = pod.spec.containers?.some((c) => c.ports?.some((p) => p.containerPort === port));
    t.hop('endpoint', `${ip} is the IP of pod ${pod.namespace}/${pod.name}${pod.nodeName ? ` on ${pod.nodeName}` : ''}: no Service involved${declares ? '' : `; no container declares port ${port} (it may still listen)`}`, { resource: pod.origin.resource, pointer: pod.origin.templatePointer });
    t.endpoints = [{ ip, port, pod: `${pod.namespace}/${pod.name}`, ...(pod.nodeName ? { node: pod.nodeName } : {}) }];
    t.outcome = 'delivered';
    return;
  }
  t.drop(`${ip} is no ClusterIP, externalIP, LoadBalancer address, node or pod address of the dry run`, undefined, 'no-route');
}

function traceNode(t: Tracer, nodeRef: string, port: number): void {
  const node = t.ctx.nodes.find((n) => n.name === nodeRef || n.internalIP === nodeRef || n.addresses.some((a) => a.address === nodeRef));
  if (!node) {
    t.drop(`no node named or addressed ${nodeRef} in the dry run (nodes: ${t.ctx.nodes.map((n) => n.name).slice(0, 5).join(', ')})`, undefined, 'no-route');
    return;
  }
  const nodeAt = node.resource ? { resource: node.resource, pointer: '' } : undefined;
  for (const svc of t.ctx.services) {
    const sp = svc.ports.find((p) => p.nodePort === port);
    if (!sp) continue;
    t.hop('entry', `port ${port} on node ${node.name} (${node.internalIP}) is the NodePort of Service ${svc.namespace}/${svc.name}: kube-proxy opens it on every node`, at(svc, `/spec/ports/${portIndex(svc, sp)}/nodePort`));
    serviceHop(t, svc, sp, `NodePort ${port}`);
    externalPolicy(t, svc, sp, node, 'nodeport');
    return;
  }
  t.drop(`no Service has NodePort ${port}: nothing listens on ${node.name}:${port}`, nodeAt, 'no-route');
}

function traceServiceRef(t: Tracer, s: Extract<RouteTarget, { kind: 'service' }>): void {
  const svc = t.ctx.byKey.get(`${s.namespace}/${s.name}`);
  if (!svc) {
    t.drop(`no Service ${s.namespace}/${s.name} in the input`, undefined, 'no-route');
    return;
  }
  const sp = typeof s.port === 'number' ? svc.ports.find((p) => p.port === s.port) : svc.ports.find((p) => p.name === s.port);
  if (svc.type === 'ExternalName') {
    t.hop('service', `ExternalName Service: DNS answers a CNAME to ${svc.externalName}; there is no proxying`, at(svc, '/spec/externalName'));
    t.outcome = 'unknown';
    return;
  }
  if (!sp) {
    t.drop(`Service ${s.namespace}/${s.name} has no port ${JSON.stringify(s.port)} (ports: ${svc.ports.map((p) => p.name ?? String(p.port)).join(', ') || 'none'})`, at(svc, '/spec/ports'));
    return;
  }
  if (svc.headless) {
    serviceHop(t, svc, sp, `port ${JSON.stringify(s.port)}`);
    t.hop('service', 'headless Service: no virtual IP; clients resolve the name to the endpoint addresses and connect to one directly', at(svc, '/spec/clusterIP'));
    deliver(t, svc, sp, backendsFor(t.ctx, svc, sp), 'DNS returns every ready endpoint address');
    return;
  }
  if (t.source.kind === 'external') {
    const ways: string[] = [];
    const lb = t.ctx.lbIPs.get(serviceKey(svc));
    if (lb) for (const ip of lb.ips) ways.push(`LoadBalancer ${ip}:${sp.port}`);
    for (const ip of svc.externalIPs) ways.push(`externalIP ${ip}:${sp.port}`);
    if (sp.nodePort) ways.push(`NodePort ${sp.nodePort} on any node`);
    for (const i of t.ctx.ingress.ingresses) for (const p of i.paths) if (p.backend.serviceName === svc.name && i.namespace === svc.namespace) ways.push(`Ingress ${i.namespace}/${i.name} ${p.host ?? '*'}${p.path}`);
    t.drop(`Service ${svc.namespace}/${svc.name} is reached at its ClusterIP only from inside the cluster${ways.length ? `; from outside use ${ways.join(', ')}` : '; it has no external entry point'}`, at(svc, '/spec/type'));
    return;
  }
  t.hop('entry', `Service ${svc.namespace}/${svc.name} at its ClusterIP ${svc.clusterIP ?? ''}`, at(svc, '/spec/clusterIP'));
  serviceHop(t, svc, sp, `port ${JSON.stringify(s.port)}`);
  internalPolicy(t, svc, sp);
}

/** internalTrafficPolicy for traffic from a pod to a ClusterIP. */
function internalPolicy(t: Tracer, svc: SimService, sp: SimServicePort): void {
  let backends = backendsFor(t.ctx, svc, sp);
  if (svc.internalTrafficPolicy === 'Local') {
    const node = t.sourceNode;
    const local = backends.filter((b) => b.nodeName === node);
    t.hop('policy', `internalTrafficPolicy Local: only endpoints on the client's node ${node ?? '(unknown)'} (${local.length} of ${backends.length})`, at(svc, '/spec/internalTrafficPolicy'));
    if (local.length === 0 && backends.length > 0) {
      t.drop(`no endpoint of ${svc.namespace}/${svc.name} runs on ${node ?? 'the client node'}: with internalTrafficPolicy Local the traffic is dropped`, at(svc, '/spec/internalTrafficPolicy'));
      return;
    }
    backends = local;
  }
  affinity(t, svc);
  deliver(t, svc, sp, backends, 'kube-proxy picks one ready endpoint');
}

/** externalTrafficPolicy for NodePort, externalIP and LoadBalancer traffic. */
function externalPolicy(t: Tracer, svc: SimService, sp: SimServicePort, node: SimNode | undefined, via: 'nodeport' | 'lb' | 'externalIP'): void {
  const all = backendsFor(t.ctx, svc, sp);
  if (t.source.kind === 'pod' && via !== 'nodeport') {
    // ServiceSpec.ExternalTrafficPolicy doc: in-cluster clients of external/LB IPs get Cluster semantics.
    t.hop('policy', 'the client is inside the cluster: kube-proxy short-circuits the external address to the Service, with Cluster semantics', at(svc, '/spec/externalTrafficPolicy'));
    affinity(t, svc);
    deliver(t, svc, sp, all, 'kube-proxy picks one ready endpoint');
    return;
  }
  if (svc.externalTrafficPolicy === 'Local') {
    if (via === 'nodeport' && node) {
      const local = all.filter((b) => b.nodeName === node.name);
      t.hop('policy', `externalTrafficPolicy Local: only endpoints on ${node.name} (${local.length} of ${all.length}); the client source IP is kept`, at(svc, '/spec/externalTrafficPolicy'));
      if (local.length === 0) {
        t.drop(`no endpoint of ${svc.namespace}/${svc.name} runs on ${node.name}: with externalTrafficPolicy Local the packet is dropped`, at(svc, '/spec/externalTrafficPolicy'));
        return;
      }
      affinity(t, svc);
      deliver(t, svc, sp, local, 'kube-proxy picks one local endpoint');
      return;
    }
    const nodesWith = [...new Set(all.map((b) => b.nodeName).filter((n): n is string => n !== undefined))].sort();
    const without = loadBalancerNodes(t.ctx.nodes)
      .map((n) => n.name)
      .filter((n) => !nodesWith.includes(n));
    const hc = svc.healthCheckNodePort !== undefined ? ` on healthCheckNodePort ${svc.healthCheckNodePort}` : '';
    t.hop(
      'policy',
      via === 'lb'
        ? `externalTrafficPolicy Local: the load balancer sends only to nodes whose health check${hc} passes, i.e. nodes with a local endpoint: ${nodesWith.join(', ') || 'none'}${without.length ? `; ${without.join(', ')} answer 503 and get no traffic` : ''}; the client source IP is kept`
        : `externalTrafficPolicy Local: only the node the externalIP is routed to answers, with its local endpoints (nodes with one: ${nodesWith.join(', ') || 'none'})`,
      at(svc, '/spec/externalTrafficPolicy'),
    );
    if (all.length === 0) {
      t.drop(`no node has a local endpoint of ${svc.namespace}/${svc.name}: every health check fails and the traffic is dropped`, at(svc, '/spec/externalTrafficPolicy'));
      return;
    }
    affinity(t, svc);
    deliver(t, svc, sp, all, 'the receiving node picks one of its local endpoints');
    return;
  }
  t.hop('policy', `externalTrafficPolicy Cluster: ${via === 'nodeport' ? `${node?.name ?? 'the node'} forwards` : 'any node forwards'} to any ready endpoint, SNATing the client address to the node's`, at(svc, svc.resource.raw.spec !== undefined ? '/spec' : ''));
  affinity(t, svc);
  deliver(t, svc, sp, all, 'kube-proxy picks one ready endpoint');
}

function affinity(t: Tracer, svc: SimService): void {
  if (svc.sessionAffinity === 'ClientIP') {
    t.hop('policy', `sessionAffinity ClientIP: a client keeps the same endpoint for ${svc.sessionAffinityTimeoutSeconds} s`, at(svc, '/spec/sessionAffinity'));
  }
}

function deliver(t: Tracer, svc: SimService, sp: SimServicePort, all: readonly Backend[], how: string): void {
  let backends = all;
  const reach = t.options.reach;
  if (reach && all.length > 0) {
    const denied: { b: Backend; v: ReachVerdict }[] = [];
    backends = all.filter((b) => {
      const v = reach(t.source, { ...(b.pod ? { pod: b.pod } : {}), ip: b.ip, port: b.port, protocol: sp.protocol });
      if (v && !v.allowed) denied.push({ b, v });
      return !v || v.allowed;
    });
    for (const { b, v } of denied.slice(0, t.options.maxEndpointHops ?? 10)) t.hop('policy', `${b.ip}:${b.port}: ${v.decision}`, v.at);
    if (backends.length === 0) {
      t.drop(`NetworkPolicy denies every endpoint of ${svc.namespace}/${svc.name} to this client`, denied[0]?.v.at);
      return;
    }
  }
  const slices = [...new Set(backends.map((b) => b.slice.name))];
  if (backends.length === 0) {
    const all = t.ctx.slices.get(serviceKey(svc)) ?? [];
    const total = all.reduce((n, s) => n + s.endpoints.length, 0);
    t.drop(
      `Service ${svc.namespace}/${svc.name} has no ready endpoint for port ${sp.name ?? sp.port}${total > 0 ? ` (${total} endpoint(s), none ready with that port)` : ''}: kube-proxy rejects the connection`,
      at(svc, svc.selector ? '/spec/selector' : '/spec'),
    );
    return;
  }
  t.hop('endpoints', `${backends.length} ready endpoint(s) in EndpointSlice ${slices.join(', ')}; ${how}`, undefined, `${svc.namespace}/EndpointSlice/${slices[0]}`);
  const max = t.options.maxEndpointHops ?? 10;
  for (const b of backends.slice(0, max)) {
    const where = b.nodeName ? ` on node ${b.nodeName}` : '';
    const pod = b.pod;
    if (pod) t.hop('endpoint', `${b.ip}:${b.port} pod ${pod.namespace}/${pod.name}${where}`, { resource: pod.origin.resource, pointer: pod.origin.templatePointer }, `${pod.namespace}/Pod/${pod.name}`);
    else t.hop('endpoint', `${b.ip}:${b.port}${b.podName ? ` pod ${b.podName}` : ''}${where}`, b.slice.resource ? { resource: b.slice.resource, pointer: '/endpoints' } : undefined);
  }
  if (backends.length > max) t.hop('endpoint', `... and ${backends.length - max} more`);
  t.endpoints = backends.map((b) => ({ ip: b.ip, port: b.port, ...(b.pod ? { pod: `${b.pod.namespace}/${b.pod.name}` } : b.podName ? { pod: b.podName } : {}), ...(b.nodeName ? { node: b.nodeName } : {}) }));
  t.outcome = 'delivered';
}

function inCidr(ip: string, cidr: string): boolean {
  try {
    if (!isIPv4(ip)) return false;
    return new Netmask(cidr).contains(ip);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Output

export interface RouteTraceJson {
  readonly schemaVersion: 1;
  readonly target: string;
  readonly source: string;
  readonly outcome: RouteOutcome;
  readonly hops: readonly { readonly kind: HopStep; readonly object?: string; readonly location?: Location; readonly decision: string }[];
  readonly endpoints: readonly RouteEndpoint[];
}

export function traceToJson(r: RouteTrace): RouteTraceJson {
  return {
    schemaVersion: 1,
    target: r.target,
    source: r.source,
    outcome: r.outcome,
    hops: r.hops.map((h) => ({ kind: h.step, ...(h.object ? { object: h.object } : {}), ...(h.location ? { location: h.location } : {}), decision: h.decision })),
    endpoints: r.endpoints,
  };
}

export function formatTrace(r: RouteTrace): string {
  const lines = [`route ${r.target} from ${r.source}`];
  r.hops.forEach((h, i) => {
    const where = h.location ? ` (${h.location.file}:${h.location.line}:${h.location.column})` : '';
    lines.push(`${String(i + 1).padStart(3)}. ${h.step.padEnd(9)} ${h.object ?? ''}${where}`.trimEnd());
    lines.push(`      ${h.decision}`);
  });
  const outcome =
    r.outcome === 'delivered' ? `delivered to ${r.endpoints.length} endpoint(s)` : r.outcome === 'dropped' ? 'dropped' : r.outcome === 'no-route' ? 'no route' : 'leaves the cluster or the dry run (unknown)';
  lines.push(`outcome: ${outcome}`);
  return lines.join('\n') + '\n';
}
