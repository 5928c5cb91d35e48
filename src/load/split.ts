/**
 * Splits a YAML stream into documents without parsing it. A line that starts with `---` or `...` followed by
 * white space or the end of the line is a document marker wherever it stands (YAML 1.2 §9.1.4: c-forbidden
 * content may not appear inside any scalar), so a line scan is exact for well-formed input; malformed input is
 * diagnosed per document by the parser afterwards. Directive lines (`%YAML`) travel with the next document.
 */

export interface DocumentChunk {
  /** Document text, starting at the beginning of a line (marker line included). */
  readonly text: string;
  /** 1-based line of the chunk's first line in the file. */
  readonly startLine: number;
  /** Chart template named by a `# Source:` comment before the content (helm template output). */
  readonly template?: string;
}

const MARKER = /^(?:---|\.\.\.)(?:[ \t\r\n]|$)/;
const HELM_SOURCE = /^#\s*Source:\s*(\S.*?)\s*$/;
/** The line break before a line that may be a marker or a directive. */
const CANDIDATE_LINE = /\n[-.%]/g;

export function splitDocuments(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  // Scan line starts only: markers and directives are decided by a line's first characters.
  let chunkStart = 0; // offset of the current chunk
  let chunkLine = 1; // its 1-based line
  let directiveStart = -1; // offset of the first directive line just above a marker, if any
  let directiveLine = 0;
  let line = 1;
  let pos = 0;
  const push = (endOffset: number): void => {
    if (endOffset <= chunkStart) return;
    const body = text.slice(chunkStart, endOffset);
    if (!hasContent(body)) return;
    const template = templateOf(body);
    chunks.push({ text: body, startLine: chunkLine, ...(template ? { template } : {}) });
  };
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (directiveStart < 0 && c !== 0x25 && c !== 0x2d && c !== 0x2e) {
      // No marker or directive can start here: jump to the next line that starts with `%`, `-` or `.`
      // (a regular-expression search, much cheaper than a look at every line), counting the lines passed.
      CANDIDATE_LINE.lastIndex = pos;
      const next = CANDIDATE_LINE.exec(text)?.index;
      const to = next === undefined ? text.length : next + 1;
      line += countNewlines(text, pos, to);
      pos = to;
      continue;
    }
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    if (c === 0x25 /* % */) {
      if (directiveStart < 0) {
        directiveStart = pos;
        directiveLine = line;
      }
    } else if ((c === 0x2d /* - */ || c === 0x2e) /* . */ && MARKER.test(text.slice(pos, Math.min(end, pos + 4)))) {
      if (c === 0x2e) {
        // `...` ends the current document; what follows starts a new one.
        push(end);
        chunkStart = end;
        chunkLine = line + 1;
      } else {
        // `---` starts a document; directives just above it belong to it.
        const docStart = directiveStart >= 0 ? directiveStart : pos;
        push(docStart);
        chunkStart = docStart;
        chunkLine = directiveStart >= 0 ? directiveLine : line;
      }
      directiveStart = -1;
    } else if (directiveStart >= 0 && c !== 0x23 /* # */ && text.slice(pos, end).trim() !== '') {
      directiveStart = -1;
    }
    pos = end;
    line++;
  }
  push(text.length);
  return chunks;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** True when the text has anything beyond markers, directives, comments and blank lines. */
function hasContent(body: string): boolean {
  // Most documents: a letter opens the first line, or the line after a bare `---`.
  if (isLetter(body.charCodeAt(0)) || (body.startsWith('---\n') && isLetter(body.charCodeAt(4)))) return true;
  // Line by line, stopping at the first content line (usually the first): no split of the whole document.
  for (let start = 0; start < body.length; ) {
    const nl = body.indexOf('\n', start);
    const end = nl < 0 ? body.length : nl;
    const line = body.slice(start, end).replace(/\r$/, '');
    const rest = line.startsWith('---') || line.startsWith('...') ? line.slice(3) : line;
    const trimmed = rest.trim();
    if (trimmed !== '' && !trimmed.startsWith('#') && !line.startsWith('%')) return true;
    start = end + 1;
  }
  return false;
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** The `# Source:` comment among the leading comment lines of a document. */
function templateOf(body: string): string | undefined {
  if (!body.includes('Source:')) return undefined; // not helm output: no line-by-line look
  for (let start = 0, n = 0; start < body.length && n < 8; n++) {
    const nl = body.indexOf('\n', start);
    const end = nl < 0 ? body.length : nl;
    const line = body.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    const m = HELM_SOURCE.exec(line);
    if (m) return m[1] as string;
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#') && !MARKER.test(line)) break;
  }
  return undefined;
}
