import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { Finding, Severity } from '../../src/report/finding.js';
import { formatSarif } from '../../src/report/sarif.js';
import { ctx } from './fixtures.js';
import { expectValidSarif } from './sarif-schema.js';

const severity = fc.constantFrom<Severity>('error', 'warning', 'info');
const location = fc.record(
  {
    file: fc.oneof(fc.string({ minLength: 1 }), fc.constant('<stdin>'), fc.constant('/home/dev/shop/a b/c.yaml')),
    line: fc.integer({ min: 1, max: 100_000 }),
    column: fc.integer({ min: 1, max: 500 }),
    endLine: fc.integer({ min: 1, max: 100_000 }),
    endColumn: fc.integer({ min: 1, max: 500 }),
    template: fc.string({ minLength: 1 }),
  },
  { requiredKeys: ['file', 'line', 'column'] },
);
const finding: fc.Arbitrary<Finding> = fc.record(
  {
    rule: fc.oneof(fc.constantFrom('yaml-syntax', 'service-selector-matches-no-pods'), fc.string({ minLength: 1 })),
    severity,
    message: fc.string(),
    resource: fc.string(),
    location,
    related: fc.array(fc.record({ message: fc.string(), location }), { maxLength: 2 }),
    input: fc.boolean(),
    suppressed: fc.record(
      { kind: fc.constantFrom<'annotation' | 'config'>('annotation', 'config'), justification: fc.string() },
      { requiredKeys: ['kind'] },
    ),
  },
  { requiredKeys: ['rule', 'severity', 'message', 'location'] },
);

describe('SARIF output (property)', () => {
  it('every log we produce validates against the official SARIF 2.1.0 schema', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 8 }), (findings) => {
        expectValidSarif(formatSarif(findings, ctx()));
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
