/**
 * The HTML report: one self-contained file (inline CSS and script, no external request of any kind — a
 * Content-Security-Policy with `default-src 'none'` enforces it), readable offline. Everything that comes
 * from the input is escaped where it is written (escapeXml); the script only shows and hides rows that
 * were rendered here, and reads nothing but data attributes.
 *
 * Sections: summary, findings (filters by severity, rule, namespace; links to file:line), nodes with the
 * pods placed on them and resource bars, the Service map (Ingress -> Service -> pods), and the
 * NetworkPolicy reachability matrix as a heat map — each view only when the caller has its data.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Finding } from './finding.js';
import { SEVERITIES, compareFindings } from './finding.js';
import { displayPath, escapeXml, sortForReport } from './text.js';
import type { FormatContext } from './types.js';

/** One resource of a node: what is allocatable and what the placed pods request (same unit). */
export interface NodeResourceView {
  readonly name: string;
  readonly allocatable: number;
  readonly requested: number;
  /** How to print the amounts: `m` (millicores), `bytes`, or `` (a count). */
  readonly unit: 'm' | 'bytes' | '';
}

export interface PodView {
  readonly namespace: string;
  readonly name: string;
  readonly ready: boolean;
  /** The scheduler's or admission's reason when the pod is not running. */
  readonly reason?: string;
}

export interface NodeView {
  readonly name: string;
  readonly resources: readonly NodeResourceView[];
  readonly pods: readonly PodView[];
}

export interface ServiceMapEntry {
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  /** e.g. `80/TCP -> 9080`. */
  readonly ports: readonly string[];
  /** Ingress routes that end at this Service: `ns/name host/path`. */
  readonly routes: readonly string[];
  /** Pods the selector picks; undefined when no dry run placed pods (then nothing is claimed). */
  readonly pods?: readonly PodView[];
}

/** Reachability between groups of pods: `allowed[i][j]` = traffic from labels[i] to labels[j] is allowed. */
export interface ReachabilityView {
  readonly labels: readonly string[];
  /** `null`: not judged (a workload to itself: the matrix, like netpol-analyzer's, lists distinct workloads). */
  readonly allowed: readonly (readonly (boolean | null)[])[];
  readonly caption?: string;
}

export interface HtmlViews {
  readonly nodes?: readonly NodeView[];
  /** Pods that were not placed (unschedulable or rejected). */
  readonly pending?: readonly PodView[];
  readonly services?: readonly ServiceMapEntry[];
  readonly reachability?: ReachabilityView;
}

export interface HtmlOptions {
  readonly title?: string;
  /** Directory the report is written to: links to manifests are made relative to it. Default: ctx.cwd. */
  readonly reportDir?: string;
}

/** Renders the whole report page. Deterministic: no timestamps, no random ids. */
export function formatHtml(findings: readonly Finding[], ctx: FormatContext, views: HtmlViews = {}, options: HtmlOptions = {}): string {
  const title = options.title ?? `${ctx.tool.name} report`;
  const sorted = sortForReport(findings, ctx.cwd, compareFindings);
  const script = SCRIPT;
  const scriptHash = createHash('sha256').update(script).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const sections = [
    summary(sorted, views),
    findingsSection(sorted, ctx, options.reportDir ?? ctx.cwd),
    views.nodes ? nodesSection(views.nodes, views.pending ?? []) : '',
    views.services ? servicesSection(views.services) : '',
    views.reachability ? reachabilitySection(views.reachability) : '',
  ].filter((s) => s !== '');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeXml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeXml(`${ctx.tool.name} ${ctx.tool.version}`)}">
