/**
 * The configuration file `.k8s-lint.yaml`: found upward from the working directory, or given with --config.
 * Validated against schemas/config.schema.json; its own errors are input findings with file, line and column.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { loadTexts } from './load/index.js';
import { parseYamlDocument } from './load/parse.js';
import type { Finding, Severity } from './report/finding.js';
import { packagePath } from './paths.js';
import { PositionIndex } from './load/positions.js';

export type RuleSetting = 'off' | 'on' | Severity;

export interface ExternalObject {
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
}

export interface IgnoreEntry {
  readonly rules: readonly string[];
  readonly paths?: readonly string[];
  readonly objects?: readonly string[];
  readonly reason?: string;
}

export interface Config {
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  readonly enableAll?: boolean;
  readonly failOn?: Severity | 'none';
  readonly format?: string;
  readonly namespace?: string;
  readonly kubeVersion?: string;
  readonly strict?: boolean;
  readonly pss?: 'baseline' | 'restricted';
  readonly maxFileSize?: number;
  readonly ruleDirs?: readonly string[];
  readonly schemaDirs?: readonly string[];
  readonly skipKinds?: readonly string[];
  readonly external?: readonly ExternalObject[];
  readonly ignore?: readonly IgnoreEntry[];
}

export interface LoadedConfig {
  readonly config: Config;
  /** The file read, if any. */
  readonly file?: string;
  readonly findings: Finding[];
}

export const CONFIG_FILE_NAMES = ['.k8s-lint.yaml', '.k8s-lint.yml'];

/** Finds the config file upward from `cwd`. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

let validateConfig: ReturnType<Ajv['compile']> | undefined;

/** Reads and validates a config file. Relative directories in it are resolved against the file's folder. */
export function loadConfig(file: string | undefined): LoadedConfig {
  if (file === undefined) return { config: {}, findings: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as { code?: string }).code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
    return { config: {}, file, findings: [configFinding(file, `cannot read config file ${file}: ${reason}`, 1, 1)] };
  }
  const parsed = parseYamlDocument(text);
  if (!parsed.ok) return { config: {}, file, findings: [configFinding(file, parsed.problem.message, parsed.problem.line, parsed.problem.column)] };
  const value = parsed.value ?? {};
  validateConfig ??= new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(packagePath('schemas/config.schema.json'), 'utf8')) as object);
  if (!validateConfig(value)) {
    const positions = new PositionIndex(text, file, 1, undefined);
    const findings = (validateConfig.errors ?? []).map((err) => {
      const pointer = err.keyword === 'additionalProperties' ? `${err.instancePath}/${String((err.params as { additionalProperty: string }).additionalProperty)}` : err.instancePath;
      const where = pointer === '' ? 'config' : pointer.slice(1).replace(/\//g, '.');
      const what =
        err.keyword === 'additionalProperties'
          ? 'unknown setting'
          : err.keyword === 'enum'
            ? `must be one of ${((err.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`
            : (err.message ?? 'invalid');
      const loc = positions.locate(pointer);
      return configFinding(file, `${where}: ${what}`, loc.line, loc.column);
    });
    return { config: {}, file, findings };
  }
  const config = value as Config;
  const base = dirname(file);
  return {
    config: {
      ...config,
      ...(config.ruleDirs ? { ruleDirs: config.ruleDirs.map((d) => resolve(base, d)) } : {}),
      ...(config.schemaDirs ? { schemaDirs: config.schemaDirs.map((d) => resolve(base, d)) } : {}),
    },
    file,
    findings: [],
  };
}

/** Objects declared external in a file given with --external: Kubernetes objects or `kind/namespace/name` lines. */
export function loadExternalFile(file: string): { external: ExternalObject[]; findings: Finding[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { external: [], findings: [configFinding(file, `cannot read --external file ${file}`, 1, 1)] };
  }
  const loaded = loadTexts([{ file, text }]);
  return {
    external: loaded.resources.map((r) => ({ kind: r.kind, ...(r.namespace !== undefined ? { namespace: r.namespace } : {}), name: r.name })),
    findings: loaded.findings,
  };
}

function configFinding(file: string, message: string, line: number, column: number): Finding {
  return { rule: 'config-invalid', severity: 'error', message, location: { file, line, column }, input: true };
}
