/** The one ajv configuration schema validation uses. */
import AjvModule from 'ajv';
import type { Ajv as AjvType } from 'ajv';
import { crdAjvFormats } from './formats.js';

// ajv is CommonJS; under NodeNext its class is the default export's `default`.
const Ajv = AjvModule.default;

// RFC 3339 date-time, as metav1.Time unmarshals it (time.RFC3339; fractional seconds allowed).
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
// Go's base64.StdEncoding (what []byte fields decode with), padding required; newlines are ignored.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Patterns the generated schemas use instead of `format`, so precompiled code needs no format imports. */
export const DATE_TIME_PATTERN = DATE_TIME.source;
export const BASE64_PATTERN = BASE64.source;

/**
 * A fresh ajv: all errors (one issue per mistake, not only the first). Referenced definitions are compiled
 * as their own functions (`inlineRefs: false`), so the PodSpec tree is compiled once and shared by every
 * workload kind. `standalone` makes it emit source for scripts/generate-schemas.ts.
 */
export function createAjv(options: { standalone?: boolean } = {}): AjvType {
  return new Ajv({
    allErrors: true,
    verbose: false,
    inlineRefs: false,
    // Our messages are written from keyword and params; ajv's English is never shown.
    messages: false,
    ...(options.standalone === true ? { code: { source: true, esm: false } } : {}),
    // Kubernetes schemas carry x-kubernetes-* and other annotations ajv does not know: ignore them.
    strict: false,
    logger: false,
    validateFormats: true,
    formats: {
      'date-time': DATE_TIME,
      date: DATE,
      byte: (s: string) => BASE64.test(s.replace(/[\r\n]/g, '')),
      // Formats Kubernetes' OpenAPI names without enforcing them in JSON Schema terms: accept.
      int32: true,
      int64: true,
      float: true,
      double: true,
      'int-or-string': true,
      // The formats CRD schemas are checked with (crd.ts renames a checked format to `k8s-crd:<name>`).
      ...crdAjvFormats(),
    },
  });
}
