/**
 * ObjectGraph: how objects refer to each other, on @dagrejs/graphlib. Nodes are resource keys
 * (`group/Kind/namespace/name`); a reference to an object absent from the input is still a node, with
 * no resource, so dangling references are visible as such.
 */
import { Graph } from '@dagrejs/graphlib';
import type { JsonPointer } from './location.js';
import type { Resource } from './resource.js';

export type EdgeKind = 'owns' | 'selects' | 'references' | 'routes-to';

export interface GraphEdge {
  readonly kind: EdgeKind;
  readonly from: string;
  readonly to: string;
  /** Where in the `from` object the edge is declared (e.g. `/spec/template/spec/volumes/0/configMap/name`). */
  readonly pointer: JsonPointer;
}

export class ObjectGraph {
  private readonly g = new Graph({ directed: true, multigraph: true });

  addResource(r: Resource): void {
    this.g.setNode(r.key, r);
  }

  /** Adds an edge; the target node is created without a resource when absent. */
  addEdge(edge: GraphEdge): void {
    if (!this.g.hasNode(edge.to)) this.g.setNode(edge.to, undefined);
    if (!this.g.hasNode(edge.from)) this.g.setNode(edge.from, undefined);
    this.g.setEdge(edge.from, edge.to, edge, `${edge.kind}:${edge.pointer}`);
  }

  resource(key: string): Resource | undefined {
    return this.g.hasNode(key) ? (this.g.node(key) as Resource | undefined) : undefined;
  }

  /** Edges leaving `key`, optionally of one kind, in insertion order. */
  outEdges(key: string, kind?: EdgeKind): GraphEdge[] {
    return this.edgesOf(this.g.outEdges(key), kind);
  }

  /** Edges arriving at `key`, optionally of one kind. */
  inEdges(key: string, kind?: EdgeKind): GraphEdge[] {
    return this.edgesOf(this.g.inEdges(key), kind);
  }

  /** Every edge of a kind. */
  edges(kind?: EdgeKind): GraphEdge[] {
    return this.edgesOf(this.g.edges(), kind);
  }

  private edgesOf(list: ReturnType<Graph['edges']> | undefined | void, kind?: EdgeKind): GraphEdge[] {
    const out: GraphEdge[] = [];
    for (const e of list ?? []) {
      const label = this.g.edge(e) as GraphEdge;
      if (kind === undefined || label.kind === kind) out.push(label);
    }
    return out;
  }
}
