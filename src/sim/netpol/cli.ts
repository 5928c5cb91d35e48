/**
 * The pure function behind `k8s-lint reach`: from a model and dry-run state to the text it prints and its
 * exit status. The oclif command (src/commands/reach.ts) only parses flags, loads input and writes.
 */
import type { Model } from '../../model/model.js';
import type { ClusterState } from '../state.js';
import { diffMatrices, formatDiff } from './diff.js';
import { judgeClasses } from './explain.js';
import { exposure, formatExposure } from './exposure.js';
import { MATRIX_FORMATS, formatMatrix } from './format.js';
import type { MatrixFormat } from './format.js';
import { isAdminPolicy } from './admin.js';
import type { IpBlockPodMode } from './match.js';
import { netpolInputsOf } from './provisional.js';
import { parsePortSpec } from './ports.js';
import { formatReachText, reachInput } from './reach.js';
import { compileNetpol } from './state.js';
import type { NetpolInput, NetpolState } from './state.js';
import { workloadMatrix } from './workloads.js';
import type { MatrixNode } from './workloads.js';
import type { EndpointClass } from './universe.js';
import { NAMESPACE_NAME_LABEL } from './universe.js';
import type { SimNamespace } from '../types.js';

export interface ReachCommandOptions {
  readonly src?: string;
  readonly dst?: string;
  readonly port?: string;
  readonly output?: 'text' | 'json';
  readonly matrix?: boolean;
  readonly format?: string;
  readonly focus?: string;
  readonly focusPort?: string;
  readonly explain?: boolean;
  readonly exposure?: boolean;
  /** ipBlocks and pod IPs (`--ipblock-matches-pods=yes|no|unknown`): true, false or 'unknown'. */
  readonly ipBlockMatchesPods?: IpBlockPodMode;
  readonly namespace?: string;
}

export interface ReachCommandResult {
  readonly stdout: string;
  /** 0 answered; 2 usage error (bad target, bad port). */
  readonly exit: 0 | 2;
  readonly error?: string;
}

/**
 * Labels for namespaces the input does not declare, from `--namespace-label NS:KEY=VALUE` (repeatable):
 * merged over what the input says. Errors are values.
 */
export function withNamespaceLabels(
  namespaces: ReadonlyMap<string, SimNamespace>,
  specs: readonly string[],
): Map<string, SimNamespace> | { error: string } {
  const out = new Map(namespaces);
  for (const spec of specs) {
    const m = /^([^:=]+):([^=]+)=(.*)$/.exec(spec);
    if (!m) return { error: `--namespace-label ${spec}: expected NAMESPACE:KEY=VALUE (e.g. shop:team=payments)` };
    const [, ns, key, value] = m as unknown as [string, string, string, string];
    const prev = out.get(ns);
    out.set(ns, { ...(prev ?? { name: ns }), labels: { ...(prev?.labels ?? {}), [key]: value, [NAMESPACE_NAME_LABEL]: ns } });
  }
  return out;
}

/** The netpol input of a loaded model and dry-run state. */
export function netpolInputOf(model: Model, state: ClusterState, o: Pick<ReachCommandOptions, 'namespace'> = {}): NetpolInput {
  return { ...netpolInputsOf(model, state), resources: model.resources.filter((r) => r.kind === 'NetworkPolicy' || isAdminPolicy(r)), ...(o.namespace ? { defaultNamespace: o.namespace } : {}) };
}

/** Builds the netpol state of a loaded input. */
export function netpolStateOf(model: Model, state: ClusterState, o: Pick<ReachCommandOptions, 'ipBlockMatchesPods' | 'namespace'>): NetpolState {
  return compileNetpol(netpolInputOf(model, state, o), { ipBlockMatchesPods: o.ipBlockMatchesPods ?? true });
}

function fail(error: string): ReachCommandResult {
  return { stdout: '', exit: 2, error };
}

function matrixFormat(f: string | undefined): MatrixFormat | undefined {
  const name = f === undefined || f === 'connlist' || f === 'text' ? 'txt' : f;
  return (MATRIX_FORMATS as readonly string[]).includes(name) ? (name as MatrixFormat) : undefined;
}

/** Ports a truth table is printed for: `--focus-port`, else every single port some rule or named port names. */
function tablePorts(state: NetpolState, focusPort: { protocol: string; port: number } | undefined): { protocol: string; port: number }[] {
  if (focusPort) return [focusPort];
  const ports = state.universe.portAtoms.filter((a) => a.lo === a.hi).map((a) => ({ protocol: a.protocol, port: a.lo }));
  return ports.length > 0 ? ports : [{ protocol: 'TCP', port: 80 }];
}

