import { describe, expect, it } from 'vitest';
import { nodeYaml, pod, run } from './helpers.js';

const podWithClaim = (claim: string): string => `apiVersion: v1
kind: Pod
metadata: {name: db}
spec:
  containers: [{name: c, image: pg}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: ${claim}}}]
`;
const pvc = (name: string, spec: string): string => `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${name}}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 10Gi}}
${spec}`;
const localPv = (name: string, node: string, cls = 'local'): string => `apiVersion: v1
kind: PersistentVolume
metadata: {name: ${name}}
spec:
  capacity: {storage: 20Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: ${cls}
  local: {path: /mnt/disk}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [${node}]}]
`;
const localClass = (mode: string): string => `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: local}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: ${mode}
`;
const docs = (...d: string[]): string => d.join('---\n');
const nodes = docs(nodeYaml('n1', '4', '8Gi'), nodeYaml('n2', '4', '8Gi'));

describe('VolumeBinding (volumebinding/volume_binding.go)', () => {
  it('a missing claim fails PreFilter', () => {
    const state = run(docs(nodes, podWithClaim('nope')));
    expect(pod(state, 'db').reason).toBe('0/2 nodes are available: persistentvolumeclaim "nope" not found. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
  });

  it('WaitForFirstConsumer with a local PV places the pod on the PV node', () => {
    const state = run(docs(nodes, localClass('WaitForFirstConsumer'), localPv('pv-n2', 'n2'), pvc('data', '  storageClassName: local\n'), podWithClaim('data')));
    expect(pod(state, 'db').nodeName).toBe('n2');
  });

  it('WaitForFirstConsumer without a fitting PV and no provisioner', () => {
    const state = run(docs(nodes, localClass('WaitForFirstConsumer'), pvc('data', '  storageClassName: local\n'), podWithClaim('data')));
    expect(pod(state, 'db').reason).toBe(
      "0/2 nodes are available: 2 node(s) didn't find available persistent volumes to bind. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
  });

  it('Immediate without a PV or provisioner leaves the claim unbound', () => {
    const state = run(docs(nodes, localClass('Immediate'), pvc('data', '  storageClassName: local\n'), podWithClaim('data')));
    expect(pod(state, 'db').reason).toBe('0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
  });

  it('a bound claim follows its PV node affinity', () => {
    const state = run(docs(nodes, localPv('pv-n1', 'n1'), pvc('data', '  storageClassName: local\n  volumeName: pv-n1\n'), podWithClaim('data')));
    expect(pod(state, 'db').nodeName).toBe('n1');
  });

  it('a claim bound to a missing PV', () => {
    const state = run(docs(nodes, pvc('data', '  volumeName: gone\n'), podWithClaim('data')));
    expect(pod(state, 'db').reason).toBe(
      '0/2 nodes are available: 2 node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s). preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    );
  });

  it('a class the input does not define is assumed to provision', () => {
    const state = run(docs(nodes, pvc('data', '  storageClassName: gp3\n'), podWithClaim('data')));
    expect(pod(state, 'db').phase).toBe('Running');
  });
});
