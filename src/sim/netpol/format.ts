/**
 * Output formats of the matrix. `txt` is netpol-analyzer's connlist text line for line
 * (`src => dst : conns`, sorted; np-guard/netpol-analyzer pkg/netpol/connlist/conns_formatter_txt.go), so its
 * users can compare; csv, json and md follow its other formatters' columns (src, dst, conn); dot and mermaid
 * draw the graph; `table` prints a `.`/`X` truth table per port over pods, as the upstream e2e probes do
 * (kubernetes/kubernetes:test/e2e/network/netpol/truthtable.go PrettyPrint).
 */
import type { ClassMatrix } from './engine.js';
import { podAllowedOn } from './lookup.js';
import { entryText } from './workloads.js';
import type { WorkloadMatrix } from './workloads.js';

export const MATRIX_FORMATS = ['txt', 'csv', 'json', 'md', 'dot', 'mermaid', 'table'] as const;
export type MatrixFormat = (typeof MATRIX_FORMATS)[number];

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function dotId(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function formatConnlist(w: WorkloadMatrix): string {
  return w.entries.map((e) => `${e.src} => ${e.dst} : ${entryText(e)}`).join('\n') + (w.entries.length > 0 ? '\n' : '');
}

export function formatCsv(w: WorkloadMatrix): string {
  return ['src,dst,conn', ...w.entries.map((e) => [e.src, e.dst, entryText(e)].map(csvCell).join(','))].join('\n') + '\n';
}

export function formatJsonMatrix(w: WorkloadMatrix): string {
  return (
    JSON.stringify(
      w.entries.map((e) => ({
        src: e.src,
        dst: e.dst,
        conn: e.text,
        ...(e.dependsOnCniText !== undefined ? { dependsOnCni: e.dependsOnCniText } : {}),
        ...(e.uniform ? {} : { uniform: false }),
        ...(e.implementationDefined ? { implementationDefined: true } : {}),
      })),
      null,
      2,
    ) + '\n'
  );
}

export function formatMd(w: WorkloadMatrix): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return ['| src | dst | conn |', '|-----|-----|------|', ...w.entries.map((e) => `| ${esc(e.src)} | ${esc(e.dst)} | ${esc(entryText(e))} |`)].join('\n') + '\n';
}

function usedNodes(w: WorkloadMatrix): string[] {
  const used = new Set<string>();
  for (const e of w.entries) used.add(e.src).add(e.dst);
  return [...used].sort();
}

export function formatDot(w: WorkloadMatrix): string {
  const lines = ['digraph {'];
  for (const n of usedNodes(w)) lines.push(`\t${dotId(n)} [label=${dotId(n)} ${n.endsWith('[External]') ? 'shape=box color="red2"' : 'color="blue"'}]`);
  for (const e of w.entries) lines.push(`\t${dotId(e.src)} -> ${dotId(e.dst)} [label=${dotId(entryText(e))}]`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

export function formatMermaid(w: WorkloadMatrix): string {
  const ids = new Map(usedNodes(w).map((n, i) => [n, `n${i}`]));
  const q = (s: string): string => s.replace(/"/g, '#quot;');
  const lines = ['flowchart LR'];
  for (const [n, id] of ids) lines.push(`  ${id}["${q(n)}"]`);
  for (const e of w.entries) lines.push(`  ${ids.get(e.src)} -->|"${q(entryText(e))}"| ${ids.get(e.dst)}`);
  return lines.join('\n') + '\n';
}

/**
 * The e2e truth table for one protocol/port over every pod (`ns/name`), rows = source: `.` allowed,
 * `X` blocked, `?` implementation-defined (a hostNetwork pod takes part) or depending on the CNI (an ipBlock
 * covering a pod IP decides, with `--ipblock-matches-pods=unknown`). Same layout as upstream's
 * TruthTable.PrettyPrint: a `-\t` corner, tab-separated marks each followed by a tab.
 */
export function formatTruthTable(m: ClassMatrix, protocol: string, port: number): string {
  const u = m.universe;
  const order = u.pods.map((p, i) => ({ name: `${p.namespace}/${p.name}`, i })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines = [`${protocol}/${port}`, ['-\t', ...order.map((o) => o.name)].join('\t')];
  for (const s of order) {
    const marks = order.map((d) => {
      const hn = (u.pods[s.i]?.hostNetwork ?? false) || (u.pods[d.i]?.hostNetwork ?? false);
      if (hn && s.i !== d.i) return '?\t';
      if (podAllowedOn(m, s.i, d.i, protocol, port)) return '.\t';
      return (m.possible && podAllowedOn({ ...m, cols: m.possible }, s.i, d.i, protocol, port) ? '?' : 'X') + '\t';
    });
    lines.push([s.name, ...marks].join('\t'));
  }
  return lines.join('\n') + '\n';
}

/** Renders the workload matrix in one of the formats (`table` needs the class matrix and ports). */
export function formatMatrix(
  format: MatrixFormat,
  w: WorkloadMatrix,
  m: ClassMatrix,
  ports: readonly { readonly protocol: string; readonly port: number }[] = [],
): string {
  switch (format) {
    case 'txt':
      return formatConnlist(w);
    case 'csv':
      return formatCsv(w);
    case 'json':
      return formatJsonMatrix(w);
    case 'md':
      return formatMd(w);
    case 'dot':
      return formatDot(w);
    case 'mermaid':
      return formatMermaid(w);
    case 'table':
      return ports.map((p) => formatTruthTable(m, p.protocol, p.port)).join('\n');
  }
}
