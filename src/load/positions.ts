/**
 * Source positions, computed lazily: a document is re-read with `yaml`'s concrete-syntax parser only when a
 * finding needs a position in it, and the tree is cached. The CST (yaml's `Parser`, public API) carries
 * every token's offset; walking it costs under half of composing a full `yaml` Document, which matters
 * because most documents of a large input with many findings need positions (bench/check.bench.ts).
 */
import { CST, LineCounter, Parser } from 'yaml';
import type { JsonPointer, Location } from '../model/location.js';
import { pointerTokens } from '../model/location.js';

interface Positioned {
  readonly value: CST.Token | undefined;
  readonly lineCounter: LineCounter;
}

export class PositionIndex {
  private parsed: Positioned | null | undefined;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly startLine: number,
    private readonly template: string | undefined,
  ) {}

  /**
   * Location of a pointer: the key of the last map step when there is one (so `field: value` is shown at
   * `field`), else the node itself; the nearest existing ancestor when the path does not exist; the
   * document start when the document cannot be parsed with positions.
   */
  locate(pointer: JsonPointer): Location {
    const p = this.positioned();
    if (!p || !p.value) return this.at(1, 1);
    const start = p.lineCounter.linePos(findAnchor(p.value, pointerTokens(pointer)));
    return this.at(start.line, start.col);
  }

  private at(line: number, column: number): Location {
    return documentLocation(this.file, this.startLine, this.template, line, column);
  }

  private positioned(): Positioned | null {
    if (this.parsed === undefined) {
      try {
        const lineCounter = new LineCounter();
        let value: CST.Token | undefined;
        for (const token of new Parser(lineCounter.addNewLine).parse(this.text)) {
          if (token.type === 'document' && value === undefined) value = token.value;
        }
        this.parsed = { value, lineCounter };
      } catch {
        this.parsed = null;
      }
    }
    return this.parsed;
  }
}

/** A location inside a document: document-relative line and column, offset by the document's first line. */
export function documentLocation(file: string, startLine: number, template: string | undefined, line: number, column: number): Location {
  return { file, line: line + startLine - 1, column, ...(template ? { template } : {}) };
}

/** Walks the CST along the pointer; returns the offset of the deepest node that exists. */
function findAnchor(root: CST.Token, tokens: readonly string[]): number {
  let node: CST.Token | undefined = root;
  let anchor = anchorOf(root);
  for (const token of tokens) {
    if (!node) break;
    if (node.type === 'block-map' || (node.type === 'flow-collection' && node.start.source === '{')) {
      const item: CST.CollectionItem | undefined = (node.items as readonly CST.CollectionItem[]).find((it) => it.key && keyText(it.key) === token);
      if (!item || !item.key) break;
      anchor = anchorOf(item.key);
      node = item.value;
    } else if (node.type === 'block-seq' || (node.type === 'flow-collection' && node.start.source === '[')) {
      if (!/^\d+$/.test(token)) break;
      const item: CST.CollectionItem | undefined = (node.items as readonly CST.CollectionItem[])[Number(token)];
      if (!item) break;
      if (item.value) anchor = anchorOf(item.value);
      node = item.value;
    } else break;
  }
  return anchor;
}

function anchorOf(token: CST.Token): number {
  return 'offset' in token ? token.offset : 0;
}

function keyText(key: CST.Token): string | undefined {
  if (key.type === 'scalar' || key.type === 'single-quoted-scalar' || key.type === 'double-quoted-scalar') {
    return key.type === 'scalar' ? key.source : CST.resolveAsScalar(key)?.value;
  }
  return undefined;
}
