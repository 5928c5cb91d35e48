/**
 * Reading kube-proxy's inputs straight from manifests (Service, EndpointSlice, Node,
 * KubeProxyConfiguration), for the `proxy` command until ClusterState carries them. Untrusted input is read
 * through the guards: a wrong type means "absent". Defaults follow the API (pkg/apis/core/v1/defaults.go):
 * type ClusterIP, protocol TCP, traffic policies Cluster, ClientIP timeout 10800.
 */
import type { EndpointSlice } from '../model/kinds.js';
import { asArray, asInteger, asObject, asObjects, asString, asStringMap, get } from '../model/guards.js';
import type { SimServicePort } from '../sim/types.js';
import type { ProxyNode, ProxyService } from './model.js';

const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

function strings(v: unknown): string[] {
  return asArray(v).filter((x): x is string => typeof x === 'string');
}

/** A Service object as kube-proxy sees it; undefined when the object is not a Service. */
export function serviceFromObject(raw: unknown, defaultNamespace = 'default'): ProxyService | undefined {
  if (asString(get(raw, 'kind')) !== 'Service') return undefined;
  const name = asString(get(raw, 'metadata', 'name'));
  if (name === undefined) return undefined;
  const namespace = asString(get(raw, 'metadata', 'namespace')) ?? defaultNamespace;
  const spec = asObject(get(raw, 'spec')) ?? {};
  const typeText = asString(spec['type']) ?? 'ClusterIP';
  const type = (SERVICE_TYPES as readonly string[]).includes(typeText) ? (typeText as ProxyService['type']) : 'ClusterIP';
  const ports: SimServicePort[] = [];
  for (const p of asObjects(spec['ports'])) {
    const port = asInteger(p['port']);
    if (port === undefined) continue;
    const protoText = asString(p['protocol']) ?? 'TCP';
    const protocol = (PROTOCOLS as readonly string[]).includes(protoText) ? (protoText as SimServicePort['protocol']) : 'TCP';
    const portName = asString(p['name']);
    const nodePort = asInteger(p['nodePort']);
    const targetPort = asInteger(p['targetPort']) ?? asString(p['targetPort']) ?? port;
    ports.push({ protocol, port, targetPort, ...(portName !== undefined ? { name: portName } : {}), ...(nodePort !== undefined ? { nodePort } : {}) });
  }
  // status.loadBalancer.ingress: entries with no ip, and ipMode Proxy ones, carry no VIP (serviceport.go).
  const lbIPs = asObjects(get(raw, 'status', 'loadBalancer', 'ingress'))
    .filter((i) => asString(i['ipMode']) !== 'Proxy')
    .map((i) => asString(i['ip']))
    .filter((ip): ip is string => ip !== undefined && ip !== '');
  const timeout = asInteger(get(spec, 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds')) ?? 10800;
  const clusterIP = asString(spec['clusterIP']);
  const hc = asInteger(spec['healthCheckNodePort']);
  return {
    namespace,
    name,
    type,
    ...(clusterIP !== undefined ? { clusterIP } : {}),
    clusterIPs: strings(spec['clusterIPs']),
    ports,
    externalIPs: strings(spec['externalIPs']),
    loadBalancerIPs: lbIPs,
    loadBalancerSourceRanges: strings(spec['loadBalancerSourceRanges']),
    externalTrafficPolicy: asString(spec['externalTrafficPolicy']) === 'Local' ? 'Local' : 'Cluster',
    internalTrafficPolicy: asString(spec['internalTrafficPolicy']) === 'Local' ? 'Local' : 'Cluster',
    ...(hc !== undefined ? { healthCheckNodePort: hc } : {}),
    sessionAffinity: asString(spec['sessionAffinity']) === 'ClientIP' ? 'ClientIP' : 'None',
    sessionAffinityTimeoutSeconds: timeout,
  };
}

/** An EndpointSlice (discovery.k8s.io/v1) object with its namespace defaulted; undefined for other kinds. */
export function endpointSliceFromObject(raw: unknown, defaultNamespace = 'default'): EndpointSlice | undefined {
  if (asString(get(raw, 'kind')) !== 'EndpointSlice') return undefined;
  const obj = asObject(raw);
  if (!obj) return undefined;
  const meta = asObject(obj['metadata']) ?? {};
  return { ...obj, metadata: { ...meta, namespace: asString(meta['namespace']) ?? defaultNamespace } } as EndpointSlice;
}

/** A Node object's facts kube-proxy uses; undefined for other kinds. */
export function nodeFromObject(raw: unknown): ProxyNode | undefined {
  if (asString(get(raw, 'kind')) !== 'Node') return undefined;
  const name = asString(get(raw, 'metadata', 'name'));
  if (name === undefined) return undefined;
  const addresses = asObjects(get(raw, 'status', 'addresses'))
    .map((a) => ({ type: asString(a['type']) ?? '', address: asString(a['address']) ?? '' }))
    .filter((a) => a.address !== '');
  const internal = addresses.find((a) => a.type === 'InternalIP') ?? addresses[0];
  const podCIDR = asString(get(raw, 'spec', 'podCIDR'));
  return {
    name,
    labels: asStringMap(get(raw, 'metadata', 'labels')),
    addresses,
    internalIP: internal?.address ?? '',
    ...(podCIDR !== undefined ? { podCIDR } : {}),
  };
}
