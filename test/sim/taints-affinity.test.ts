import { describe, expect, it } from 'vitest';
import { toleratesTaint, firstUntoleratedTaint } from '../../src/sim/scheduler/taints.js';
import { nodeMatchesConstraints, readNodeConstraints } from '../../src/sim/scheduler/node-affinity.js';

describe('ToleratesTaint (kubernetes/api core/v1/toleration_test.go semantics)', () => {
  const taint = { key: 'foo', value: 'bar', effect: 'NoSchedule' };
  it('Equal needs equal key, value and effect', () => {
    expect(toleratesTaint({ key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'foo', operator: 'Equal', value: 'baz', effect: 'NoSchedule' }, taint)).toBe(false);
    expect(toleratesTaint({ key: 'foo', value: 'bar', effect: 'NoExecute' }, taint)).toBe(false);
  });
  it('an empty effect matches every effect; Exists any value; empty key with Exists every taint', () => {
    expect(toleratesTaint({ key: 'foo', operator: 'Exists' }, taint)).toBe(true);
    expect(toleratesTaint({ operator: 'Exists' }, taint)).toBe(true);
  });
  it('PreferNoSchedule taints are not filtered', () => {
    expect(firstUntoleratedTaint([{ key: 'a', value: '', effect: 'PreferNoSchedule' }], [])).toBeUndefined();
  });
});

describe('node affinity (component-helpers nodeaffinity.go)', () => {
  const labels = { zone: 'a', cores: '8' };
  const c = (terms: unknown[], nodeSelector?: Record<string, string>): ReturnType<typeof readNodeConstraints> =>
    readNodeConstraints({ nodeSelector, affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
  it('terms are ORed, expressions in a term ANDed', () => {
    expect(nodeMatchesConstraints(c([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }, { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }]), 'n', labels)).toBe(true);
    expect(nodeMatchesConstraints(c([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'x', operator: 'Exists' }] }]), 'n', labels)).toBe(false);
  });
  it('an empty term matches nothing', () => {
    expect(nodeMatchesConstraints(c([{}]), 'n', labels)).toBe(false);
  });
  it('Gt/Lt compare integers', () => {
    expect(nodeMatchesConstraints(c([{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }]), 'n', labels)).toBe(true);
    expect(nodeMatchesConstraints(c([{ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['4'] }] }]), 'n', labels)).toBe(false);
  });
  it('matchFields supports metadata.name', () => {
    expect(nodeMatchesConstraints(c([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n'] }] }]), 'n', labels)).toBe(true);
    expect(nodeMatchesConstraints(c([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['m'] }] }]), 'n', labels)).toBe(false);
  });
  it('nodeSelector and affinity must both match', () => {
    expect(nodeMatchesConstraints(c([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }], { zone: 'b' }), 'n', labels)).toBe(false);
  });
});
