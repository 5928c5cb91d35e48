/**
 * Each error class, with exact messages and positions. Wording follows Kubernetes' field errors
 * (staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go: "Required value",
 * `Unsupported value: "x": supported values: ...`, "Invalid value"), the API server's deprecation warning
 * (staging/src/k8s.io/apiserver/pkg/endpoints/deprecation), kubectl's `no matches for kind "K" in version "V"`,
 * and the message format of issue 3 for unknown fields.
 */
import { describe, expect, it } from 'vitest';
import { check } from './helpers.js';

const deployment = (containerLines: string, extraSpec = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
${extraSpec}  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx
${containerLines}`;

describe('unknown fields', () => {
  it('names the field path and suggests the closest known field (issue 3 example)', () => {
    expect(check(deployment('        imagePullPolicyy: Always\n'))).toEqual([
      '15:9 error schema-unknown-field spec.template.spec.containers[0].imagePullPolicyy: unknown field; did you mean imagePullPolicy?',
    ]);
  });

  it('gives no suggestion when nothing is close', () => {
    expect(check(deployment('        frobnicate: true\n'))).toEqual([
      '15:9 error schema-unknown-field spec.template.spec.containers[0].frobnicate: unknown field',
    ]);
  });

  it('is a warning with strict: false (--no-strict)', () => {
    expect(check(deployment('        imagePullPolicyy: Always\n'), { strict: false })).toEqual([
      '15:9 warning schema-unknown-field spec.template.spec.containers[0].imagePullPolicyy: unknown field; did you mean imagePullPolicy?',
    ]);
  });

  it('catches a misspelt top-level field (kubeconform#341: metafffdata)', () => {
    expect(check('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nmetafffdata: {labels: {}}\n')).toEqual([
      '4:1 error schema-unknown-field metafffdata: unknown field; did you mean metadata?',
    ]);
  });
});

describe('types, required fields, enumerations', () => {
  it('reports a string where an integer belongs', () => {
    expect(check(deployment('', '  replicas: "3"\n'))).toEqual([
      '6:3 error schema-invalid spec.replicas: Invalid value: "string": must be of type integer',
    ]);
  });

  it('reports a misspelt required field once, as unknown with a suggestion', () => {
    expect(check(deployment('').replace('      containers:', '      contianers:'))).toEqual([
      '12:7 error schema-unknown-field spec.template.spec.contianers: unknown field; did you mean containers?',
    ]);
  });

  it('reports a missing required field at its parent', () => {
    // V1Container.name is required (core/v1 types.go: `Name string json:"name"` without omitempty).
    expect(check(deployment('      - image: sidecar\n'))).toEqual([
      '15:9 error schema-invalid spec.template.spec.containers[1].name: Required value',
    ]);
  });

  it('reports values outside closed enumerations with the supported values', () => {
    const yaml = `apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  type: NodePrt
  ports:
  - port: 80
    protocol: TPC
`;
    expect(check(yaml)).toEqual([
      '5:3 error schema-invalid spec.type: Unsupported value: "NodePrt": supported values: "ClusterIP", "NodePort", "LoadBalancer", "ExternalName"',
      '8:5 error schema-invalid spec.ports[0].protocol: Unsupported value: "TPC": supported values: "TCP", "UDP", "SCTP"',
    ]);
  });

  it('checks restartPolicy, imagePullPolicy, dnsPolicy, pathType, policyTypes, selector operators and taint effects', () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  restartPolicy: Sometimes
  dnsPolicy: ClusterLast
  tolerations: [{key: k, operator: Equals, effect: NoScheduling}]
  containers: [{name: c, image: i, imagePullPolicy: Maybe}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: n}
spec:
  podSelector: {matchExpressions: [{key: a, operator: in, values: [x]}]}
  policyTypes: [Ingres]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i}
spec:
  rules: [{http: {paths: [{path: /, pathType: Prefixed, backend: {service: {name: s, port: {number: 80}}}}]}}]
`;
    expect(check(yaml)).toEqual([
      '5:3 error schema-invalid spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      '6:3 error schema-invalid spec.dnsPolicy: Unsupported value: "ClusterLast": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
      '7:26 error schema-invalid spec.tolerations[0].operator: Unsupported value: "Equals": supported values: "", "Equal", "Exists"',
      '7:44 error schema-invalid spec.tolerations[0].effect: Unsupported value: "NoScheduling": supported values: "", "NoSchedule", "PreferNoSchedule", "NoExecute"',
      '8:36 error schema-invalid spec.containers[0].imagePullPolicy: Unsupported value: "Maybe": supported values: "Always", "Never", "IfNotPresent"',
      '14:45 error schema-invalid spec.podSelector.matchExpressions[0].operator: Unsupported value: "in": supported values: "In", "NotIn", "Exists", "DoesNotExist"',
      '15:17 error schema-invalid spec.policyTypes[0]: Unsupported value: "Ingres": supported values: "Ingress", "Egress"',
      '21:37 error schema-invalid spec.rules[0].http.paths[0].pathType: Unsupported value: "Prefixed": supported values: "Exact", "Prefix", "ImplementationSpecific"',
    ]);
  });
});

