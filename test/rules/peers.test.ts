/**
 * The catalog's claim, kept honest: every kube-linter built-in check and every kube-score check maps to a rule
 * (so the peer's ignore annotation suppresses it), and a rule that is the only port of a peer check is on by
 * default exactly when the peer check is, unless docs/peer-parity.md lists the difference.
 *
 * The lists are the peers' own: kube-linter's check names and "Enabled by default" from
 * stackrox/kube-linter:docs/generated/checks.md (pkg/builtinchecks/yamls/*.yaml); kube-score's check ids from
 * the Register*Check names under zegl/kube-score:score/ (ids are the names lower-cased with spaces turned into
 * '-', score/checks/checks.go machineFriendlyName), optional ones registered with RegisterOptional*Check.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleSet, packageRoot } from '../../src/rules/index.js';
import type { CompiledRule } from '../../src/rules/index.js';

/** kube-linter check -> enabled by default. scc-deny-privileged-container (OpenShift) and schema-validation (our schema step) are left out. */
const KUBE_LINTER: Readonly<Record<string, boolean>> = {
  'access-to-create-pods': false,
  'access-to-secrets': false,
  'cluster-admin-role-binding': false,
  'dangling-horizontalpodautoscaler': false,
  'dangling-ingress': false,
  'dangling-networkpolicy': false,
  'dangling-networkpolicypeer-podselector': false,
  'dangling-service': true,
  'dangling-servicemonitor': false,
  'default-service-account': false,
  'deprecated-service-account-field': true,
  'dnsconfig-options': false,
  'docker-sock': true,
  'drop-net-raw-capability': true,
  'duplicate-env-var': true,
  'env-value-from': false,
  'env-var-secret': true,
  'exposed-services': false,
  'host-ipc': true,
  'host-network': true,
  'host-pid': true,
  'hpa-minimum-three-replicas': false,
  'invalid-target-ports': true,
  'job-ttl-seconds-after-finished': true,
  'latest-tag': true,
  'liveness-port': true,
  'minimum-three-replicas': false,
  'mismatching-selector': true,
  'no-anti-affinity': true,
  'no-extensions-v1beta': true,
  'no-liveness-probe': false,
  'no-node-affinity': false,
  'no-read-only-root-fs': true,
  'no-readiness-probe': false,
  'no-rolling-update-strategy': false,
  'non-existent-service-account': true,
  'non-isolated-pod': false,
  'pdb-max-unavailable': true,
  'pdb-min-available': true,
  'pdb-unhealthy-pod-eviction-policy': true,
  'priority-class-name': false,
  'privilege-escalation-container': true,
  'privileged-container': true,
  'privileged-ports': false,
  'read-secret-from-env-var': false,
  'readiness-port': true,
  'required-annotation-email': false,
  'required-label-owner': false,
  'restart-policy': false,
  'run-as-non-root': true,
  'sensitive-host-mounts': true,
  'sorted-keys': false,
  'ssh-port': true,
  'startup-port': true,
  'unsafe-proc-mount': false,
  'unsafe-sysctls': true,
  'unset-cpu-requirements': true,
  'unset-memory-requirements': true,
  'use-namespace': false,
  'wildcard-in-rules': false,
  'writable-host-mount': false,
};

/** kube-score check id -> on by default (false = optional). */
const KUBE_SCORE: Readonly<Record<string, boolean>> = {
  'container-cpu-requests-equal-limits': false,
  'container-ephemeral-storage-request-and-limit': true,
  'container-ephemeral-storage-request-equals-limit': false,
  'container-image-pull-policy': true,
  'container-image-tag': true,
  'container-memory-requests-equal-limits': false,
  'container-ports-check': false,
  'container-resource-requests-equal-limits': false,
  'container-resources': true,
  'container-seccomp-profile': false,
  'container-security-context-privileged': true,
  'container-security-context-readonlyrootfilesystem': true,
  'container-security-context-user-group-id': true,
  'cronjob-has-deadline': true,
  'cronjob-restartpolicy': true,
  'deployment-has-host-podantiaffinity': true,
  'deployment-has-poddisruptionbudget': true,
  'deployment-pod-selector-labels-match-template-metadata-labels': true,
  'deployment-replicas': true,
  'deployment-strategy': true,
  'deployment-targeted-by-hpa-does-not-have-replicas-configured': true,
  'environment-variable-key-duplication': true,
  'horizontalpodautoscaler-has-target': true,
  'horizontalpodautoscaler-replicas': true,
  'ingress-targets-service': true,
  'label-values': true,
  'networkpolicy-targets-pod': true,
  'pod-networkpolicy': true,
  'pod-probes': true,
  'pod-probes-identical': true,
  'pod-topology-spread-constraints': true,
  'poddisruptionbudget-has-policy': true,
  'service-targets-pod': true,
  'service-type': true,
  'stable-version': true,
  'statefulset-has-host-podantiaffinity': true,
  'statefulset-has-poddisruptionbudget': true,
  'statefulset-has-servicename': true,
  'statefulset-pod-selector-labels-match-template-metadata-labels': true,
};

const { rules } = loadRuleSet([]);
const parity = readFileSync(join(packageRoot(), 'docs', 'peer-parity.md'), 'utf8');

function mappedTo(peer: 'kube-linter' | 'kube-score', check: string): CompiledRule[] {
  return rules.filter((r) => {
    const v = r.definition['maps-to']?.[peer];
    return v === check || (Array.isArray(v) && v.includes(check));
  });
}

/** The docs/peer-parity.md row of a peer check (its first cell lists the check). */
function parityRow(check: string): string | undefined {
  return parity.split('\n').find((l) => l.startsWith('| ') && (l.split('|')[1] ?? '').split(/[ ,/]+/).includes(check));
}

describe.each([
  ['kube-linter', KUBE_LINTER],
  ['kube-score', KUBE_SCORE],
] as const)('%s checks', (peer, checks) => {
  it('the lists have the peers\' counts (kube-linter 63 - 2 left out, kube-score 39)', () => {
    expect(Object.keys(checks).length).toBe(peer === 'kube-linter' ? 61 : 39);
  });
  for (const [check, onByDefault] of Object.entries(checks)) {
    it(`${check} maps to a rule and has a parity row`, () => {
      const mapped = mappedTo(peer, check);
      expect(mapped.length, `no rule maps to ${peer} ${check}`).toBeGreaterThan(0);
      expect(parityRow(check), `docs/peer-parity.md has no row for ${check}`).toBeDefined();
      // A single port that differs in its default must say so in the parity row ("on by default", "off", "*opt*", "optional").
      if (mapped.length === 1 && mapped[0]?.definition.recommended !== onByDefault) {
        expect(parityRow(check) ?? '', `${check}: default differs from ${peer} without a note`).toMatch(/on by default|off\)|\*opt\*|optional|keep it on/);
      }
    });
  }
  it('every mapping names a real check of the peer', () => {
    for (const r of rules) {
      const v = r.definition['maps-to']?.[peer];
      for (const c of v === undefined ? [] : typeof v === 'string' ? [v] : v) expect(Object.keys(checks), `${r.id} maps to unknown ${peer} check ${c}`).toContain(c);
    }
  });
});
