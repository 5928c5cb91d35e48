import { describe, expect, it } from 'vitest';
import { pod, run } from './helpers.js';
import { safeEncode, templateHash } from '../../src/sim/names.js';

const ALPHABET = /^[bcdfghjklmnpqrstvwxz2456789]+$/;

describe('workload expansion', () => {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: nginx}]
`;
  it('Deployment -> ReplicaSet <name>-<hash> -> pods <rs>-<5 chars>, same input same names', () => {
    const a = run(deployment);
    const b = run(deployment);
    expect(a.pods.map((p) => p.name)).toEqual(b.pods.map((p) => p.name));
    expect(a.pods).toHaveLength(3);
    for (const p of a.pods) {
      const m = /^web-([a-z0-9]+)-([a-z0-9]{5})$/.exec(p.name);
      expect(m).not.toBeNull();
      expect(m?.[1]).toMatch(ALPHABET);
      expect(m?.[2]).toMatch(ALPHABET);
      expect(p.labels['pod-template-hash']).toBe(m?.[1]);
      expect(p.owner).toEqual({ kind: 'ReplicaSet', name: `web-${m?.[1]}` });
    }
    expect(new Set(a.pods.map((p) => p.name)).size).toBe(3);
  });

  it('a workload the API server would refuse for its selector makes no pods; an RC without one selects its template', () => {
    const withSelector = (kind: string, selector: string, apiVersion = 'apps/v1'): string =>
      `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: w}\nspec:\n  replicas: 2\n${selector}  template:\n    metadata: {labels: {app: web, tier: a}}\n    spec:\n      containers: [{name: c, image: nginx}]\n`;
    expect(run(withSelector('Deployment', '  selector: {matchLabels: {app: web}}\n')).pods).toHaveLength(2);
    expect(run(withSelector('Deployment', '  selector: {matchLabels: {app: other}}\n')).pods).toHaveLength(0);
    expect(run(withSelector('Deployment', '  selector: {}\n')).pods).toHaveLength(0);
    expect(run(withSelector('Deployment', '')).pods).toHaveLength(0);
    expect(run(withSelector('Deployment', '', 'extensions/v1beta1')).pods).toHaveLength(2);
    expect(run(withSelector('ReplicationController', '', 'v1')).pods).toHaveLength(2);
    expect(run(withSelector('ReplicationController', '  selector: {app: other}\n', 'v1')).pods).toHaveLength(0);
    expect(run(withSelector('ReplicaSet', '  selector: {matchExpressions: [{key: tier, operator: In, values: [a]}]}\n')).pods).toHaveLength(2);
  });

  it('SafeEncodeString maps decimal digits onto the vowel-free alphabet (apimachinery rand.go)', () => {
    // '0' is code 48, 48 % 27 = 21 -> alphanums[21] = '4'; '1' -> 49 % 27 = 22 -> '5'.
    expect(safeEncode('01')).toBe('45');
    expect(templateHash({ a: 1 })).toMatch(ALPHABET);
  });

  it('HPA minReplicas raises replicas', () => {
    const state = run(
      deployment +
        `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 5
  maxReplicas: 10
`,
    );
    expect(state.pods).toHaveLength(5);
  });

  it('StatefulSet: ordinals from spec.ordinals.start, hostname/subdomain, claims <template>-<sts>-<ordinal>', () => {
    const state = run(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 2
  ordinals: {start: 3}
  serviceName: db-headless
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: c, image: pg, volumeMounts: [{name: data, mountPath: /d}]}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`);
    expect(state.pods.map((p) => p.name)).toEqual(['db-3', 'db-4']);
    const p = pod(state, 'db-3');
    expect(p.spec.hostname).toBe('db-3');
    expect(p.spec.subdomain).toBe('db-headless');
    expect(p.labels['statefulset.kubernetes.io/pod-name']).toBe('db-3');
    expect(p.labels['apps.kubernetes.io/pod-index']).toBe('3');
    expect(p.spec.volumes?.[0]?.persistentVolumeClaim?.claimName).toBe('data-db-3');
    expect(p.phase).toBe('Running');
  });

  it('Job: min(parallelism, completions) pods; Indexed names <job>-<index>-<5 chars>', () => {
    const state = run(`apiVersion: batch/v1
kind: Job
metadata: {name: batch}
spec:
  parallelism: 3
  completions: 2
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: x}]
`);
    expect(state.pods).toHaveLength(2);
    expect(state.pods[0]?.name).toMatch(/^batch-0-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(state.pods[1]?.name).toMatch(/^batch-1-/);
    expect(state.pods[1]?.labels['batch.kubernetes.io/job-completion-index']).toBe('1');
    expect(state.pods[0]?.labels['job-name']).toBe('batch');
  });

  it('CronJob only with cronjobs, named <cronjob>-<minutes>', () => {
    const cj = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: c, image: x}]
`;
    expect(run(cj).pods).toHaveLength(0);
    const state = run(cj, { cronjobs: true });
    expect(state.pods).toHaveLength(1);
    expect(state.pods[0]?.name).toMatch(/^nightly-28928160-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('Pod defaulting: requests from limits on pods; hostNetwork hostPorts', () => {
    const state = run(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  hostNetwork: true
  containers:
  - name: c
    resources: {limits: {cpu: 500m}}
    ports: [{containerPort: 9100}]
`);
    const p = pod(state, 'p');
    expect(p.spec.containers[0]?.resources?.requests?.cpu).toBe('500m');
    expect(p.spec.containers[0]?.ports?.[0]?.hostPort).toBe(9100);
    expect(p.hostNetwork).toBe(true);
    expect(p.podIP).toBe(state.nodes.find((n) => n.name === p.nodeName)?.internalIP);
  });
});
