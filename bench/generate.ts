/**
 * A seeded synthetic manifest set: namespaces, deployments, services, ingresses, network policies and
 * config maps in realistic proportions, with cross references that resolve (and a few that do not).
 * Same seed and size, same bytes.
 */
import { rng } from './util.js';

export function generateManifests(objects: number, seed = 1): string {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const namespaces = Math.max(1, Math.round(objects / 100));
  const docs: string[] = [];
  for (let n = 0; n < namespaces; n++) docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${n}\n  labels:\n    team: t${n % 7}\n`);
  let i = 0;
  while (docs.length < objects) {
    const ns = `ns-${i % namespaces}`;
    const app = `app-${i}`;
    const replicas = 1 + Math.floor(rand() * 3);
    const cpu = pick(['50m', '100m', '250m', '500m']);
    const mem = pick(['64Mi', '128Mi', '256Mi', '1Gi']);
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${ns}
  labels: {app: ${app}, tier: ${pick(['web', 'api', 'worker'])}}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels: {app: ${app}, version: v${1 + (i % 3)}}
    spec:
      serviceAccountName: default
      containers:
        - name: main
          image: registry.example.com/${app}:1.${i % 10}.0
          ports:
            - {name: http, containerPort: 8080}
          env:
            - name: CONFIG
              valueFrom: {configMapKeyRef: {name: ${app}-config, key: config}}
          resources:
            requests: {cpu: ${cpu}, memory: ${mem}}
            limits: {cpu: "1", memory: ${mem}}
          readinessProbe:
            httpGet: {path: /healthz, port: http}
`);
    docs.push(`apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-config
  namespace: ${ns}
data:
  config: |
    level: info
    id: ${i}
`);
    docs.push(`apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${ns}
spec:
  selector: {app: ${app}}
  ports:
    - {name: http, port: 80, targetPort: http}
`);
    if (rand() < 0.3) {
      docs.push(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${app}
  namespace: ${ns}
spec:
  ingressClassName: nginx
  rules:
    - host: ${app}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: ${app}, port: {number: 80}}
`);
    }
    if (rand() < 0.3) {
      docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${app}-ingress
  namespace: ${ns}
spec:
  podSelector:
    matchLabels: {app: ${app}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: {team: t${i % 7}}
          podSelector:
            matchLabels: {tier: web}
      ports:
        - {protocol: TCP, port: 8080}
`);
    }
    i++;
  }
  return docs.slice(0, objects).join('---\n');
}
