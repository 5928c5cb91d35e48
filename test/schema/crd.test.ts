/**
 * Custom resources validated against the CRDs in the input, and --schema-dir in kubeconform's layout.
 * Semantics of the x-kubernetes-* extensions: "Specifying a structural schema", "Field pruning",
 * "IntOrString" and "RawExtension" in
 * https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubeconformNames } from '../../src/schema/index.js';
import { check, crdYaml, WIDGET } from './helpers.js';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: crontabs.stable.example.com}
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [cronSpec]
            properties:
              cronSpec: {type: string, pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'}
              image: {type: string}
              replicas: {type: integer, minimum: 1, maximum: 10}
              port: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}
              extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
              template: {type: object, x-kubernetes-embedded-resource: true, x-kubernetes-preserve-unknown-fields: true}
              mode: {type: string, enum: [Fast, Slow], nullable: true}
              # RE2 inline flags (kube-prometheus' PrometheusRule CRD): not JavaScript; skipped, not fatal.
              policy: {type: string, pattern: '^(?i)(abort|warn)?$'}
  - name: v1beta1
    served: false
    storage: false
    schema: {openAPIV3Schema: {type: object}}
`;

describe('CustomResourceDefinitions from the input', () => {
  it('accepts a valid custom resource, honouring int-or-string, preserve-unknown-fields and embedded resources', () => {
    const cr = `---
apiVersion: stable.example.com/v1
kind: CronTab
metadata: {name: c, namespace: default}
spec:
  cronSpec: '*/5 * * * *'
  replicas: 3
  port: http
  extra: {anything: [1, 2], goes: true}
  template: {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {}}
  mode: null
  policy: Warn
`;
    expect(check(CRD + cr)).toEqual([]);
    expect(check(CRD + cr.replace('port: http', 'port: 8080'))).toEqual([]);
  });

  it('reports type, range, enum, required and unknown-field errors with positions', () => {
    const cr = `---
apiVersion: stable.example.com/v1
kind: CronTab
metadata: {name: c, namespace: default}
spec:
  replicas: 11
  port: [80]
  mode: Medium
  imagee: nginx
`;
    // The CRD has 32 lines, so this document starts at line 33 ('---') and `spec:` is line 37.
    expect(check(CRD + cr)).toEqual([
      '37:1 error schema-invalid spec.cronSpec: Required value',
      '38:3 error schema-invalid spec.replicas: Invalid value: 11: must be less than or equal to 10',
      '39:3 error schema-invalid spec.port: Invalid value: "array": must be of type integer or string',
      '40:3 error schema-invalid spec.mode: Unsupported value: "Medium": supported values: "Fast", "Slow"',
      '41:3 error schema-unknown-field spec.imagee: unknown field; did you mean image?',
    ]);
  });

  it('validates metadata of custom resources as ObjectMeta', () => {
    const cr = `---
apiVersion: stable.example.com/v1
kind: CronTab
metadata: {name: c, namespace: default, labels: {a: 1}}
spec: {cronSpec: '* * * * *'}
`;
    expect(check(CRD + cr)).toEqual(['36:50 error schema-invalid metadata.labels.a: Invalid value: "integer": must be of type string']);
  });

  it('does not register versions that are not served', () => {
    const cr = `---
apiVersion: stable.example.com/v1beta1
kind: CronTab
metadata: {name: c, namespace: default}
`;
    expect(check(CRD + cr)).toEqual([
      '35:1 info schema-missing no schema for kind CronTab in apiVersion stable.example.com/v1beta1: add its CRD to the input or pass --skip-kinds',
    ]);
  });

  it('collapses an anyOf cascade into the branch that matches best', () => {
    const crd = `${crdYaml(
      `            type: object
            anyOf:
            - required: [size]
            - required: [ratio]
            properties:
              size: {type: integer}
              ratio: {type: number}`,
      { ...WIDGET, scope: 'Cluster' },
    )}---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec: {}
`;
    // Both branches fail with one error each: the first (size) is reported, once.
    expect(check(crd)).toEqual(['28:1 error schema-invalid spec.size: Required value']);
  });
});

describe('--schema-dir in kubeconform layout', () => {
  it('names files as kubeconform does (yannh/kubeconform:pkg/registry/registry.go, schemaPath)', () => {
    expect(kubeconformNames('', 'v1', 'Service')).toEqual(['service-v1.json']);
    expect(kubeconformNames('networking.k8s.io', 'v1', 'NetworkPolicy')[0]).toBe('networkpolicy-networking-v1.json');
    expect(kubeconformNames('cert-manager.io', 'v1', 'Certificate')).toContain('cert-manager.io/certificate_v1.json');
  });

  it('validates custom resources against a schema file, including $refs to sibling files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-lint-schemas-'));
    writeFileSync(
      join(dir, 'certificate-cert-manager-v1.json'),
      JSON.stringify({
        $schema: 'http://json-schema.org/schema#',
        type: 'object',
        properties: { spec: { $ref: '_definitions.json#/definitions/spec' }, apiVersion: {}, kind: {}, metadata: {} },
        additionalProperties: false,
      }),
    );
    writeFileSync(
      join(dir, '_definitions.json'),
      JSON.stringify({ definitions: { spec: { type: 'object', required: ['secretName'], properties: { secretName: { type: 'string' } } } } }),
    );
    mkdirSync(join(dir, 'example.com'));
    writeFileSync(join(dir, 'example.com', 'gadget_v1.json'), JSON.stringify({ type: 'object', properties: { size: { type: 'integer' } } }));
    const yaml = `apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: a, namespace: default}
spec: {dnsNames: [a.example.com]}
---
apiVersion: example.com/v1
kind: Gadget
metadata: {name: g}
size: big
`;
    expect(check(yaml, { schemaDirs: [dir] })).toEqual([
      '4:1 error schema-invalid spec.secretName: Required value',
      '9:1 error schema-invalid size: Invalid value: "string": must be of type integer',
    ]);
  });

  it('reports a missing directory as a configuration error', async () => {
    const { createSchemaValidator } = await import('../../src/schema/index.js');
    expect(createSchemaValidator({ crds: [], schemaDirs: ['does/not/exist'] }).configErrors).toEqual(['--schema-dir does/not/exist: not a directory']);
  });
});
