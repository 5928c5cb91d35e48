/**
 * The default human format (ESLint's "stylish"): findings grouped by file, one line each —
 * `line:col  severity  message  rule-id` — then a summary. Colours only when asked (TTY without NO_COLOR).
 * Every value that came from a manifest is stripped of control characters, so input cannot inject
 * terminal escape sequences.
 */
import type { Finding } from './finding.js';

export interface StylishOptions {
  readonly color: boolean;
}

const COLORS = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m', dim: '\u001b[2m', underline: '\u001b[4m', bold: '\u001b[1m', reset: '\u001b[0m' };

/** Removes C0/C1 control characters (ESC included) except tab; newlines become spaces. */
export function sanitizeForTerminal(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\r\n]+/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Sanitizes a multi-line text line by line, keeping its line breaks (query outputs built from manifest values). */
export function sanitizeLinesForTerminal(text: string): string {
  return text
    .split('\n')
    .map((line) => sanitizeForTerminal(line))
    .join('\n');
}

export function formatStylish(findings: readonly Finding[], options: StylishOptions): string {
  const paint = (code: keyof typeof COLORS, s: string): string => (options.color ? COLORS[code] + s + COLORS.reset : s);
  const active = findings.filter((f) => !f.suppressed);
  if (active.length === 0) return '';
  const byFile = new Map<string, Finding[]>();
  for (const f of active) {
    const list = byFile.get(f.location.file);
    if (list) list.push(f);
    else byFile.set(f.location.file, [f]);
  }
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push(paint('underline', sanitizeForTerminal(file)));
    const rows = list.map((f) => [
      `${f.location.line}:${f.location.column}`,
      f.severity,
      sanitizeForTerminal(f.message) + (f.location.template ? ` (template ${sanitizeForTerminal(f.location.template)})` : ''),
      f.rule,
    ]);
    const w0 = Math.max(...rows.map((r) => (r[0] as string).length));
    const w1 = Math.max(...rows.map((r) => (r[1] as string).length));
    rows.forEach((r, i) => {
      const sev = (list[i] as Finding).severity;
      lines.push(`  ${paint('dim', (r[0] as string).padEnd(w0))}  ${paint(sev, (r[1] as string).padEnd(w1))}  ${r[2] as string}  ${paint('dim', r[3] as string)}`);
    });
    lines.push('');
  }
  const count = (s: string): number => active.filter((f) => f.severity === s).length;
  const [e, w, i] = [count('error'), count('warning'), count('info')];
  const summary = `✖ ${active.length} problem${active.length === 1 ? '' : 's'} (${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}, ${i} info)`;
  const suppressed = findings.length - active.length;
  lines.push(paint('bold', summary) + (suppressed > 0 ? `, ${suppressed} suppressed` : ''));
  return lines.join('\n') + '\n';
}
