/**
 * Suppression: annotations on the object (ours, kube-linter's and kube-score's, so teams can switch
 * without editing manifests) and per path / per object entries of the config. A suppressed finding is
 * returned with `suppressed` set, never dropped.
 */
import { POD_TEMPLATE_LOCATIONS } from '../model/aliases.js';
import { isObject } from '../model/guards.js';
import { getAt } from './pointer.js';
import type { Resource } from '../model/resource.js';
import type { Suppression } from '../report/finding.js';
import { globMatch } from './functions/util.js';
import type { ConfigSuppression, RuleDefinition, RuleSettings } from './types.js';

/** `k8s-lint.io/ignore: "rule-a,rule-b"` (or `*`), with the reason in `k8s-lint.io/ignore-reason`. */
export const IGNORE_ANNOTATION = 'k8s-lint.io/ignore';
export const IGNORE_REASON_ANNOTATION = 'k8s-lint.io/ignore-reason';
/** kube-linter: `ignore-check.kube-linter.io/<check>: "<reason>"` and `kube-linter.io/ignore-all` (stackrox/kube-linter docs/configuring-kubelinter.md). */
const KUBE_LINTER_PREFIX = 'ignore-check.kube-linter.io/';
const KUBE_LINTER_ALL = 'kube-linter.io/ignore-all';
/** kube-score: `kube-score/ignore: <check>[,<check>...]` (zegl/kube-score README.md). */
const KUBE_SCORE_IGNORE = 'kube-score/ignore';
/** Ignoring one kube-score check ignores others too (impliedIgnoreAnnotations in zegl/kube-score:scorecard/scorecard.go). */
const KUBE_SCORE_IMPLIED: Readonly<Record<string, readonly string[]>> = {
  'container-resources': ['container-ephemeral-storage-request-and-limit'],
};
/**
 * kube-score's pod checks (RegisterPodCheck / RegisterOptionalPodCheck under zegl/kube-score:score/): only these
 * read the pod template's annotations besides the object's own (score/score.go passes both for PodSpecers);
 * every other check reads the object's own annotations only.
 */
const KUBE_SCORE_POD_CHECKS: ReadonlySet<string> = new Set([
  'container-resources',
  'container-resource-requests-equal-limits',
  'container-cpu-requests-equal-limits',
  'container-memory-requests-equal-limits',
  'container-image-tag',
  'container-image-pull-policy',
  'container-ephemeral-storage-request-and-limit',
  'container-ephemeral-storage-request-equals-limit',
  'container-ports-check',
  'environment-variable-key-duplication',
  'container-security-context-user-group-id',
  'container-security-context-privileged',
  'container-security-context-readonlyrootfilesystem',
  'container-seccomp-profile',
  'pod-probes',
  'pod-probes-identical',
  'pod-networkpolicy',
  'pod-topology-spread-constraints',
]);

function names(v: string | readonly string[] | undefined): readonly string[] {
  return v === undefined ? [] : typeof v === 'string' ? [v] : v;
}

