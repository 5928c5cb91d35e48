/**
 * How a finding on a kustomize-rendered object finds its place in the written one (src/load/kustomize-origin.ts).
 * What kustomize does to a written object is documented at kubectl.docs.kubernetes.io/references/kustomize/
 * kustomization/ (namePrefix and nameSuffix add to names; patches merge lists of named items by name, so a
 * patch may put a new container before the written ones; labels and images change values in place).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchDocument, writtenPointer } from '../../src/load/kustomize-origin.js';
import { getAt, toPointer } from '../../src/model/location.js';

/** Every pointer to a node of `v` (the root included). */
function pointersOf(v: unknown, prefix: (string | number)[] = []): string[] {
  const out = [toPointer(prefix)];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...pointersOf(x, [...prefix, i])));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) out.push(...pointersOf(x, [...prefix, k]));
  return out;
}

const leaf = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean());
const key = fc.constantFrom('spec', 'template', 'image', 'ports', 'env', 'a/b', 'x~y');
/** Objects whose lists hold named items, as Kubernetes lists mostly do. */
const tree = fc.letrec((t) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, t('object'), t('list')),
  object: fc.dictionary(key, t('node'), { maxKeys: 3 }),
  list: fc
    .uniqueArray(fc.constantFrom('app', 'sidecar', 'init', 'proxy'), { maxLength: 3 })
    .chain((names) => fc.tuple(...names.map((name) => fc.dictionary(key, t('node'), { maxKeys: 2 }).map((o) => ({ ...o, name }))))),
})).object;

describe('writtenPointer', () => {
  it('is the identity when kustomize changed nothing (property)', () => {
    fc.assert(
      fc.property(tree, (written) => {
        for (const p of pointersOf(written)) expect(writtenPointer(written, structuredClone(written), p)).toBe(p);
      }),
      { seed: 21, numRuns: 100 },
    );
  });

  it('follows named items that a patch moved, and designates the same item (property)', () => {
    fc.assert(
      fc.property(tree, (spec) => {
        const written = { containers: [{ name: 'app', image: 'nginx' }, { name: 'db', spec }] };
        // A patch that adds a container: kustomize's strategic merge puts it first.
        const rendered = { containers: [{ name: 'patched', image: 'busybox' }, ...structuredClone(written.containers)] };
        for (const p of pointersOf(rendered)) {
          const w = writtenPointer(written, rendered, p);
          expect(getAt(written, w)).toBeDefined();
          if (p.startsWith('/containers/0')) expect(w).toBe('/containers');
          else if (p.startsWith('/containers/')) expect(getAt(written, w)).toEqual(getAt(rendered, p));
        }
      }),
      { seed: 22, numRuns: 200 },
    );
  });

  it('stops at the deepest node both have: fields kustomize added point at their parent', () => {
    const written = { metadata: { name: 'web' } };
    const rendered = { metadata: { name: 'prod-web', labels: { env: 'prod' } } };
    expect(writtenPointer(written, rendered, '/metadata/labels/env')).toBe('/metadata');
    expect(writtenPointer(written, rendered, '/metadata/name')).toBe('/metadata/name');
  });
});

describe('matchDocument', () => {
  const doc = (kind: string, name: string) => ({ value: { kind, metadata: { name } } });
  const docs = [doc('Deployment', 'web'), doc('Service', 'web'), doc('Service', 'web-canary'), doc('ConfigMap', 'settings')];

  it('takes the only document of the kind, whatever its name became', () => {
    expect(matchDocument(docs, { kind: 'Deployment', metadata: { name: 'prod-web-v2' } })).toBe(docs[0]);
    expect(matchDocument(docs, { kind: 'ConfigMap', metadata: { name: 'other' } })).toBe(docs[3]);
  });

  it('among several, the exact name, else the longest name inside the rendered one (prefixes and suffixes)', () => {
    expect(matchDocument(docs, { kind: 'Service', metadata: { name: 'web' } })).toBe(docs[1]);
    expect(matchDocument(docs, { kind: 'Service', metadata: { name: 'prod-web-canary-eu' } })).toBe(docs[2]);
    expect(matchDocument(docs, { kind: 'Service', metadata: { name: 'prod-web-eu' } })).toBe(docs[1]);
    expect(matchDocument(docs, { kind: 'Service', metadata: { name: 'api' } })).toBeUndefined();
    expect(matchDocument(docs, { kind: 'Secret', metadata: { name: 'web' } })).toBeUndefined();
  });
});
