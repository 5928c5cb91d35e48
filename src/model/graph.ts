/**
 * ObjectGraph: how objects refer to each other, on @dagrejs/graphlib. Nodes are resource keys
 * (`group/Kind/namespace/name`); a reference to an object absent from the input is still a node, with
 * no resource, so dangling references are visible as such.
 *
 * Both the edges and the graphlib Graph are made on first use: deriving the edges (references, selector
 * matches) and graphlib's tens of microseconds per named edge are costs that a `check`, which never queries
 * the graph, should not pay (measured: 30k edges ≈ 0.6 s for graphlib alone on the benchmark machine).
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
  private readonly resources: Resource[] = [];
  private readonly pending: GraphEdge[] = [];
  private built: Graph | undefined;

  /** @param derive adds the edges, called once, before the first read. */
  constructor(private derive?: (graph: ObjectGraph) => void) {}

  private derived(): void {
    const derive = this.derive;
    this.derive = undefined;
    derive?.(this);
  }

  addResource(r: Resource): void {
    this.resources.push(r);
    this.built = undefined;
  }

  /** Adds an edge; the target node is created without a resource when absent. */
  addEdge(edge: GraphEdge): void {
    this.pending.push(edge);
    this.built = undefined;
  }

  /** The graphlib Graph (for its algorithms: components, cycles, paths). Node labels are Resources. */
  graph(): Graph {
    this.derived();
    if (this.built) return this.built;
    const g = new Graph({ directed: true, multigraph: true });
    for (const r of this.resources) if (!g.hasNode(r.key)) g.setNode(r.key, r);
    for (const e of this.pending) {
      if (!g.hasNode(e.from)) g.setNode(e.from, undefined);
      if (!g.hasNode(e.to)) g.setNode(e.to, undefined);
      g.setEdge(e.from, e.to, e, `${e.kind}:${e.pointer}`);
    }
    this.built = g;
    return g;
  }

  resource(key: string): Resource | undefined {
    const g = this.graph();
    return g.hasNode(key) ? (g.node(key) as Resource | undefined) : undefined;
  }

  /** Edges leaving `key`, optionally of one kind, in insertion order. */
  outEdges(key: string, kind?: EdgeKind): GraphEdge[] {
    return this.edgesOf(this.graph().outEdges(key), kind);
  }

  /** Edges arriving at `key`, optionally of one kind. */
  inEdges(key: string, kind?: EdgeKind): GraphEdge[] {
    return this.edgesOf(this.graph().inEdges(key), kind);
  }

  /** Every edge of a kind, in insertion order. */
  edges(kind?: EdgeKind): GraphEdge[] {
    this.derived();
    return kind === undefined ? [...this.pending] : this.pending.filter((e) => e.kind === kind);
  }

  private edgesOf(list: ReturnType<Graph['edges']> | undefined | void, kind?: EdgeKind): GraphEdge[] {
    const g = this.graph();
    const out: GraphEdge[] = [];
    for (const e of list ?? []) {
      const label = g.edge(e) as GraphEdge;
      if (kind === undefined || label.kind === kind) out.push(label);
    }
    return out;
  }
}
