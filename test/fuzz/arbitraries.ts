/**
 * Arbitraries for robustness fuzzing: random YAML-ish texts, and mutations of realistic manifests
 * (type swaps, deleted fields, huge numbers, odd strings in names, labels, selectors, quantities, CIDRs, ports).
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

export const oddString = fc.oneof(
  fc.constantFrom('', ' ', '\u001b[31mred', '::error::x', '<script>alert(1)</script>', '-', '*', '~', '0x', '1e999', 'a'.repeat(300), '../../etc/passwd', 'ns/name', '10.0.0.0/33', '::1/129', '\u0000', '😀', 'In', '!a', 'a in (b', '1.5.5Gi'),
  fc.string({ maxLength: 20 }),
);

export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.constantFrom(null, true, false, 0, -1, 65536, 2 ** 53, -(2 ** 63), 1e308, 0.5, [], {}),
  fc.array(oddString, { maxLength: 3 }),
  fc.dictionary(oddString, oddString, { maxKeys: 3 }),
);

/** Every JSON Pointer-ish path to a node of a value, for picking mutation sites. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

type Mutation = { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'add'; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  oddValue.map((value) => ({ kind: 'replace' as const, value })),
  fc.constant({ kind: 'delete' as const }),
  fc.tuple(oddString, oddValue).map(([key, value]) => ({ kind: 'add' as const, key, value })),
);

function apply(root: unknown, path: (string | number)[], m: Mutation): unknown {
  if (path.length === 0) return m.kind === 'replace' ? m.value : root;
  const clone = structuredClone(root) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = clone;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (m.kind === 'replace') parent[last] = m.value;
  else if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[m.key] = m.value;
  }
  return clone;
}

/** A manifest set (list of objects) with 1–4 random mutations, rendered as a YAML stream. */
export function mutatedStream(objects: readonly unknown[]): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.nat(), fc.nat(), mutation), { minLength: 1, maxLength: 4 })
    .map((ms) => {
      const docs = objects.map((o) => structuredClone(o));
      for (const [docIndex, pathIndex, m] of ms) {
        const i = docIndex % docs.length;
        const ps = paths(docs[i]);
        docs[i] = apply(docs[i], ps[pathIndex % ps.length] as (string | number)[], m);
      }
      return docs.map((d) => stringify(d)).join('---\n');
    });
}

/** Random YAML-looking text: fragments of syntax glued together, valid or not. */
export const yamlishText = fc
  .array(
    fc.oneof(
      fc.constantFrom('---\n', '...\n', 'apiVersion: v1\n', 'kind: Pod\n', 'metadata:\n', '  name: x\n', '- a\n', '  - b\n', 'key: [1, 2\n', '{a: b}\n', '"unclosed\n', "'q'\n", '&a x\n', '*a\n', '<<: *a\n', '!!binary aGk=\n', '!tag x\n', '\t\n', 'a: b: c\n', '? complex\n: value\n', '%YAML 1.2\n', '# comment\n', '|\n  block\n', '>-\n  folded\n'),
      fc.string({ maxLength: 10 }),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(''));
