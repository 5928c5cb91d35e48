/**
 * One line per finding in the `file:line:column: severity: message [rule]` shape that editors and
 * terminals already parse (GCC's diagnostic format; vim's default 'errorformat', VS Code's `$gcc` problem
 * matcher). Suppressed findings are left out; nothing else is printed, so the output greps and counts.
 */
import { compareFindings } from './finding.js';
import type { Finding } from './finding.js';
import { displayPath, oneLine, sortForReport } from './text.js';
import type { FormatContext } from './types.js';

export function formatCompact(findings: readonly Finding[], ctx: FormatContext): string {
  const lines: string[] = [];
  for (const f of sortForReport(findings, ctx.cwd, compareFindings)) {
    if (f.suppressed) continue;
    const l = f.location;
    const file = oneLine(displayPath(l.file, ctx.cwd));
    const where = l.template !== undefined ? ` (${oneLine(l.template)})` : '';
    const subject = f.resource ? `${oneLine(f.resource)}: ` : '';
    lines.push(`${file}:${l.line}:${l.column}: ${f.severity}: ${subject}${oneLine(f.message)} [${oneLine(f.rule)}]${where}`);
  }
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}
