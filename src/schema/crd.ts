/**
 * CustomResourceDefinition -> JSON Schemas for ajv, one per served version.
 *
 * Mirrors the structural-schema semantics of apiextensions
 * (`kubernetes/kubernetes:staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/`):
 * - an object's fields not in `properties` are unknown (pruned, or rejected by strict field validation)
 *   unless `x-kubernetes-preserve-unknown-fields: true` or `additionalProperties` says otherwise;
 * - `x-kubernetes-int-or-string: true` accepts an integer or a string (its anyOf is a formality);
 * - `x-kubernetes-embedded-resource: true` is an object with apiVersion, kind and metadata;
 * - `nullable: true` admits null;
 * - apiVersion, kind and metadata at the root are implicit (metadata is validated as ObjectMeta).
 */
import { asArray, asBoolean, asObject, asString, get, isObject, type JsonObject } from '../model/guards.js';
import type { Resource } from '../model/resource.js';
import { DEFAULT_KUBE_VERSION, type KubeVersion } from './api-versions.js';
import { BUNDLE_ID } from './bundled.js';
import { checkedFormat, CRD_FORMAT_PREFIX } from './formats.js';

type Schema = Record<string, unknown>;

/** One served version of a custom kind. */
export interface CrdVersion {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly schema: Schema | undefined;
  /** The version's `openAPIV3Schema` as written (x-kubernetes-validations are read from it). */
  readonly openAPIV3Schema: JsonObject | undefined;
  /** The CRD it came from. */
  readonly crd: Resource;
}

const OBJECT_META = { $ref: `${BUNDLE_ID}#/definitions/V1ObjectMeta` };

function compilable(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function convert(node: unknown, root: boolean, kube: KubeVersion): Schema {
  if (!isObject(node)) return {};
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    switch (k) {
      case 'properties': {
        const props: Schema = {};
        for (const [name, sub] of Object.entries(asObject(v) ?? {})) props[name] = convert(sub, false, kube);
        out.properties = props;
        break;
      }
      case 'items':
        out.items = Array.isArray(v) ? v.map((x) => convert(x, false, kube)) : convert(v, false, kube);
        break;
      case 'additionalProperties':
        out.additionalProperties = typeof v === 'boolean' ? v : convert(v, false, kube);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[k] = asArray(v).map((x) => convert(x, false, kube));
        break;
      case 'not':
        out.not = convert(v, false, kube);
        break;
      case 'format': {
        // Only the formats the API server checks, for string schemas; any other is stripped, as upstream.
        const name = typeof v === 'string' ? checkedFormat(v, node.type, kube) : undefined;
        if (name !== undefined) {
          out.format = CRD_FORMAT_PREFIX + name;
          out['x-k8s-lint-crd-format'] = v;
        }
        break;
      }
      case 'pattern':
        // CRD patterns are checked by the API server with Go's RE2, which has syntax JavaScript lacks (inline
        // flags such as `(?i)`); one we cannot compile is skipped rather than losing the whole schema.
        if (typeof v === 'string' && compilable(v)) out.pattern = v;
        break;
      case 'nullable':
      case 'description':
      case 'example':
      case 'externalDocs':
      case 'default':
      case 'x-kubernetes-validations':
        break;
      default:
        out[k] = v;
    }
  }
  if (node['x-kubernetes-int-or-string'] === true) {
    delete out.anyOf;
    out.type = ['integer', 'string'];
  }
  if (node['x-kubernetes-embedded-resource'] === true) {
    const props = (out.properties as Schema | undefined) ?? {};
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...props };
    out.type = 'object';
  }
  if (root) {
    out.properties = { ...((out.properties as Schema | undefined) ?? {}), apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: OBJECT_META };
  }
  const isObj = out.type === 'object' || (out.type === undefined && out.properties !== undefined);
  if (isObj && out.properties !== undefined && out.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  if (node.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

/** Converts a CRD `openAPIV3Schema` into a JSON Schema ajv can compile. */
export function crdSchemaToJsonSchema(openAPIV3Schema: JsonObject, kube: KubeVersion = DEFAULT_KUBE_VERSION): Schema {
  return convert(openAPIV3Schema, true, kube);
}

/** Reads every served version of a CRD (apiextensions.k8s.io/v1, and v1beta1's top-level validation). */
export function crdVersions(crd: Resource, kube: KubeVersion = DEFAULT_KUBE_VERSION): CrdVersion[] {
  const spec = asObject(crd.raw.spec);
  const group = asString(spec?.group);
  const kind = asString(get(spec, 'names', 'kind'));
  if (spec === undefined || group === undefined || kind === undefined) return [];
  const shared = asObject(get(spec, 'validation', 'openAPIV3Schema'));
  const out: CrdVersion[] = [];
  const versions = asArray(spec.versions);
  const list = versions.length > 0 ? versions : [{ name: spec.version, served: true }];
  for (const v of list) {
    const name = asString(get(v, 'name'));
    if (name === undefined || asBoolean(get(v, 'served')) === false) continue;
    const raw = asObject(get(v, 'schema', 'openAPIV3Schema')) ?? shared;
    out.push({ group, version: name, kind, schema: raw === undefined ? undefined : crdSchemaToJsonSchema(raw, kube), openAPIV3Schema: raw, crd });
  }
  return out;
}
