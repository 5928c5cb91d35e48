/** Hand-built findings and contexts for the formatter tests (no loader needed). */
import type { Finding } from '../../src/report/finding.js';
import type { FormatContext, RuleMeta } from '../../src/report/types.js';

export const CWD = '/home/dev/shop';

export const RULES: RuleMeta[] = [
  {
    id: 'service-selector-matches-no-pods',
    summary: 'A Service selector matches no pod in the Service namespace.',
    severity: 'warning',
    remediation: 'Make spec.selector match the labels of a pod template, or remove the Service.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/service/'],
    category: 'references',
  },
  {
    id: 'container-missing-resources',
    summary: 'A container sets no resource requests.',
    severity: 'error',
    remediation: 'Set resources.requests for cpu and memory.',
    category: 'scheduling',
  },
];

export function ctx(over: Partial<FormatContext> = {}): FormatContext {
  return { rules: RULES, cwd: CWD, tool: { name: 'k8s-lint', version: '0.1.0' }, ...over };
}

export const FINDINGS: Finding[] = [
  {
    rule: 'service-selector-matches-no-pods',
    severity: 'warning',
    message: 'selector app=cart matches no pod in namespace shop',
    resource: 'shop/Service/cart',
    location: { file: 'manifests/cart.yaml', line: 12, column: 5, endLine: 13, endColumn: 16 },
    related: [{ message: 'closest pod template', location: { file: 'manifests/cart.yaml', line: 30, column: 9 } }],
  },
  {
    rule: 'container-missing-resources',
    severity: 'error',
    message: 'container "web" sets no resource requests',
    resource: 'shop/Deployment/web',
    location: { file: '/home/dev/shop/manifests/web.yaml', line: 20, column: 11 },
  },
  {
    rule: 'container-missing-resources',
    severity: 'error',
    message: 'container "side" sets no resource requests',
    resource: 'shop/Deployment/web',
    location: { file: '/home/dev/shop/manifests/web.yaml', line: 28, column: 11 },
    suppressed: { kind: 'annotation', justification: 'sidecar injected at admission' },
  },
  {
    rule: 'yaml-syntax',
    severity: 'error',
    message: 'Implicit keys need to be on a single line',
    location: { file: 'manifests/broken file.yaml', line: 3, column: 1 },
    input: true,
  },
  {
    rule: 'container-missing-resources',
    severity: 'info',
    message: 'container "db" sets no resource requests',
    resource: 'db/StatefulSet/pg',
    location: { file: '<stdin>', line: 44, column: 7, template: 'pg/templates/statefulset.yaml' },
  },
];

/** A message carrying every kind of hostile text a manifest value could hold. */
export const HOSTILE =
  'bad \u001b[31mred\u001b[0m \u001b]0;pwned\u0007 title\r\n::add-mask::x, 100% <script>alert("x")</script> & \'q\' \u009b2J';

/** Any C0 control but newline, DEL, or C1 control: what must never reach a terminal from a manifest value. */
// eslint-disable-next-line no-control-regex
export const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
