import { describe, expect, it } from 'vitest';
import { modelFromYaml } from '../helpers/model.js';
import { explainPod } from '../../src/sim/scheduler/explain.js';
import { formatExplain } from '../../src/sim/scheduler/report.js';

const yaml = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: c, image: x, resources: {requests: {cpu: "1", memory: 1Gi}}}]
`;

describe('--explain', () => {
  it('lists every node with its filter results in plugin order and scores of feasible nodes', () => {
    const e = explainPod(modelFromYaml(yaml), {}, 'default/web');
    expect(e?.result.node).toBe('worker-1');
    expect(e?.nodes.map((n) => [n.node, n.feasible])).toEqual([
      ['control-plane', false],
      ['worker-1', true],
      ['worker-2', true],
      ['worker-3', true],
    ]);
    const cp = e?.nodes[0];
    expect(cp?.filters.map((f) => f.plugin)).toEqual(['NodeUnschedulable', 'NodeName', 'TaintToleration']);
    expect(cp?.filters[2]?.result).toBe('node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }');
    // Empty 4-CPU/16Gi node, pod 1 CPU/1Gi: LeastAllocated ((4000-1000)*100/4000 + (16-1)*100/16)/2 = (75+93)/2 = 84;
    // BalancedAllocation 1 - |0.25 - 0.0625|/2 = 0.906 -> 90 (least_allocated.go, balanced_allocation.go).
    expect(e?.nodes[1]?.scores?.NodeResourcesFit).toBe(84);
    expect(e?.nodes[1]?.scores?.NodeResourcesBalancedAllocation).toBe(90);
    expect(formatExplain(e!)).toContain('score NodeResourcesFit: 84 x 1 = 84');
  });

  it('is undefined for an unknown pod', () => {
    expect(explainPod(modelFromYaml(yaml), {}, 'nope')).toBeUndefined();
  });
});

describe('PodTopologySpread score (podtopologyspread/scoring.go)', () => {
  it('count * log(domains + 2) + (maxSkew - 1), normalised as 100 * (max + min - score) / max', () => {
    const nodes = ['a', 'b']
      .map((z, i) => `apiVersion: v1
kind: Node
metadata: {name: n${i + 1}, labels: {zone: ${z}}}
status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
`)
      .join('---\n');
    const existing = `apiVersion: v1
kind: Pod
metadata: {name: old, labels: {app: w}}
status: {phase: Running}
spec:
  nodeName: n1
  containers: [{name: c, image: x}]
`;
    const incoming = `apiVersion: v1
kind: Pod
metadata: {name: new, labels: {app: w}}
spec:
  topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: w}}}]
  containers: [{name: c, image: x}]
`;
    const e = explainPod(modelFromYaml([nodes, existing, incoming].join('---\n')), {}, 'default/new');
    // n1: 1 * log(2 + 2) = 1.39 -> 1; n2: 0. max 1, min 0: n1 -> 100 * (1 + 0 - 1) / 1 = 0, n2 -> 100.
    expect(e?.nodes.map((n) => n.scores?.PodTopologySpread)).toEqual([0, 100]);
    expect(e?.result.node).toBe('n2');
  });
});

describe('InterPodAffinity and TaintToleration scores', () => {
  const twoNodes = (taint = ''): string =>
    [1, 2]
      .map((i) => `apiVersion: v1
kind: Node
metadata: {name: n${i}}
${i === 1 ? taint : ''}status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
`)
      .join('---\n');
  const pod = (name: string, spec: string, extra = ''): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: w}}
${extra}spec:
${spec}  containers: [{name: c, image: x}]
`;
  it('preferred anti-affinity: -weight on the existing pod\'s domain, min-max normalised (interpodaffinity/scoring.go)', () => {
    const yaml = [
      twoNodes(),
      pod('old', '  nodeName: n1\n', 'status: {phase: Running}\n'),
      pod(
        'new',
        `  affinity:
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm: {labelSelector: {matchLabels: {app: w}}, topologyKey: kubernetes.io/hostname}
`,
      ),
    ].join('---\n');
    const e = explainPod(modelFromYaml(yaml), {}, 'default/new');
    expect(e?.nodes.map((n) => n.scores?.InterPodAffinity)).toEqual([0, 100]);
  });

  it('PreferNoSchedule taints lower the score, reverse-normalised (tainttoleration/taint_toleration.go)', () => {
    const yaml = [twoNodes('spec: {taints: [{key: spot, value: "true", effect: PreferNoSchedule}]}\n'), pod('new', '')].join('---\n');
    const e = explainPod(modelFromYaml(yaml), {}, 'default/new');
    expect(e?.nodes.map((n) => n.scores?.TaintToleration)).toEqual([0, 100]);
    expect(e?.result.node).toBe('n2');
  });
});

describe('BalancedAllocation and best-effort pods', () => {
  it('is skipped for a pod without cpu or memory requests (balanced_allocation.go PreScore, kubernetes/kubernetes#129138)', () => {
    const e = explainPod(modelFromYaml('apiVersion: v1\nkind: Pod\nmetadata: {name: be}\nspec:\n  containers: [{name: c, image: x}]\n'), {}, 'default/be');
    expect(e?.nodes[1]?.scores?.NodeResourcesBalancedAllocation).toBeUndefined();
    expect(e?.nodes[1]?.scores?.NodeResourcesFit).toBeDefined();
  });
});