describe('Kubernetes value types', () => {
  it('accepts int-or-string ports and rejects other types', () => {
    const yaml = `apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  ports:
  - {port: 80, targetPort: http}
  - {port: 81, targetPort: 8081}
  - {port: 82, targetPort: true}
`;
    expect(check(yaml)).toEqual([
      '8:16 error schema-invalid spec.ports[2].targetPort: Invalid value: "boolean": must be of type integer or string',
    ]);
  });

  it('accepts quantities as strings or numbers and rejects malformed ones with the API server text', () => {
    // resource.ErrFormatWrong (staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go).
    expect(check(deployment('        resources: {requests: {cpu: 0.5, memory: 128Mi}, limits: {memory: 1GB}}\n'))).toEqual([
      "15:67 error schema-invalid spec.template.spec.containers[0].resources.limits.memory: Invalid value: \"1GB\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
  });

  it('types every resource.Quantity field, not only resource lists (HPA targets, resourceFieldRef divisor)', () => {
    const yaml = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: h}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: d}
  maxReplicas: 5
  metrics:
  - type: Pods
    pods: {metric: {name: rps}, target: {type: AverageValue, averageValue: 100}}
  - type: Object
    object: {metric: {name: q}, describedObject: {kind: Service, name: s}, target: {type: Value, value: 2k}}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: i
    env: [{name: MEM, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mx}}}]
`;
    expect(check(yaml)).toEqual([
      "20:79 error schema-invalid spec.containers[0].env[0].valueFrom.resourceFieldRef.divisor: Invalid value: \"1Mx\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
  });

  it('enforces the int32 range', () => {
    expect(check(deployment('        ports: [{containerPort: 3000000000}]\n'))).toEqual([
      '15:18 error schema-invalid spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 3000000000: must be less than or equal to 2147483647',
    ]);
  });

  it('checks base64 byte strings and RFC 3339 date-times', () => {
    const yaml = `apiVersion: v1
kind: Secret
metadata:
  name: s
  creationTimestamp: yesterday
data:
  good: aGVsbG8=
  bad: not base64!
`;
    expect(check(yaml)).toEqual([
      '5:3 error schema-invalid metadata.creationTimestamp: Invalid value: "yesterday": must be a date-time in RFC 3339 format (e.g. 2006-01-02T15:04:05Z)',
      '8:3 error schema-invalid data.bad: Invalid value: "not base64!": must be a base64-encoded string',
    ]);
  });

  it('treats null as unset, as the API server decodes it (kubectl prints creationTimestamp: null)', () => {
    expect(check('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, creationTimestamp: null}\ndata: null\n')).toEqual([]);
  });

  it('prints map keys that are not plain names in brackets, as field.Path does', () => {
    expect(check('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {app.kubernetes.io/name: 3}\n')).toEqual([
      '5:12 error schema-invalid metadata.labels[app.kubernetes.io/name]: Invalid value: "integer": must be of type string',
    ]);
  });
});

describe('API versions', () => {
  it('rejects a removed apiVersion naming the release, the replacement and the field changes', () => {
    const yaml = 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: i}\n';
    expect(check(yaml)).toEqual([
      '1:1 error api-removed extensions/v1beta1 Ingress is unavailable in v1.22+ (removed in Kubernetes 1.22, deprecated since 1.14); use networking.k8s.io/v1 Ingress. Migration: spec.backend is renamed to spec.defaultBackend; the backend serviceName field is renamed to service.name; numeric backend servicePort fields are renamed to service.port.number; string backend servicePort fields are renamed to service.port.name; pathType is now required for each path (Prefix, Exact or ImplementationSpecific; ImplementationSpecific matches the undefined v1beta1 behaviour)',
    ]);
  });

  it('names the removals of issue 3 with their releases', () => {
    const docs = [
      ['batch/v1beta1', 'CronJob', 25, 'batch/v1 CronJob'],
      ['policy/v1beta1', 'PodDisruptionBudget', 25, 'policy/v1 PodDisruptionBudget'],
      ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', 26, 'autoscaling/v2 HorizontalPodAutoscaler'],
      ['flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', 29, 'flowcontrol.apiserver.k8s.io/v1 FlowSchema'],
    ] as const;
    for (const [av, kind, release, use] of docs) {
      const [issue] = check(`apiVersion: ${av}\nkind: ${kind}\nmetadata: {name: x}\n`);
      expect(issue).toContain(`error api-removed ${av} ${kind} is unavailable in v1.${release}+`);
      expect(issue).toContain(`use ${use}`);
    }
    const [psp] = check('apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: x}\n');
    expect(psp).toContain('PodSecurityPolicy has no replacement API');
  });

  it('warns on a deprecated apiVersion in the API server wording, and still validates the object', () => {
    const yaml = 'apiVersion: v1\nkind: Endpoints\nmetadata: {name: e}\nsubsets: [{addresses: [{ipp: 10.0.0.1}]}]\n';
    expect(check(yaml)).toEqual([
      '1:1 warning api-deprecated v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice',
      // One mistake, one message: the misspelt required `ip` is not also reported as missing.
      '4:25 error schema-unknown-field subsets[0].addresses[0].ipp: unknown field; did you mean ip?',
    ]);
  });

  it('follows --kube-version: deprecated before the removal release, removed from it on', () => {
    const yaml = 'apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata: {name: i}\n';
    expect(check(yaml, { kubeVersion: '1.21' })[0]).toMatch(
      /^1:1 warning api-deprecated networking\.k8s\.io\/v1beta1 Ingress is deprecated in v1\.19\+, unavailable in v1\.22\+; use networking\.k8s\.io\/v1 Ingress/,
    );
    expect(check(yaml, { kubeVersion: 'v1.22.3' })[0]).toMatch(/^1:1 error api-removed /);
    // Served and not yet deprecated in 1.18, but we bundle only 1.36's schemas: say so once, do not guess.
    expect(check(yaml, { kubeVersion: '1.18' })).toEqual([
      '2:1 info schema-missing no bundled schema for kind Ingress in apiVersion networking.k8s.io/v1beta1 (served until Kubernetes 1.21): its fields are not checked',
    ]);
  });

  it('reports an apiVersion newer than --kube-version (APILifecycleIntroduced)', () => {
    const yaml = 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: "* * * * *", jobTemplate: {spec: {template: {spec: {containers: [{name: c, image: i}], restartPolicy: Never}}}}}\n';
    expect(check(yaml, { kubeVersion: '1.20' })).toEqual([
      '1:1 error api-unknown no matches for kind "CronJob" in version "batch/v1": not served by Kubernetes 1.20 (introduced in 1.21)',
    ]);
    expect(check(yaml, { kubeVersion: '1.21' })).toEqual([]);
  });

  it('suggests the real group for an apiVersion that never existed (issue 3 example)', () => {
    expect(check('apiVersion: network.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n}\nspec: {podSelector: {}}\n')).toEqual([
      '1:1 error api-unknown no matches for kind "NetworkPolicy" in version "network.k8s.io/v1"; did you mean networking.k8s.io/v1?',
    ]);
  });

  it('suggests the kind for a misspelt kind of a built-in group', () => {
    expect(check('apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: d}\n')).toEqual([
      '2:1 error api-unknown no matches for kind "Deploymnet" in version "apps/v1"; did you mean Deployment?',
    ]);
  });

  it('reports a version a built-in group does not serve', () => {
    expect(check('apiVersion: apps/v2\nkind: Deployment\nmetadata: {name: d}\n')).toEqual([
      '1:1 error api-unknown no matches for kind "Deployment" in version "apps/v2"; did you mean apps/v1?',
    ]);
  });

  it('reports a bad --kube-version as a configuration error, not an exception', async () => {
    const { createSchemaValidator } = await import('../../src/schema/index.js');
    expect(createSchemaValidator({ crds: [], kubeVersion: 'latest' }).configErrors).toEqual([
      '--kube-version latest: not a Kubernetes version (expected e.g. 1.36)',
    ]);
  });
});

describe('kinds without a schema', () => {
  it('reports one info finding per kind, never a crash and never silence', () => {
    const yaml = `apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: a}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: b}
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: c}
`;
    expect(check(yaml)).toEqual([
      '2:1 info schema-missing no schema for kind Certificate in apiVersion cert-manager.io/v1: add its CRD to the input or pass --skip-kinds',
      '10:1 info schema-missing no schema for kind Service in apiVersion serving.knative.dev/v1: add its CRD to the input or pass --skip-kinds',
    ]);
  });
});
