/**
 * Loading: texts -> documents (with lazy source positions) -> Resources. Input problems are findings with
 * `input: true` and a position; they never stop the other documents and files from being analysed.
 */
import { resourceKey, splitApiVersion } from '../model/resource.js';
import type { Resource, SourceDocument } from '../model/resource.js';
import { isObject } from '../model/guards.js';
import { isClusterScoped } from '../model/scope.js';
import type { Finding } from '../report/finding.js';
import type { Location } from '../model/location.js';
import { DEFAULT_LIMITS, parseJsonDocument, parseYamlDocument } from './parse.js';
import type { ParseLimits } from './parse.js';
import { OriginFiles, takeOrigin } from './kustomize-origin.js';
import type { KustomizeOrigins } from './kustomize-origin.js';
import { DocumentSource } from './source.js';
import { splitDocuments } from './split.js';

export { loadPaths, readPaths } from './walk.js';
export type { LoadPathsResult, ReadResult } from './walk.js';

/** One input text with the path it is reported under. */
export interface InputText {
  readonly file: string;
  readonly text: string;
  /** A kustomization rendered with origin annotations: findings go to the files its objects came from. */
  readonly origins?: KustomizeOrigins;
}

export interface LoadOptions {
  /** Namespace given to namespaced objects without one (`--namespace`, default `default`). */
  readonly namespace?: string;
  /** Largest file read, in bytes (`--max-file-size`). */
  readonly maxFileSize?: number;
  readonly limits?: ParseLimits;
  /** Told after each input text is parsed, for the CLI's progress bar. */
  readonly onProgress?: (e: { readonly phase: string; readonly done: number; readonly total: number }) => void;
}

export interface LoadResult {
  readonly resources: Resource[];
  /** Input diagnostics (unreadable or unparsable input): findings with `input: true`. */
  readonly findings: Finding[];
}

interface ParsedDocument {
  readonly value: unknown;
  readonly source: SourceDocument;
  /** The origin files of the kustomization the document was rendered from. */
  readonly origins?: OriginFiles;
}

/** Parses texts already in memory. Pure and synchronous. */
export function loadTexts(inputs: readonly InputText[], options: LoadOptions = {}): LoadResult {
  const findings: Finding[] = [];
  const documents: ParsedDocument[] = [];
  inputs.forEach((input, i) => {
    parseText(input, options.limits ?? DEFAULT_LIMITS, documents, findings);
    options.onProgress?.({ phase: 'files parsed', done: i + 1, total: inputs.length });
  });
  const crdScopes = collectCrdScopes(documents);
  const resources: Resource[] = [];
  for (const doc of documents) toResources(doc, options.namespace ?? 'default', crdScopes, resources, findings);
  return { resources, findings };
}

/** Appends the documents of one text to `out`, and its syntax problems to `findings`. */
function parseText(input: InputText, limits: ParseLimits, out: ParsedDocument[], findings: Finding[]): void {
  // A byte-order mark is allowed at the start of a stream (YAML 1.2 §5.2) and carries no meaning.
  const text = input.text.startsWith('\uFEFF') ? input.text.slice(1) : input.text;
  const origins = input.origins ? new OriginFiles(input.origins) : undefined;
  const isJson = input.file.toLowerCase().endsWith('.json');
  if (isJson) {
    const source = new DocumentSource(input.file, 0, 1, text, undefined);
    const outcome = parseJsonDocument(text, limits);
    if (outcome.ok) out.push({ value: outcome.value, source });
    else findings.push(syntaxFinding(input.file, 1, outcome.problem));
    return;
  }
  const chunks = splitDocuments(text);
  for (let index = 0; index < chunks.length; index++) {
    const chunk = chunks[index] as (typeof chunks)[number];
    const outcome = parseYamlDocument(chunk.text, limits);
    if (!outcome.ok) {
      findings.push(syntaxFinding(input.file, chunk.startLine, outcome.problem, chunk.template));
      continue;
    }
    if (outcome.value === null || outcome.value === undefined) continue; // only comments or markers
    const source = new DocumentSource(input.file, index, chunk.startLine, chunk.text, chunk.template, outcome.spans);
    out.push(origins ? { value: outcome.value, source, origins } : { value: outcome.value, source });
  }
}

function syntaxFinding(file: string, startLine: number, problem: { code: string; message: string; line: number; column: number }, template?: string): Finding {
  const location: Location = { file, line: startLine - 1 + problem.line, column: problem.column, ...(template ? { template } : {}) };
  const rule = problem.code === 'ALIAS_LIMIT' ? 'yaml-alias-limit' : problem.code === 'TOO_DEEP' ? 'yaml-too-deep' : 'yaml-syntax';
  return { rule, severity: 'error', message: problem.message, location, input: true };
}

/** CustomResourceDefinitions in the input decide the scope of their kinds. */
function collectCrdScopes(documents: readonly ParsedDocument[]): Map<string, boolean> {
  const scopes = new Map<string, boolean>();
  for (const { value } of documents) {
    const items = listItems(value);
    if (items === undefined) addCrdScope(value, scopes);
    else for (const item of items) addCrdScope(item, scopes);
  }
  return scopes;
}

function addCrdScope(item: unknown, scopes: Map<string, boolean>): void {
  if (!isObject(item) || item.kind !== 'CustomResourceDefinition' || !isObject(item.spec)) return;
  const spec = item.spec;
  const names = isObject(spec.names) ? spec.names : {};
  if (typeof spec.group === 'string' && typeof names.kind === 'string') {
    scopes.set(`${spec.group}/${names.kind}`, spec.scope === 'Cluster');
  }
}

