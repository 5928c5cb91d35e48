/**
 * Node start offsets recorded while js-yaml parses (its documented `listener` option reports every node it
 * composes, with the parser's position). Keeping them costs almost nothing on the fast path, and answers
 * most position look-ups later without parsing the document a second time; anything the spans cannot
 * answer falls back to the CST walk in ./positions.ts.
 *
 * js-yaml's events form a tree: a mapping's children alternate key, value; a sequence's children are its
 * items. A node may arrive wrapped in one extra node of the same kind and start (a plain-scalar sequence
 * item, a flow collection at the document root). Keys open at their first
 * character; sequence items at their content, after the `- ` indicator.
 */
import type { JsonPointer } from '../model/location.js';
import { pointerTokens } from '../model/location.js';

interface JsYamlState {
  readonly position: number;
  readonly kind: string | null;
  readonly result: unknown;
}

export class NodeSpanRecorder {
  private readonly starts: number[] = [];
  private readonly parents: number[] = [];
  private readonly kinds: (string | null)[] = [];
  private readonly scalars: unknown[] = [];
  private readonly stack: number[] = [];
  private deepest = 0;

  /** The js-yaml `listener` callback. */
  readonly listener = (event: 'open' | 'close', state: JsYamlState): void => {
    if (event === 'open') {
      const id = this.starts.length;
      this.starts.push(state.position);
      this.parents.push(this.stack.length > 0 ? (this.stack[this.stack.length - 1] as number) : -1);
      this.kinds.push(null);
      this.scalars.push(undefined);
      this.stack.push(id);
      if (this.stack.length > this.deepest) this.deepest = this.stack.length;
    } else {
      const id = this.stack.pop();
      if (id === undefined) return;
      this.kinds[id] = state.kind;
      if (state.kind === 'scalar') this.scalars[id] = state.result;
    }
  };

  /**
   * The deepest nesting of open nodes seen. Scalars and js-yaml's wrapper nodes count too, so it is never
   * less than the document's collection depth: a value under a limit proves the document is within it.
   */
  maxOpenDepth(): number {
    return this.deepest;
  }

  spans(): NodeSpans {
    return new NodeSpans(this.starts, this.parents, this.kinds, this.scalars);
  }
}

export class NodeSpans {
  private children: number[][] | undefined;

  constructor(
    private readonly starts: readonly number[],
    private readonly parents: readonly number[],
    private readonly kinds: readonly (string | null)[],
    private readonly scalars: readonly unknown[],
  ) {}

  /**
   * Offset of the node a pointer designates (the key for a map step, the item for a sequence step), or of
   * its nearest existing ancestor; undefined when the recorded tree has an unexpected shape.
   */
  offsetOf(pointer: JsonPointer): number | undefined {
    if (this.starts.length === 0) return undefined;
    const children = this.childLists();
    let node = 0;
    let anchor = this.starts[0] as number;
    for (const token of pointerTokens(pointer)) {
      node = this.unwrap(node, children);
      const kind = this.kinds[node];
      const kids = children[node] ?? [];
      if (kind === 'mapping') {
        if (kids.length % 2 !== 0) return undefined;
        let found = -1;
        for (let i = 0; i < kids.length; i += 2) {
          const key = this.unwrap(kids[i] as number, children);
          if (this.kinds[key] === 'scalar' && String(this.scalars[key]) === token) found = i;
        }
        if (found < 0) break;
        anchor = this.starts[kids[found] as number] as number;
        node = kids[found + 1] as number;
      } else if (kind === 'sequence') {
        const item = /^\d+$/.test(token) ? kids[Number(token)] : undefined;
        if (item === undefined) break;
        anchor = this.starts[item] as number;
        node = item;
      } else break;
    }
    return anchor;
  }

  /**
   * A node whose single child has its kind and its start is js-yaml's wrapper around that child (a real
   * mapping has key and value children; a real nested collection starts after its parent's indicator).
   */
  private unwrap(node: number, children: readonly (number[] | undefined)[]): number {
    let cur = node;
    for (;;) {
      const kids = children[cur];
      if (!kids || kids.length !== 1) return cur;
      const only = kids[0] as number;
      if (this.kinds[only] !== this.kinds[cur] || this.starts[only] !== this.starts[cur]) return cur;
      cur = only;
    }
  }

  private childLists(): number[][] {
    if (!this.children) {
      const lists: number[][] = [];
      this.parents.forEach((p, id) => {
        if (p < 0) return;
        (lists[p] ??= []).push(id);
      });
      this.children = lists;
    }
    return this.children;
  }
}

/** 1-based line and column of an offset, from the text's line starts (computed once per document). */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  position(offset: number): { line: number; col: number } {
    const starts = (this.starts ??= lineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - (starts[lo] as number) + 1 };
  }
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}
