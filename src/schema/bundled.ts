/**
 * The bundled Kubernetes 1.36 schemas (schemas/k8s/, written by scripts/generate-schemas.ts). Read once,
 * lazily, from the package root, so start-up costs nothing when schema validation is not used.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { requireWithCodeCache } from '../code-cache.js';

/** One built-in kind: where its schema is and how the API server serves it. */
export interface BuiltinKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Name of its definition in definitions.json. */
  readonly definition: string;
  /** Plural resource name (`deployments`). */
  readonly resource: string;
  readonly namespaced: boolean;
}

export interface Bundle {
  readonly kinds: readonly BuiltinKind[];
  /** `{ definitions: { V1Deployment: {...}, ... } }`, added to ajv as one schema. */
  readonly definitions: Readonly<Record<string, unknown>>;
}

/** The `$id` the bundled definitions are registered under in ajv. */
export const BUNDLE_ID = 'k8s-lint:k8s';

let cached: Bundle | undefined;
let compiled: Readonly<Record<string, ValidateFunction>> | null | undefined;

function schemasDir(): string {
  // src/schema/ in development, dist/src/schema/ when built: walk up to the package root.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'schemas', 'k8s');
    if (existsSync(join(candidate, 'kinds.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('k8s-lint: bundled schemas (schemas/k8s/kinds.json) not found; reinstall the package');
}

/** The bundled kinds and definitions. */
export function bundle(): Bundle {
  if (cached === undefined) {
    const dir = schemasDir();
    const kinds = JSON.parse(readFileSync(join(dir, 'kinds.json'), 'utf8')) as BuiltinKind[];
    const definitions = JSON.parse(readFileSync(join(dir, 'definitions.json'), 'utf8')) as Record<string, unknown>;
    cached = { kinds, definitions };
  }
  return cached;
}

/** `group/version` as written in a manifest (`v1` for the core group). */
export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/**
 * The precompiled validators (schemas/k8s/validators.cjs, ajv standalone code), one per kind's definition;
 * null when the file is absent (then kinds are compiled at run time).
 */
export function precompiled(): Readonly<Record<string, ValidateFunction>> | null {
  if (compiled === undefined) {
    const file = join(schemasDir(), 'validators.cjs');
    compiled = existsSync(file) ? (requireWithCodeCache(file) as Record<string, ValidateFunction>) : null;
  }
  return compiled;
}
