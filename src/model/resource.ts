import type { KindViews } from './kinds.js';
import type { JsonPointer, Location } from './location.js';

/** One YAML/JSON document of the input, with the means to map a JSON Pointer back to its source. */
export interface SourceDocument {
  /** Display path of the file (or `<stdin>`). */
  readonly file: string;
  /** 0-based index of the document in its file (after `---` splitting; List items share their List's index). */
  readonly index: number;
  /** 1-based line of the document's first line in the file. */
  readonly startLine: number;
  /** Chart template path from a preceding `# Source:` comment (helm template output), if any. */
  readonly template?: string;
  /**
   * Location of the node a pointer designates. Falls back to the nearest existing ancestor, and to the
   * document start, so a finding always has a position. Computed lazily: source positions are only
   * built for documents that have findings.
   */
  locate(pointer: JsonPointer): Location;
}

/** Identity of an object as the API server sees it. */
export interface ObjectIdentity {
  readonly apiVersion: string;
  /** API group: `''` for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Namespace for namespaced kinds (defaulted), undefined for cluster-scoped ones. */
  readonly namespace: string | undefined;
  readonly name: string;
}

/** A Kubernetes object read from the input. */
export interface Resource extends ObjectIdentity {
  /** Stable key: `group/Kind/namespace/name` (empty segments for core group and cluster scope). */
  readonly key: string;
  /** The object exactly as parsed (List items: the item). Never mutated. */
  readonly raw: Readonly<Record<string, unknown>>;
  /** Where the object came from. */
  readonly source: SourceDocument;
  /** Pointer prefix of this object inside its document (`/items/3` for List items, else `''`). */
  readonly pointerPrefix: JsonPointer;
}

/** `ns/Kind/name` (or `Kind/name` for cluster-scoped objects): how findings name a resource. */
export function displayName(r: Pick<ObjectIdentity, 'namespace' | 'kind' | 'name'>): string {
  return r.namespace === undefined ? `${r.kind}/${r.name}` : `${r.namespace}/${r.kind}/${r.name}`;
}

/** The stable key of an identity. */
export function resourceKey(r: Pick<ObjectIdentity, 'group' | 'kind' | 'namespace' | 'name'>): string {
  return `${r.group}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
}

/** Splits `apps/v1` into group and version (`v1` alone is the core group). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Location of a pointer inside a resource (the resource's own prefix is added). */
export function locateIn(r: Resource, pointer: JsonPointer): Location {
  return r.source.locate(r.pointerPrefix + pointer);
}

/**
 * The typed view of a resource of a known kind, or undefined for another kind. The view is the raw object:
 * its declared types hold only for schema-valid input, so readers still go through the guards.
 */
export function viewAs<K extends keyof KindViews>(r: Resource, kind: K): KindViews[K] | undefined {
  return r.kind === kind ? (r.raw as unknown as KindViews[K]) : undefined;
}
