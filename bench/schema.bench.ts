/**
 * Schema validation on its own: 10k seeded objects (Deployments, Services, ConfigMaps, Ingresses,
 * NetworkPolicies), strict, with a few percent of them carrying mistakes so the error path is measured too.
 */
import { loadTexts } from '../src/load/index.js';
import { createSchemaValidator } from '../src/schema/index.js';
import { measure, rng, table } from './util.js';

function manifests(n: number, seed: number): string {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    const ns = `team-${i % 20}`;
    const app = `app-${i}`;
    const typo = rand() < 0.03;
    switch (i % 5) {
      case 0:
        docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}, namespace: ${ns}, labels: {app: ${app}}}
spec:
  replicas: ${1 + Math.floor(rand() * 5)}
  selector: {matchLabels: {app: ${app}}}
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}}
  template:
    metadata: {labels: {app: ${app}, tier: ${pick(['web', 'api', 'worker'])}}}
    spec:
      containers:
      - name: main
        image: registry.example.com/${app}:1.${i % 10}
        ${typo ? 'imagePullPolicyy' : 'imagePullPolicy'}: IfNotPresent
        ports: [{containerPort: 8080, name: http, protocol: TCP}]
        env: [{name: MODE, value: prod}, {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}]
        resources: {requests: {cpu: ${pick(['100m', '250m', '1'])}, memory: ${pick(['64Mi', '128Mi', '1Gi'])}}, limits: {memory: 2Gi}}
        readinessProbe: {httpGet: {path: /healthz, port: http}, periodSeconds: 5}
        securityContext: {runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
        volumeMounts: [{name: config, mountPath: /etc/app}]
      volumes: [{name: config, configMap: {name: ${app}-config}}]
      tolerations: [{key: dedicated, operator: Equal, value: ${ns}, effect: NoSchedule}]
`);
        break;
      case 1:
        docs.push(`apiVersion: v1
kind: Service
metadata: {name: ${app}, namespace: ${ns}}
spec:
  type: ${typo ? 'NodePrt' : pick(['ClusterIP', 'NodePort'])}
  selector: {app: app-${i - 1}}
  ports: [{name: http, port: 80, targetPort: http, protocol: TCP}]
`);
        break;
      case 2:
        docs.push(`apiVersion: v1
kind: ConfigMap
metadata: {name: app-${i - 2}-config, namespace: ${ns}}
data: {LOG_LEVEL: info, FEATURE_X: "true", config.yaml: "a: 1\\nb: 2\\n"}
`);
        break;
      case 3:
        docs.push(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${app}, namespace: ${ns}}
spec:
  ingressClassName: nginx
  tls: [{hosts: [${app}.example.com], secretName: ${app}-tls}]
  rules:
  - host: ${app}.example.com
    http:
      paths:
      - path: /
        pathType: ${typo ? 'Prefixx' : 'Prefix'}
        backend: {service: {name: app-${i - 2}, port: {number: 80}}}
`);
        break;
      default:
        docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${app}, namespace: ${ns}}
spec:
  podSelector: {matchLabels: {app: app-${i - 4}}}
  policyTypes: [Ingress, Egress]
  ingress:
  - from: [{podSelector: {matchLabels: {tier: web}}}, {namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [a, b]}]}}]
    ports: [{port: 8080, protocol: TCP}]
  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]}]
`);
    }
  }
  return docs.join('---\n');
}

export { manifests };

/** A CRD with CEL rules at three levels and two checked formats, and `n` custom resources of it. */
function customResources(n: number, seed: number): string {
  const rand = rng(seed);
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: backends.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: backends, kind: Backend}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - {rule: 'self.minReplicas <= self.replicas', message: minReplicas cannot be larger than replicas}
            - {rule: "self.ports.all(p, p.port > 0 && p.port < 65536)", messageExpression: "'bad port in ' + string(size(self.ports)) + ' ports'"}
            - {rule: 'self.replicas == oldSelf.replicas', message: immutable}
            properties:
              minReplicas: {type: integer}
              replicas: {type: integer}
              host: {type: string, format: hostname, x-kubernetes-validations: [{rule: "self.matches('^[a-z0-9.-]+$')"}]}
              id: {type: string, format: uuid}
              ports:
                type: array
                items: {type: object, properties: {name: {type: string}, port: {type: integer}}}
`;
  const docs = [crd];
  for (let i = 0; i < n; i++) {
    const bad = rand() < 0.03;
    docs.push(`apiVersion: example.com/v1
kind: Backend
metadata: {name: b-${i}, namespace: team-${i % 20}}
spec:
  minReplicas: ${bad ? 9 : 1}
  replicas: ${1 + Math.floor(rand() * 5)}
  host: b-${i}.example.com
  id: ${(i + 0x10000000).toString(16)}-7dec-11d0-a765-00a0c91e6bf6
  ports: [{name: http, port: 8080}, {name: metrics, port: ${bad ? 0 : 9090}}]
`);
  }
  return docs.join('---\n');
}

/**
 * Rows, in the order a real run meets the costs: loading the precompiled validators (once per process),
 * the first pass over 10k objects (V8 still warming the generated code: what `check` pays), then a warm pass.
 */
export default async function (): Promise<void> {
  const { resources } = loadTexts([{ file: 'bench.yaml', text: manifests(10_000, 42) }]);
  const rows: Record<string, string | number>[] = [];
  // CPU time next to wall time: on a shared 2-core machine wall time mostly measures the neighbours.
  const timed = async <T>(fn: () => T): Promise<{ ms: number; cpuMs: number; peakMiB: number; result: T }> => {
    const cpu0 = process.cpuUsage();
    const m = await measure(fn);
    const cpu = process.cpuUsage(cpu0);
    return { ...m, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  const load = await timed(() => createSchemaValidator({ crds: [] }).validate(resources[0] as (typeof resources)[number]).length);
  rows.push({ step: 'load precompiled validators (once per process)', objects: 1, 'wall ms': load.ms, 'cpu ms': load.cpuMs, issues: load.result, 'peak MiB': load.peakMiB });
  for (const [label, n] of [['first pass, fresh validator', 10_000], ['second pass, fresh validator', 10_000], ['third pass, fresh validator', 10_000]] as const) {
    const slice = resources.slice(0, n);
    const run = await timed(() => {
      const v = createSchemaValidator({ crds: [] });
      let issues = 0;
      for (const r of slice) issues += v.validate(r).length;
      return issues;
    });
    rows.push({ step: label, objects: slice.length, 'wall ms': run.ms, 'cpu ms': run.cpuMs, issues: run.result, 'peak MiB': run.peakMiB });
  }
  // Custom resources: the cost CEL rules and CRD formats add, paid only by kinds whose CRD has them.
  const custom = loadTexts([{ file: 'crs.yaml', text: customResources(10_000, 7) }]).resources;
  const crds = custom.filter((r) => r.kind === 'CustomResourceDefinition');
  for (const label of ['custom resources with CEL rules, first pass', 'custom resources with CEL rules, second pass']) {
    const run = await timed(() => {
      const v = createSchemaValidator({ crds });
      let issues = 0;
      for (const r of custom) issues += v.validate(r).length;
      return issues;
    });
    rows.push({ step: label, objects: custom.length, 'wall ms': run.ms, 'cpu ms': run.cpuMs, issues: run.result, 'peak MiB': run.peakMiB });
  }
  table(rows);
}
