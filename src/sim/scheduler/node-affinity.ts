/**
 * Node selectors and required/preferred node affinity:
 * kubernetes/component-helpers:scheduling/corev1/nodeaffinity/nodeaffinity.go. Terms are ORed, expressions in
 * a term ANDed; an empty term matches nothing; `matchFields` supports `metadata.name` only.
 */
import type { Labels } from '../../model/kinds.js';
import { asArray, asInteger, asObject, asObjects, asString, asStringMap, get } from '../../model/guards.js';

interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

export interface CompiledTerm {
  readonly expressions: readonly Requirement[];
  readonly fields: readonly Requirement[];
  /** Term had a parse error: it matches nothing (upstream logs and skips it). */
  readonly invalid: boolean;
}

export interface PreferredTerm {
  readonly weight: number;
  readonly term: CompiledTerm;
}

function readRequirements(v: unknown): { reqs: Requirement[]; invalid: boolean } {
  let invalid = false;
  const reqs: Requirement[] = [];
  for (const r of asObjects(v)) {
    const key = asString(r.key);
    const operator = asString(r.operator);
    const values = asArray(r.values).filter((x): x is string => typeof x === 'string');
    if (key === undefined || operator === undefined) {
      invalid = true;
      continue;
    }
    reqs.push({ key, operator, values });
  }
  return { reqs, invalid };
}

export function compileTerm(v: unknown): CompiledTerm {
  const t = asObject(v);
  const e = readRequirements(t?.matchExpressions);
  const f = readRequirements(t?.matchFields);
  return { expressions: e.reqs, fields: f.reqs, invalid: e.invalid || f.invalid };
}

function requirementMatches(r: Requirement, value: string | undefined): boolean {
  switch (r.operator) {
    case 'In':
      return value !== undefined && r.values.includes(value);
    case 'NotIn':
      return value === undefined || !r.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      // Exactly one value, both sides integers (nodeaffinity.go nodeSelectorRequirementsAsSelector).
      if (r.values.length !== 1 || value === undefined) return false;
      if (!/^[+-]?\d+$/.test(value) || !/^[+-]?\d+$/.test(r.values[0] as string)) return false;
      const lhs = BigInt(value);
      const rhs = BigInt(r.values[0] as string);
      return r.operator === 'Gt' ? lhs > rhs : lhs < rhs;
    }
    default:
      return false;
  }
}

export function termMatches(term: CompiledTerm, nodeName: string, labels: Labels): boolean {
  if (term.invalid) return false;
  if (term.expressions.length === 0 && term.fields.length === 0) return false;
  for (const r of term.expressions) if (!requirementMatches(r, Object.prototype.hasOwnProperty.call(labels, r.key) ? labels[r.key] : undefined)) return false;
  for (const r of term.fields) {
    // Only metadata.name is a supported field, with In/NotIn and one value ("must have one element").
    if (r.key !== 'metadata.name' || (r.operator !== 'In' && r.operator !== 'NotIn') || r.values.length !== 1) return false;
    if (!requirementMatches(r, nodeName)) return false;
  }
  return true;
}

/** The pod's node constraints: nodeSelector AND required node affinity (both must match). */
export interface NodeConstraints {
  readonly nodeSelector: readonly (readonly [string, string])[];
  /** undefined: no required node affinity. */
  readonly required?: readonly CompiledTerm[];
  readonly preferred: readonly PreferredTerm[];
  /** The one node a `metadata.name In [x]` matchFields term pins the pod to (NodeAffinity PreFilterResult). */
  readonly pinnedNodes?: ReadonlySet<string>;
}

export function readNodeConstraints(spec: unknown): NodeConstraints {
  const nodeSelector = Object.entries(asStringMap(get(spec, 'nodeSelector')));
  const na = get(spec, 'affinity', 'nodeAffinity');
  const reqRaw = get(na, 'requiredDuringSchedulingIgnoredDuringExecution');
  const required = asObject(reqRaw) ? asArray(get(reqRaw, 'nodeSelectorTerms')).map(compileTerm) : undefined;
  const preferred: PreferredTerm[] = [];
  for (const p of asObjects(get(na, 'preferredDuringSchedulingIgnoredDuringExecution'))) {
    const weight = asInteger(p.weight) ?? 0;
    if (weight === 0) continue;
    preferred.push({ weight, term: compileTerm(p.preference) });
  }
  return { nodeSelector, required, preferred, pinnedNodes: pinnedNodes(required) };
}

/**
 * NodeAffinity PreFilter (node_affinity.go `PreFilter`): when every term pins `metadata.name In [...]`, only
 * those nodes are evaluated; the others are reported as `node(s) didn't satisfy plugin(s) [NodeAffinity]`.
 */
function pinnedNodes(terms: readonly CompiledTerm[] | undefined): ReadonlySet<string> | undefined {
  if (!terms || terms.length === 0) return undefined;
  const names = new Set<string>();
  for (const t of terms) {
    const f = t.fields.find((r) => r.key === 'metadata.name' && r.operator === 'In' && r.values.length === 1);
    if (!f) return undefined;
    names.add(f.values[0] as string);
  }
  return names;
}

/** nodeSelector and required node affinity (nodeaffinity.go `GetRequiredNodeAffinity(pod).Match(node)`). */
export function nodeMatchesConstraints(c: NodeConstraints, nodeName: string, labels: Labels): boolean {
  for (const [k, v] of c.nodeSelector) if (labels[k] !== v || !Object.prototype.hasOwnProperty.call(labels, k)) return false;
  if (c.required === undefined) return true;
  for (const t of c.required) if (termMatches(t, nodeName, labels)) return true;
  return false;
}

/** Sum of the weights of matching preferred terms (NodeAffinity Score before normalisation). */
export function preferredScore(c: NodeConstraints, nodeName: string, labels: Labels): number {
  let s = 0;
  for (const p of c.preferred) if (termMatches(p.term, nodeName, labels)) s += p.weight;
  return s;
}
