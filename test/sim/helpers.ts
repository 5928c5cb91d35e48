/** Helpers for the dry-run tests: run the scheduling steps on inline YAML. */
import { modelFromYaml } from '../helpers/model.js';
import { simulate, type SimOptions } from '../../src/sim/index.js';
import type { ClusterState } from '../../src/sim/state.js';
import type { SimPod } from '../../src/sim/types.js';

export function run(yaml: string, options: SimOptions = {}): ClusterState {
  return simulate(modelFromYaml(yaml), options);
}

export function pod(state: ClusterState, name: string, namespace = 'default'): SimPod {
  const p = state.pods.find((x) => x.name === name && x.namespace === namespace);
  if (!p) throw new Error(`no pod ${namespace}/${name}; pods: ${state.pods.map((x) => x.name).join(', ')}`);
  return p;
}

/** A bare pod manifest. */
export function podYaml(name: string, spec: string, extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
${extra}spec:
${spec
  .split('\n')
  .map((l) => '  ' + l)
  .join('\n')}
`;
}

/** A Node manifest with allocatable cpu/memory/pods and optional labels/taints. */
export function nodeYaml(name: string, cpu: string, memory: string, opts: { pods?: number; labels?: Record<string, string>; taints?: string; extra?: string } = {}): string {
  const labels = Object.entries({ 'kubernetes.io/hostname': name, ...(opts.labels ?? {}) })
    .map(([k, v]) => `    ${k}: "${v}"`)
    .join('\n');
  return `apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels:
${labels}
spec:
${opts.taints ?? '  {}'}
status:
  allocatable: {cpu: "${cpu}", memory: "${memory}", pods: "${opts.pods ?? 110}"${opts.extra ?? ''}}
`;
}
