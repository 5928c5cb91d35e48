/**
 * `--schema-dir DIR`: JSON Schemas in the layouts users already have.
 * - kubeconform / kubernetes-json-schema: `{kind}{kindSuffix}.json`, lower-case, where kindSuffix is
 *   `-{first label of the group}-{version}`, or `-{version}` for the core group
 *   (`yannh/kubeconform:pkg/registry/registry.go`, schemaPath): `deployment-apps-v1.json`,
 *   `networkpolicy-networking-v1.json`, `service-v1.json`. The full group is accepted too.
 * - datreeio/CRDs-catalog: `{group}/{kind}_{version}.json`.
 * Files are read when a kind first needs them; `$ref`s to sibling files resolve against the file's path.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Candidate file names (relative to a schema dir) for a kind, most specific first. */
export function kubeconformNames(group: string, version: string, kind: string): string[] {
  const k = kind.toLowerCase();
  const v = version.toLowerCase();
  if (group === '') return [`${k}-${v}.json`];
  const g = group.toLowerCase();
  const first = g.split('.')[0] as string;
  return [`${k}-${first}-${v}.json`, `${k}-${g}-${v}.json`, `${g}/${k}_${v}.json`];
}

export interface LoadedSchema {
  /** Absolute file URL, used as the schema's `$id` so relative `$ref`s resolve. */
  readonly id: string;
  readonly schema: Record<string, unknown>;
}

/** Looks up and reads schemas from the directories, in order. */
export class SchemaDirs {
  readonly errors: string[] = [];
  private readonly dirs: string[] = [];

  constructor(dirs: readonly string[]) {
    for (const d of dirs) {
      const abs = resolve(d);
      if (!existsSync(abs) || !statSync(abs).isDirectory()) this.errors.push(`--schema-dir ${d}: not a directory`);
      else this.dirs.push(abs);
    }
  }

  get empty(): boolean {
    return this.dirs.length === 0;
  }

  /** The first schema file for a kind, or undefined. Unparsable files are reported in `errors`. */
  find(group: string, version: string, kind: string): LoadedSchema | undefined {
    for (const dir of this.dirs) {
      for (const name of kubeconformNames(group, version, kind)) {
        const file = join(dir, name);
        if (!existsSync(file)) continue;
        return this.read(file);
      }
    }
    return undefined;
  }

  /** Reads one file as a schema; `$schema` is dropped (draft-04 URIs ajv 8 does not know). */
  read(file: string): LoadedSchema | undefined {
    try {
      const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) throw new Error('not a JSON object');
      delete schema.$schema;
      delete schema.id;
      return { id: pathToFileURL(file).href, schema };
    } catch (e) {
      this.errors.push(`${file}: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** Relative `$ref` targets (other files) of a schema, as absolute paths. */
  static externalRefs(schema: unknown, fromFile: string): string[] {
    const out = new Set<string>();
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n !== null && typeof n === 'object') {
        for (const [k, v] of Object.entries(n)) {
          if (k === '$ref' && typeof v === 'string' && !v.startsWith('#') && !/^[a-z]+:/i.test(v)) {
            out.add(resolve(dirname(fromFile), v.split('#')[0] as string));
          } else walk(v);
        }
      }
    };
    walk(schema);
    return [...out];
  }

  /** Names of all JSON files directly in the dirs (for diagnostics). */
  list(): string[] {
    return this.dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.json')));
  }
}
