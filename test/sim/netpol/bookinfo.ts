/** The classic bookinfo example (Istio samples/bookinfo) as hand-built pods, Services and policies. */
import type { SimPod } from '../../../src/sim/types.js';
import { namespaces, pod, resources, service } from './fixtures.js';

const APPS: readonly [string, string][] = [
  ['productpage', 'v1'],
  ['details', 'v1'],
  ['reviews', 'v1'],
  ['reviews', 'v2'],
  ['reviews', 'v3'],
  ['ratings', 'v1'],
];

export const bookinfoPods: SimPod[] = APPS.map(([app, version], i) =>
  pod('bookinfo', `${app}-${version}-0`, { app, version }, { ip: `10.244.0.${i + 10}`, ports: [{ name: 'http', port: 9080 }], workload: { kind: 'Deployment', name: `${app}-${version}` } }),
);

export const bookinfoNamespaces = namespaces({ bookinfo: {} });

export const bookinfoServices = ['productpage', 'details', 'reviews', 'ratings'].map((app) =>
  service('bookinfo', app, { app }, [{ name: 'http', protocol: 'TCP', port: 9080, targetPort: app === 'reviews' ? 'http' : 9080 }]),
);

/** reviews accepts ingress only from productpage; a deny-all for reviews next to it. */
export const bookinfoPolicies = resources(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: reviews-allow-from-product, namespace: bookinfo}
spec:
  podSelector: {matchLabels: {app: reviews}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector: {matchLabels: {app: productpage}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: reviews-deny-all-ingress, namespace: bookinfo}
spec:
  podSelector: {matchLabels: {app: reviews}}
  policyTypes: [Ingress]
`);
