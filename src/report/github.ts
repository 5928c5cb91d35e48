/**
 * GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…,col=…,title=…::message` line
 * per finding, which the runner turns into annotations on the pull request's diff.
 * Docs: https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
 * Escaping mirrors actions/toolkit:packages/core/src/command.ts (escapeData / escapeProperty), which the
 * runner reverses (actions/runner:src/Runner.Common/ActionCommand.cs): without it a manifest value holding
 * a newline could start a command of its own (`::add-mask::`, `::stop-commands::`…).
 */
import { compareFindings } from './finding.js';
import type { Finding, Severity } from './finding.js';
import { displayPath, sortForReport, stripControls } from './text.js';
import type { FormatContext } from './types.js';

/** escapeData: `%`, CR and LF in the message part. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** escapeProperty: as escapeData, plus `:` and `,` which delimit properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub has three annotation levels: error, warning, notice. */
function command(s: Severity): 'error' | 'warning' | 'notice' {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'notice';
}

/** Renders unsuppressed findings as workflow commands, one per line. */
export function formatGithub(findings: readonly Finding[], ctx: FormatContext): string {
  const lines: string[] = [];
  for (const f of sortForReport(findings, ctx.cwd, compareFindings)) {
    if (f.suppressed) continue;
    const l = f.location;
    // A chart template is the file the user can edit; its rendered line number means nothing there.
    const onTemplate = l.file.startsWith('<') && l.template !== undefined;
    const props: [string, string][] = [['file', onTemplate ? (l.template as string) : displayPath(l.file, ctx.cwd)]];
    if (!onTemplate) {
      props.push(['line', String(l.line)], ['col', String(l.column)]);
      if (l.endLine !== undefined) props.push(['endLine', String(l.endLine)]);
      if (l.endColumn !== undefined) props.push(['endColumn', String(l.endColumn)]);
    }
    props.push(['title', `${ctx.tool.name}(${f.rule})`]);
    const text = f.resource ? `${f.resource}: ${f.message}` : f.message;
    const propText = props.map(([k, v]) => `${k}=${escapeProperty(stripControls(v))}`).join(',');
    // Control characters other than CR/LF would reach the log viewer as-is; they are dropped, CR/LF escaped.
    lines.push(`::${command(f.severity)} ${propText}::${escapeData(keepBreaks(text))}`);
  }
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

/** stripControls but keeping CR (which stripControls would drop) so escapeData can encode it. */
function keepBreaks(s: string): string {
  return s
    .split('\r')
    .map((p) => stripControls(p))
    .join('\r');
}
