/** Whole-input functions: dry-run problems and duplicate objects. */
import { locateIn, type Resource } from '../../model/resource.js';
import type { SimProblem } from '../../sim/state.js';
import type { FunctionContext, Report } from '../types.js';
import { defineFunction, noReports } from './define.js';

/**
 * Turns the dry run's problems (ClusterState.problems) with the given codes into reports. The dry run
 * computes; this function only reads: it never re-derives the state.
 */
export const dryRunProblem = defineFunction<{ codes: readonly string[] }>({
  name: 'dry-run-problem',
  description: 'Reports the dry run problems (ClusterState.problems) whose code is one of `codes`.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['codes'],
    properties: { codes: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } } },
  },
  messageIds: ['problem'],
  scope: 'global',
  readsDryRun: true,
  run: () => noReports,
  runGlobal(options, ctx) {
    const byCode = problemsByCode(ctx);
    // The positions of this rule's problems, in the dry run's order (several codes: their lists merged).
    const positions = options.codes.flatMap((c) => byCode.get(c) ?? []);
    if (options.codes.length > 1) positions.sort((a, b) => a - b);
    const out: Report[] = [];
    let last = -1;
    for (const i of positions) {
      if (i === last) continue; // a code listed twice
      last = i;
      const p = ctx.state.problems[i] as SimProblem;
      out.push({ messageId: 'problem', resource: p.resource, pointer: p.pointer, data: { message: p.message, code: p.code, ...(p.data ?? {}) } });
    }
    return out;
  },
});

/** Positions of the dry run's problems by code, built once per run: each of the ~30 rules reads only its codes. */
function problemsByCode(ctx: FunctionContext): ReadonlyMap<string, readonly number[]> {
  return ctx.memo('problemsByCode', () => {
    const m = new Map<string, number[]>();
    ctx.state.problems.forEach((p, i) => {
      const list = m.get(p.code);
      if (list) list.push(i);
      else m.set(p.code, [i]);
    });
    return m;
  });
}

/**
 * Legacy API groups serve the same objects as their successors (a Deployment in extensions/v1beta1 is the
 * apps Deployment of that name), so identity compares the current group.
 */
const SAME_OBJECT_GROUPS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  extensions: { Deployment: 'apps', DaemonSet: 'apps', ReplicaSet: 'apps', Ingress: 'networking.k8s.io', NetworkPolicy: 'networking.k8s.io' },
};

function identity(r: Resource): string {
  const group = SAME_OBJECT_GROUPS[r.group]?.[r.kind] ?? r.group;
  return `${group}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
}

/** The same identity (group, kind, namespace, name) twice: the API server would keep only the last one applied. */
export const duplicateObject = defineFunction<Record<string, never>>({
  name: 'duplicate-object',
  description: 'Reports every object whose identity (group, kind, namespace, name) an earlier object already has.',
  optionsSchema: { type: 'object', additionalProperties: false },
  messageIds: ['duplicate'],
  scope: 'global',
  run: () => noReports,
  runGlobal(_options, ctx) {
    const first = new Map<string, Resource>();
    const out: Report[] = [];
    for (const r of ctx.model.resources) {
      if (r.name === '') continue;
      const id = identity(r);
      const earlier = first.get(id);
      if (earlier === undefined) {
        first.set(id, r);
        continue;
      }
      out.push({
        messageId: 'duplicate',
        resource: r,
        pointer: '/metadata/name',
        data: { kind: r.kind, name: r.name, namespace: r.namespace ?? '', first: where(earlier) },
        related: [{ message: 'first defined here', resource: earlier, pointer: '/metadata/name' }],
      });
    }
    return out;
  },
});

function where(r: Resource): string {
  const l = locateIn(r, '/metadata/name');
  return `${l.file}:${l.line}`;
}
