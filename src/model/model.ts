import type { ObjectGraph } from './graph.js';
import type { Resource } from './resource.js';

/** The loaded input: every object, indexed, and the graph of how they refer to each other. */
export interface Model {
  /** Every object, in input order (file order, then document order). */
  readonly resources: readonly Resource[];
  /** Objects of one kind (any group/version), in input order. */
  byKind(kind: string): readonly Resource[];
  /** The object of a kind with that namespace and name (undefined namespace for cluster-scoped kinds). */
  find(kind: string, namespace: string | undefined, name: string): Resource | undefined;
  /** Names of every namespace the input mentions (Namespace objects and objects' namespaces), sorted. */
  readonly namespaceNames: readonly string[];
  readonly graph: ObjectGraph;
}
