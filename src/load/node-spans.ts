/**
 * Node start offsets recorded while js-yaml parses (its documented `listener` option reports every node it
 * composes, with the parser's position). Keeping them costs little on the fast path, and answers most
 * position look-ups later without parsing the document a second time; anything the spans cannot answer
 * falls back to the CST walk in ./positions.ts.
 *
 * js-yaml's events form a tree in document order: a mapping's children alternate key, value; a sequence's
 * children are its items. A node may arrive wrapped in one extra node of the same kind and start (a
 * plain-scalar sequence item, a flow collection at the document root). Keys open at their first character;
 * sequence items at their content, after the `- ` indicator.
 *
 * Why the storage looks like this: a 10k-object input has some two million nodes, and per-document arrays
 * of numbers and references were a large share of the loader's garbage-collection time. Each node is three
 * integers (start offset, subtree size, kind) in big shared Int32Array blocks (outside the JS heap, a few
 * per run); a key's text is not kept at all: the parsed value has the same
 * keys in the same order (./index.ts hands it in), so a look-up reads them from there.
 */
import type { JsonPointer } from '../model/location.js';
import { cachedPointerTokens } from '../model/location.js';

interface JsYamlState {
  readonly position: number;
  readonly kind: string | null;
}

const KIND_OTHER = 0;
const KIND_MAPPING = 1;
const KIND_SEQUENCE = 2;
/** Integers per node in a block: start offset, subtree size (in integers, the node's own included), kind. */
const STRIDE = 3;
/** Nodes per shared block (3 MiB): a few blocks hold a 10k-object input. */
const BLOCK_NODES = 1 << 18;

/**
 * Records one document at a time (begin, js-yaml's load, spans) into the current shared block; a document
 * that does not fit moves, with what it has recorded so far, to a fresh block. Blocks are never rewritten
 * once a document's spans point into them, so nothing is copied per document and a block is freed with its
 * last document. One recorder serves every document: loading is synchronous, and a recorder per document
 * (its stack, its listener closure) was measurable garbage.
 */
export class NodeSpanRecorder {
  private block = new Int32Array(BLOCK_NODES * STRIDE);
  private first = 0; // where the current document starts
  private next = 0; // where its next node goes
  private stack: Int32Array = new Int32Array(64); // where its open nodes are
  private depth = 0;
  private deepest = 0;

  /** Starts a document after the last one that ended with spans(); a failed one is overwritten. */
  begin(): void {
    this.next = this.first;
    this.depth = 0;
    this.deepest = 0;
  }

  /** The js-yaml `listener` callback. */
  readonly listener = (event: 'open' | 'close', state: JsYamlState): void => {
    if (event === 'open') {
      if (this.next + STRIDE > this.block.length) this.moveToFreshBlock();
      if (this.depth === this.stack.length) this.stack = copyInto(new Int32Array(this.depth * 2), this.stack);
      this.block[this.next] = state.position;
      this.stack[this.depth++] = this.next;
      this.next += STRIDE;
      if (this.depth > this.deepest) this.deepest = this.depth;
    } else if (this.depth > 0) {
      const at = this.stack[--this.depth] as number;
      this.block[at + 1] = this.next - at;
      this.block[at + 2] = state.kind === 'mapping' ? KIND_MAPPING : state.kind === 'sequence' ? KIND_SEQUENCE : KIND_OTHER;
    }
  };

  /**
   * The deepest nesting of open nodes seen. Scalars and js-yaml's wrapper nodes count too, so it is never
   * less than the document's collection depth: a value under a limit proves the document is within it.
   */
  maxOpenDepth(): number {
    return this.deepest;
  }

  /** Ends the document: its nodes stay where they are, and the next document records after them. */
  spans(value: unknown): NodeSpans {
    const spans = new NodeSpans(this.block, this.first, this.next, value);
    this.first = this.next;
    return spans;
  }

