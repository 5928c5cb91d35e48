/**
 * RBAC functions: what a Role/ClusterRole grants (with `*` wildcards, as the RBAC authorizer matches them:
 * kubernetes/kubernetes:pkg/apis/rbac/v1/evaluation_helpers.go), and bindings to roles that grant too much.
 */
import { asArray, asString, asStringMap, isObject } from '../../model/guards.js';
import { getAt } from '../pointer.js';
import type { Resource } from '../../model/resource.js';
import type { FunctionContext, Report } from '../types.js';
import { defineFunction, noReports } from './define.js';
import { lookup } from './util.js';

interface Grant {
  readonly verbs: readonly string[];
  /** `resource` or `resource/subresource`. */
  readonly resources: readonly string[];
  /** API groups (`''` = core); default: any. */
  readonly apiGroups?: readonly string[];
}

const grantSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['verbs', 'resources'],
  properties: {
    verbs: { type: 'array', minItems: 1, items: { type: 'string' } },
    resources: { type: 'array', minItems: 1, items: { type: 'string' } },
    apiGroups: { type: 'array', items: { type: 'string' } },
  },
};

const strings = (v: unknown): string[] => asArray(v).filter((x): x is string => typeof x === 'string');

/** The first rule of a role that grants one of the verbs on one of the resources, with its index. */
export function grantingRule(role: Resource, grant: Grant): { index: number; verb: string; resource: string } | undefined {
  const rules = asArray(getAt(role.raw, '/rules'));
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    if (!isObject(r)) continue;
    const verbs = strings(r['verbs']);
    const resources = strings(r['resources']);
    const groups = strings(r['apiGroups']);
    if (grant.apiGroups && !groups.some((g) => g === '*' || grant.apiGroups?.includes(g))) continue;
    const verb = grant.verbs.find((v) => verbs.includes(v) || verbs.includes('*'));
    if (verb === undefined) continue;
    // ResourceMatches: "*" matches everything, "pods/*" every subresource of pods, "*/exec" exec of everything.
    const resource = grant.resources.find((want) => {
      const [res, sub] = want.split('/');
      return resources.some((have) => have === '*' || have === want || (sub !== undefined && (have === `${res}/*` || have === `*/${sub}`)));
    });
    if (resource !== undefined) return { index: i, verb, resource };
  }
  return undefined;
}

/** A Role or ClusterRole granting any of `verbs` on any of `resources`. */
export const rbacGrants = defineFunction<Grant>({
  name: 'rbac-grants',
  description: 'Reports a Role/ClusterRole with a rule granting one of `verbs` on one of `resources` (wildcards included).',
  optionsSchema: grantSchema,
  messageIds: ['grants'],
  scope: 'node',
  run(node, options) {
    const hit = grantingRule(node.resource, options);
    return hit ? [{ messageId: 'grants', pointer: `/rules/${hit.index}`, data: { ...node.data, verb: hit.verb, resource: hit.resource } }] : noReports;
  },
});

function roleOf(ctx: FunctionContext, binding: Resource): Resource | undefined {
  const kind = asString(getAt(binding.raw, '/roleRef/kind'));
  const name = asString(getAt(binding.raw, '/roleRef/name'));
  if (name === undefined) return undefined;
  if (kind === 'ClusterRole') return lookup(ctx, 'ClusterRole', undefined, name);
  if (kind === 'Role') return lookup(ctx, 'Role', binding.namespace, name);
  return undefined;
}

/**
 * The ClusterRoles of the input an aggregated ClusterRole collects: those whose labels match one of its
 * aggregationRule.clusterRoleSelectors. Like stackrox/kube-linter:pkg/templates/accesstoresources/template.go
 * (findAggregatedAccesses), only matchLabels are read.
 */
function aggregated(ctx: FunctionContext, role: Resource): Resource[] {
  if (role.kind !== 'ClusterRole') return [];
  const selectors = asArray(getAt(role.raw, '/aggregationRule/clusterRoleSelectors'))
    .map((s) => asStringMap(getAt(s, '/matchLabels')))
    .filter((m) => Object.keys(m).length > 0);
  if (selectors.length === 0) return [];
  return ctx.model.byKind('ClusterRole').filter((r) => {
    if (r === role) return false;
    const labels = asStringMap(getAt(r.raw, '/metadata/labels'));
    return selectors.some((m) => Object.entries(m).every(([k, v]) => labels[k] === v));
  });
}

/** A RoleBinding/ClusterRoleBinding to a role by name (cluster-admin), or to a role of the input that grants `grant`. */
export const bindingRole = defineFunction<{ roleNames?: readonly string[]; roleKinds?: readonly string[]; grant?: Grant }>({
  name: 'binding-role',
  description:
    'Reports a binding whose roleRef names one of `roleNames` (optionally only of `roleKinds`), or references a role of the input that grants `grant`.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      roleNames: { type: 'array', minItems: 1, items: { type: 'string' } },
      roleKinds: { type: 'array', minItems: 1, items: { enum: ['Role', 'ClusterRole'] } },
      grant: grantSchema,
    },
  },
  messageIds: ['boundTo'],
  scope: 'node',
  run(node, options, ctx) {
    const b = node.resource;
    const kind = asString(getAt(b.raw, '/roleRef/kind')) ?? '';
    const name = asString(getAt(b.raw, '/roleRef/name')) ?? '';
    if (options.roleKinds && !options.roleKinds.includes(kind)) return noReports;
    const data = { ...node.data, roleKind: kind, role: name };
    const out: Report[] = [];
    if (options.roleNames?.includes(name)) out.push({ messageId: 'boundTo', pointer: '/roleRef/name', data: { ...data, why: 'is bound' } });
    else if (options.grant) {
      const role = roleOf(ctx, b);
      const hit = role ? grantingRule(role, options.grant) : undefined;
      if (hit) out.push({ messageId: 'boundTo', pointer: '/roleRef/name', data: { ...data, why: `grants ${hit.verb} on ${hit.resource}` } });
      else if (role) {
        for (const part of aggregated(ctx, role)) {
          const h = grantingRule(part, options.grant);
          if (h) {
            out.push({ messageId: 'boundTo', pointer: '/roleRef/name', data: { ...data, why: `aggregates ClusterRole ${part.name}, which grants ${h.verb} on ${h.resource}` } });
            break;
          }
        }
      }
    }
    return out;
  },
});
