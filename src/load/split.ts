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

const MARKER = /^(?:---|\.\.\.)(?:[ \t]|$)/;
const HELM_SOURCE = /^#\s*Source:\s*(\S.*?)\s*$/;

export function splitDocuments(text: string): DocumentChunk[] {
  const lines = text.split('\n');
  const chunks: DocumentChunk[] = [];
  let start = 0;
  let pendingDirectives = 0;
  const push = (from: number, to: number): void => {
    if (to <= from) return;
    const body = lines.slice(from, to).join('\n');
    if (!hasContent(body)) return;
    chunks.push({ text: body, startLine: from + 1, ...templateOf(lines, from, to) });
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('%')) {
      pendingDirectives++;
      continue;
    }
    if (!MARKER.test(line)) {
      if (line.trim() !== '' && !line.startsWith('#')) pendingDirectives = 0;
      continue;
    }
    if (line.startsWith('...')) {
      // `...` ends the current document; what follows starts a new one.
      push(start, i + 1);
      start = i + 1;
      pendingDirectives = 0;
      continue;
    }
    // `---` starts a document; directives just above it belong to it.
    const docStart = i - pendingDirectives;
    push(start, docStart);
    start = docStart;
    pendingDirectives = 0;
  }
  push(start, lines.length);
  return chunks;
}

/** True when the text has anything beyond markers, directives, comments and blank lines. */
function hasContent(body: string): boolean {
  for (const raw of body.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const rest = line.startsWith('---') || line.startsWith('...') ? line.slice(3) : line;
    const trimmed = rest.trim();
    if (trimmed !== '' && !trimmed.startsWith('#') && !line.startsWith('%')) return true;
  }
  return false;
}

function templateOf(lines: readonly string[], from: number, to: number): { template?: string } {
  for (let i = from; i < to; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    const m = HELM_SOURCE.exec(line);
    if (m) return { template: m[1] as string };
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#') && !MARKER.test(line)) break;
  }
  return {};
}
