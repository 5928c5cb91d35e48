/**
 * JUnit XML, as CI systems render test reports (Jenkins, GitLab, Azure Pipelines, CircleCI): one
 * `<testsuite>` per input file, one `<testcase>` per object, one `<failure>` per finding. Element and
 * attribute names follow the de-facto schema Jenkins' JUnit plugin validates against
 * (jenkinsci/junit-plugin: src/main/resources/hudson/tasks/junit/junit-10.xsd), which allows several
 * `<failure>` elements in one test case. Input errors (unparsable files) are `<error>`s: the test could
 * not run. Suppressed findings and findings below `--fail-on` go to `<system-out>`, so the rendered result
 * agrees with the exit code.
 */
import { atOrAbove, compareFindings } from './finding.js';
import type { Finding } from './finding.js';
import { displayPath, escapeXml, sortForReport } from './text.js';
import type { FormatContext } from './types.js';

interface Case {
  readonly name: string;
  readonly line: number;
  failures: Finding[];
  errors: Finding[];
  notes: Finding[];
}

/** Name of the test case for findings about the file as a whole (parse errors, no object). */
const FILE_CASE = '(file)';

/** Renders findings as JUnit XML. */
export function formatJunit(findings: readonly Finding[], ctx: FormatContext): string {
  const failOn = ctx.failOn ?? 'info';
  const suites = new Map<string, Map<string, Case>>();
  const caseFor = (file: string, name: string, line: number): Case => {
    let suite = suites.get(file);
    if (!suite) suites.set(file, (suite = new Map()));
    let c = suite.get(name);
    if (!c) suite.set(name, (c = { name, line, failures: [], errors: [], notes: [] }));
    return c;
  };
  for (const item of ctx.inventory ?? []) {
    caseFor(displayPath(item.location.template ?? item.location.file, ctx.cwd), item.resource, item.location.line);
  }
  for (const f of sortForReport(findings, ctx.cwd, compareFindings)) {
    const c = caseFor(displayPath(f.location.template ?? f.location.file, ctx.cwd), f.resource ?? FILE_CASE, f.location.line);
    if (f.suppressed || failOn === 'none' || !atOrAbove(f.severity, failOn)) c.notes.push(f);
    else if (f.input) c.errors.push(f);
    else c.failures.push(f);
  }

  let tests = 0;
  let failures = 0;
  let errors = 0;
  const body: string[] = [];
  for (const file of [...suites.keys()].sort()) {
    const cases = [...(suites.get(file) as Map<string, Case>).values()].sort(
      (a, b) => a.line - b.line || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    const sFailures = cases.filter((c) => c.failures.length > 0 && c.errors.length === 0).length;
    const sErrors = cases.filter((c) => c.errors.length > 0).length;
    tests += cases.length;
    failures += sFailures;
    errors += sErrors;
    body.push(
      `  <testsuite name="${escapeXml(file)}" tests="${cases.length}" failures="${sFailures}" errors="${sErrors}" skipped="0" time="0">`,
    );
    for (const c of cases) body.push(...testcase(c, file));
    body.push('  </testsuite>');
  }
  const name = escapeXml(ctx.tool.name);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" tests="${tests}" failures="${failures}" errors="${errors}" time="0">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(c: Case, file: string): string[] {
  const open = `    <testcase name="${escapeXml(c.name)}" classname="${escapeXml(file)}" file="${escapeXml(file)}" line="${c.line}" time="0"`;
  if (c.failures.length + c.errors.length + c.notes.length === 0) return [open + '/>'];
  const out = [open + '>'];
  for (const f of c.errors) out.push(element('error', f));
  for (const f of c.failures) out.push(element('failure', f));
  if (c.notes.length > 0) {
    const text = c.notes.map((f) => `${describe(f)}${f.suppressed ? ` (suppressed: ${f.suppressed.justification ?? f.suppressed.kind})` : ''}`);
    out.push(`      <system-out>${escapeXml(text.join('\n'))}</system-out>`);
  }
  out.push('    </testcase>');
  return out;
}

function element(tag: 'failure' | 'error', f: Finding): string {
  return `      <${tag} message="${escapeXml(f.message)}" type="${escapeXml(f.rule)}">${escapeXml(describe(f))}</${tag}>`;
}

function describe(f: Finding): string {
  const where = `${f.location.file}:${f.location.line}:${f.location.column}`;
  return `${f.severity} ${f.rule} at ${where}${f.resource ? ` (${f.resource})` : ''}: ${f.message}`;
}
