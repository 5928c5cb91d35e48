import { describe, expect, it } from 'vitest';
import { schemaFindings } from '../../src/schema/index.js';
import { resources } from './helpers.js';

const yaml = `apiVersion: v1
kind: Service
metadata: {name: s, namespace: shop}
spec: {ports: [{port: 80, protocl: TCP}]}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
`;

describe('schemaFindings', () => {
  it('maps issues to findings with resource names and locations', () => {
    expect(schemaFindings(resources(yaml)).findings).toEqual([
      {
        rule: 'schema-unknown-field',
        severity: 'error',
        message: 'spec.ports[0].protocl: unknown field; did you mean protocol?',
        resource: 'shop/Service/s',
        location: expect.objectContaining({ file: 'test.yaml', line: 4, column: 27 }),
      },
      {
        rule: 'schema-missing',
        severity: 'info',
        message: 'no schema for kind Widget in apiVersion example.com/v1: add its CRD to the input or pass --skip-kinds',
        resource: 'default/Widget/w',
        location: expect.objectContaining({ file: 'test.yaml', line: 7, column: 1 }),
      },
    ]);
  });

  it('skips the kinds given (--skip-kinds) and passes strictness through', () => {
    const { findings } = schemaFindings(resources(yaml), { skipKinds: ['Widget'], strict: false });
    expect(findings.map((f) => `${f.severity} ${f.rule}`)).toEqual(['warning schema-unknown-field']);
  });
});
