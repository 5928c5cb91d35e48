/**
 * Meta-test: keeps rule files, fixtures and docs in step (typescript-eslint's lesson). Every rule validates
 * against the meta-schema (loadRuleSet refuses it otherwise), its id equals its file name, it has at least
 * one valid and one invalid fixture, its summary and remediation end with a period, and docs/rules.md has
 * its entry.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleSet, packageRoot, ruleFilesIn } from '../../src/rules/index.js';

const root = packageRoot();
const { rules, findings } = loadRuleSet([]);

describe('rule catalog meta', () => {
  it('every rule file loads (meta-schema, id = file name, function options)', () => {
    expect(findings).toEqual([]);
    expect(rules.length).toBe(ruleFilesIn(join(root, 'rules')).length);
  });

  it('has at least 90 rules', () => {
    expect(rules.length).toBeGreaterThanOrEqual(90);
  });

  for (const rule of rules) {
    describe(rule.id, () => {
      it('id equals file name, texts end with a period', () => {
        expect(basename(rule.file).replace(/\.ya?ml$/, '')).toBe(rule.id);
        expect(rule.definition.summary.endsWith('.')).toBe(true);
        expect(rule.definition.remediation.endsWith('.')).toBe(true);
      });
      it('has valid and invalid fixtures', () => {
        for (const variant of ['valid', 'invalid']) {
          const dir = join(root, 'test', 'rules', rule.id, variant);
          const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];
          expect(files.length, `${rule.id}: no ${variant} fixture`).toBeGreaterThan(0);
        }
      });
      it('is documented in docs/rules.md', () => {
        const docs = readFileSync(join(root, 'docs', 'rules.md'), 'utf8');
        expect(docs).toContain(`### ${rule.id}`);
      });
    });
  }
});

/**
 * Peer coverage: every check of kube-linter (63, stackrox/kube-linter docs/generated/checks.md), kube-score
 * (39, zegl/kube-score README_CHECKS.md) and Polaris (FairwindsOps/polaris pkg/config/checks/) is the
 * `maps-to` of a rule, or listed in docs/rules.md as not covered with the reason.
 */
const KUBE_LINTER = [
  'privileged-container', 'privilege-escalation-container', 'run-as-non-root', 'no-read-only-root-fs', 'drop-net-raw-capability',
  'unsafe-proc-mount', 'unsafe-sysctls', 'scc-deny-privileged-container', 'host-ipc', 'host-network', 'host-pid', 'docker-sock',
  'sensitive-host-mounts', 'writable-host-mount', 'privileged-ports', 'ssh-port', 'exposed-services', 'invalid-target-ports',
  'liveness-port', 'readiness-port', 'startup-port', 'env-var-secret', 'read-secret-from-env-var', 'env-value-from',
  'duplicate-env-var', 'access-to-create-pods', 'access-to-secrets', 'cluster-admin-role-binding', 'wildcard-in-rules',
  'default-service-account', 'deprecated-service-account-field', 'non-existent-service-account', 'unset-cpu-requirements',
  'unset-memory-requirements', 'priority-class-name', 'no-liveness-probe', 'no-readiness-probe', 'minimum-three-replicas',
  'hpa-minimum-three-replicas', 'no-anti-affinity', 'no-node-affinity', 'no-rolling-update-strategy', 'pdb-max-unavailable',
  'pdb-min-available', 'pdb-unhealthy-pod-eviction-policy', 'restart-policy', 'job-ttl-seconds-after-finished', 'dangling-service',
  'dangling-ingress', 'dangling-networkpolicy', 'dangling-networkpolicypeer-podselector', 'dangling-horizontalpodautoscaler',
  'dangling-servicemonitor', 'mismatching-selector', 'non-isolated-pod', 'latest-tag', 'dnsconfig-options', 'no-extensions-v1beta',
  'schema-validation', 'sorted-keys', 'use-namespace', 'required-annotation-email', 'required-label-owner',
];
const KUBE_SCORE = [
  'container-resources', 'container-resource-requests-equal-limits', 'container-cpu-requests-equal-limits',
  'container-memory-requests-equal-limits', 'container-ephemeral-storage-request-and-limit',
  'container-ephemeral-storage-request-equals-limit', 'container-image-tag', 'container-image-pull-policy',
  'container-security-context-user-group-id', 'container-security-context-privileged',
  'container-security-context-readonlyrootfilesystem', 'container-seccomp-profile', 'pod-probes', 'pod-probes-identical',
  'environment-variable-key-duplication', 'container-ports-check', 'deployment-replicas', 'deployment-strategy',
  'deployment-has-host-podantiaffinity', 'statefulset-has-host-podantiaffinity', 'pod-topology-spread-constraints',
  'deployment-has-poddisruptionbudget', 'statefulset-has-poddisruptionbudget', 'poddisruptionbudget-has-policy',
  'horizontalpodautoscaler-replicas', 'service-targets-pod', 'ingress-targets-service', 'networkpolicy-targets-pod',
  'pod-networkpolicy', 'horizontalpodautoscaler-has-target', 'deployment-targeted-by-hpa-does-not-have-replicas-configured',
  'statefulset-has-servicename', 'deployment-pod-selector-labels-match-template-metadata-labels',
  'statefulset-pod-selector-labels-match-template-metadata-labels', 'label-values', 'service-type', 'cronjob-has-deadline',
  'cronjob-restartpolicy', 'stable-version',
];
const POLARIS = [
  'automountServiceAccountToken', 'clusterrolePodExecAttach', 'clusterrolebindingClusterAdmin', 'clusterrolebindingPodExecAttach',
  'cpuLimitsMissing', 'cpuRequestsMissing', 'dangerousCapabilities', 'deploymentMissingReplicas', 'hostIPCSet', 'hostNetworkSet',
  'hostPIDSet', 'hostPathSet', 'hostPortSet', 'hostProcess', 'hpaMaxAvailability', 'hpaMinAvailability', 'insecureCapabilities',
  'linuxHardening', 'livenessProbeMissing', 'memoryLimitsMissing', 'memoryRequestsMissing', 'metadataAndInstanceMismatched',
  'missingNetworkPolicy', 'missingPodDisruptionBudget', 'notReadOnlyRootFilesystem', 'pdbDisruptionsIsZero',
  'pdbMinAvailableGreaterThanHPAMinReplicas', 'priorityClassNotSet', 'privilegeEscalationAllowed', 'procMount', 'pullPolicyNotAlways',
  'readinessProbeMissing', 'rolePodExecAttach', 'rolebindingClusterAdminClusterRole', 'rolebindingClusterAdminRole',
  'rolebindingClusterRolePodExecAttach', 'rolebindingRolePodExecAttach', 'runAsPrivileged', 'runAsRootAllowed',
  'sensitiveConfigmapContent', 'sensitiveContainerEnvVar', 'tagNotSpecified', 'tlsSettingsMissing', 'topologySpreadConstraint',
];
/** Pod Security Standards controls (kubernetes.io/docs/concepts/security/pod-security-standards): 12 baseline, 6 restricted. */
const PSS_CONTROLS = [
  'baseline: HostProcess', 'baseline: Host Namespaces', 'baseline: Privileged Containers', 'baseline: Capabilities',
  'baseline: HostPath Volumes', 'baseline: Host Ports', 'baseline: Host Probes / Lifecycle Hooks', 'baseline: AppArmor',
  'baseline: SELinux', 'baseline: /proc Mount Type', 'baseline: Seccomp', 'baseline: Sysctls', 'restricted: Volume Types',
  'restricted: Privilege Escalation', 'restricted: Running as Non-root', 'restricted: Running as Non-root user',
  'restricted: Seccomp', 'restricted: Capabilities',
];