function classOfNode(state: NetpolState, n: MatrixNode): EndpointClass | undefined {
  const u = state.universe;
  if (n.kind === 'workload') return u.classes[n.classes[0] ?? -1];
  const r = n.range;
  return r ? u.externalClasses.find((c) => c.range.family === r.family && c.range.lo === r.lo) : undefined;
}

/** Explanation lines of one matrix entry: the deciding rules, or the policies that isolate without allowing. */
function explainEntry(state: NetpolState, src: MatrixNode, dst: MatrixNode): string[] {
  const s = classOfNode(state, src);
  const d = classOfNode(state, dst);
  if (!s || !d) return [];
  const u = state.universe;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const pc of state.matrix().portClasses) {
    const a = u.portAtoms[pc.atoms[0] as number];
    if (!a) continue;
    const v = judgeClasses(state, s, src.id, d, dst.id, a.protocol, a.lo);
    for (const line of [v.egress.text, v.ingress.text]) {
      if (line.startsWith('no NetworkPolicy') || line.includes('outside the cluster') || seen.has(line)) continue;
      seen.add(line);
      out.push(`    ${line}`);
    }
  }
  return out;
}

function runMatrix(state: NetpolState, o: ReachCommandOptions): ReachCommandResult {
  const format = matrixFormat(o.format);
  if (!format) return fail(`unknown --format "${o.format}": use one of connlist, ${MATRIX_FORMATS.join(', ')}`);
  let focusPort: { protocol: string; port: number } | undefined;
  if (o.focusPort) {
    const p = parsePortSpec(o.focusPort);
    if ('error' in p) return fail(p.error);
    focusPort = p;
  }
  const m = state.matrix();
  const w = workloadMatrix(m, { ...(o.focus ? { focus: o.focus } : {}), ...(focusPort ? { focusPort } : {}) });
  if (o.focus && !w.nodes.some((n) => n.id === o.focus || n.name === o.focus || `${n.namespace}/${n.name}` === o.focus))
    return fail(`--focus ${o.focus}: no such workload (use ns/name as in the matrix)`);
  if (o.explain && format === 'txt') {
    const lines: string[] = [];
    for (const e of w.entries) {
      lines.push(`${e.src} => ${e.dst} : ${e.text}`);
      lines.push(...explainEntry(state, e.srcNode, e.dstNode));
    }
    return { stdout: lines.join('\n') + (lines.length > 0 ? '\n' : ''), exit: 0 };
  }
  return { stdout: formatMatrix(format, w, m, format === 'table' ? tablePorts(state, focusPort) : []), exit: 0 };
}

/**
 * `reach SRC DST`, `reach --matrix` or `reach --exposure` over one loaded input. SRC DST queries compile
 * only what the two targets need (reachInput); the others compile everything once, or use `compiled`: the
 * dry run's own NetpolState of the same input and options, when the caller has one.
 */
export function runReach(input: NetpolInput, o: ReachCommandOptions, compiled?: NetpolState): ReachCommandResult {
  const matchOptions = { ipBlockMatchesPods: o.ipBlockMatchesPods ?? true };
  if (!o.exposure && !o.matrix) return runPair(input, o);
  const state = compiled ?? compileNetpol(input, matchOptions);
  if (o.exposure) return { stdout: o.output === 'json' ? JSON.stringify(exposure(state), null, 2) + '\n' : formatExposure(exposure(state)), exit: 0 };
  return runMatrix(state, o);
}

function runPair(input: NetpolInput, o: ReachCommandOptions): ReachCommandResult {
  if (!o.src || !o.dst) return fail('give SRC and DST (e.g. reach ns/pod deploy/ns/name --port 8080), or --matrix, --exposure or --diff');
  let port: { protocol: string; port: number } | undefined;
  if (o.port) {
    const p = parsePortSpec(o.port);
    if ('error' in p) return fail(p.error);
    port = p;
  }
  const r = reachInput(input, o.src, o.dst, { ...(port ? { port } : {}), ...(o.namespace ? { defaultNamespace: o.namespace } : {}) }, { ipBlockMatchesPods: o.ipBlockMatchesPods ?? true });
  if ('error' in r) return fail(r.error);
  return { stdout: o.output === 'json' ? JSON.stringify(r, null, 2) + '\n' : formatReachText(r), exit: 0 };
}

/** `reach --diff OLD NEW`: both states' workload matrices compared. */
export function runDiff(before: NetpolState, after: NetpolState, o: Pick<ReachCommandOptions, 'output' | 'format'>): ReachCommandResult {
  const d = diffMatrices(workloadMatrix(before.matrix()), workloadMatrix(after.matrix()));
  return { stdout: formatDiff(d, o.output === 'json' || o.format === 'json' ? 'json' : 'txt'), exit: 0 };
}
