/** Untrusted input: whatever shape a manifest's fields have, the dry run never throws (a wrong type means absent). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { run } from './helpers.js';

const kinds = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'Service', 'Node', 'ResourceQuota', 'LimitRange', 'PersistentVolumeClaim', 'PriorityClass'];
const apiVersion: Record<string, string> = { Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', Job: 'batch/v1', PriorityClass: 'scheduling.k8s.io/v1' };

const value = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 40000 }),
  fc.constantFrom('', '1', '500m', '2Gi', 'x', 'None', 'NodePort', 'Exists', 'NoSchedule', '10.96.0.10', 'kubernetes.io/hostname'),
  fc.array(fc.constantFrom('a', 1, null), { maxLength: 2 }),
);
const spec = fc.dictionary(
  fc.constantFrom('replicas', 'selector', 'template', 'containers', 'nodeName', 'nodeSelector', 'affinity', 'tolerations', 'topologySpreadConstraints', 'ports', 'clusterIP', 'type', 'hard', 'limits', 'taints', 'volumes', 'volumeClaimTemplates', 'podCIDR', 'unschedulable', 'priorityClassName'),
  fc.oneof(value, fc.dictionary(fc.constantFrom('spec', 'metadata', 'matchLabels', 'requests', 'cpu', 'containers', 'nodeSelectorTerms', 'requiredDuringSchedulingIgnoredDuringExecution'), value, { maxKeys: 3 })),
  { maxKeys: 6 },
);

describe('robustness', () => {
  it('simulate never throws on odd field types', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...kinds), spec, fc.option(value)), { minLength: 1, maxLength: 6 }), (objs) => {
        const text = objs
          .map(([kind, s, status], i) => stringify({ apiVersion: apiVersion[kind] ?? 'v1', kind, metadata: { name: `o${i}` }, spec: s, ...(status === null ? {} : { status }) }))
          .join('---\n');
        expect(() => run(text)).not.toThrow();
      }),
      { seed: 42, numRuns: 150 },
    );
  });
});
