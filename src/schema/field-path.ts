import { pointerTokens, type JsonPointer } from '../model/location.js';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Renders a JSON Pointer as a Kubernetes field path, the way `field.Path.String()` prints one
 * (`kubernetes/kubernetes:staging/src/k8s.io/apimachinery/pkg/util/validation/field/path.go`):
 * `spec.template.spec.containers[0].image`, and map keys that are not plain names in brackets
 * (`metadata.labels[app.kubernetes.io/name]`). Array indexes are told from keys by the data itself.
 */
export function fieldPath(root: unknown, pointer: JsonPointer): string {
  let out = '';
  let cur: unknown = root;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(cur)) {
      out += `[${token}]`;
      cur = cur[Number(token)];
    } else {
      out += IDENT.test(token) ? (out === '' ? token : `.${token}`) : `[${token}]`;
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[token] : undefined;
    }
  }
  return out === '' ? '<root>' : out;
}