<title>${escapeXml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeXml(title)}</h1><p class="muted">${escapeXml(`${ctx.tool.name} ${ctx.tool.version}`)}</p></header>
<main>
${sections.join('\n')}
</main>
<script>${script}</script>
</body>
</html>
`;
}

function namespaceOf(resource: string | undefined): string {
  if (resource === undefined) return '';
  const parts = resource.split('/');
  return parts.length >= 3 ? (parts[0] as string) : '(cluster)';
}

function summary(findings: readonly Finding[], views: HtmlViews): string {
  const active = findings.filter((f) => !f.suppressed);
  const count = (s: string): number => active.filter((f) => f.severity === s).length;
  const cards = [
    ...SEVERITIES.map((s) => card(String(count(s)), s === 'info' ? 'info' : `${s}s`, s)),
    card(String(findings.length - active.length), 'suppressed', 'suppressed'),
  ];
  if (views.nodes) cards.push(card(String(views.nodes.length), 'nodes', 'neutral'));
  if (views.nodes || views.pending) {
    const placed = (views.nodes ?? []).reduce((n, v) => n + v.pods.length, 0);
    cards.push(card(String(placed), 'pods placed', 'neutral'));
    cards.push(card(String(views.pending?.length ?? 0), 'pods pending', (views.pending?.length ?? 0) > 0 ? 'warning' : 'neutral'));
  }
  if (views.services) cards.push(card(String(views.services.length), 'Services', 'neutral'));
  return `<section id="summary"><h2>Summary</h2><div class="cards">${cards.join('')}</div></section>`;
}

function card(value: string, label: string, kind: string): string {
  return `<div class="card ${escapeXml(kind)}"><span class="value">${escapeXml(value)}</span><span class="label">${escapeXml(label)}</span></div>`;
}

function options(values: readonly string[], all: string): string {
  return [`<option value="">${escapeXml(all)}</option>`, ...values.map((v) => `<option value="${escapeXml(v)}">${escapeXml(v === '' ? '(none)' : v)}</option>`)].join('');
}

function uniqueSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function findingsSection(findings: readonly Finding[], ctx: FormatContext, reportDir: string): string {
  const rules = uniqueSorted(findings.map((f) => f.rule));
  const namespaces = uniqueSorted(findings.map((f) => namespaceOf(f.resource)));
  const rows = findings.map((f) => {
    const file = displayPath(f.location.file, ctx.cwd);
    const where = `${file}:${f.location.line}:${f.location.column}`;
    const link = file.startsWith('<') ? escapeXml(where) : `<a href="${escapeXml(fileHref(f.location.file, ctx.cwd, reportDir))}">${escapeXml(where)}</a>`;
    const template = f.location.template !== undefined ? `<div class="muted">template ${escapeXml(f.location.template)}</div>` : '';
    const suppressed = f.suppressed ? `<div class="muted">suppressed (${escapeXml(f.suppressed.kind)}${f.suppressed.justification ? `: ${escapeXml(f.suppressed.justification)}` : ''})</div>` : '';
    const related = (f.related ?? [])
      .map((r) => `<div class="muted">${escapeXml(r.message)} — ${escapeXml(`${displayPath(r.location.file, ctx.cwd)}:${r.location.line}:${r.location.column}`)}</div>`)
      .join('');
    return (
      `<tr class="finding${f.suppressed ? ' suppressed' : ''}" data-severity="${escapeXml(f.severity)}" data-rule="${escapeXml(f.rule)}" data-namespace="${escapeXml(namespaceOf(f.resource))}">` +
      `<td><span class="sev ${escapeXml(f.severity)}">${escapeXml(f.severity)}</span></td>` +
      `<td><code>${escapeXml(f.rule)}</code></td>` +
      `<td>${escapeXml(f.resource ?? '')}</td>` +
      `<td>${escapeXml(f.message)}${related}${suppressed}</td>` +
      `<td>${link}${template}</td></tr>`
    );
  });
  const table =
    findings.length === 0
      ? '<p class="ok">No findings.</p>'
      : `<table id="findings-table"><thead><tr><th>Severity</th><th>Rule</th><th>Object</th><th>Message</th><th>Location</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `<section id="findings"><h2>Findings</h2>
<div class="filters">
<label>Severity <select id="filter-severity">${options([...SEVERITIES], 'all')}</select></label>
<label>Rule <select id="filter-rule">${options(rules, 'all')}</select></label>
<label>Namespace <select id="filter-namespace">${options(namespaces, 'all')}</select></label>
<label><input type="checkbox" id="filter-suppressed"> show suppressed</label>
<span id="visible-count" class="muted"></span>
</div>
${table}
</section>`;
}

