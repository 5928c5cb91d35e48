/**
 * The schema validator `check` calls: API-version lifecycle, then JSON Schema validation against, in
 * order, a CRD from the input, a --schema-dir file, or the bundled Kubernetes 1.36 schemas. Each kind's
 * validator is compiled once, on first use, and shared by every object of that kind.
 */
import type { Ajv as AjvType, ValidateFunction } from 'ajv';
import type { Resource } from '../model/resource.js';
import { createAjv } from './ajv.js';
import { apiStatus, DEFAULT_KUBE_VERSION, formatKubeVersion, lifecycleApiVersions, parseKubeVersion, type KubeVersion } from './api-versions.js';
import { apiVersionOf, bundle, BUNDLE_ID, type BuiltinKind } from './bundled.js';
import { crdVersions } from './crd.js';
import { didYouMean, editDistance } from './did-you-mean.js';
import { issuesFromErrors } from './messages.js';
import { SchemaDirs } from './schema-dir.js';
import type { SchemaIssue, SchemaValidator, SchemaValidatorOptions } from './types.js';

type Compiled =
  | { readonly state: 'schema'; readonly fn: ValidateFunction }
  | { readonly state: 'accept' }
  | { readonly state: 'missing' }
  | { readonly state: 'broken'; readonly reason: string };

/** Removes null-valued object properties (Kubernetes decodes `null` as "unset"); returns `v` itself when it has none. */
export function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const item = v[i] as unknown;
      const w = withoutNulls(item);
      if (w !== item) (copy ??= v.slice())[i] = w;
    }
    return copy ?? v;
  }
  if (v === null || typeof v !== 'object') return v;
  let copy: Record<string, unknown> | undefined;
  for (const [k, item] of Object.entries(v)) {
    if (item === null) {
      copy ??= { ...(v as Record<string, unknown>) };
      delete copy[k];
      continue;
    }
    const w = withoutNulls(item);
    if (w !== item) (copy ??= { ...(v as Record<string, unknown>) })[k] = w;
  }
  return copy ?? v;
}

/** Rank of a version for suggestions: GA before beta before alpha, higher numbers first. */
function versionRank(apiVersion: string): number {
  const v = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return 0;
  const stage = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
  return stage * 1e6 + Number(m[1]) * 1e3 + Number(m[3] ?? 0);
}

class Validator implements SchemaValidator {
  readonly configErrors: string[] = [];
  private readonly kube: KubeVersion;
  private readonly strict: boolean;
  private readonly dirs: SchemaDirs;
  private readonly crds = new Map<string, { schema: Record<string, unknown> | undefined; crdName: string }>();
  private readonly compiled = new Map<string, Compiled>();
  private readonly reportedMissing = new Set<string>();
  private ajvInstance: AjvType | undefined;
  private builtin: Map<string, BuiltinKind> | undefined;
  private kindIndex: Map<string, string[]> | undefined;
  private builtinGroups: Set<string> | undefined;

  constructor(options: SchemaValidatorOptions) {
    const parsed = options.kubeVersion === undefined ? DEFAULT_KUBE_VERSION : parseKubeVersion(options.kubeVersion);
    if (parsed === undefined) this.configErrors.push(`--kube-version ${options.kubeVersion ?? ''}: not a Kubernetes version (expected e.g. 1.36)`);
    this.kube = parsed ?? DEFAULT_KUBE_VERSION;
    this.strict = options.strict ?? true;
    this.dirs = new SchemaDirs(options.schemaDirs ?? []);
    this.configErrors.push(...this.dirs.errors);
    for (const crd of options.crds) {
      for (const v of crdVersions(crd)) {
        const key = `${v.group}/${v.version}/${v.kind}`;
        // The first CRD for a kind wins, as the API server refuses a second one with the same name.
        if (!this.crds.has(key)) this.crds.set(key, { schema: v.schema, crdName: crd.name });
      }
    }
  }

  private ajv(): AjvType {
    if (this.ajvInstance === undefined) {
      this.ajvInstance = createAjv();
      this.ajvInstance.addSchema({ $id: BUNDLE_ID, ...bundle().definitions });
    }
    return this.ajvInstance;
  }

  private builtins(): Map<string, BuiltinKind> {
    if (this.builtin === undefined) {
      this.builtin = new Map();
      this.kindIndex = new Map();
      this.builtinGroups = new Set(['']);
      for (const k of bundle().kinds) {
        this.builtin.set(`${k.group}/${k.version}/${k.kind}`, k);
        const list = this.kindIndex.get(k.kind) ?? [];
        list.push(apiVersionOf(k.group, k.version));
        this.kindIndex.set(k.kind, list);
        this.builtinGroups.add(k.group);
      }
      for (const av of lifecycleApiVersions()) this.builtinGroups.add(av.includes('/') ? av.slice(0, av.lastIndexOf('/')) : '');
    }
    return this.builtin;
  }

  private compile(group: string, version: string, kind: string): Compiled {
    const key = `${group}/${version}/${kind}`;
    const hit = this.compiled.get(key);
    if (hit !== undefined) return hit;
    let result: Compiled;
    try {
      const crd = this.crds.get(key);
      const fromDir = crd === undefined ? this.dirs.find(group, version, kind) : undefined;
      const builtin = this.builtins().get(key);
      if (crd !== undefined) {
        result = crd.schema === undefined ? { state: 'accept' } : { state: 'schema', fn: this.ajv().compile(crd.schema) };
      } else if (fromDir !== undefined) {
        const ajv = this.ajv();
        this.addRefs(fromDir.schema, new URL(fromDir.id).pathname);
        if (ajv.getSchema(fromDir.id) === undefined) ajv.addSchema(fromDir.schema, fromDir.id);
        result = { state: 'schema', fn: ajv.getSchema(fromDir.id) as ValidateFunction };
      } else if (builtin !== undefined) {
        result = { state: 'schema', fn: this.ajv().compile({ $ref: `${BUNDLE_ID}#/definitions/${builtin.definition}` }) };
      } else result = { state: 'missing' };
    } catch (e) {
      result = { state: 'broken', reason: (e as Error).message };
    }
    this.compiled.set(key, result);
    return result;
  }

