/**
 * Suppression: annotations on the object (ours, kube-linter's and kube-score's, so teams can switch
 * without editing manifests) and per path / per object entries of the config. A suppressed finding is
 * returned with `suppressed` set, never dropped.
 */
import { POD_TEMPLATE_LOCATIONS } from '../model/aliases.js';
import { asStringMap } from '../model/guards.js';
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

function names(v: string | readonly string[] | undefined): readonly string[] {
  return v === undefined ? [] : typeof v === 'string' ? [v] : v;
}

function splitList(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Annotations that may suppress: the object's own and, for workloads, its pod template's. */
function annotationsOf(r: Resource): Readonly<Record<string, string>> {
  const own = asStringMap(getAt(r.raw, '/metadata/annotations'));
  const loc = POD_TEMPLATE_LOCATIONS[r.kind];
  if (loc === undefined || loc.template === '') return own;
  return { ...asStringMap(getAt(r.raw, loc.template + '/metadata/annotations')), ...own };
}

/** Why a finding of `rule` on `resource` is suppressed by an annotation, if it is. */
export function annotationSuppression(rule: RuleDefinition, resource: Resource): Suppression | undefined {
  const ann = annotationsOf(resource);
  const ours = ann[IGNORE_ANNOTATION];
  if (ours !== undefined) {
    const list = splitList(ours);
    if (list.includes(rule.id) || list.includes('*')) {
      const reason = ann[IGNORE_REASON_ANNOTATION];
      return reason !== undefined && reason !== '' ? { kind: 'annotation', justification: reason } : { kind: 'annotation' };
    }
  }
  const kl = names(rule['maps-to']?.['kube-linter']);
  if (kl.length > 0) {
    if (ann[KUBE_LINTER_ALL] !== undefined) return withReason(ann[KUBE_LINTER_ALL], KUBE_LINTER_ALL);
    for (const check of kl) {
      const v = ann[KUBE_LINTER_PREFIX + check];
      if (v !== undefined) return withReason(v, KUBE_LINTER_PREFIX + check);
    }
  }
  const ks = names(rule['maps-to']?.['kube-score']);
  const ksIgnore = ann[KUBE_SCORE_IGNORE];
  if (ks.length > 0 && ksIgnore !== undefined) {
    const list = splitList(ksIgnore);
    if (ks.some((c) => list.includes(c))) return { kind: 'annotation', justification: `${KUBE_SCORE_IGNORE}: ${ksIgnore}` };
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