/**
 * A relative link from the report to the manifest, each segment percent-encoded: a file name can never
 * become a `javascript:` URL or leave the attribute. The `#L` fragment is what code hosts use for lines.
 */
function fileHref(file: string, cwd: string, reportDir: string): string {
  const abs = posix.isAbsolute(file) ? file : posix.join(cwd.split('\\').join('/'), file);
  const rel = posix.relative(reportDir.split('\\').join('/'), abs) || posix.basename(abs);
  return rel
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

function amount(v: number, unit: NodeResourceView['unit']): string {
  if (unit === 'm') return v % 1000 === 0 ? String(v / 1000) : `${v}m`;
  if (unit === 'bytes') {
    const units = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'];
    let i = 0;
    let x = v;
    while (x >= 1024 && i < units.length - 1) {
      x /= 1024;
      i++;
    }
    return `${Number.isInteger(x) ? x : x.toFixed(1)}${units[i]}`;
  }
  return String(v);
}

function bar(r: NodeResourceView): string {
  const pct = r.allocatable > 0 ? Math.min(100, Math.round((r.requested / r.allocatable) * 100)) : r.requested > 0 ? 100 : 0;
  const level = pct >= 100 ? 'full' : pct >= 80 ? 'high' : 'ok';
  return `<div class="bar-row"><span class="bar-label">${escapeXml(r.name)}</span><span class="bar ${level}" role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${pct}"><span style="width:${pct}%"></span></span><span class="bar-text">${escapeXml(`${amount(r.requested, r.unit)} / ${amount(r.allocatable, r.unit)} (${pct}%)`)}</span></div>`;
}

function podChip(p: PodView): string {
  const title = p.reason ? ` title="${escapeXml(p.reason)}"` : '';
  return `<span class="pod${p.ready ? '' : ' not-ready'}"${title}>${escapeXml(`${p.namespace}/${p.name}`)}</span>`;
}

function nodesSection(nodes: readonly NodeView[], pending: readonly PodView[]): string {
  const cards = nodes.map(
    (n) =>
      `<div class="node"><h3>${escapeXml(n.name)}</h3>${n.resources.map(bar).join('')}<div class="pods">${n.pods.map(podChip).join('') || '<span class="muted">no pods</span>'}</div></div>`,
  );
  const pend =
    pending.length === 0
      ? ''
      : `<h3>Not placed</h3><ul class="pending">${pending.map((p) => `<li>${podChip(p)} <span class="muted">${escapeXml(p.reason ?? '')}</span></li>`).join('')}</ul>`;
  return `<section id="nodes"><h2>Nodes</h2><div class="node-grid">${cards.join('') || '<p class="muted">No nodes.</p>'}</div>${pend}</section>`;
}

function servicesSection(services: readonly ServiceMapEntry[]): string {
  const rows = services.map(
    (s) =>
      `<tr><td>${s.routes.map((r) => `<div>${escapeXml(r)}</div>`).join('') || '<span class="muted">—</span>'}</td>` +
      `<td class="arrow">→</td><td><strong>${escapeXml(`${s.namespace}/${s.name}`)}</strong><div class="muted">${escapeXml(s.type)} ${escapeXml(s.ports.join(', '))}</div></td>` +
      `<td class="arrow">→</td><td>${s.pods === undefined ? '<span class="muted">not computed</span>' : s.pods.map(podChip).join('') || '<span class="warn">no pods</span>'}</td></tr>`,
  );
  return `<section id="services"><h2>Service map</h2>${
    services.length === 0
      ? '<p class="muted">No Services.</p>'
      : `<table class="service-map"><thead><tr><th>Ingress</th><th></th><th>Service</th><th></th><th>Pods</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  }</section>`;
}

function reachabilitySection(r: ReachabilityView): string {
  const head = `<tr><th>from \\ to</th>${r.labels.map((l) => `<th class="col">${escapeXml(l)}</th>`).join('')}</tr>`;
  const rows = r.labels.map(
    (from, i) =>
      `<tr><th>${escapeXml(from)}</th>${r.labels
        .map((to, j) => {
          const v = r.allowed[i]?.[j];
          if (v === null) return `<td class="self" title="${escapeXml(`${from} → itself: not judged`)}">·</td>`;
          const ok = v === true;
          return `<td class="${ok ? 'allow' : 'deny'}" title="${escapeXml(`${from} → ${to}: ${ok ? 'allowed' : 'denied'}`)}">${ok ? '✓' : '✗'}</td>`;
        })
        .join('')}</tr>`,
  );
  return `<section id="reachability"><h2>NetworkPolicy reachability</h2>${r.caption ? `<p class="muted">${escapeXml(r.caption)}</p>` : ''}<table class="heatmap">${head}${rows.join('')}</table></section>`;
}

const STYLE = `
:root{--err:#c62828;--warn:#ef6c00;--info:#1565c0;--ok:#2e7d32;--muted:#666;--line:#ddd;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
body{margin:0;color:#222;background:#fafafa}
header{background:#263238;color:#fff;padding:12px 24px}header h1{margin:0;font-size:1.4em}header .muted{color:#b0bec5;margin:4px 0 0}
main{padding:0 24px 24px}section{margin-top:24px}h2{border-bottom:2px solid var(--line);padding-bottom:4px}
.muted{color:var(--muted);font-size:.9em}.ok{color:var(--ok)}.warn{color:var(--warn)}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{background:#fff;border:1px solid var(--line);border-left:6px solid #90a4ae;border-radius:4px;padding:8px 16px;min-width:90px}
.card .value{display:block;font-size:1.8em;font-weight:600}.card .label{color:var(--muted)}
.card.error{border-left-color:var(--err)}.card.warning{border-left-color:var(--warn)}.card.info{border-left-color:var(--info)}
.filters{display:flex;flex-wrap:wrap;gap:16px;align-items:center;margin-bottom:8px}
table{border-collapse:collapse;background:#fff;width:100%}th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eceff1}tr.suppressed{opacity:.6}.hidden{display:none}
.sev{display:inline-block;padding:1px 6px;border-radius:3px;color:#fff;font-size:.85em}.sev.error{background:var(--err)}.sev.warning{background:var(--warn)}.sev.info{background:var(--info)}
.node-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:12px}.node{background:#fff;border:1px solid var(--line);border-radius:4px;padding:8px 12px}.node h3{margin:0 0 8px}
.bar-row{display:flex;align-items:center;gap:8px;margin:4px 0}.bar-label{width:70px}.bar{flex:1;height:12px;background:#eceff1;border-radius:6px;overflow:hidden}
.bar>span{display:block;height:100%;background:var(--ok)}.bar.high>span{background:var(--warn)}.bar.full>span{background:var(--err)}.bar-text{width:150px;font-size:.85em;color:var(--muted)}
.pod{display:inline-block;margin:2px;padding:1px 6px;border-radius:10px;background:#e3f2fd;font-size:.85em}.pod.not-ready{background:#ffebee}
.service-map td.arrow{text-align:center;color:var(--muted);width:24px;border-left:none;border-right:none}
.heatmap{width:auto}.heatmap td{text-align:center;min-width:28px}.heatmap td.allow{background:#a5d6a7}.heatmap td.deny{background:#ef9a9a}
`;

/** Filters: show a finding row when it matches every chosen filter. Reads only data-* attributes. */
const SCRIPT = `
(function () {
  var ids = ['severity', 'rule', 'namespace'];
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.finding'));
  var count = document.getElementById('visible-count');
  function apply() {
    var want = {};
    ids.forEach(function (id) { want[id] = document.getElementById('filter-' + id).value; });
    var showSuppressed = document.getElementById('filter-suppressed').checked;
    var visible = 0;
    rows.forEach(function (row) {
      var ok = ids.every(function (id) { return want[id] === '' || row.getAttribute('data-' + id) === want[id]; });
      if (row.classList.contains('suppressed') && !showSuppressed) ok = false;
      row.classList.toggle('hidden', !ok);
      if (ok) visible++;
    });
    if (count) count.textContent = visible + ' of ' + rows.length + ' shown';
  }
  ids.concat(['suppressed']).forEach(function (id) {
    var el = document.getElementById('filter-' + id);
    if (el) el.addEventListener('change', apply);
  });
  if (rows.length > 0) apply();
})();
`;