  /** Adds the sibling files a --schema-dir schema refers to (kubeconform's non-standalone layout). */
  private addRefs(schema: unknown, file: string, seen = new Set<string>()): void {
    for (const ref of SchemaDirs.externalRefs(schema, file)) {
      if (seen.has(ref)) continue;
      seen.add(ref);
      const loaded = this.dirs.read(ref);
      if (loaded === undefined) continue;
      if (this.ajv().getSchema(loaded.id) === undefined) this.ajv().addSchema(loaded.schema, loaded.id);
      this.addRefs(loaded.schema, ref, seen);
    }
  }

  /** api-unknown for pairs that look built-in, else undefined (then the kind is someone's custom resource). */
  private unknownApi(r: Resource): SchemaIssue | undefined {
    this.builtins();
    const index = this.kindIndex as Map<string, string[]>;
    const groups = this.builtinGroups as Set<string>;
    const served = index.get(r.kind);
    const looksBuiltinGroup = groups.has(r.group) || r.group.endsWith('.k8s.io') || r.group === 'k8s.io';
    if (served !== undefined) {
      const nearGroup = served.some((av) => editDistance(av.includes('/') ? av.slice(0, av.lastIndexOf('/')) : '', r.group, 3) <= 3);
      if (!looksBuiltinGroup && !nearGroup) return undefined;
      // The serving apiVersion closest to what was written; GA first on ties.
      const best = [...served].sort((a, b) => editDistance(a, r.apiVersion) - editDistance(b, r.apiVersion) || versionRank(b) - versionRank(a) || (a < b ? -1 : 1))[0] as string;
      return {
        rule: 'api-unknown',
        severity: 'error',
        message: `no matches for kind "${r.kind}" in version "${r.apiVersion}"; did you mean ${best}?`,
        pointer: '/apiVersion',
      };
    }
    if (!groups.has(r.group)) return undefined;
    const sameGroup = [...this.builtins().values()].filter((k) => k.group === r.group);
    const sameVersion = sameGroup.filter((k) => k.version === r.version).map((k) => k.kind);
    const guess = didYouMean(r.kind, sameVersion.length > 0 ? sameVersion : sameGroup.map((k) => k.kind));
    const versionExists = sameVersion.length > 0;
    const hint = guess !== undefined ? `; did you mean ${guess}?` : versionExists ? '' : `; ${r.apiVersion} is not served by Kubernetes ${formatKubeVersion(this.kube)}`;
    return {
      rule: 'api-unknown',
      severity: 'error',
      message: `no matches for kind "${r.kind}" in version "${r.apiVersion}"${hint}`,
      pointer: guess !== undefined || versionExists ? '/kind' : '/apiVersion',
    };
  }

  validate(r: Resource): SchemaIssue[] {
    if (r.kind === '' || r.apiVersion === '') return [];
    const issues: SchemaIssue[] = [];
    const key = `${r.group}/${r.version}/${r.kind}`;
    const crd = this.crds.has(key);
    if (!crd) {
      const status = apiStatus(r.apiVersion, r.kind, this.kube);
      if (status.state === 'removed') {
        return [{ rule: 'api-removed', severity: 'error', message: status.message, pointer: '/apiVersion' }];
      }
      if (status.state === 'deprecated') issues.push({ rule: 'api-deprecated', severity: 'warning', message: status.message, pointer: '/apiVersion' });
    }
    const compiled = this.compile(r.group, r.version, r.kind);
    switch (compiled.state) {
      case 'accept':
        return issues;
      case 'broken':
        if (!this.reportedMissing.has(key)) {
          this.reportedMissing.add(key);
          issues.push({ rule: 'schema-missing', severity: 'info', message: `schema for kind ${r.kind} in apiVersion ${r.apiVersion} could not be compiled (${compiled.reason}); objects of this kind are not validated`, pointer: '/kind' });
        }
        return issues;
      case 'missing': {
        if (issues.length > 0) return issues; // a deprecated pair we hold no schema for: the warning says enough
        const unknown = this.unknownApi(r);
        if (unknown !== undefined) return [unknown];
        if (this.reportedMissing.has(key)) return issues;
        this.reportedMissing.add(key);
        return [{ rule: 'schema-missing', severity: 'info', message: `no schema for kind ${r.kind} in apiVersion ${r.apiVersion}: add its CRD to the input or pass --skip-kinds`, pointer: '/kind' }];
      }
      case 'schema': {
        const data = withoutNulls(r.raw);
        if (compiled.fn(data)) return issues;
        issues.push(...issuesFromErrors(compiled.fn.errors ?? [], { root: r.raw, strict: this.strict }));
        return issues;
      }
    }
  }
}

/**
 * Creates a validator for one run. Cheap: nothing is read or compiled until the first `validate`.
 * Problems with the options are in `configErrors` (never thrown).
 */
export function createSchemaValidator(options: SchemaValidatorOptions): SchemaValidator {
  return new Validator(options);
}