/** Items of a `List` / `*List` document (v1 List, ConfigMapList, …), or undefined for other documents. */
function listItems(value: unknown): readonly unknown[] | undefined {
  if (!isObject(value) || typeof value.kind !== 'string' || !value.kind.endsWith('List')) return undefined;
  return Array.isArray(value.items) ? value.items : undefined;
}

/** Appends the resources of one document (one, or a List's items) to `out`. */
function toResources(doc: ParsedDocument, defaultNamespace: string, crdScopes: ReadonlyMap<string, boolean>, out: Resource[], findings: Finding[]): void {
  const items = listItems(doc.value);
  if (items === undefined) {
    const r = toResource(doc.value, writtenSource(doc), '', defaultNamespace, crdScopes, findings);
    if (r) out.push(r);
    return;
  }
  const list = doc.value as Record<string, unknown>;
  // A typed list (ConfigMapList) implies its items' kind and apiVersion when they omit them.
  const impliedKind = (list.kind as string) === 'List' ? undefined : (list.kind as string).slice(0, -'List'.length);
  items.forEach((item, i) => {
    const withDefaults =
      isObject(item) && impliedKind !== undefined
        ? { apiVersion: list.apiVersion, kind: impliedKind, ...item }
        : item;
    const r = toResource(withDefaults, doc.source, `/items/${i}`, defaultNamespace, crdScopes, findings);
    if (r) out.push(r);
  });
}

/** Where a document's findings go: for a kustomize rendering, the file its object came from (its annotation removed). */
function writtenSource(doc: ParsedDocument): SourceDocument {
  if (!doc.origins || !isObject(doc.value)) return doc.source;
  const origin = takeOrigin(doc.value);
  return (origin && doc.origins.sourceOf(origin, doc.value)) ?? doc.source;
}

function toResource(
  value: unknown,
  source: SourceDocument,
  pointerPrefix: string,
  defaultNamespace: string,
  crdScopes: ReadonlyMap<string, boolean>,
  findings: Finding[],
): Resource | undefined {
  if (!isObject(value)) {
    const what = Array.isArray(value) ? 'a list' : `a ${typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'scalar'}`;
    return inputError(findings, source, pointerPrefix, 'invalid-document', `document is ${what}, not an object: expected a Kubernetes object with apiVersion and kind`);
  }
  if (value.apiVersion === undefined && value.kind === undefined && value.metadata === undefined) {
    // Directories of manifests also hold package.json, Helm values and the like: not an input error.
    findings.push({
      rule: 'not-kubernetes',
      severity: 'info',
      message: 'document has no apiVersion, kind or metadata: not a Kubernetes object, skipped',
      location: source.locate(pointerPrefix),
    });
    return undefined;
  }
  if (typeof value.apiVersion !== 'string' || value.apiVersion === '') {
    return inputError(findings, source, pointerPrefix, 'missing-api-version', "object has no apiVersion: every Kubernetes object needs 'apiVersion' (e.g. apps/v1)", value.apiVersion === undefined ? '' : '/apiVersion');
  }
  if (typeof value.kind !== 'string' || value.kind === '') {
    return inputError(findings, source, pointerPrefix, 'missing-kind', "object has no kind: every Kubernetes object needs 'kind' (e.g. Deployment)", value.kind === undefined ? '' : '/kind');
  }
  const metadata = isObject(value.metadata) ? value.metadata : undefined;
  if (!metadata && /\.config\.k8s\.io\//.test(value.apiVersion)) {
    // Component configuration (KubeProxyConfiguration, KubeletConfiguration, …) is not an API object and has
    // no metadata; it is kept, cluster-scoped and named after its kind, for the analyses that read it.
    const { group, version } = splitApiVersion(value.apiVersion);
    return resource(value, value.apiVersion, group, version, value.kind, undefined, value.kind, source, pointerPrefix);
  }
  if (!metadata) return inputError(findings, source, pointerPrefix, 'missing-name', `${value.kind} has no metadata: 'metadata.name' is required`, value.metadata === undefined ? '' : '/metadata');
  let name = metadata.name;
  if (typeof name !== 'string' || name === '') {
    if (typeof metadata.generateName === 'string' && metadata.generateName !== '') {
      // The API server would complete the name at creation; kubectl apply refuses generateName.
      findings.push({
        rule: 'generate-name',
        severity: 'warning',
        message: `${value.kind} uses metadata.generateName without metadata.name: kubectl apply refuses it (use kubectl create); analysed as "${metadata.generateName}"`,
        location: source.locate(pointerPrefix + '/metadata/generateName'),
      });
      name = metadata.generateName;
    } else {
      return inputError(findings, source, pointerPrefix, 'missing-name', `${value.kind} has no metadata.name`, '/metadata');
    }
  }
  const { group, version } = splitApiVersion(value.apiVersion);
  const clusterScoped = isClusterScoped(group, value.kind, crdScopes);
  const namespace = clusterScoped
    ? undefined
    : typeof metadata.namespace === 'string' && metadata.namespace !== ''
      ? metadata.namespace
      : defaultNamespace;
  return resource(value, value.apiVersion, group, version, value.kind, namespace, name as string, source, pointerPrefix);
}

function resource(
  raw: Readonly<Record<string, unknown>>,
  apiVersion: string,
  group: string,
  version: string,
  kind: string,
  namespace: string | undefined,
  name: string,
  source: SourceDocument,
  pointerPrefix: string,
): Resource {
  // One literal with all fields in one order: every Resource shares one object shape.
  return { apiVersion, group, version, kind, namespace, name, key: resourceKey({ group, kind, namespace, name }), raw, source, pointerPrefix };
}

function inputError(findings: Finding[], source: SourceDocument, pointerPrefix: string, rule: string, message: string, pointer = ''): undefined {
  findings.push({ rule, severity: 'error', message, location: source.locate(pointerPrefix + pointer), input: true });
  return undefined;
}

