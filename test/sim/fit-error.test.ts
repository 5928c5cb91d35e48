import { describe, expect, it } from 'vitest';
import { fitErrorText, histogram } from '../../src/sim/scheduler/fit-error.js';

describe('FitError text', () => {
  // Rows of kubernetes/kubernetes:pkg/scheduler/framework/types_test.go TestFitError_Error.
  it('formats the histogram of one reason', () => {
    expect(fitErrorText(3, [['Node(s) failed Filter plugin FalseFilter-1'], ['Node(s) failed Filter plugin FalseFilter-1'], ['Node(s) failed Filter plugin FalseFilter-1']])).toBe(
      '0/3 nodes are available: 3 Node(s) failed Filter plugin FalseFilter-1.',
    );
  });

  it('sorts entries as Go sort.Strings and appends the PostFilter message after a space', () => {
    expect(
      fitErrorText(
        3,
        [['Node(s) failed Filter plugin FalseFilter-1'], ['Node(s) failed Filter plugin FalseFilter-2'], ['Node(s) failed Filter plugin FalseFilter-1']],
        undefined,
        'Error running PostFilter plugin FailedPostFilter',
      ),
    ).toBe('0/3 nodes are available: 1 Node(s) failed Filter plugin FalseFilter-2, 2 Node(s) failed Filter plugin FalseFilter-1. Error running PostFilter plugin FailedPostFilter');
  });

  it('sorts byte-wise with the count included ("10 ..." before "2 ...")', () => {
    const lists = [...Array.from({ length: 10 }, () => ['b']), ['a'], ['a']];
    expect(histogram(lists)).toBe('10 b, 2 a');
  });

  it('counts every reason of a node with several', () => {
    expect(histogram([['Insufficient cpu', 'Insufficient memory'], ['Insufficient cpu']])).toBe('1 Insufficient memory, 2 Insufficient cpu');
  });

  it('uses the PreFilter message instead of the histogram', () => {
    expect(fitErrorText(3, [['x']], 'pod has unbound immediate PersistentVolumeClaims', 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.')).toBe(
      '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });
});
