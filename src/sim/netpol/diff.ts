/**
 * `reach --diff OLD NEW`: what connectivity a change adds, removes or changes, keyed by workload names, in
 * netpol-analyzer's diff text (np-guard/netpol-analyzer test_outputs/diff: a `Connectivity diff:` header,
 * then `diff-type: <added|removed|changed>, source: S, destination: D, ref1: <conns|No Connections>,
 * ref2: <conns|No Connections>[, workloads-diff-info: workload W added|removed]`).
 */
import { entryText } from './workloads.js';
import type { WorkloadMatrix } from './workloads.js';

export interface DiffEntry {
  readonly type: 'added' | 'removed' | 'changed';
  readonly src: string;
  readonly dst: string;
  readonly ref1: string;
  readonly ref2: string;
  readonly info?: string;
}

export function diffMatrices(oldM: WorkloadMatrix, newM: WorkloadMatrix): DiffEntry[] {
  const key = (s: string, d: string): string => `${s}\u0000${d}`;
  const before = new Map(oldM.entries.map((e) => [key(e.src, e.dst), e]));
  const after = new Map(newM.entries.map((e) => [key(e.src, e.dst), e]));
  const oldNodes = new Set(oldM.nodes.filter((n) => n.kind === 'workload').map((n) => n.id));
  const newNodes = new Set(newM.nodes.filter((n) => n.kind === 'workload').map((n) => n.id));
  const info = (src: string, dst: string, type: 'added' | 'removed'): string | undefined => {
    const pool = type === 'added' ? (w: string) => !oldNodes.has(w) && newNodes.has(w) : (w: string) => oldNodes.has(w) && !newNodes.has(w);
    const hits = [src, dst].filter((w) => !w.endsWith('[External]') && pool(w));
    return hits.length > 0 ? hits.map((w) => `workload ${w} ${type}`).join(', ') : undefined;
  };
  const out: DiffEntry[] = [];
  for (const [k, e] of after) {
    const o = before.get(k);
    if (!o) {
      const i = info(e.src, e.dst, 'added');
      out.push({ type: 'added', src: e.src, dst: e.dst, ref1: 'No Connections', ref2: entryText(e), ...(i ? { info: i } : {}) });
    } else if (entryText(o) !== entryText(e)) out.push({ type: 'changed', src: e.src, dst: e.dst, ref1: entryText(o), ref2: entryText(e) });
  }
  for (const [k, o] of before) {
    if (after.has(k)) continue;
    const i = info(o.src, o.dst, 'removed');
    out.push({ type: 'removed', src: o.src, dst: o.dst, ref1: entryText(o), ref2: 'No Connections', ...(i ? { info: i } : {}) });
  }
  const order = { changed: 0, added: 1, removed: 2 } as const;
  return out.sort((a, b) => order[a.type] - order[b.type] || (a.src < b.src ? -1 : a.src > b.src ? 1 : a.dst < b.dst ? -1 : a.dst > b.dst ? 1 : 0));
}

export function formatDiff(entries: readonly DiffEntry[], format: 'txt' | 'json' = 'txt'): string {
  if (format === 'json') return JSON.stringify(entries, null, 2) + '\n';
  const lines = ['Connectivity diff:'];
  for (const e of entries)
    lines.push(`diff-type: ${e.type}, source: ${e.src}, destination: ${e.dst}, ref1: ${e.ref1}, ref2: ${e.ref2}${e.info ? `, workloads-diff-info: ${e.info}` : ''}`);
  return lines.join('\n') + '\n';
}
