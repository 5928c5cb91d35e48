/**
 * A parsed document's SourceDocument. Positions come from the node spans the fast path recorded when it has
 * them, else from a lazy CST walk (./positions.ts); line starts and the CST are built only when a finding
 * asks. A class, not a closure: one object per document instead of a closure, its context and a wrapper.
 */
import type { JsonPointer, Location } from '../model/location.js';
import type { SourceDocument } from '../model/resource.js';
import { LineIndex } from './node-spans.js';
import type { NodeSpans } from './node-spans.js';
import { documentLocation, PositionIndex } from './positions.js';

export class DocumentSource implements SourceDocument {
  readonly template?: string;
  private lines: LineIndex | undefined;
  private positions: PositionIndex | undefined;

  constructor(
    readonly file: string,
    readonly index: number,
    readonly startLine: number,
    private readonly text: string,
    template: string | undefined,
    private readonly spans?: NodeSpans,
  ) {
    if (template) this.template = template;
  }

  /**
   * Whether no object of the parsed value can be reached twice. Only an alias (`*a`, merge keys included)
   * makes a YAML parser share an object between two places, and JSON has none: a text without `*` parses to a
   * tree.
   */
  get aliasFree(): boolean {
    return !this.text.includes('*');
  }

  locate(pointer: JsonPointer): Location {
    const offset = this.spans?.offsetOf(pointer);
    if (offset !== undefined) {
      const pos = (this.lines ??= new LineIndex(this.text)).position(offset);
      return documentLocation(this.file, this.startLine, this.template, pos.line, pos.col);
    }
    this.positions ??= new PositionIndex(this.text, this.file, this.startLine, this.template);
    return this.positions.locate(pointer);
  }
}
