/**
 * Source positions, computed lazily: a document is re-parsed with `yaml` (keeping node ranges) only when a
 * finding needs a position in it, and the result is cached. Most documents of a large input never pay for it.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { JsonPointer, Location } from '../model/location.js';
import { pointerTokens } from '../model/location.js';

interface Positioned {
  readonly doc: ReturnType<typeof parseDocument>;
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
    if (!p) return this.at(1, 1);
    let node: unknown = p.doc.contents;
    let anchor: YamlNode | undefined = (node as YamlNode | null) ?? undefined;
    for (const token of pointerTokens(pointer)) {
      if (isMap(node)) {
        const pair = node.items.find((it) => keyText(it.key) === token);
        if (!pair) break;
        anchor = (pair.key as YamlNode | null) ?? (pair.value as YamlNode | null) ?? anchor;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(token)];
        if (item === undefined || !/^\d+$/.test(token)) break;
        anchor = (item as YamlNode | null) ?? anchor;
        node = item;
      } else break;
    }
    const range = anchor?.range;
    if (!range) return this.at(1, 1);
    const start = p.lineCounter.linePos(range[0]);
    const end = p.lineCounter.linePos(range[1]);
    return this.at(start.line, start.col, end.line, end.col);
  }

  private at(line: number, column: number, endLine?: number, endColumn?: number): Location {
    const offset = this.startLine - 1;
    return {
      file: this.file,
      line: line + offset,
      column,
      ...(endLine !== undefined ? { endLine: endLine + offset, endColumn } : {}),
      ...(this.template ? { template: this.template } : {}),
    };
  }

  private positioned(): Positioned | null {
    if (this.parsed === undefined) {
      try {
        const lineCounter = new LineCounter();
        const doc = parseDocument(this.text, { lineCounter, merge: true, uniqueKeys: false, prettyErrors: false });
        this.parsed = { doc, lineCounter };
      } catch {
        this.parsed = null;
      }
    }
    return this.parsed;
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}
