/**
 * The built-in rules, validated at build time. Reading 154 rule files as YAML and validating each against
 * the rule meta-schema and its function's options schema costs a fresh process (and `check`'s worker thread)
 * about 0.15-0.2 s of CPU on every run, for files that only change with a release. `npm run build` writes
 * their validated definitions to dist/rules/catalog.json; a run uses them when every rule file still has
 * the content it had then and the validation code is the same (both fingerprinted), and otherwise loads the
 * files as before. User rule folders always take the full path.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { packagePath, packageRoot } from '../paths.js';
import { FUNCTIONS } from './functions/index.js';
import type { RuleDefinition } from './types.js';

export interface CatalogEntry {
  /** The rule file, relative to the package root (as findings report it). */
  readonly file: string;
  readonly sha1: string;
  readonly definition: RuleDefinition;
}

interface Catalog {
  /** What validation depends on besides the files: the meta-schema and the functions' contracts. */
  readonly validation: string;
  readonly entries: readonly CatalogEntry[];
}

export const CATALOG_FILE = 'dist/rules/catalog.json';

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function validationFingerprint(): string {
  const contracts = [...FUNCTIONS.values()].map((f) => [f.name, f.scope, f.messageIds, f.optionsSchema]);
  return sha1(readFileSync(packagePath('schemas/rule.schema.json'), 'utf8') + JSON.stringify(contracts));
}

/**
 * The catalog's definitions for these rule files (absolute paths, in load order), or undefined when there is
 * no catalog or it no longer describes them exactly.
 */
export function catalogDefinitions(files: readonly string[]): CatalogEntry[] | undefined {
  const path = packagePath(CATALOG_FILE);
  if (!existsSync(path)) return undefined;
  let catalog: Catalog;
  try {
    catalog = JSON.parse(readFileSync(path, 'utf8')) as Catalog;
  } catch {
    return undefined;
  }
  if (!Array.isArray(catalog.entries) || catalog.entries.length !== files.length || catalog.validation !== validationFingerprint()) return undefined;
  const root = packageRoot();
  for (let i = 0; i < files.length; i++) {
    const file = files[i] as string;
    const entry = catalog.entries[i] as CatalogEntry;
    if (entry.file !== relative(root, file) || entry.sha1 !== sha1(readFileSync(file, 'utf8'))) return undefined;
  }
  return [...catalog.entries];
}

/** Writes the catalog for rule files that have just been loaded and validated without a finding. */
export function writeCatalog(loaded: readonly { readonly file: string; readonly definition: RuleDefinition }[]): void {
  const root = packageRoot();
  const entries = loaded.map(({ file, definition }) => ({ file: relative(root, file), sha1: sha1(readFileSync(file, 'utf8')), definition }));
  const catalog: Catalog = { validation: validationFingerprint(), entries };
  writeFileSync(packagePath(CATALOG_FILE), JSON.stringify(catalog));
}
