/**
 * Valid manifests validate clean: the Kubernetes documentation's examples, and a minimal instance of every
 * bundled kind built from its schema's required fields (so every kind's schema is consistent, and every
 * precompiled validator exists and accepts what the schema allows).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/model/resource.js';
import { bundle, createSchemaValidator } from '../../src/schema/index.js';
import { check } from './helpers.js';

const here = fileURLToPath(new URL('.', import.meta.url));

describe('documentation examples', () => {
  it('validate clean', () => {
    expect(check(readFileSync(`${here}fixtures/valid-docs-examples.yaml`, 'utf8'))).toEqual([]);
  });
});

type Node = Record<string, unknown>;

/** The smallest instance a schema accepts: required properties only, first enum values, minimal numbers. */
function minimal(schema: Node, defs: Node, depth = 0): unknown {
  if (typeof schema.$ref === 'string') return minimal(defs[schema.$ref.split('/').pop() as string] as Node, defs, depth + 1);
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (schema['x-k8s-lint-quantity'] === true) return '1';
  if (schema['x-k8s-lint-format'] === 'date-time') return '2024-01-02T03:04:05Z';
  if (schema['x-k8s-lint-format'] === 'byte') return 'aGk=';
  switch (type) {
    case 'string':
      return 'x';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object': {
      const out: Node = {};
      const props = (schema.properties ?? {}) as Record<string, Node>;
      for (const name of (schema.required ?? []) as string[]) out[name] = minimal(props[name] as Node, defs, depth + 1);
      return out;
    }
    default:
      return {};
  }
}

function fakeResource(raw: Node, group: string, version: string, kind: string): Resource {
  const apiVersion = group === '' ? version : `${group}/${version}`;
  return {
    apiVersion,
    group,
    version,
    kind,
    namespace: undefined,
    name: 'x',
    key: `${group}/${kind}//x`,
    raw,
    pointerPrefix: '',
    source: { file: 'x.yaml', index: 0, startLine: 1, locate: () => ({ file: 'x.yaml', line: 1, column: 1 }) },
  };
}

describe('every bundled kind', () => {
  const { kinds, definitions } = bundle();
  const defs = (definitions as { definitions: Node }).definitions;

  it('covers the kinds of Kubernetes 1.36 (core and GA groups present)', () => {
    const names = new Set(kinds.map((k) => `${k.group === '' ? '' : k.group + '/'}${k.version}/${k.kind}`));
    for (const k of ['v1/Pod', 'v1/Service', 'apps/v1/Deployment', 'batch/v1/CronJob', 'networking.k8s.io/v1/NetworkPolicy',
      'networking.k8s.io/v1/Ingress', 'policy/v1/PodDisruptionBudget', 'autoscaling/v2/HorizontalPodAutoscaler',
      'apiextensions.k8s.io/v1/CustomResourceDefinition', 'resource.k8s.io/v1/ResourceClaim', 'flowcontrol.apiserver.k8s.io/v1/FlowSchema']) {
      expect(names.has(k), k).toBe(true);
    }
    expect(kinds.length).toBeGreaterThan(80);
  });

  it('accepts a minimal instance of each kind', () => {
    const v = createSchemaValidator({ crds: [] });
    const failures: string[] = [];
    for (const k of kinds) {
      const raw = minimal(defs[k.definition] as Node, defs) as Node;
      raw.apiVersion = k.group === '' ? k.version : `${k.group}/${k.version}`;
      raw.kind = k.kind;
      raw.metadata = { name: 'x' };
      const issues = v.validate(fakeResource(raw, k.group, k.version, k.kind)).filter((i) => i.rule !== 'api-deprecated');
      if (issues.length > 0) failures.push(`${raw.apiVersion} ${k.kind}: ${issues.map((i) => i.message).join('; ')}`);
    }
    expect(failures).toEqual([]);
  });
});
