/**
 * The SourceDocument of a resource read from the load cache (./load-cache.ts). Positions are wanted for a few
 * objects per query (the hops a route cites), so nothing is parsed up front: the first `locate` rebuilds the
 * very DocumentSource the loader made for this document (src/load/index.ts parseText) by splitting the file's
 * text and parsing that one document again, and every answer comes from it. A cached run therefore cites the
 * same line and column as an uncached one, through the same code.
 */
import { DEFAULT_LIMITS, parseYamlDocument } from '../load/parse.js';
import { DocumentSource } from '../load/source.js';
import { splitDocuments } from '../load/split.js';
import type { DocumentChunk } from '../load/split.js';
import type { JsonPointer, Location } from '../model/location.js';
import type { SourceDocument } from '../model/resource.js';

/** One input file's text, split into documents once, when the first of its documents is located. */
export class CachedFileText {
  private chunks: DocumentChunk[] | undefined;

  constructor(
    readonly file: string,
    text: string,
    private readonly bomless = text.startsWith('\uFEFF') ? text.slice(1) : text,
  ) {}

  /** The loader's source of document `index` (a JSON file is one document, with no recorded spans). */
  documentSource(index: number): DocumentSource {
    if (this.file.toLowerCase().endsWith('.json')) return new DocumentSource(this.file, 0, 1, this.bomless, undefined);
    const chunk = (this.chunks ??= splitDocuments(this.bomless))[index];
    if (chunk === undefined) throw new Error(`document ${index} of ${this.file} is gone`);
    const outcome = parseYamlDocument(chunk.text, DEFAULT_LIMITS);
    return new DocumentSource(this.file, index, chunk.startLine, chunk.text, chunk.template, outcome.ok ? outcome.spans : undefined);
  }
}

export class CachedSource implements SourceDocument {
  readonly file: string;
  readonly template?: string;
  private source: DocumentSource | undefined;

  constructor(
    private readonly text: CachedFileText,
    readonly index: number,
    readonly startLine: number,
    template: string | undefined,
  ) {
    this.file = text.file;
    if (template) this.template = template;
  }

  locate(pointer: JsonPointer): Location {
    return (this.source ??= this.text.documentSource(this.index)).locate(pointer);
  }
}
