/** The committed schemas/k8s/ files are exactly what scripts/generate-schemas.ts produces. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseModelName, generate, outputDir } from '../../scripts/generate-schemas.js';

describe('generate-schemas', () => {
  it('regenerating yields identical files (run `npm run generate:schemas` after upgrading the client)', async () => {
    const files = await generate();
    expect([...files.keys()].sort()).toEqual(['definitions.json', 'kinds.json', 'meta.json', 'validators.cjs']);
    for (const [name, content] of files) {
      const committed = readFileSync(join(outputDir(), name), 'utf8');
      // Compare lengths first: a diff of a 2 MB file is unreadable.
      expect(committed.length, name).toBe(content.length);
      expect(committed === content, `${name} differs from a fresh generation`).toBe(true);
    }
  });

  it('strips version prefixes from model names', () => {
    expect(baseModelName('V1ContainerPort')).toBe('ContainerPort');
    expect(baseModelName('CoreV1EndpointPort')).toBe('EndpointPort');
    expect(baseModelName('V1beta2DeviceClass')).toBe('DeviceClass');
    expect(baseModelName('V2HorizontalPodAutoscaler')).toBe('HorizontalPodAutoscaler');
  });

  it('reads required fields, int-or-string, quantities and enums the way the issue asks', () => {
    const defs = (JSON.parse(readFileSync(join(outputDir(), 'definitions.json'), 'utf8')) as { definitions: Record<string, Record<string, unknown>> }).definitions;
    const props = (name: string): Record<string, Record<string, unknown>> => defs[name]?.properties as Record<string, Record<string, unknown>>;
    // core/v1 Container: name is the only required field (kubernetes/api:core/v1/types.go).
    expect(defs.V1Container?.required).toEqual(['name']);
    expect(props('V1ServicePort').targetPort?.type).toEqual(['integer', 'string']);
    expect(props('V1ContainerPort').containerPort).toMatchObject({ type: 'integer', minimum: -2147483648, maximum: 2147483647 });
    expect((props('V1ResourceRequirements').limits?.additionalProperties as Record<string, unknown>).type).toEqual(['string', 'number']);
    expect(props('V1ServiceSpec').type?.enum).toEqual(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);
    expect(props('V1ConfigMap').binaryData?.additionalProperties).toMatchObject({ 'x-k8s-lint-format': 'byte' });
    expect(props('V1ObjectMeta').labels).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
  });
});
