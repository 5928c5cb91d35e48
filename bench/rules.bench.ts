/**
 * Rule engine benchmark: the whole catalog over seeded synthetic manifest sets (namespaces, deployments,
 * services, ingresses, network policies, config maps) of 1k, 10k and 50k objects. Loading and the model
 * are built outside the timed part: the figure is what the rules add to `check`.
 * Target (issue 4): the whole catalog adds under 0.5 s at 10k objects.
 */
import { loadTexts } from '../src/load/index.js';
import { buildModel } from '../src/model/build.js';
import { loadRuleSet, runRules } from '../src/rules/index.js';
import { simulate } from '../src/sim/index.js';
import { measure, rng, table } from './util.js';

export function manifests(objects: number, seed: number): string {
  const r = rng(seed);
  const docs: string[] = [];
  const perNs = 50;
  let ns = 0;
  while (docs.length < objects) {
    const n = `team-${ns++}`;
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n`);
    for (let i = 0; i < perNs / 5 && docs.length < objects; i++) {
      const app = `app-${i}`;
      const replicas = 1 + Math.floor(r() * 4);
      const tag = r() < 0.1 ? 'latest' : `1.${Math.floor(r() * 20)}`;
      docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${n}
  labels: { app: ${app} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${app} } }
  template:
    metadata: { labels: { app: ${app}, tier: ${r() < 0.5 ? 'front' : 'back'} } }
    spec:
      serviceAccountName: ${r() < 0.2 ? 'missing-sa' : 'default'}
      containers:
        - name: ${app}
          image: registry.example.com/${app}:${tag}
          ports: [{ name: http, containerPort: 8080 }]
          envFrom: [{ configMapRef: { name: ${app}-config } }]
          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { cpu: 200m, memory: 256Mi } }
          readinessProbe: { httpGet: { path: /ready, port: http } }
          securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false }
`);
      docs.push(`apiVersion: v1
kind: Service
metadata: { name: ${app}, namespace: ${n} }
spec:
  selector: { app: ${r() < 0.05 ? app + '-typo' : app} }
  ports: [{ name: http, port: 80, targetPort: ${r() < 0.05 ? 'htp' : 'http'} }]
`);
      docs.push(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: ${app}, namespace: ${n} }
spec:
  rules:
    - host: ${app}.${n}.example.com
      http:
        paths: [{ path: /, pathType: Prefix, backend: { service: { name: ${app}, port: { number: 80 } } } }]
`);
      docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: ${app}, namespace: ${n} }
spec:
  podSelector: { matchLabels: { app: ${app} } }
  ingress: [{ from: [{ podSelector: { matchLabels: { tier: front } } }] }]
`);
      docs.push(`apiVersion: v1
kind: ConfigMap
metadata: { name: ${app}-config, namespace: ${n} }
data: { LOG_LEVEL: info }
`);
    }
  }
  return docs.slice(0, objects).join('---\n');
}

/** Wall and CPU time of one call: on a shared machine CPU time is the steadier figure. */
function timed<T>(fn: () => T): { result: T; ms: number; cpuMs: number } {
  const c = process.cpuUsage();
  const t = performance.now();
  const result = fn();
  const u = process.cpuUsage(c);
  return { result, ms: performance.now() - t, cpuMs: (u.user + u.system) / 1000 };
}

export default async function (): Promise<void> {
  const load = await measure(() => loadRuleSet([]));
  console.log(`loadRuleSet: ${load.result.rules.length} rules in ${load.ms.toFixed(0)} ms`);
  const rules = load.result.rules;
  const rows: Record<string, string | number>[] = [];
  // 10k first: its first run is then the process's first, as cold as `check` is (the CLI is a fresh process
  // every time), so the row reads against the target directly; the other sizes' first runs are warm.
  for (const size of [10_000, 1_000, 50_000]) {
    const text = manifests(size, 42);
    const model = buildModel(loadTexts([{ file: 'bench.yaml', text }]).resources);
    const state = simulate(model);
    // The process's first run loads the build's precompiled schema validators (compiling at run time only
    // schemas the build did not see) and warms the JIT; each size's first run also computes source positions
    // of the documents that have findings (the loader's lazy positions); later runs are the rules alone.
    const first = timed(() => runRules(rules, { model, state, settings: {} }));
    const steady = timed(() => runRules(rules, { model, state, settings: {} }));
    const peak = await measure(() => runRules(rules, { model, state, settings: {} }));
    const all = size <= 10_000 ? timed(() => runRules(rules, { model, state, settings: { enableAll: true, pss: 'restricted' } })) : undefined;
    const row = {
      objects: size,
      findings: steady.result.length,
      'first run ms (cpu)': `${first.ms.toFixed(0)} (${first.cpuMs.toFixed(0)})${size === 10_000 ? ' cold' : ''}`,
      'rules ms (cpu)': `${steady.ms.toFixed(0)} (${steady.cpuMs.toFixed(0)})`,
      'objects/s (cpu)': Math.round(size / (steady.cpuMs / 1000)),
      'all rules + pss ms (cpu)': all ? `${all.ms.toFixed(0)} (${all.cpuMs.toFixed(0)})` : '-',
      'all findings': all ? all.result.length : '-',
      'peak MiB': peak.peakMiB,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  table(rows);
}