function mapped(peer: 'kube-linter' | 'kube-score' | 'polaris' | 'pss'): Set<string> {
  const out = new Set<string>();
  for (const r of rules) {
    const v = r.definition['maps-to']?.[peer];
    for (const n of v === undefined ? [] : typeof v === 'string' ? [v] : v) out.add(n);
  }
  return out;
}

describe('peer coverage', () => {
  const notCovered = new Set(['scc-deny-privileged-container', 'schema-validation']);
  it('all 63 kube-linter checks', () => {
    expect(KUBE_LINTER.length).toBe(63);
    const m = mapped('kube-linter');
    expect(KUBE_LINTER.filter((c) => !m.has(c) && !notCovered.has(c))).toEqual([]);
  });
  it('all 39 kube-score checks', () => {
    expect(KUBE_SCORE.length).toBe(39);
    const m = mapped('kube-score');
    expect(KUBE_SCORE.filter((c) => !m.has(c))).toEqual([]);
  });
  // The peer summary counts 43 Polaris checks but its list of pkg/config/checks/ names 44; all are covered.
  it('every Polaris check', () => {
    const m = mapped('polaris');
    expect(POLARIS.filter((c) => !m.has(c))).toEqual([]);
  });
  it('every Pod Security Standards control, one rule each, carrying its level', () => {
    const pssRules = rules.filter((r) => r.definition.pss !== undefined);
    const controls = pssRules.map((r) => String(r.definition['maps-to']?.pss));
    expect([...controls].sort()).toEqual([...PSS_CONTROLS].sort());
    for (const r of pssRules) expect(String(r.definition['maps-to']?.pss).startsWith(`${r.definition.pss}:`)).toBe(true);
  });
});

describe('built-in schemas', () => {
  // Built-in schemas are compiled lazily without meta-validation at run time; here each one is compiled
  // with full validation, so a malformed schema fails CI.
  it('every schema check compiles with schema validation on', async () => {
    const { checkAjv } = await import('../../src/rules/ajv.js');
    for (const r of rules) {
      const check = r.definition.check;
      if (!('schema' in check)) continue;
      expect(() => checkAjv().compile(typeof check.schema === 'boolean' ? check.schema : { ...check.schema }), r.id).not.toThrow();
    }
    for (const r of rules) {
      const check = r.definition.check;
      if ('function' in check && check.function === 'effective-security-context') {
        expect(() => checkAjv().compile({ ...((check.options ?? {})['schema'] as object) }), r.id).not.toThrow();
      }
    }
  });
});
