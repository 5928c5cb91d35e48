/**
 * Properties of CEL rule evaluation and CRD formats, seeded and bounded.
 *
 * - A rule `self.n <= self.limit` fails exactly when n exceeds limit, with the text validation.go builds
 *   (`<path>: Invalid value: <messageExpression result>`), whatever the integers.
 * - CEL integer arithmetic in a rule agrees with exact (bigint) arithmetic, overflow included
 *   (cel-go: int64 overflow is the error "integer overflow").
 * - The `date` format agrees with the proleptic Gregorian calendar, as Go's time.Parse("2006-01-02") does
 *   (kube-openapi strfmt/date_test.go TestDate_IsDate: 2017-02-29 invalid, 2000-02-29 valid).
 * - Dotted quads of octets 0-255 are `ipv4`; with one octet above 255 they are not (strfmt TestFormatIPv4).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTexts } from '../../src/load/index.js';
import { createSchemaValidator } from '../../src/schema/index.js';
import { validFormat } from '../../src/schema/formats.js';
import { crdYaml } from './helpers.js';

function crd(rule: string, message: string): string {
  return crdYaml(`            type: object
            properties:
              n:
                type: integer
                x-kubernetes-validations: [{rule: ${JSON.stringify(rule)}, message: ${JSON.stringify(message)}}]`);
}

function messages(yaml: string): string[] {
  const { resources } = loadTexts([{ file: 'p.yaml', text: yaml }]);
  const v = createSchemaValidator({ crds: resources.filter((r) => r.kind === 'CustomResourceDefinition') });
  return resources.flatMap((r) => v.validate(r).map((i) => i.message));
}

const INT = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 });

describe('CEL rules agree with direct evaluation', () => {
  it('self.n <= self.limit fails exactly when n exceeds limit', () => {
    // One CRD for every run: the rule is compiled once, as for a real input.
    const schema = crd('true', 'unused').replace(
      / {14}n:\n[^]*$/,
      `              n: {type: integer}
              limit: {type: integer}
            x-kubernetes-validations: [{rule: 'self.n <= self.limit', messageExpression: "'n must be at most ' + string(self.limit)"}]
`,
    );
    const { resources } = loadTexts([{ file: 'crd.yaml', text: schema }]);
    const v = createSchemaValidator({ crds: resources });
    fc.assert(
      fc.property(INT, INT, (value, limit) => {
        const cr = loadTexts([{ file: 'cr.yaml', text: `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: default}\nspec: {n: ${value}, limit: ${limit}}\n` }]).resources;
        const got = cr.flatMap((r) => v.validate(r).map((i) => i.message));
        expect(got).toEqual(value <= limit ? [] : [`spec: Invalid value: n must be at most ${limit}`]);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('int64 arithmetic: K * self either equals the exact product or is "integer overflow"', () => {
    const INT64 = fc.bigInt({ min: -(2n ** 63n) + 1n, max: 2n ** 63n - 1n });
    fc.assert(
      fc.property(INT64, fc.integer({ min: -8, max: 8 }), (k, n) => {
        const product = k * BigInt(n);
        const overflow = product > 2n ** 63n - 1n || product < -(2n ** 63n);
        const rule = `${k} * self == ${overflow ? 0n : product}`;
        const yaml = `${crd(rule, 'wrong product')}---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: default}
spec: {n: ${n}}
`;
        expect(messages(yaml)).toEqual(overflow ? [`spec.n: Invalid value: "integer": integer overflow evaluating rule: wrong product`] : []);
      }),
      { seed: 11, numRuns: 25 },
    );
  });
});

describe('CRD formats agree with their definitions', () => {
  it('date: valid exactly for real calendar days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
        const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
        expect(validFormat('date', text)).toBe(days !== undefined && d >= 1 && d <= days);
      }),
      { seed: 3, numRuns: 500 },
    );
  });

  it('ipv4: four octets within 0-255, leading zeros tolerated', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 4, maxLength: 4 }), fc.boolean(), (octets, pad) => {
        const text = octets.map((o) => (pad ? String(o).padStart(3, '0') : String(o))).join('.');
        expect(validFormat('ipv4', text)).toBe(octets.every((o) => o <= 255));
      }),
      { seed: 5, numRuns: 300 },
    );
  });
});