function splitList(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** An object's annotations as suppression reads them: parsed once per object, read for each of its findings. */
export interface SuppressionAnnotations {
  /** The object's own annotations that can suppress (or give the reason), string-valued. */
  readonly own: Readonly<Record<string, string>>;
  /** The same of the pod template's annotations of a workload (none for a bare Pod or any other kind). */
  readonly template: Readonly<Record<string, string>>;
}

const NO_ANNOTATIONS: Readonly<Record<string, string>> = Object.freeze({});

export function suppressionAnnotations(r: Resource): SuppressionAnnotations {
  const loc = POD_TEMPLATE_LOCATIONS[r.kind];
  return {
    own: suppressionKeys(getAt(r.raw, '/metadata/annotations')),
    template: loc === undefined || loc.template === '' ? NO_ANNOTATIONS : suppressionKeys(getAt(getAt(r.raw, loc.template), '/metadata/annotations')),
  };
}

/**
 * The string annotations annotationSuppression reads, or NO_ANNOTATIONS: most objects have none, and their
 * findings (nearly all of them) then skip the per-rule look-ups.
 */
function suppressionKeys(annotations: unknown): Readonly<Record<string, string>> {
  if (!isObject(annotations)) return NO_ANNOTATIONS;
  let out: Record<string, string> | undefined;
  for (const key of Object.keys(annotations)) {
    const value = annotations[key];
    if (typeof value === 'string' && isSuppressionKey(key)) (out ??= {})[key] = value;
  }
  return out ?? NO_ANNOTATIONS;
}

function isSuppressionKey(key: string): boolean {
  return (
    key === IGNORE_ANNOTATION ||
    key === IGNORE_REASON_ANNOTATION ||
    key === KUBE_LINTER_ALL ||
    key === KUBE_SCORE_IGNORE ||
    key.startsWith(KUBE_LINTER_PREFIX)
  );
}

/** True when a kube-score/ignore value lists `check`, directly or through an implied ignore. */
function kubeScoreIgnores(value: string | undefined, check: string): boolean {
  if (value === undefined) return false;
  return splitList(value).some((v) => v === check || (KUBE_SCORE_IMPLIED[v]?.includes(check) ?? false));
}

/** Why a finding of `rule` on an object with these annotations is suppressed by an annotation, if it is. */
export function annotationSuppression(rule: RuleDefinition, { own, template }: SuppressionAnnotations): Suppression | undefined {
  if (own === NO_ANNOTATIONS && template === NO_ANNOTATIONS) return undefined;
  // Ours: the object's own annotations and, for workloads, its pod template's (the object's own win).
  const ours = own[IGNORE_ANNOTATION] ?? template[IGNORE_ANNOTATION];
  if (ours !== undefined) {
    const list = splitList(ours);
    if (list.includes(rule.id) || list.includes('*')) {
      const reason = own[IGNORE_REASON_ANNOTATION] ?? template[IGNORE_REASON_ANNOTATION];
      return reason !== undefined && reason !== '' ? { kind: 'annotation', justification: reason } : { kind: 'annotation' };
    }
  }
  // kube-linter reads the object's own annotations only (stackrox/kube-linter:pkg/run/run.go, ignore.ObjectForCheck).
  const kl = names(rule['maps-to']?.['kube-linter']);
  if (kl.length > 0) {
    if (own[KUBE_LINTER_ALL] !== undefined) return withReason(own[KUBE_LINTER_ALL], KUBE_LINTER_ALL);
    for (const check of kl) {
      const v = own[KUBE_LINTER_PREFIX + check];
      if (v !== undefined) return withReason(v, KUBE_LINTER_PREFIX + check);
    }
  }
  // kube-score: the pod template's annotation first, then the object's, for pod checks; the object's for the rest
  // (zegl/kube-score:scorecard/enabled.go isEnabled).
  const ks = template[KUBE_SCORE_IGNORE];
  for (const check of names(rule['maps-to']?.['kube-score'])) {
    if (KUBE_SCORE_POD_CHECKS.has(check) && kubeScoreIgnores(ks, check)) return { kind: 'annotation', justification: `${KUBE_SCORE_IGNORE}: ${ks ?? ''}` };
    if (kubeScoreIgnores(own[KUBE_SCORE_IGNORE], check)) return { kind: 'annotation', justification: `${KUBE_SCORE_IGNORE}: ${own[KUBE_SCORE_IGNORE] ?? ''}` };
  }
  return undefined;
}

function withReason(reason: string, annotation: string): Suppression {
  return { kind: 'annotation', justification: reason !== '' ? reason : annotation };
}

/** Globs over paths: `**` crosses directories, `*` stays within one. */
export function pathGlob(pattern: string, path: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp('^' + re + '$').test(path);
}

function configEntryMatches(e: ConfigSuppression, ruleId: string, resource: Resource | undefined, file: string): boolean {
  if (!e.rules.includes(ruleId) && !e.rules.includes('*')) return false;
  if (e.paths !== undefined && !e.paths.some((p) => pathGlob(p, file))) return false;
  if (e.kind !== undefined && !(resource && globMatch(e.kind, resource.kind))) return false;
  if (e.namespace !== undefined && !(resource && globMatch(e.namespace, resource.namespace ?? ''))) return false;
  if (e.name !== undefined && !(resource && globMatch(e.name, resource.name))) return false;
  return true;
}

/** Why a finding is suppressed by the config, if it is. */
export function configSuppression(settings: RuleSettings, ruleId: string, resource: Resource | undefined, file: string): Suppression | undefined {
  for (const e of settings.suppressions ?? []) {
    if (configEntryMatches(e, ruleId, resource, file)) return e.reason !== undefined ? { kind: 'config', justification: e.reason } : { kind: 'config' };
  }
  return undefined;
}