  private moveToFreshBlock(): void {
    const taken = this.next - this.first;
    const fresh = new Int32Array(Math.max(BLOCK_NODES * STRIDE, taken * 2));
    fresh.set(this.block.subarray(this.first, this.next));
    // Sizes are relative; only the open nodes' places change.
    for (let d = 0; d < this.depth; d++) this.stack[d] = (this.stack[d] as number) - this.first;
    this.block = fresh;
    this.first = 0;
    this.next = taken;
  }
}

function copyInto<T extends Int32Array>(target: T, source: Int32Array): T {
  target.set(source);
  return target;
}

export class NodeSpans {
  constructor(
    private readonly block: Int32Array,
    private readonly first: number,
    private readonly end: number,
    /** The document's parsed value: its objects' keys, in order, are the mappings' key texts. */
    private readonly value: unknown,
  ) {}

  /**
   * Offset of the node a pointer designates (the key for a map step, the item for a sequence step), or of
   * its nearest existing ancestor; undefined when the recorded tree has an unexpected shape or a mapping's
   * key order cannot be read from its object (integer-like keys, which JavaScript lists first).
   */
  offsetOf(pointer: JsonPointer): number | undefined {
    if (this.end === this.first) return undefined;
    const b = this.block;
    let node = this.first;
    let value = this.value;
    let anchor = b[node] as number;
    const tokens = cachedPointerTokens(pointer);
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t] as string;
      node = this.unwrap(node);
      const kind = b[node + 2];
      if (kind === KIND_MAPPING) {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
        const index = keyIndex(value, token);
        if (index === undefined) return undefined;
        if (index < 0) break;
        const key = this.child(node, index * 2);
        const val = key < 0 ? -1 : this.sibling(key, node);
        if (val < 0) return undefined;
        anchor = b[key] as number;
        node = val;
        value = (value as Record<string, unknown>)[token];
      } else if (kind === KIND_SEQUENCE) {
        if (!Array.isArray(value)) return undefined;
        const item = /^\d+$/.test(token) ? this.child(node, Number(token)) : -1;
        if (item < 0) break;
        anchor = b[item] as number;
        node = item;
        value = value[Number(token)];
      } else break;
    }
    return anchor;
  }

  /** The n-th child of a node (children follow their parent, each after the previous one's subtree), or -1. */
  private child(node: number, n: number): number {
    const end = node + (this.block[node + 1] as number);
    let at = node + STRIDE;
    for (let i = 0; i < n && at < end; i++) at += this.block[at + 1] as number;
    return at < end ? at : -1;
  }

  /** The node after `node` under the same parent, or -1. */
  private sibling(node: number, parent: number): number {
    const at = node + (this.block[node + 1] as number);
    return at < parent + (this.block[parent + 1] as number) ? at : -1;
  }

  /**
   * A node whose single child has its kind and its start is js-yaml's wrapper around that child (a real
   * mapping has key and value children; a real nested collection starts after its parent's indicator).
   */
  private unwrap(node: number): number {
    const b = this.block;
    let cur = node;
    for (;;) {
      const only = cur + STRIDE;
      const size = b[cur + 1] as number;
      if (size === STRIDE || size !== STRIDE + (b[only + 1] as number)) return cur; // no child, or more than one
      if (b[only + 2] !== b[cur + 2] || b[only] !== b[cur]) return cur;
      cur = only;
    }
  }
}

/**
 * Place of a key in its object's insertion order (= the mapping's order in the source), -1 when absent;
 * undefined when integer-like keys, which JavaScript enumerates first, hide that order. A for-in loop
 * reads the order without building a key array, and any integer-like key comes before the token.
 */
function keyIndex(object: object, token: string): number | undefined {
  if (!Object.hasOwn(object, token)) return -1;
  if (isArrayIndex(token)) return undefined;
  let index = 0;
  for (const key in object) {
    if (key === token) return index;
    if (isArrayIndex(key)) return undefined;
    index++;
  }
  return -1;
}

/** True for keys JavaScript orders before all others (canonical array indices). */
function isArrayIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c < 0x30 || c > 0x39) return false;
  const n = Number(key);
  return Number.isInteger(n) && n < 4294967295 && String(n) === key;
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
